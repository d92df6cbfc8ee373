"""A canary typed into every field of the follow-up and self-pay forms never shows up where
patient data must not go: logs, emails, admin history, URLs, the cache or the session."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from intake import notifications, views
from intake.models import AuditEvent, Note, Notification, Submission

from .factories import CANARY
from .short_factories import follow_up_data, self_pay_data

pytestmark = pytest.mark.django_db

PHONE_DIGITS = "9735550199"
BIRTH = "1977-07-17"


def canary_fields() -> dict:
    return {
        "first_name": f"{CANARY}first",
        "last_name": f"{CANARY}last",
        "date_of_birth": BIRTH,
        "phone": "973-555-0199",
        "email": f"{CANARY.lower()}@example.com",
        "preferred_times": f"{CANARY} mornings",
    }


FORMS = {
    "follow-up": lambda location: follow_up_data(location, **canary_fields(), note=f"{CANARY} knee again"),
    "self-pay": lambda location: self_pay_data(
        location,
        **canary_fields(),
        address_line1=f"{CANARY} street",
        address_line2=f"{CANARY} apt",
        city=f"{CANARY}ville",
        reason=f"{CANARY} shoulder pain",
    ),
}


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in (CANARY.lower(), PHONE_DIGITS, BIRTH) if secret in lowered]


@pytest.mark.parametrize("form", list(FORMS))
def test_a_canary_in_every_field_stays_out_of_logs_emails_history_urls_and_the_cache(
    client, location, front_desk, caplog, mailoutbox, django_capture_on_commit_callbacks, settings, form
):
    caplog.set_level(logging.DEBUG)
    url = f"/{form}/"
    urls = []
    data = FORMS[form](location)

    # A first try with a mistake (and so an error page), then the real one.
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post(url, {**data, "zip_code": "1", "location": "999999"})
        assert bad.status_code == 400
        response = client.post(url, data)
    assert response.status_code == 302
    urls.append(response["Location"])
    assert not leaks(client.get(response["Location"]).content.decode())

    submission = Submission.objects.get()
    assert submission.last_name == f"{CANARY}last" and submission.preferred_times == f"{CANARY} mornings"

    # The front desk works it: search by name, open, record the booking, add a note, close, assign.
    client.force_login(front_desk)
    listing = client.get(reverse("admin:intake_submission_changelist"), {"q": f"{CANARY}last"})
    assert submission.reference in listing.content.decode()
    assert f"{CANARY}last" in client.get(submission.get_admin_url()).content.decode()
    saved = client.post(
        submission.get_admin_url(),
        {
            "status": "closed",
            "assignee": front_desk.pk,
            "estimate_requested_on": "2026-11-02",
            "appointment_scheduled_on": "2026-11-02",
            "appointment_on": "2026-11-30",
            "estimate_sent_on": "2026-11-03",
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": "Booked.",
        },
    )
    assert saved.status_code == 302
    urls.append(saved["Location"])
    client.post(
        reverse("admin:intake_submission_changelist"), {"action": "assign_to_me", "_selected_action": [submission.pk]}
    )

    # With the mail server down, the outbox logs its failures.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    Notification.objects.update(status="pending", next_attempt_at=submission.received_at)
    notifications.deliver()

    assert not leaks(caplog.text), "patient data in the logs"
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert not leaks(message.subject + message.body), "patient data in an email"
        assert not leaks(" ".join(message.to)) or message.to == [f"{CANARY.lower()}@example.com"]
    assert LogEntry.objects.exists()
    for entry in LogEntry.objects.all():
        assert not leaks(entry.object_repr + entry.change_message), "patient data in the admin history"
        assert "2026-11" not in entry.change_message, "dates of care in the admin history"
    for address in urls:
        assert not leaks(address), address
    for notification in Notification.objects.all():
        assert not leaks(notification.subject + notification.body + notification.last_error)
    for event in AuditEvent.objects.all():
        assert not leaks(event.reference + event.detail + str(event))
    for obj in [submission, *Note.objects.all()]:
        assert not leaks(str(obj)), type(obj)
    stored = getattr(caches["default"], "_cache", {})
    for key, value in stored.items():
        assert not leaks(str(key)) and CANARY.encode() not in value and CANARY.lower().encode() not in value
    for session in Session.objects.all():
        assert not leaks(str(session.get_decoded()) + session.session_data)


@pytest.mark.parametrize(("view", "path"), [(views.follow_up, "/follow-up/"), (views.self_pay, "/self-pay/")])
def test_the_forms_hide_post_data_from_error_reports(location, view, path):
    request = RequestFactory().post(path, {"first_name": CANARY, "note": CANARY, "reason": CANARY})
    request.session = {}
    view(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert CANARY not in str(dict(cleansed))
