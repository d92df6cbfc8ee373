"""A returning patient and a self-pay client use their forms on a phone; the front desk finds both."""

import re

import pytest
from django.test import Client

from conditions.seed import seed_conditions
from intake.models import PatientPortal, Submission
from intake.seed import seed_rates
from locations.models import Location
from locations.seed import seed_locations
from tests.browser.intake_helpers import sign_in_front_desk
from tests.checks import axe_violations, html_errors
from tests.intake.conftest import ensure_intake_data
from tests.intake.factories import follow_up_data, self_pay_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    seed_locations()
    seed_conditions()
    seed_rates()
    ensure_intake_data()


def fill_about_you(page, first: str, last: str, born: str, phone: str, email: str) -> None:
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Date of birth", exact=True).fill(born)
    page.get_by_label("Phone number", exact=True).fill(phone)
    page.get_by_label("Email address").fill(email)


def fill_follow_up(page) -> None:
    fill_about_you(page, "James", "Okafor", "1979-11-02", "973-555-0162", "james@example.com")
    page.get_by_label("Chatham").check()
    page.get_by_label("Which days and times suit you?").fill("Weekday mornings")
    page.get_by_label(re.compile("^Anything we should know")).fill("The knee is sore again")
    page.get_by_label("I have read the Notice of Privacy Practices").check()
    page.get_by_label("You may contact me").check()


def fill_self_pay(page) -> None:
    fill_about_you(page, "Priya", "Shah", "1990-05-21", "203-555-0175", "priya@example.com")
    page.get_by_label("Street address").fill("4 Old Kings Highway")
    page.get_by_label("Town or city").fill("Darien")
    page.get_by_label("State").select_option("CT")
    page.get_by_label("ZIP code").fill("06820")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Darien").check()
    page.get_by_label("Which days and times suit you?").fill("Tuesday or Thursday after 4 PM")
    page.get_by_label("Back and spine").check()
    page.get_by_role("textbox", name=re.compile("^What brings you in")).fill("Back spasms after lifting")
    page.get_by_label("Yes, please send me an estimate now").check()
    page.get_by_label("I have read the Notice of Privacy Practices").check()
    page.get_by_label("You may contact me").check()


def test_a_returning_patient_asks_for_a_follow_up_from_a_phone_and_the_front_desk_finds_it(
    live_server, site, phone, desktop, shots, django_user_model
):
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.com/rppt")
    phone.goto(f"{live_server.url}/follow-up/")
    # call right away: a tel: link per clinic, today's hours and open or closed now
    assert phone.locator(".clinic-card").count() == 4
    assert phone.locator('.clinic-card a[href^="tel:+1"]').count() == 4
    assert phone.locator(".clinic-card .open-status").count() == 4
    assert phone.get_by_role("link", name="Go to the patient portal").get_attribute("href") == (
        "https://portal.example.com/rppt"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "follow-up-portal-phone.png"), full_page=True)

    fill_follow_up(phone)
    phone.get_by_role("button", name="Ask us to call me").click()
    phone.wait_for_url(re.compile(r"/follow-up/received/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you: we received your follow-up request"
    reference = phone.locator(".receipt__reference").inner_text().strip()
    assert "Okafor" not in phone.content()
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "follow-up-receipt-phone.png"), full_page=True)

    submission = Submission.objects.get(reference=reference)
    assert (submission.kind, submission.location.slug, submission.preferred_times) == (
        "follow_up",
        "chatham",
        "Weekday mornings",
    )

    page = desktop
    sign_in_front_desk(page, live_server, django_user_model)
    page.get_by_role("link", name="Submissions").first.click()
    page.get_by_role("link", name="Follow-up", exact=True).click()  # the "type" filter
    row = page.locator("#result_list tbody tr").filter(has_text=reference)
    assert row.locator("th.field-submission small").inner_text() == "Follow-up"
    page.screenshot(path=str(shots / "admin-queue-follow-up.png"), full_page=True)
    row.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{submission.pk}/change/"))
    assert "The knee is sore again" in page.content()
    assert "Weekday mornings" in page.content()
    page.screenshot(path=str(shots / "admin-follow-up.png"), full_page=True)


