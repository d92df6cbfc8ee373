"""The notification outbox: emails are written in the submission's transaction and sent outside the request.

A request never talks to a mail server: it only adds rows here. `manage.py intake_send_notifications
--watch` (a long-lived worker) or the same command without `--watch` (from cron) sends what is due:

- Each email has a total deadline, `INTAKE_EMAIL_TIMEOUT` seconds from connecting to saying goodbye.
  A socket timeout bounds each read, not the exchange: a server that trickles its greeting a byte at
  a time stays under any read timeout, so a timer shuts the socket down when the deadline passes.
- A sender takes an email with a lease (`locked_until`) longer than the deadline, so two senders
  never send the same one. Failed emails wait 1, 2, 4... minutes, up to `LONGEST_WAIT`, and are given
  up after `MAX_ATTEMPTS`.
- At most once: when the whole message reached the mail server but its answer did not come back
  in time, the server may have delivered it. Such an email is given up, never tried again, so no one
  gets it twice. The one case where an email can go twice is a sender killed outright in the middle
  of a send: its lease runs out and another sender tries again.

Under `make run` emails go to the console: there is nothing to wait on, so they print right after
the commit. Emails carry the reference code and a link for staff to sign in, never what the patient
typed.
"""

import contextlib
import functools
import logging
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends import smtp
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string, select_template
from django.utils import timezone

from .models import Notification, Submission

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
# Retries wait 1, 2, 4... minutes, doubling up to this.
LONGEST_WAIT = timedelta(hours=4)
# A lease outlasts the send's deadline by this much, time enough to write down how the send went.
LEASE_MARGIN = timedelta(minutes=1)
# Backends that print where the developer is looking: nothing there can keep a patient waiting.
INLINE_BACKENDS = {"django.core.mail.backends.console.EmailBackend"}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# How the front desk's alert names each kind of submission (the kind is not patient data).
STAFF_SUBJECT_NOUNS = {
    Submission.Kind.FOLLOW_UP: "follow-up request",
    Submission.Kind.SELF_PAY: "self-pay registration",
}


def queue_for(submission: Submission) -> list[Notification]:
    """The emails a new submission sends: an alert to the front desk and, with an address, an acknowledgement.

    Call it inside the submission's transaction: the rows commit with it, and the sender outside
    the request delivers them (under the console backend of `make run`, right after the commit).
    """
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
    queued = Notification.objects.bulk_create(notifications)
    if settings.EMAIL_BACKEND in INLINE_BACKENDS:
        transaction.on_commit(functools.partial(deliver, [n.pk for n in queued]), robust=True)
    return queued


def deliver(
    ids: list[int] | None = None, *, timeout: float | None = None, should_stop: Callable[[], bool] | None = None
) -> tuple[int, int]:
    """Send the pending notifications that are due (or just those in `ids`); return (sent, failed).

    `timeout` is each email's total deadline in seconds (`INTAKE_EMAIL_TIMEOUT` when not given).
    A failure ends the run, as the mail server is down or slow: the rest wait for the next one.
    `should_stop` is asked between emails, so a worker told to stop finishes only the email in hand.
    """
    seconds = settings.INTAKE_EMAIL_TIMEOUT if timeout is None else timeout
    due = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    for pk in due.order_by("created_at", "pk").values_list("pk", flat=True):
        if should_stop is not None and should_stop():
            break
        lease = _claim(pk, timedelta(seconds=seconds) + LEASE_MARGIN)
        if lease is None:  # another sender has it, or had it a moment ago
            continue
        notification = Notification.objects.get(pk=pk)
        trip = _Trip(seconds)
        try:
            with trip:
                EmailMessage(
                    subject=notification.subject,
                    body=notification.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[notification.recipient],
                    connection=trip.connection(),
                ).send()
        except Exception as error:  # any failure leaves a trace on the row, and ends the run
            failed += 1
            _record_failure(notification, lease, trip, error)
            break
        sent += 1
        _finish(pk, lease, status=Notification.Status.SENT, sent_at=timezone.now(), last_error="")
        logger.info("Notification %s (%s) sent", pk, notification.kind)
    return sent, failed


def _claim(notification_id: int, lease: timedelta) -> datetime | None:
    """Take a due notification for `lease`, so no other sender sends it; the lease's end, or None."""
    now = timezone.now()
    until = now + lease
    claimed = (
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=until, attempts=F("attempts") + 1)
    )
    return until if claimed else None


