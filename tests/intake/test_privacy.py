"""A canary typed into every field never shows up where patient data must not go."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from intake import views
from intake.models import AuditEvent, CardImage, InsurancePolicy, Note, Notification, Submission

from .factories import CANARY, form_data, jpeg_bytes, with_photos

pytestmark = pytest.mark.django_db

PHONE_DIGITS = "9735550199"
BIRTH = "1977-07-17"
MEMBER = f"{CANARY}M1"


def canary_form(location):
    return form_data(
        location,
        first_name=f"{CANARY}first",
        last_name=f"{CANARY}last",
        date_of_birth=BIRTH,
        phone="973-555-0199",
        email=f"{CANARY.lower()}@example.com",
        address_line1=f"{CANARY} street",
        address_line2=f"{CANARY} apt",
        city=f"{CANARY}ville",
        reason=f"{CANARY} pain in the knee",
        carrier=f"{CANARY} Health",
        member_id=MEMBER,
        group_number=f"{CANARY}G2",
        relationship="other",
        holder_name=f"{CANARY} Holder",
        holder_date_of_birth="1950-05-05",
        secondary_carrier=f"{CANARY} Second",
        secondary_member_id=f"{CANARY}S3",
        secondary_group_number=f"{CANARY}S4",
    )


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in (CANARY.lower(), PHONE_DIGITS, BIRTH, "1950-05-05") if secret in lowered]


def test_a_canary_in_every_field_stays_out_of_logs_emails_history_urls_and_the_cache(
    client, location, front_desk, caplog, mailoutbox, django_capture_on_commit_callbacks, settings
):
    caplog.set_level(logging.DEBUG)
    urls = []

    # A first try with a refused photo (and so an error page), then the real submission.
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post("/new-patients/", with_photos(canary_form(location), front=b"%PDF-1.4 " + CANARY.encode()))
        assert bad.status_code == 400
        response = client.post("/new-patients/", with_photos(canary_form(location), front=jpeg_bytes(secret=CANARY)))
    assert response.status_code == 302
    urls.append(response["Location"])
    receipt = client.get(response["Location"])
    assert not leaks(receipt.content.decode())

    submission = Submission.objects.get()
    assert submission.last_name == f"{CANARY}last"

    # The front desk works it: search (by the name, as staff do), open, images, status, note.
    client.force_login(front_desk)
    listing = client.get(reverse("admin:intake_submission_changelist"), {"q": f"{CANARY}last"})
    assert submission.reference in listing.content.decode()
    page = client.get(submission.get_admin_url())
    assert MEMBER in page.content.decode()
    for image in CardImage.objects.all():
        picture = client.get(reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk]))
        assert CANARY.encode() not in picture.content
    saved = client.post(
        submission.get_admin_url(),
        {
            "status": "closed",
            "assignee": front_desk.pk,
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": "Benefits verified.",
        },
    )
    urls.append(saved["Location"])
    client.post(
        reverse("admin:intake_submission_changelist"),
        {"action": "assign_to_me", "_selected_action": [submission.pk]},
    )

    # With the mail server down, the outbox logs its failures.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    Notification.objects.update(status="pending", next_attempt_at=submission.received_at)
    from intake import notifications

    notifications.deliver()

    assert not leaks(caplog.text), "patient data in the logs"
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert not leaks(message.subject + message.body), "patient data in an email"
        assert not leaks(" ".join(message.to)) or message.to == [f"{CANARY.lower()}@example.com"]
    for entry in LogEntry.objects.all():
        assert not leaks(entry.object_repr + entry.change_message), "patient data in the admin history"
    for url in urls:
        assert not leaks(url), url
    for notification in Notification.objects.all():
        assert not leaks(notification.subject + notification.body + notification.last_error)
    for event in AuditEvent.objects.all():
        assert not leaks(event.reference + event.detail + str(event))
    for obj in [submission, *InsurancePolicy.objects.all(), *CardImage.objects.all(), *Note.objects.all()]:
        assert not leaks(str(obj)), type(obj)
    cache = caches["default"]
    stored = getattr(cache, "_cache", {})
    for key, value in stored.items():
        assert not leaks(str(key)) and CANARY.encode() not in value and CANARY.lower().encode() not in value
    for session in Session.objects.all():
        assert not leaks(str(session.get_decoded()) + session.session_data)


def test_intake_views_hide_post_data_from_error_reports():
    request = RequestFactory().post("/new-patients/", {"first_name": CANARY, "member_id": CANARY})
    views.new_patient(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert CANARY not in str(dict(cleansed))
