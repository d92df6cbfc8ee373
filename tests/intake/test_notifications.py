"""The outbox: a submission's emails wait in it; the sender delivers each once, retries with a
growing wait, and gives up in the end. Only `make run`'s console prints them in the request."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake import notifications
from intake.models import Notification, Submission

from .factories import follow_up_data, form_data, make_submission, with_photos
from .smtp import SMTPServer, closed_port, use_smtp

pytestmark = pytest.mark.django_db


def send_due() -> str:
    """One run of the sender, as cron starts it."""
    out = io.StringIO()
    call_command("intake_send_notifications", stdout=out)
    return out.getvalue()


def outbox() -> list[tuple]:
    return list(Notification.objects.order_by("pk").values_list("status", "attempts", "last_error"))


def test_the_emails_wait_in_the_outbox_and_the_sender_delivers_each_once_when_the_server_is_back(
    client, location, settings, django_capture_on_commit_callbacks
):
    use_smtp(settings, closed_port())
    with django_capture_on_commit_callbacks() as after_commit:
        response = client.post("/new-patients/", with_photos(form_data(location)))
    assert response.status_code == 302
    assert after_commit == [], "nothing is sent from the request"
    assert outbox() == [("pending", 0, ""), ("pending", 0, "")]
    submission = Submission.objects.get()

    # The server is down: the first email waits a minute; the run ends without trying the second.
    assert send_due() == "Sent 0, failed 1.\n"
    assert outbox() == [("pending", 1, "ConnectionRefusedError"), ("pending", 0, "")]
    first = Notification.objects.order_by("pk").first()
    assert timedelta(seconds=50) < first.next_attempt_at - timezone.now() <= timedelta(minutes=1)
    assert first.locked_until is None

    # Back up: each email goes exactly once, however often the sender runs.
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        assert send_due() == "Sent 1, failed 0.\n", "the first still waits out its minute"
        Notification.objects.update(next_attempt_at=timezone.now())
        assert send_due() == "Sent 1, failed 0.\n"
        assert send_due() == "Sent 0, failed 0.\n"
    assert [status for status, _, _ in outbox()] == ["sent", "sent"]
    recipients = sorted(rcpt[0] for rcpt, _ in server.messages)
    assert recipients == ["desk@clinic.example", "maria@example.com"]
    assert sorted(server.subjects()) == [
        f"New submission {submission.reference}, sign in to view",
        f"We received your details (reference {submission.reference})",
    ]
    staff = next(m for rcpt, m in server.messages if rcpt == ["desk@clinic.example"]).get_payload()
    assert f"https://www.clinic.example/admin/intake/submission/{submission.pk}/change/" in staff


def test_under_make_run_the_console_prints_the_emails_right_after_the_commit(
    client, location, settings, django_capture_on_commit_callbacks, capsys
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/follow-up/", follow_up_data(location)).status_code == 302
    assert [status for status, _, _ in outbox()] == ["sent", "sent"]
    reference = Submission.objects.get().reference
    assert f"Subject: New follow-up request {reference}, sign in to view" in capsys.readouterr().out


def test_a_sender_holds_an_email_for_longer_than_its_deadline_and_no_other_sender_can_take_it(location):
    make_submission(location)
    pk = Notification.objects.order_by("pk").first().pk
    lease = timedelta(seconds=30) + notifications.LEASE_MARGIN
    before = timezone.now()
    held_until = notifications._claim(pk, lease)
    assert held_until - before > timedelta(seconds=30)
    assert notifications._claim(pk, lease) is None
    # A sender killed in the middle of a send holds it only until its lease runs out.
    Notification.objects.filter(pk=pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert notifications._claim(pk, lease) is not None


def test_retries_wait_twice_as_long_each_time_up_to_four_hours():
    waits = [notifications._backoff(attempt) for attempt in range(1, notifications.MAX_ATTEMPTS + 1)]
    assert waits[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert max(waits) == waits[-1] == timedelta(hours=4)


def test_a_notification_that_keeps_failing_is_given_up_after_many_attempts(location, settings):
    use_smtp(settings, closed_port())
    make_submission(location)
    Notification.objects.update(attempts=notifications.MAX_ATTEMPTS - 1)
    assert notifications.deliver() == (0, 1)
    assert Notification.objects.filter(status="failed", last_error="ConnectionRefusedError").count() == 1