def _finish(notification_id: int, lease: datetime, **fields) -> None:
    """Write down how a send went and let go of the row, if the lease is still this sender's."""
    if not Notification.objects.filter(pk=notification_id, locked_until=lease).update(locked_until=None, **fields):
        logger.warning("Notification %s: the lease ran out before the send was recorded", notification_id)


def _record_failure(notification: Notification, lease: datetime, trip: "_Trip", error: Exception) -> None:
    # The class name only: SMTP errors can quote the recipient's address.
    reason = f"took over {trip.seconds:g} s" if trip.expired() else type(error).__name__
    if trip.handed_over and not isinstance(error, smtplib.SMTPResponseException):
        # The server had the whole message and never said what it did with it: it may have
        # delivered it, so another try could send it twice.
        _finish(
            notification.pk,
            lease,
            status=Notification.Status.FAILED,
            last_error=f"Maybe delivered ({reason} after the whole message was sent); not tried again",
        )
        logger.warning(
            "Notification %s (%s) may have gone; not tried again: %s", notification.pk, notification.kind, reason
        )
        return
    gave_up = notification.attempts >= MAX_ATTEMPTS
    _finish(
        notification.pk,
        lease,
        status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
        next_attempt_at=timezone.now() + _backoff(notification.attempts),
        last_error=reason,
    )
    logger.warning(
        "Notification %s (%s) not sent, attempt %s: %s",
        notification.pk,
        notification.kind,
        notification.attempts,
        reason,
    )


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


class _Trip:
    """One email's trip to the mail server, cut off when its total deadline passes.

    A timer shuts down the connection's socket at the deadline, which ends whatever read or write
    is waiting on it (a greeting trickled a byte at a time, a TLS handshake, a reply after DATA).
    It shuts down a duplicate of the socket, which stays the same socket through STARTTLS and can
    never be a file descriptor the sender has closed and reused meanwhile.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.cut = False  # the deadline passed and the connection was shut down
        self.handed_over = False  # the end of the message went out: the server may deliver it
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def connection(self):
        """The configured email backend; Django's SMTP backend held to this trip's deadline."""
        if settings.EMAIL_BACKEND == SMTP_BACKEND:
            return _DeadlineSMTPBackend(trip=self)
        return get_connection()

    def remaining(self) -> float:
        return max(self.deadline - time.monotonic(), 0.001)

    def expired(self) -> bool:
        """Whether the deadline passed (the timer cut the connection, or a read timed out at the same moment)."""
        return self.cut or time.monotonic() >= self.deadline

    def watch(self, sock: socket.socket) -> None:
        duplicate = socket.fromfd(sock.fileno(), sock.family, sock.type)
        with self._lock:
            self._sockets.append(duplicate)
            if self.cut:  # connected just as the deadline passed
                self._shut(duplicate)

    def _cut(self) -> None:
        with self._lock:
            self.cut = True
            for duplicate in self._sockets:
                self._shut(duplicate)

    @staticmethod
    def _shut(duplicate: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the server closed it already
            duplicate.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> "_Trip":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        self._timer.join()
        for duplicate in self._sockets:
            duplicate.close()


class _DeadlineSMTP(smtplib.SMTP):
    """smtplib's client, telling its trip which socket to cut and whether the message went out."""

    def __init__(self, *args, trip: _Trip, **kwargs):
        self.trip = trip  # before connecting, which smtplib does in __init__
        super().__init__(*args, **kwargs)

    def _get_socket(self, host, port, timeout):
        sock = smtplib.SMTP._get_socket(self, host, port, min(timeout, self.trip.remaining()))
        self.trip.watch(sock)
        return sock

    def send(self, s):
        super().send(s)
        if isinstance(s, bytes):  # commands go as str; only data() sends bytes, the message ending in "."
            self.trip.handed_over = True


class _DeadlineSMTPSSL(_DeadlineSMTP, smtplib.SMTP_SSL):
    def _get_socket(self, host, port, timeout):
        # Watched before the TLS handshake, which a tarpit can stall as well.
        return self.context.wrap_socket(super()._get_socket(host, port, timeout), server_hostname=self._host)


class _DeadlineSMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend (settings as configured) on the client above."""

    def __init__(self, *, trip: _Trip):
        super().__init__(timeout=trip.seconds)
        self.trip = trip

    @property
    def connection_class(self):
        return functools.partial(_DeadlineSMTPSSL if self.use_ssl else _DeadlineSMTP, trip=self.trip)
