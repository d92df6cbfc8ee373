"""A typo on a phone does not cost the card photos: fix it and send without attaching again."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import CardImage, HeldPhoto, Submission
from tests.browser.test_intake import card_photos, fill_new_patient_form, site  # noqa: F401 (fixtures)
from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bad_zip_then_the_fix_sends_one_form_with_both_photos(live_server, site, card_photos, browser, shots):  # noqa: F811
    front, back = card_photos
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/new-patients/")
    fill_new_patient_form(page, front, back)
    page.get_by_label("ZIP code").fill("0792")
    page.get_by_role("button", name="Send my details").click()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_text("Front of your card: attached")).to_be_visible()
    expect(page.get_by_text("(IMG_0001.jpg)")).to_be_visible()
    expect(page.get_by_text("(IMG_0002.jpg)")).to_be_visible()
    assert page.locator("img").count() == 1  # the logo only: no photo sent back
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "new-patient-held-photos-375.png"), full_page=True)
    token = page.locator('input[name="form_token"]').input_value()
    assert HeldPhoto.objects.count() == 2

    # A second browser with the same token gets nothing from them.
    stranger = browser.new_context()
    other = stranger.new_page()
    other.goto(f"{live_server.url}/new-patients/")
    other.evaluate("t => { document.querySelector('input[name=form_token]').value = t }", token)
    fill_new_patient_form(other, front, back)
    other.get_by_label("Photo of the front of your card").set_input_files([])
    other.get_by_label("Photo of the back of your card").set_input_files([])
    other.get_by_role("button", name="Send my details").click()
    expect(other.get_by_role("link", name="Attach a photo of the front of your card.")).to_be_visible()
    expect(other.get_by_text("attached (IMG_0001.jpg)")).to_have_count(0)
    stranger.close()
    assert Submission.objects.count() == 0

    page.get_by_label("ZIP code").fill("07928")
    page.get_by_role("button", name="Send my details").click()
    expect(page.get_by_role("heading", name="Thank you: we received your details")).to_be_visible()
    expect(page.get_by_text("We will text you at (•••) •••-0147")).to_be_visible()
    page.screenshot(path=str(shots / "new-patient-receipt-375.png"), full_page=True)
    submission = Submission.objects.get()
    assert sorted(CardImage.objects.filter(policy__submission=submission).values_list("side", flat=True)) == [
        "back",
        "front",
    ]
    assert HeldPhoto.objects.count() == 0
    context.close()


def test_photos_held_for_a_form_never_sent_are_gone_after_two_hours(live_server, site, card_photos, browser):  # noqa: F811
    front, back = card_photos
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/new-patients/")
    fill_new_patient_form(page, front, back)
    page.get_by_label("ZIP code").fill("0792")
    page.get_by_role("button", name="Send my details").click()
    expect(page.get_by_text("Back of your card: attached")).to_be_visible()
    assert HeldPhoto.objects.count() == 2
    context.close()
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1), tick=False):
        call_command("intake_retention", stdout=StringIO())
    assert HeldPhoto.objects.count() == 0
