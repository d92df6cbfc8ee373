"""An intake form's page as everyone first sees it (a GET), built once per content version.

A form page is the same for every visitor until content changes, but for three values that are
each visitor's own: the CSRF token, the form's one-time token and its signed fill-time stamp. The
page as built for one visitor is kept in the cache with those three values taken out, and each
later visitor gets it with fresh ones put in, for the cost of a cache read. Nothing a patient
typed can be kept: only a GET without a query string is, and only when the visitor's session
holds no answers kept after a mistake (intake.retry: that page shows them). A sent form (POST)
is always built afresh. Like every page, it shows in the footer whether each clinic is open now,
so it is kept only until that next changes (`request.page_fresh_until`).
"""

import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers

from clinic_site.page_cache import versioned

from . import abuse, retry

View = Callable[..., HttpResponse]
# Each visitor's own values in the page, found by the fields that carry them.
OWN_VALUES = {
    "csrf": re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"'),
    "token": re.compile(r'name="form_token" value="([^"]+)"'),
    "started": re.compile(rf'name="{abuse.STARTED_FIELD}" value="([^"]+)"'),
}
MARK = "\x00{}\x00"  # a placeholder no page contains


def _with_marks(html: str) -> str | None:
    """The page with each visitor's own values replaced by placeholders; None when they are not
    each found exactly once (a page that is not a plain empty form is not kept)."""
    for name, pattern in OWN_VALUES.items():
        found = pattern.findall(html)
        if len(found) != 1 or html.count(found[0]) != 1:
            return None
        html = html.replace(found[0], MARK.format(name))
    return html


def cache_empty_form() -> Callable[[View], View]:
    """Keep the empty form's page under the content version, until "open now" next changes."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or request.GET or retry.has_answers(request):
                return view(request, *args, **kwargs)
            built: list[HttpResponse] = []

            def build() -> tuple[tuple[str, str], float] | None:
                response = view(request, *args, **kwargs)
                built.append(response)
                marked = _with_marks(response.content.decode()) if response.status_code == 200 else None
                if marked is None:
                    return None
                until = getattr(request, "page_fresh_until", None)  # set by the footer's clinics
                return (marked, response["Content-Type"]), until.timestamp() if until else 0

            kept = versioned(f"form-page:{request.path}", build)
            if built or kept is None:  # built for this visitor, or not keepable
                return built[0] if built else view(request, *args, **kwargs)
            html, content_type = kept
            token = secrets.token_urlsafe(32)  # as IntakeForm makes it
            own = {"csrf": get_token(request), "token": token, "started": abuse.started_stamp(token)}
            for name, value in own.items():
                html = html.replace(MARK.format(name), value)
            response = HttpResponse(html, content_type=content_type)
            add_never_cache_headers(response)  # as the page built afresh: a form is never kept by browsers
            return response

        return wrapper

    return decorator
