"""What the intake forms' own script adds, under the strict Content Security Policy, and what
a phone shows when a form comes back nearly empty."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_intake import site  # noqa: F401 (fixture)
from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policyholder_questions_appear_only_when_the_insurance_is_someone_elses(live_server, site, phone):  # noqa: F811
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(f"{live_server.url}/new-patients/")
    holder = phone.get_by_label("Policyholder’s full name")
    expect(holder).to_be_hidden()
    phone.get_by_label("My parent’s or guardian’s").check()
    expect(holder).to_be_visible()
    expect(phone.get_by_label("Policyholder’s date of birth")).to_be_visible()
    phone.get_by_label("Mine: I am the policyholder").check()
    expect(holder).to_be_hidden()
    assert errors == []  # nothing the policy refused


def test_without_javascript_the_policyholder_questions_stay_with_their_instruction(live_server, site, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/new-patients/")
    expect(page.get_by_label("Policyholder’s full name")).to_be_visible()
    expect(page.get_by_text("only if the insurance is not yours").first).to_be_visible()
    context.close()


def test_a_nearly_empty_form_on_a_phone_lists_a_line_per_fieldset(live_server, site, phone, desktop, shots):  # noqa: F811
    phone.goto(f"{live_server.url}/new-patients/")
    phone.get_by_role("button", name="Send my details").click()
    summary = phone.locator(".error-summary")
    expect(summary.get_by_role("link", name="About you: ")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your first name.")).to_be_hidden()
    assert summary.bounding_box()["height"] < 480
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "new-patient-empty-errors-375.png"))
    summary.get_by_role("link", name="Your insurance: ").click()
    expect(phone.locator("#section-insurance")).to_be_in_viewport()

    desktop.goto(f"{live_server.url}/new-patients/")
    desktop.get_by_role("button", name="Send my details").click()
    expect(desktop.locator(".error-summary").get_by_role("link", name="Enter your first name.")).to_be_visible()
    desktop.screenshot(path=str(shots / "new-patient-empty-errors-1280.png"))


def test_back_after_an_error_then_a_receipt_never_asks_to_resend_the_form(live_server, site, phone):  # noqa: F811
    from intake.models import Submission
    from locations.models import Location

    phone.goto(f"{live_server.url}/follow-up/")
    phone.get_by_label("First name").fill("James")
    phone.get_by_role("button", name="Ask us to call me").click()
    expect(phone.locator(".error-summary")).to_be_visible()
    expect(phone).to_have_url(f"{live_server.url}/follow-up/")
    assert phone.get_by_label("First name").input_value() == "James"
    phone.get_by_label("Last name").fill("Okafor")
    phone.get_by_label("Date of birth", exact=True).fill("1979-11-02")
    phone.get_by_label("Phone number", exact=True).fill("973-555-0162")
    phone.get_by_label(Location.objects.get(slug="wharton").name).check()
    phone.get_by_label("I have read the Notice of Privacy Practices").check()
    phone.get_by_label("You may contact me").check()
    phone.get_by_role("button", name="Ask us to call me").click()
    expect(phone.get_by_role("heading", name="Thank you: we received your follow-up request")).to_be_visible()
    response = phone.go_back()
    assert response is None or response.ok  # not Chromium's "Confirm Form Resubmission" (ERR_CACHE_MISS)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Follow-up: book your next visit")
    assert Submission.objects.count() == 1
