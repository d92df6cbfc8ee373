"""What a change to a submission says, in History and in the audit log: "Status: New → Verifying benefits".

History (the admin's LogEntry) is only readable by staff with the intake permissions, so it
carries a note's text; the audit log names what changed but never what a patient typed.
"""

from django.contrib.admin.models import CHANGE, LogEntry

from . import audit
from .models import AuditEvent, Submission

NOBODY = "nobody"
EMPTY = "–"
# The Good Faith Estimate part of a self-pay registration: the dates the front desk records.
ESTIMATE_FIELDS = ("estimate_requested_on", "appointment_scheduled_on", "appointment_on", "estimate_sent_on")


def person(user) -> str:
    if user is None:
        return NOBODY
    return user.get_full_name() or user.get_username()


def day(value) -> str:
    return value.strftime("%b %-d, %Y") if value else EMPTY


def status_change(before: str, after: str) -> str:
    return f"Status: {Submission.Status(before).label} → {Submission.Status(after).label}"


def assignment(before, after) -> str:
    if after is None:
        return f"Unassigned (was {person(before)})"
    return f"Assigned to {person(after)}" + (f" (was {person(before)})" if before is not None else "")


def estimate_change(before: Submission, after: Submission) -> str | None:
    parts = [
        f"{Submission._meta.get_field(name).verbose_name} {day(getattr(before, name))} → {day(getattr(after, name))}"
        for name in ESTIMATE_FIELDS
        if getattr(before, name) != getattr(after, name)
    ]
    return "Good Faith Estimate: " + "; ".join(parts) if parts else None


def changes(before: Submission, after: Submission) -> list[tuple[str, str, str]]:
    """(audit action, history text, audit text) for each kind of change between two states."""
    found = []
    if before.status != after.status:
        text = status_change(before.status, after.status)
        found.append((AuditEvent.Action.CHANGE_STATUS, text, text))
    if before.assignee_id != after.assignee_id:
        text = assignment(before.assignee, after.assignee)
        found.append((AuditEvent.Action.ASSIGN, text, text))
    if text := estimate_change(before, after):
        found.append((AuditEvent.Action.CHANGE_ESTIMATE, text, text))
    return found


def note_added(note) -> tuple[str, str, str]:
    return (AuditEvent.Action.ADD_NOTE, f"Note: “{note.text}”", "Added an internal note")


def record(request, submission: Submission, found: list[tuple[str, str, str]]) -> None:
    """One history entry and one audit row for each kind of change."""
    for action, history_text, audit_text in found:
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[submission],
            action_flag=CHANGE,
            change_message=history_text,
            single_object=True,
        )
        audit.record(action, request=request, submission=submission, detail=audit_text)
