"""Emails go after the commit, never hold up the patient, and wait in the outbox when mail is down."""

import io
import time

import pytest
from django.core.management import call_command

from intake.models import Notification, Submission

from .factories import form_data, with_photos
from .smtp import SMTPServer, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.INTAKE_EMAIL_TIMEOUT = 2
    settings.FRONT_DESK_EMAIL = "desk@clinic.example"
    return settings


def test_with_the_mail_server_down_the_submission_succeeds_quickly_and_the_outbox_delivers_once_later(
    client, location, smtp_settings, django_capture_on_commit_callbacks, capsys
):
    smtp_settings.EMAIL_PORT = closed_port()
    data = with_photos(form_data(location))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/new-patients/", data)
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 2, f"the patient waited {elapsed:.2f} s on a mail server that is down"
    with capsys.disabled():
        print(f"\n[measured] submission with the mail server down: {elapsed * 1000:.0f} ms")
    submission = Submission.objects.get()
    assert list(Notification.objects.order_by("pk").values_list("status", "attempts", "last_error")) == [
        ("pending", 1, "ConnectionRefusedError"),
        ("pending", 0, ""),
    ]

    # Still down: the command tries again later and gives up quietly.
    Notification.objects.update(next_attempt_at=Notification.objects.first().created_at)
    call_command("intake_send_notifications", stdout=io.StringIO())
    assert Notification.objects.filter(status="pending").count() == 2

    # Back up: each email goes exactly once, however often the command runs.
    with SMTPServer() as server:
        smtp_settings.EMAIL_PORT = server.port
        Notification.objects.update(next_attempt_at=Notification.objects.first().created_at)
        call_command("intake_send_notifications", stdout=io.StringIO())
        call_command("intake_send_notifications", stdout=io.StringIO())
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    recipients = sorted(rcpt[0] for rcpt, _ in server.messages)
    assert recipients == ["desk@clinic.example", "maria@example.com"]
    subjects = sorted(message["Subject"] for _, message in server.messages)
    assert subjects == [
        f"New submission {submission.reference}, sign in to view",
        f"We received your details (reference {submission.reference})",
    ]
    staff = next(m for rcpt, m in server.messages if rcpt == ["desk@clinic.example"]).get_payload()
    assert f"https://www.clinic.example/admin/intake/submission/{submission.pk}/change/" in staff


def test_a_notification_is_never_sent_twice_by_two_senders(location, smtp_settings):
    from intake.notifications import _claim

    from .factories import make_submission

    smtp_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_submission(location)
    notification = Notification.objects.first()
    assert _claim(notification.pk) is True
    assert _claim(notification.pk) is False


def test_a_notification_that_keeps_failing_is_given_up_after_many_attempts(location, smtp_settings):
    from intake import notifications

    from .factories import make_submission

    smtp_settings.EMAIL_PORT = closed_port()
    make_submission(location)
    Notification.objects.update(attempts=notifications.MAX_ATTEMPTS - 1)
    notifications.deliver()
    assert Notification.objects.filter(status="failed").count() == 1


def test_a_mail_server_that_accepts_but_never_answers_holds_the_patient_only_for_the_timeout(
    client, location, smtp_settings, django_capture_on_commit_callbacks, capsys
):
    import socket

    smtp_settings.INTAKE_EMAIL_TIMEOUT = 1
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete in the kernel; no greeting is ever sent
        smtp_settings.EMAIL_PORT = silent.getsockname()[1]
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/new-patients/", with_photos(form_data(location)))
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 2.5, f"the patient waited {elapsed:.2f} s"
    with capsys.disabled():
        print(f"\n[measured] submission with a silent mail server (1 s timeout): {elapsed * 1000:.0f} ms")
    assert Notification.objects.filter(status="pending").count() == 2
