"""Staff sessions end after STAFF_SESSION_IDLE without an admin request (15 minutes) and
STAFF_SESSION_MAX after signing in (8 hours), whatever the session cookie says.

Only admin requests are looked at: public pages never read the session, so they stay cacheable
(no `Vary: Cookie`), and a visitor's session (the intake receipt) keeps Django's default age.
"""

import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout, user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

STARTED = "staff_session_started"
SEEN = "staff_session_seen"


@cache
def admin_prefix() -> str:
    return reverse("admin:index")


def is_admin_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(admin_prefix())


@dataclass(frozen=True)
class SessionEnds:
    """When this session ends: `if_idle` unless there is another admin request before then,
    and `at_latest` in any case."""

    if_idle: datetime
    at_latest: datetime


@receiver(user_logged_in)
def start_staff_session(sender, request: HttpRequest, user, **kwargs) -> None:
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now
    # The stored session and its cookie outlast the hard end by one idle period: the middleware
    # ends the session at the right moment and can then say why (an expired one is just gone).
    request.session.set_expiry(
        _moment(now + (settings.STAFF_SESSION_MAX + settings.STAFF_SESSION_IDLE).total_seconds())
    )


def _moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.get_current_timezone())


class StaffSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_admin_request(request):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        if SESSION_KEY not in session:
            return
        if not request.user.is_authenticated:
            # Deactivated (or deleted) since the last request: nothing of the session stays.
            session.flush()
            return
        now = time.time()
        idle = settings.STAFF_SESSION_IDLE.total_seconds()
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None or seen is None or now - seen >= idle:
            self._end(
                request,
                f"You were signed out after {settings.STAFF_SESSION_IDLE.seconds // 60} minutes without activity.",
            )
        elif now - started >= settings.STAFF_SESSION_MAX.total_seconds():
            hours = int(settings.STAFF_SESSION_MAX.total_seconds() // 3600)
            self._end(request, f"You were signed out {hours} hours after signing in. Please sign in again.")
        else:
            session[SEEN] = now
            latest = started + settings.STAFF_SESSION_MAX.total_seconds()
            request.staff_session_ends = SessionEnds(
                if_idle=_moment(min(now + idle, latest)), at_latest=_moment(latest)
            )

    def _end(self, request: HttpRequest, why: str) -> None:
        logout(request)  # flushes the session: a new key, nothing of the old one
        messages.info(request, why)
