"""Post/redirect/get for a form with errors too, so Back and Reload never ask to send it again.

A form that comes back with problems is not answered in the POST: what the patient typed is
kept, encrypted, in their session, and the browser is sent to the form's own address, which
shows it again with its messages. Nothing goes in the address. Sending the form, or two
hours passing, forgets it. (Photos are kept apart, see intake.held_photos.)
"""

import json
import time

from django.http import HttpRequest, QueryDict

from . import crypto
from .held_photos import HOLD_FOR

SESSION_KEY = "intake_retry"


def keep(request: HttpRequest, *, oversized=frozenset()) -> None:
    """Keep this POST's answers (not its files) for the next GET of the same page."""
    payload = {"data": dict(request.POST.lists()), "oversized": sorted(oversized), "at": time.time()}
    token = crypto.encrypt(json.dumps(payload).encode()).decode()
    request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), request.path: token}


def has_answers(request: HttpRequest) -> bool:
    """Whether answers are kept for this page (its GET shows them, so it is never a shared page)."""
    return request.path in request.session.get(SESSION_KEY, {})


def take(request: HttpRequest) -> tuple[QueryDict, set[str]] | None:
    """The answers kept for this page, if any and recent: (data, oversized photo fields)."""
    token = request.session.get(SESSION_KEY, {}).get(request.path)
    if token is None:
        return None
    payload = json.loads(crypto.decrypt(token.encode()))
    if time.time() - payload["at"] > HOLD_FOR.total_seconds():
        forget(request)
        return None
    data = QueryDict(mutable=True)
    for name, values in payload["data"].items():
        data.setlist(name, values)
    return data, set(payload["oversized"])


def forget(request: HttpRequest) -> None:
    kept = request.session.get(SESSION_KEY, {})
    if request.path in kept:
        request.session[SESSION_KEY] = {path: token for path, token in kept.items() if path != request.path}
