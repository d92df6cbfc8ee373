"""Requests the site refuses before any view (unreadable, too large), and the answer while the database is down."""

import logging
from collections.abc import Callable
from functools import lru_cache

from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.deprecation import MiddlewareMixin

# How long a browser or load balancer is asked to wait before trying again while the
# database is down.
RETRY_AFTER_SECONDS = 30
# What Django raises when the database cannot be reached or the connection broke. A query
# that is merely wrong (IntegrityError, DataError, ProgrammingError) is still a bug: a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


def service_unavailable() -> HttpResponse:
    """The 503 page, rendered without the request so that nothing in it needs the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # a proxy must not serve the outage after it ends
    return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A view that cannot reach the database answers 503 with Retry-After, not a 500.

    Nothing is held between requests: Django drops a broken connection at the end of the
    request and the next one connects afresh, so pages recover when the database returns.
    What fails outside a view (the 404 page's footer, a session being saved) reaches
    `clinic_site.views.server_error`, which answers the same way.
    """

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        return database_unavailable(exception)


def database_unavailable(exception: Exception) -> HttpResponse:
    """The 503 page for a database that cannot be reached, logged in one line (psycopg's
    messages run to several; Django logs each 503 as well)."""
    logger.warning("Database unavailable, answering 503: %s", str(exception).splitlines()[0])
    return service_unavailable()


class RefuseUnreadableRequestsMiddleware(MiddlewareMixin):
    """Refuse, as a bad request (400), what no browser sends and what would otherwise fail
    deep inside the site as a server error:

    - a NUL character in the path, the query, a cookie or a header: PostgreSQL can neither
      store nor compare text holding one (form fields refuse it themselves, with a message);
    - a url-encoded form declaring a charset other than UTF-8 (utf-16, utf-7, cp500...), which
      Django will not decode: refused before anything reads the form, since Django's error
      pages (its 404 among them) re-run the CSRF check, read it again and fail a second time.
    """

    def process_request(self, request: HttpRequest) -> None:
        if _carries_nul(request):
            raise BadRequest("NUL character in the request")
        if _form_not_in_utf8(request):
            raise BadRequest("Url-encoded form in a charset other than UTF-8")


def _carries_nul(request: HttpRequest) -> bool:
    texts = [request.path_info]
    texts += [text for key, values in request.GET.lists() for text in (key, *values)]
    texts += [text for item in request.COOKIES.items() for text in item]
    texts += [value for key, value in request.META.items() if key.startswith("HTTP_") and isinstance(value, str)]
    return any("\x00" in text for text in texts)


def _form_not_in_utf8(request: HttpRequest) -> bool:
    # The rule Django applies when it reads such a form (HttpRequest._load_post_and_files).
    if request.content_type != "application/x-www-form-urlencoded" or not request.encoding:
        return False
    return request.encoding.lower() != "utf-8"


# For what is not a page (static files, the favicon, images, robots.txt, JSON): nothing may
# load, run or frame from it if a browser ever opens it as a document.
NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class SecurityHeadersMiddleware:
    """The headers every response carries, static files and the favicon included.

    Outside whitenoise (first in MIDDLEWARE), so the files it serves get them too: pages get
    the policy in CONTENT_SECURITY_POLICY; everything else `default-src 'none'`; a response
    that has its own (card images add `sandbox`) keeps it. Cross-Origin-Resource-Policy is
    same-origin: only the site's own pages load its files (its emails are plain text).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        # Built once by django-csp from the setting. Its middleware would build it again for
        # every response, and an empty report-only policy beside it: 340,000 instructions, a
        # third of what a kept page costs. The site uses neither its nonces nor its decorators.
        self.page_policy = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A 304 has no Content-Type, yet a browser merges its policy into the page it holds:
        # answered 'none', a reloaded page would lose its stylesheet and images. The page
        # cache marks the 304s it answers for pages; any other 304 (a static file, robots.txt,
        # an image) gets 'none', as its 200 did.
        is_page = response.get("Content-Type", "").startswith("text/html") or getattr(
            response, "revalidates_page", False
        )
        response.setdefault("Content-Security-Policy", self.page_policy if is_page else NOTHING_POLICY)
        response.setdefault("X-Frame-Options", "DENY")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RequestSizeLimitMiddleware(MiddlewareMixin):
    """Refuse a request body over its cap with a 413 page before anything reads a byte of it.

    Every POST is capped at MAX_REQUEST_BYTES (the follow-up and self-pay forms, the admin's
    sign-in: text only); signed-in staff in the admin at STAFF_MAX_REQUEST_BYTES (condition
    images); a view may allow more with `allow_large_bodies` (the new-patient form's photos).
    A body of undeclared length (chunked) is refused too: no browser sends a form that way.
    It runs before the CSRF check, which reads the form, and so would the whole body.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        view = view_for(request.path_info)
        limit = _body_limit(request, view)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not chunked and _declared_length(request) <= limit:
            return None
        refusal = getattr(view, "too_large_response", too_large)
        return refusal(request, limit)


def allow_large_bodies(setting: str, too_large_response: Callable[[HttpRequest, int], HttpResponse]):
    """Let a view take bodies up to `settings.<setting>` bytes; `too_large_response(request, limit)` refuses more."""

    def decorate(view):
        view.max_request_bytes_setting = setting
        view.too_large_response = too_large_response
        return view

    return decorate


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 page: nothing was read, nothing was saved."""
    response = render(request, "413.html", {"max_bytes": filesizeformat(limit)}, status=413)
    add_never_cache_headers(response)
    return response


# Asked on every request, a kept page's too (80,000 to 130,000 instructions a resolve, a tenth of
# what a kept page costs). Bounded: anyone can make up paths.
@lru_cache(maxsize=1024)
def view_for(path: str) -> Callable | None:
    """The view `path` leads to (with what its decorators set on it), or None for a 404."""
    try:
        return resolve(path).func
    except Resolver404:
        return None


@receiver(setting_changed)
def _forget_views(*, setting: str, **kwargs) -> None:
    """A test that swaps the URLconf gets views from the new one (Django clears its own caches too)."""
    if setting == "ROOT_URLCONF":
        view_for.cache_clear()


def _body_limit(request: HttpRequest, view: Callable | None) -> int:
    if view is not None and hasattr(view, "max_request_bytes_setting"):
        return getattr(settings, view.max_request_bytes_setting)
    if request.path_info.startswith(reverse("admin:index")) and request.user.is_staff:
        return settings.STAFF_MAX_REQUEST_BYTES
    return settings.MAX_REQUEST_BYTES


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
