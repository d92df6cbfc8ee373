"""The audit log: one row for every look at patient data."""

from django.http import HttpRequest

from clinic_site.security import client_ip

from .models import AuditEvent, Submission


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
        detail=detail[: AuditEvent._meta.get_field("detail").max_length],
        ip_address=(client_ip(request) or None) if request is not None else None,
    )
