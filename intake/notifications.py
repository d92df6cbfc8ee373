"""The notification outbox: emails are written in the submission's transaction and sent after.

Sending happens right after the commit with a short timeout; whatever fails stays in the
outbox for `manage.py intake_send_notifications` to retry. Emails carry the reference code
and a link for staff to sign in, never what the patient typed.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string, select_template
from django.utils import timezone

from .models import Notification, Submission

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
CLAIM_FOR = timedelta(minutes=5)
# Retries wait 1, 2, 4... minutes, doubling up to this.
LONGEST_WAIT = timedelta(hours=4)
# How the front desk's alert names each kind of submission (the kind is not patient data).
STAFF_SUBJECT_NOUNS = {
    Submission.Kind.FOLLOW_UP: "follow-up request",
    Submission.Kind.SELF_PAY: "self-pay registration",
}


def queue_for(submission: Submission) -> list[Notification]:
    """The emails a new submission sends: an alert to the front desk and, with an address, an acknowledgement."""
    context = {"reference": submission.reference, "site_url": settings.SITE_URL, "submission": submission}
    what = STAFF_SUBJECT_NOUNS.get(submission.kind, "submission")
    notifications = [
        Notification(
            submission=submission,
            kind=Notification.Kind.STAFF,
            recipient=settings.FRONT_DESK_EMAIL,
            subject=f"New {what} {submission.reference}, sign in to view",
            body=render_to_string("intake/email/staff_alert.txt", context),
        )
    ]
    if submission.email:
        notifications.append(
            Notification(
                submission=submission,
                kind=Notification.Kind.PATIENT,
                recipient=submission.email,
                subject=f"We received your details (reference {submission.reference})",
                body=select_template(
                    [
                        f"intake/email/patient_acknowledgement_{submission.kind}.txt",
                        "intake/email/patient_acknowledgement.txt",
                    ]
                ).render(context),
            )
        )
    return Notification.objects.bulk_create(notifications)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _claim(notification_id: int) -> bool:
    """Take a notification for sending, so two senders never send the same email twice."""
    now = timezone.now()
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + CLAIM_FOR, attempts=F("attempts") + 1)
    )


def deliver(ids: list[int] | None = None, *, timeout: float | None = None) -> tuple[int, int]:
    """Send pending notifications that are due (or just those in `ids`); return (sent, failed).

    A failure to reach the mail server ends the run: the rest wait for the next one.
    """
    now = timezone.now()
    pending = Notification.objects.filter(status=Notification.Status.PENDING).order_by("created_at", "pk")
    pending = pending.filter(pk__in=ids) if ids is not None else pending.filter(next_attempt_at__lte=now)
    sent = failed = 0
    connection = get_connection(timeout=timeout if timeout is not None else settings.INTAKE_EMAIL_TIMEOUT)
    try:
        for notification in pending:
            if not _claim(notification.pk):
                continue
            notification.refresh_from_db(fields=["attempts"])
            message = EmailMessage(
                subject=notification.subject,
                body=notification.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.recipient],
                connection=connection,
            )
            try:
                message.send()
            except Exception as error:  # any failure leaves it in the outbox
                failed += 1
                gave_up = notification.attempts >= MAX_ATTEMPTS
                Notification.objects.filter(pk=notification.pk).update(
                    status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
                    locked_until=None,
                    next_attempt_at=timezone.now() + _backoff(notification.attempts),
                    # The class name only: SMTP errors can quote the recipient's address.
                    last_error=type(error).__name__,
                )
                logger.warning(
                    "Notification %s (%s) not sent, attempt %s: %s",
                    notification.pk,
                    notification.kind,
                    notification.attempts,
                    type(error).__name__,
                )
                break
            sent += 1
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.SENT, locked_until=None, sent_at=timezone.now(), last_error=""
            )
            logger.info("Notification %s (%s) sent", notification.pk, notification.kind)
    finally:
        try:
            connection.close()
        except Exception:  # closing a dead connection must not fail the caller
            logger.warning("Closing the mail connection failed")
    return sent, failed
