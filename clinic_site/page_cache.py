"""Whole-page caching for public content pages that is never stale.

A page is cached under the content version kept in the database (see ContentVersion), so a
save by staff is seen on the next request by every app server. Browsers and proxies may
store the page but must revalidate it each time (its ETag makes that cheap).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .models import ContentVersion

LONGEST_SECONDS = 600

View = Callable[..., HttpResponse]


def cache_public_page(*, query: Iterable[str] = ()) -> Callable[[View], View]:
    """Cache a public page whole. Only the named query parameters make a separate copy, so
    made-up query strings cannot fill the cache."""
    query = tuple(sorted(query))

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            version = ContentVersion.current()
            variant = "&".join(f"{name}={request.GET.get(name, '')}" for name in query)
            digest = hashlib.sha256(f"{request.path}?{variant}".encode()).hexdigest()[:32]
            key = f"page:{version.number}:{request.method}:{digest}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                # Only a complete public answer is shared: no errors, no cookies.
                if response.status_code == 200 and not response.cookies and not response.streaming:
                    cache.set(key, response, version.seconds_valid(LONGEST_SECONDS))
            patch_cache_control(response, public=True, no_cache=True)
            return response

        return wrapper

    return decorator
