"""Whole-page caching for public content pages that is never stale.

A page is cached under the content version kept in the database (see ContentVersion), so a
save by staff is seen on the next request by every app server. Browsers and proxies may
store the page but must revalidate it each time (its ETag makes that cheap).
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .models import ContentVersion

LONGEST_SECONDS = 600


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        version = ContentVersion.current()
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{version.number}:{request.method}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            # Only a complete public answer is shared: no errors, no cookies, no session use.
            if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
                cache.set(key, response, version.seconds_valid(LONGEST_SECONDS))
        patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper
