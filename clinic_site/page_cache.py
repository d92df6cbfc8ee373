"""Whole-page caching for public content pages that is never stale.

A page is cached under the content version kept in the database (see ContentVersion), so a
save by staff is seen on the next request by every app server. Browsers and proxies may
store the page but must revalidate it each time (its ETag makes that cheap).

A cache outage costs speed, never a page: whatever the cache raises, the page is built as if
nothing were cached, and the outage is logged at most once a minute per process.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from .models import ContentVersion

LONGEST_SECONDS = 600
# An outage is logged once, then again at most this often while it lasts, not on every request.
OUTAGE_LOG_SECONDS = 60

View = Callable[..., HttpResponse]

logger = logging.getLogger(__name__)


class _OutageLog:
    last_logged: float | None = None

    def report(self, error: Exception) -> None:
        now = time.monotonic()
        if self.last_logged is not None and now - self.last_logged < OUTAGE_LOG_SECONDS:
            return
        self.last_logged = now
        logger.warning("The cache is unavailable; pages are built without it: %s: %s", type(error).__name__, error)


outage_log = _OutageLog()


@contextmanager
def cache_outage_tolerated() -> Iterator[None]:
    """Run a cache call; if the cache fails (a Redis that is down, a value that cannot be
    read back), carry on without it."""
    try:
        yield
    except Exception as error:  # any backend, any failure: a cache is only ever an optimisation
        outage_log.report(error)


def cache_available() -> bool:
    """Whether the cache answers a read (for /health/)."""
    with cache_outage_tolerated():
        cache.get("health:probe")
        return True
    return False


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
            response, cache_answered = None, False
            with cache_outage_tolerated():
                response = cache.get(key)
                cache_answered = True
            if response is None:
                response = view(request, *args, **kwargs)
                # Only a complete public answer is shared: no errors, no cookies. A cache that
                # just failed is not asked again: a hung one would cost its timeout twice.
                shareable = response.status_code == 200 and not response.cookies and not response.streaming
                if shareable and cache_answered:
                    with cache_outage_tolerated():
                        seconds = version.seconds_valid(LONGEST_SECONDS, getattr(request, "page_fresh_until", None))
                        cache.set(key, response, seconds)
            patch_cache_control(response, public=True, no_cache=True)
            return response

        return wrapper

    return decorator
