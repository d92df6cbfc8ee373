"""/follow-up/: call a clinic, go to the patient portal, or ask the front desk to call back."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from intake import notifications
from intake.models import Notification, PatientPortal, Submission
from locations.models import Location
from notices.models import Notice, NoticeVersion

from .factories import follow_up_data
from .html import elements, form_token

pytestmark = pytest.mark.django_db

URL = "/follow-up/"
EASTERN = ZoneInfo("America/New_York")
WEDNESDAY_10AM = datetime(2026, 3, 4, 10, 0, tzinfo=EASTERN)
SUNDAY_NOON = datetime(2026, 3, 8, 12, 0, tzinfo=EASTERN)


def submit(client, data, capture):
    """Send the form, then run the outbox's sender as it runs beside the site in production."""
    with capture(execute=True):
        response = client.post(URL, data)
    notifications.deliver()
    return response


def test_each_clinic_has_a_phone_link_todays_hours_and_whether_it_is_open_now(client, seeded):
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for location in Location.objects.active():
        assert f'href="{location.phone_href}">{location.phone_display}' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # the footer's call list says it too
    assert main.count("Open now") == 4
    assert "Closes at 7:00 PM" in main
    assert html.count('<span class="clinic-card__label">Today:</span>') == 4
    # Wharton's lunch break, as its weekly hours have it
    assert 'datetime="07:00">7:00 AM</time> to <time datetime="12:00">12:00 PM</time></span>, ' in html
    assert "no-store" in response["Cache-Control"]


def test_on_a_sunday_every_clinic_says_when_it_opens_next(client, seeded):
    with time_machine.travel(SUNDAY_NOON, tick=False):
        html = client.get(URL).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # the footer's call list says it too
    assert main.count("Closed now") == 4
    assert "Opens tomorrow at 7:00 AM" in html


def test_with_no_portal_address_the_page_says_to_call_and_shows_no_button(client, seeded, settings):
    settings.PATIENT_PORTAL_URL = ""
    html = client.get(URL).content.decode()
    assert "Please call your clinic to book your follow-up visit" in html
    assert "Go to the patient portal" not in html


def test_the_portal_button_goes_to_the_address_from_the_environment(client, seeded, settings):
    settings.PATIENT_PORTAL_URL = "https://portal.example.com/rppt"
    html = client.get(URL).content.decode()
    assertInHTML(
        '<a class="button" href="https://portal.example.com/rppt" rel="noopener">Go to the patient portal</a>', html
    )
    assert "Please call your clinic to book" not in html


def test_an_address_set_by_staff_wins_over_the_environment(client, seeded, settings):
    settings.PATIENT_PORTAL_URL = "https://old.example.com/"
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.org/login")
    html = client.get(URL).content.decode()
    assert 'href="https://portal.example.org/login"' in html and "old.example.com" not in html


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://portal.example.com/", "portal.example.com"])
def test_an_address_that_is_not_https_makes_no_button(client, seeded, settings, address):
    settings.PATIENT_PORTAL_URL = address
    html = client.get(URL).content.decode()
    assert "Go to the patient portal" not in html and address not in html


def test_the_page_makes_a_fixed_number_of_queries(client, seeded, django_assert_num_queries, version_queries):
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.org/")
    # content version, locations with weekly and special hours (3, also the footer's list), portal address,
    # privacy notice, the form's clinic choices; the same however many clinics there are
    with django_assert_num_queries(version_queries + 6):
        client.get(URL)
    with django_assert_num_queries(version_queries):  # the empty form's page, kept for the content version
        client.get(URL)


def test_the_form_asks_little_and_groups_its_questions(client, location):
    html = client.get(URL).content.decode()
    for legend in ("About you", "Your follow-up visit", "Privacy and consent"):
        assert f'<legend class="intake-form__legend">{legend}</legend>' in html
    assert elements(html, "input", {"type": "hidden", "name": "form_token"})
    (form,) = elements(html, "form", {"class": "intake-form"})
    assert "enctype" not in form  # no photos, so no multipart body
    assert "Notice of Privacy Practices, effective" in html
    for name in ("first_name", "last_name", "date_of_birth", "phone", "email", "location", "preferred_times", "note"):
        assert f'name="{name}"' in html, name
    assert 'name="member_id"' not in html and 'type="file"' not in html


