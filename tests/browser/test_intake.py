"""A new patient sends their insurance from a phone; the front desk finds and works it."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from conditions.seed import seed_conditions
from intake.models import AuditEvent, CardImage, Note, Submission
from locations.seed import seed_locations
from tests.browser.intake_helpers import sign_in_front_desk
from tests.checks import axe_violations, html_errors
from tests.intake.conftest import ensure_intake_data
from tests.intake.factories import GPS_IFD, form_data, jpeg_bytes, with_photos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    seed_locations()
    seed_conditions()
    ensure_intake_data()


@pytest.fixture
def card_photos(tmp_path) -> tuple[Path, Path]:
    """Two phone photos of a card, carrying GPS positions in their EXIF."""
    front, back = tmp_path / "IMG_0001.jpg", tmp_path / "IMG_0002.jpg"
    front.write_bytes(jpeg_bytes(1600, 1000))
    back.write_bytes(jpeg_bytes(1600, 1000, color=(150, 40, 40)))
    for path in (front, back):
        with Image.open(path) as image:
            assert image.getexif().get_ifd(GPS_IFD)
    return front, back


def fill_new_patient_form(page, front: Path, back: Path) -> None:
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Date of birth", exact=True).fill("1985-03-14")
    page.get_by_label("Phone number", exact=True).fill("973-555-0147")
    page.get_by_label("Email address").fill("maria@example.com")
    page.get_by_label("Street address").fill("12 Elm Street")
    page.get_by_label("Town or city").fill("Chatham")
    page.get_by_label("State").select_option("NJ")
    page.get_by_label("ZIP code").fill("07928")
    page.get_by_label("Text message").check()
    page.get_by_label("Chatham").check()
    page.get_by_label("Back and spine").check()
    page.get_by_role("textbox", name=re.compile("^What brings you in")).fill("Back spasms after lifting")
    page.get_by_label("A doctor referred me").check()
    page.get_by_label("Insurance company", exact=True).fill("Aetna")
    page.get_by_label("Member ID", exact=True).fill("W123456789")
    page.get_by_label(re.compile("^Group number")).fill("GRP-0042")
    page.get_by_label("Photo of the front of your card").set_input_files(str(front))
    page.get_by_label("Photo of the back of your card").set_input_files(str(back))
    page.get_by_label("I have read the Notice of Privacy Practices").check()
    page.get_by_label("You may contact me").check()


def test_a_patient_submits_from_a_phone_and_the_front_desk_works_it(
    live_server, site, phone, desktop, card_photos, shots, django_user_model
):
    # The patient, on a phone.
    phone.goto(f"{live_server.url}/new-patients/")
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "new-patient-phone.png"), full_page=True)
    fill_new_patient_form(phone, *card_photos)
    phone.get_by_role("button", name="Send my details").click()
    phone.wait_for_url(re.compile(r"/new-patients/received/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you: we received your details"
    reference = phone.locator(".receipt__reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{2}", reference)
    assert "Lopez" not in phone.content() and "W123456789" not in phone.content()
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "receipt-phone.png"), full_page=True)

    submission = Submission.objects.get(reference=reference)
    assert (submission.last_name, submission.preferred_contact, submission.doctor_referral) == ("Lopez", "text", True)
    assert submission.body_area == "back"
    for image in CardImage.objects.filter(policy__submission=submission):
        stored = image.jpeg()
        with Image.open(io.BytesIO(stored)) as decoded:
            assert decoded.format == "JPEG" and dict(decoded.getexif()) == {}
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(decoded.info)
        assert b"Exif" not in stored and b"TestPhone" not in stored

    # The front desk, at a desk.
    page = desktop
    staff = sign_in_front_desk(page, live_server, django_user_model)
    assert "Front desk: waiting submissions" in page.content()
    assert f">{reference}</a>" in page.content()  # the oldest not yet picked up
    page.screenshot(path=str(shots / "admin-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Submissions").first.click()
    page.get_by_role("textbox", name="Search").fill(reference)
    page.get_by_role("button", name="Search").click()
    page.screenshot(path=str(shots / "admin-queue.png"), full_page=True)
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{submission.pk}/change/"))
    images = page.locator(".intake-card img")
    assert images.count() == 2
    page.wait_for_function("() => [...document.querySelectorAll('.intake-card img')].every(i => i.naturalWidth > 0)")
    assert "W123456789" in page.content()
    page.screenshot(path=str(shots / "admin-submission.png"), full_page=True)

    page.get_by_label("Status").select_option("verified")
    page.locator("#id_notes-0-text").fill("Benefits verified with Aetna; calling to book.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert f"{reference} saved." in page.content()
    submission.refresh_from_db()
    assert submission.status == "verified"
    assert Note.objects.get(submission=submission).author == staff

    actions = list(
        AuditEvent.objects.filter(reference=reference).order_by("at", "pk").values_list("action", "username")
    )
    # one row for each page shown (with both images), one for each kind of change
    assert actions == [
        ("view_submission", "dana"),
        ("change_status", "dana"),
        ("add_note", "dana"),
        ("view_submission", "dana"),
    ]
    page.goto(f"{live_server.url}/admin/intake/auditevent/")
    rows = page.locator("#result_list tbody tr").filter(has_text=reference)
    assert rows.filter(has_text="record, primary card front, primary card back").count() == 2
    assert rows.filter(has_text="Status: New → Verified").count() == 1
    assert rows.filter(has_text="Added an internal note").count() == 1
    assert rows.filter(has_text="Viewed card images").count() == 0
    page.screenshot(path=str(shots / "admin-audit-log.png"), full_page=True)


def test_errors_are_shown_on_a_phone_and_the_form_fits_320_pixels(live_server, site, phone, shots):
    phone.set_viewport_size({"width": 320, "height": 700})
    phone.goto(f"{live_server.url}/new-patients/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    phone.get_by_label("Last name").fill("Lopez")
    phone.get_by_role("button", name="Send my details").click()
    summary = phone.locator(".error-summary")
    assert summary.is_visible()
    assert phone.title().startswith("Error: ")
    assert phone.get_by_label("Last name").input_value() == "Lopez"
    # Nearly everything is missing: a phone lists one line per fieldset, each leading to it.
    phone.get_by_role("link", name="About you: ").click()
    assert phone.evaluate("location.hash") == "#section-about-you"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(phone) == []
    phone.screenshot(path=str(shots / "new-patient-errors-320.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_form_its_errors_and_the_receipt_have_no_accessibility_violations(live_server, site, request, viewport):
    page = request.getfixturevalue(viewport)
    page.goto(f"{live_server.url}/new-patients/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send my details").click()
    page.wait_for_selector(".error-summary")
    assert axe_violations(page) == []
    if viewport == "desktop":
        page.get_by_role("link", name="Attach a photo of the front of your card.").click()
    else:  # nearly everything is missing: one line per fieldset
        page.get_by_role("link", name="Your insurance: ").click()


def test_the_form_its_errors_and_the_receipt_are_valid_html(live_server, site, client, tmp_path):
    from django.test import Client

    from locations.models import Location

    location = Location.objects.get(slug="chatham")
    documents = {"new-patients": client.get("/new-patients/").content}
    documents["new-patients-errors"] = client.post(
        "/new-patients/", form_data(location, first_name=""), follow=True
    ).content
    patient = Client()
    response = patient.post("/new-patients/", with_photos(form_data(location)))
    documents["receipt"] = patient.get(response["Location"]).content
    documents["too-large"] = (
        Client()
        .post("/new-patients/", b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=10**10)
        .content
    )
    assert html_errors(documents, tmp_path) == {}
