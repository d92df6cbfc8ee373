"""The audit log: one row for every look at patient data."""

from django.conf import settings
from django.http import HttpRequest

from .models import AuditEvent, Submission


def client_address(request: HttpRequest | None) -> str | None:
    """Where a request came from; behind a trusted proxy, the address the proxy saw."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw; anything before it came from the client.
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user=None,
    submission: Submission | None = None,
    detail: str = "",
) -> AuditEvent:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=user.get_username() if user else "",
        submission=submission,
        reference=submission.reference if submission else "",
        detail=detail[:200],
        ip_address=client_address(request),
    )