def test_a_request_joins_the_queue_as_a_follow_up_and_shows_a_receipt(
    client, location, django_capture_on_commit_callbacks, mailoutbox
):
    response = submit(client, follow_up_data(location), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:follow_up_received") == "/follow-up/received/"

    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.FOLLOW_UP and submission.status == Submission.Status.NEW
    assert (submission.first_name, submission.last_name, str(submission.date_of_birth)) == (
        "James",
        "Okafor",
        "1979-11-02",
    )
    assert submission.phone == "+19735550162" and submission.email == "james@example.com"
    assert submission.location == location
    assert submission.preferred_times == "Weekday mornings"
    assert submission.patient_note == "Saw Dana in October; the knee is sore again"
    assert submission.consent_to_contact and submission.privacy_notice == NoticeVersion.objects.in_force(
        Notice.Page.PRIVACY_PRACTICES
    )
    assert not submission.policies.exists()
    assert submission.estimate_due_on is None

    patient, staff = Notification.objects.order_by("kind")
    assert staff.subject == f"New follow-up request {submission.reference}, sign in to view"
    assert patient.recipient == "james@example.com" and "follow-up request" in patient.body
    assert "insurance" not in patient.body
    assert [n.status for n in (staff, patient)] == ["sent", "sent"] and len(mailoutbox) == 2

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert receipt.status_code == 200 and submission.reference in html
    assert "Thank you: we received your follow-up request" in html
    for private in ("James", "Okafor", "james@example.com", "1979", "Dana", "mornings"):
        assert private not in html
    assert "no-store" in receipt["Cache-Control"]


def test_errors_are_shown_beside_each_field_and_typed_values_are_kept(client, location):
    data = follow_up_data(location, first_name="", phone="555", date_of_birth="2999-01-01", email="not-an-email")
    del data["location"], data["privacy_acknowledged"]
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain == [(URL, 302)]  # post/redirect/get: Back never resends the form
    html = response.content.decode()
    assert "<title>Error: " in html and elements(html, "div", {"class": "error-summary", "role": "alert"})
    for anchor, message in [
        ("id_first_name", "Enter your first name."),
        ("id_phone", "Enter a US phone number we can call"),
        ("id_date_of_birth", "Enter your date of birth: it cannot be in the future"),
        ("id_email", "Enter a valid email address."),
        ("id_location_0", "Choose the clinic you would like to visit."),
        ("id_privacy_acknowledged", "Tick to say you have read the Notice of Privacy Practices."),
    ]:
        assert f'<li><a href="#{anchor}">{message}' in html, anchor
    for field in ("first_name", "phone", "date_of_birth", "email", "privacy_acknowledged"):
        assert re.search(rf'aria-describedby="(id_{field}_helptext )?id_{field}_error"', html), field
    assert 'value="Okafor"' in html and 'value="555"' in html and 'value="Weekday mornings"' in html
    assert "the knee is sore again</textarea>" in html
    assert Submission.objects.count() == 0 and Notification.objects.count() == 0


def test_a_replayed_request_makes_one_record(client, location, django_capture_on_commit_callbacks, mailoutbox):
    data = follow_up_data(location)
    first = submit(client, data, django_capture_on_commit_callbacks)
    second = submit(client, data, django_capture_on_commit_callbacks)
    other_browser = Client()
    third = submit(other_browser, data, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == third.status_code == 302
    assert Submission.objects.count() == 1 and Notification.objects.count() == 2 and len(mailoutbox) == 2
    assert Submission.objects.get().reference in other_browser.get(third["Location"]).content.decode()


def test_the_receipt_is_only_for_the_browser_that_sent_the_request(
    client, location, django_capture_on_commit_callbacks
):
    submit(Client(), follow_up_data(location), django_capture_on_commit_callbacks)
    response = client.get("/follow-up/received/")
    assert response.status_code == 302 and response["Location"] == URL
    # a new-patient receipt in the session does not open the follow-up receipt either
    assert client.get("/self-pay/received/")["Location"] == "/self-pay/"


def test_the_form_needs_a_csrf_token(location):
    response = Client(enforce_csrf_checks=True).post(URL, follow_up_data(location))
    assert response.status_code == 403 and Submission.objects.count() == 0


def test_each_rendering_of_the_form_carries_a_new_token(client, location):
    tokens = {form_token(client.get(URL).content.decode()) for _ in range(3)}
    assert len(tokens) == 3


def test_the_receipt_makes_a_fixed_number_of_queries(
    client, location, django_capture_on_commit_callbacks, django_assert_num_queries
):
    submit(client, follow_up_data(location), django_capture_on_commit_callbacks)
    # the session, the submission (what the receipt shows only), the chosen clinic with its weekly and
    # special hours (the page and the footer show that clinic alone)
    with django_assert_num_queries(5):
        assert client.get("/follow-up/received/").status_code == 200
