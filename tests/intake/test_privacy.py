"""A canary typed into every field of each intake form never shows up where patient data must not
go: logs, emails, admin history, URLs, the cache or the session."""

import logging
import pickle

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from intake import notifications, views
from intake.models import AuditEvent, CardImage, InsurancePolicy, Note, Notification, Submission

from .factories import CANARY, follow_up_data, form_data, jpeg_bytes, self_pay_data, upload, with_photos

pytestmark = pytest.mark.django_db

PHONE_DIGITS = "9735550199"
BIRTH = "1977-07-17"
HOLDER_BIRTH = "1950-05-05"
# Pages a patient's browser may open around sending a form, the public ones among them cached.
PAGES_AROUND = ("/", "/conditions/", "/conditions/back-spasms/", "/locations/", "/locations/chatham/")
PAGES_AROUND += ("/sitemap.xml", "/new-patients/", "/follow-up/", "/self-pay/")


def about_you() -> dict:
    return {
        "first_name": f"{CANARY}first",
        "last_name": f"{CANARY}last",
        "date_of_birth": BIRTH,
        "phone": "973-555-0199",
        "email": f"{CANARY.lower()}@example.com",
    }


def address() -> dict:
    return {"address_line1": f"{CANARY} street", "address_line2": f"{CANARY} apt", "city": f"{CANARY}ville"}


def new_patient(location) -> dict:
    data = form_data(
        location,
        **about_you(),
        **address(),
        reason=f"{CANARY} pain in the knee",
        carrier=f"{CANARY} Health",
        member_id=f"{CANARY}M1",
        group_number=f"{CANARY}G2",
        relationship="other",
        holder_name=f"{CANARY} Holder",
        holder_date_of_birth=HOLDER_BIRTH,
        secondary_carrier=f"{CANARY} Second",
        secondary_member_id=f"{CANARY}S3",
        secondary_group_number=f"{CANARY}S4",
    )
    return with_photos(data, front=jpeg_bytes(secret=CANARY))


def follow_up(location) -> dict:
    return follow_up_data(location, **about_you(), preferred_times=f"{CANARY} mornings", note=f"{CANARY} knee again")


def self_pay(location) -> dict:
    return self_pay_data(
        location, **about_you(), **address(), preferred_times=f"{CANARY} evenings", reason=f"{CANARY} shoulder pain"
    )


# Each form filled with the canary, and the same form with a mistake that sends it back with an error.
FORMS = {
    "/new-patients/": (new_patient, lambda data: {**data, "card_front": upload(b"%PDF-1.4 " + CANARY.encode())}),
    "/follow-up/": (follow_up, lambda data: {**data, "location": "999999"}),
    "/self-pay/": (self_pay, lambda data: {**data, "zip_code": "1", "location": "999999"}),
}


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [secret for secret in (CANARY.lower(), PHONE_DIGITS, BIRTH, HOLDER_BIRTH) if secret in lowered]


@pytest.mark.parametrize("url", list(FORMS))
def test_a_canary_in_every_field_stays_out_of_logs_emails_history_urls_and_the_cache(
    client, location, front_desk, caplog, mailoutbox, django_capture_on_commit_callbacks, settings, cache_keys, url
):
    caplog.set_level(logging.DEBUG)
    fill, with_a_mistake = FORMS[url]
    redirects = []

    # A first try with a mistake (and so an error page), then the real one.
    with django_capture_on_commit_callbacks(execute=True):
        error = client.post(url, with_a_mistake(fill(location)), follow=True)  # post/redirect/get
        assert error.redirect_chain == [(url, 302)] and "with your form" in error.content.decode()
        response = client.post(url, fill(location))
    assert response.status_code == 302
    notifications.deliver()  # the outbox's sender, as it runs beside the site
    redirects.append(response["Location"])
    assert not leaks(client.get(response["Location"]).content.decode())
    # The same browser goes on reading the site: public pages are cached as it does.
    for page in PAGES_AROUND:
        assert client.get(page).status_code == 200, page

    submission = Submission.objects.get()
    assert submission.last_name == f"{CANARY}last"

    # The front desk works it: search by name, open it and its card images, record dates, add a note, close, assign.
    client.force_login(front_desk)
    listing = client.get(reverse("admin:intake_submission_changelist"), {"q": f"{CANARY}last"})
    assert submission.reference in listing.content.decode()
    assert f"{CANARY}last" in client.get(submission.get_admin_url()).content.decode()
    for image in CardImage.objects.all():
        picture = client.get(reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk]))
        assert CANARY.encode() not in picture.content
    saved = client.post(
        submission.get_admin_url(),
        {
            "status": "closed",
            "assignee": front_desk.pk,
            # Good Faith Estimate dates: on a self-pay page only, ignored on the others.
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
    redirects.append(saved["Location"])
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
    for redirect in redirects:
        assert not leaks(redirect), redirect
    for notification in Notification.objects.all():
        assert not leaks(notification.subject + notification.body + notification.last_error)
    for event in AuditEvent.objects.all():
        assert not leaks(event.reference + event.detail + str(event))
    for obj in [submission, *InsurancePolicy.objects.all(), *CardImage.objects.all(), *Note.objects.all()]:
        assert not leaks(str(obj)), type(obj)

    cached = {key: cache.get(key, version=version) for key, version in cache_keys}
    assert any(value is not None for value in cached.values()), "the sweep saw nothing in the cache"
    for key, value in cached.items():
        assert not leaks(key), "patient data in a cache key"
        assert not leaks(pickle.dumps(value).decode("latin-1")), f"patient data cached under {key}"
    for session in Session.objects.all():
        assert not leaks(str(session.get_decoded()) + session.session_data)


@pytest.mark.parametrize("view", [views.new_patient, views.follow_up, views.self_pay])
def test_the_forms_hide_post_data_from_error_reports(location, view):
    request = RequestFactory().post("/", {"first_name": CANARY, "member_id": CANARY, "note": CANARY, "reason": CANARY})
    request.session = {}
    view(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert CANARY not in str(dict(cleansed))