def test_a_self_pay_client_registers_from_a_phone_and_the_front_desk_records_the_estimate(
    live_server, site, phone, desktop, shots, django_user_model
):
    phone.goto(f"{live_server.url}/self-pay/")
    assert phone.locator(".rates__table tbody tr").count() == 3
    assert phone.get_by_text("Sample rates, to be confirmed by the clinic.").is_visible()
    assert phone.get_by_role("heading", name="Your right to a Good Faith Estimate").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "self-pay-flow-phone.png"), full_page=True)

    fill_self_pay(phone)
    phone.get_by_role("button", name="Send my registration").click()
    phone.wait_for_url(re.compile(r"/self-pay/received/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you: we received your registration"
    assert phone.get_by_text("You asked for a Good Faith Estimate").is_visible()
    reference = phone.locator(".receipt__reference").inner_text().strip()
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "self-pay-receipt-phone.png"), full_page=True)

    submission = Submission.objects.get(reference=reference)
    assert submission.kind == "self_pay" and submission.body_area == "back"
    assert submission.wants_estimate and submission.estimate_due_on is not None

    page = desktop
    sign_in_front_desk(page, live_server, django_user_model)
    page.get_by_role("link", name="Submissions").first.click()
    page.get_by_role("link", name="Not sent yet").click()  # the Good Faith Estimate filter
    row = page.locator("#result_list tbody tr").filter(has_text=reference)
    assert row.locator("th.field-submission small").inner_text() == "Self-pay"
    assert row.locator("td.field-estimate_due time").get_attribute("datetime") == (
        submission.estimate_due_on.isoformat()
    )
    page.screenshot(path=str(shots / "admin-queue-self-pay.png"), full_page=True)
    row.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{submission.pk}/change/"))
    page.get_by_label("Appointment booked on").fill("2026-11-25")
    page.get_by_label("Appointment date").fill("2026-12-14")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert f"{reference} saved." in page.content()
    submission.refresh_from_db()
    assert str(submission.appointment_on) == "2026-12-14"
    page.screenshot(path=str(shots / "admin-self-pay.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(
    ("url", "button", "fill"),
    [
        ("/follow-up/", "Ask us to call me", fill_follow_up),
        ("/self-pay/", "Send my registration", fill_self_pay),
    ],
)
def test_the_pages_their_errors_and_receipts_have_no_accessibility_violations(
    live_server, site, request, viewport, url, button, fill, shots
):
    page = request.getfixturevalue(viewport)
    name = url.strip("/")
    page.goto(live_server.url + url)
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"{name}-{viewport}.png"), full_page=True)
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Last name").input_value() == "Lopez"
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"{name}-errors-{viewport}.png"), full_page=True)
    summary = page.locator(".error-summary")
    if summary.get_by_role("link", name="About you: ").is_visible():  # a phone, with nearly everything missing
        summary.get_by_role("link", name="About you: ").click()
        assert page.evaluate("location.hash") == "#section-about-you"
    else:
        page.get_by_role("link", name="Enter your first name.").click()
        assert page.evaluate("document.activeElement.id") == "id_first_name"

    # the receipt, in this browser's session
    fill(page)
    page.get_by_role("button", name=button).click()
    # the browser keeps the fragment of the error link it followed across the redirect
    page.wait_for_url(re.compile(r"/received/(#[\w-]+)?$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you: we received your")
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"{name}-receipt-{viewport}.png"), full_page=True)


def test_the_pages_fit_a_320_pixel_phone_with_errors_shown(live_server, site, phone):
    phone.set_viewport_size({"width": 320, "height": 700})
    for url, button in (("/follow-up/", "Ask us to call me"), ("/self-pay/", "Send my registration")):
        phone.goto(live_server.url + url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, url
        phone.get_by_role("button", name=button).click()
        phone.wait_for_selector(".error-summary")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_the_pages_their_errors_and_receipts_are_valid_html(live_server, site, tmp_path):
    location = Location.objects.get(slug="chatham")
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.com/rppt?a=1&b=2")
    documents = {}
    for name, url, fill in (("follow-up", "/follow-up/", follow_up_data), ("self-pay", "/self-pay/", self_pay_data)):
        browser = Client()
        documents[name] = browser.get(url).content
        errors = browser.post(url, fill(location, first_name="", date_of_birth="x"), follow=True)
        documents[f"{name}-errors"] = errors.content
        response = browser.post(url, fill(location))
        documents[f"{name}-receipt"] = browser.get(response["Location"]).content
    PatientPortal.objects.all().delete()
    documents["follow-up-no-portal"] = Client().get("/follow-up/").content
    assert html_errors(documents, tmp_path) == {}
