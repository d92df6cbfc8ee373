"""The new-patient form over HTTP, as a patient's browser uses it."""

import re

import pytest
from django.urls import reverse

from intake import notifications
from intake.models import CardImage, InsurancePolicy, Notification, Submission
from notices.models import Notice, NoticeVersion

from .factories import form_data, image_bytes, jpeg_bytes, upload, with_photos
from .html import elements, form_token
from .test_images import HOSTILE, hostile_bytes

pytestmark = pytest.mark.django_db

URL = "/new-patients/"


def submit(client, data, capture, **extra):
    """Send the form, then run the outbox's sender as it runs beside the site in production."""
    with capture(execute=True):
        response = client.post(URL, data, **extra)
    notifications.deliver()
    return response


def test_the_form_groups_its_questions_in_fieldsets_with_legends(client, location):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for legend in ("About you", "Your visit", "Your insurance", "A second insurance plan (optional)"):
        assert f'<legend class="intake-form__legend">{legend}</legend>' in html
    assert elements(html, "form", {"class": "intake-form", "enctype": "multipart/form-data"})
    assert elements(html, "input", {"type": "hidden", "name": "form_token"})
    (front,) = elements(html, "input", {"type": "file", "name": "card_front"})
    assert front["accept"].startswith("image/jpeg")
    npp = NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES)
    assert f'<a href="{npp.get_absolute_url()}" target="_blank" rel="noopener">Notice of Privacy Practices' in html
    assert "Sample text, to be confirmed by the clinic." in html
    assert "no-store" in response["Cache-Control"]


def test_the_form_page_makes_a_fixed_number_of_queries(client, location, django_assert_num_queries, version_queries):
    # content version, privacy notice, locations (radio list), the footer's clinics with their weekly
    # and special hours (its call list says whether each is open now)
    with django_assert_num_queries(version_queries + 5):
        client.get(URL)
    # The empty form's page is kept for the content version: only the version is read.
    with django_assert_num_queries(version_queries):
        client.get(URL)


def test_a_valid_form_saves_everything_and_redirects_to_a_receipt(
    client, location, django_capture_on_commit_callbacks, mailoutbox
):
    data = with_photos(form_data(location, group_number="grp 42"))
    response = submit(client, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:new_patient_received") == "/new-patients/received/"

    submission = Submission.objects.get()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{2}", submission.reference)
    assert submission.kind == Submission.Kind.NEW_PATIENT and submission.status == Submission.Status.NEW
    assert submission.phone == "+19735550147"
    assert submission.location == location
    assert submission.privacy_notice == NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES)
    policy = submission.policies.get()
    assert (policy.member_id, policy.group_number) == ("W123456789", "grp 42")
    assert sorted(policy.images.values_list("side", flat=True)) == ["back", "front"]
    assert [n.status for n in Notification.objects.order_by("kind")] == ["sent", "sent"]
    assert len(mailoutbox) == 2

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    html = receipt.content.decode()
    assert submission.reference in html
    assert "What happens next" in html
    for private in ("Maria", "Lopez", "W123456789", "Aetna", "maria@example.com", "1985"):
        assert private not in html
    assert "no-store" in receipt["Cache-Control"]


def test_insurance_numbers_and_card_images_are_encrypted_in_the_database(
    client, location, django_capture_on_commit_callbacks
):
    from django.db import connection

    submit(client, with_photos(form_data(location)), django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT member_id, group_number FROM intake_insurancepolicy")
        member_id, group_number = cursor.fetchone()
        cursor.execute("SELECT data FROM intake_cardimage")
        blobs = [bytes(row[0]) for row in cursor.fetchall()]
    assert "W123456789" not in member_id and member_id.startswith("gAAAA")
    assert "GRP" not in group_number
    for blob in blobs:
        assert not blob.startswith(b"\xff\xd8") and blob.startswith(b"gAAAA")


def test_the_policyholder_and_a_second_plan_are_saved_when_given(client, location, django_capture_on_commit_callbacks):
    data = form_data(
        location,
        relationship="parent",
        holder_name="Ana Lopez",
        holder_date_of_birth="1960-01-02",
        secondary_carrier="Medicare",
        secondary_member_id="1EG4-TE5-MK72",
    )
    submit(client, with_photos(data), django_capture_on_commit_callbacks)
    primary, secondary = InsurancePolicy.objects.order_by("rank")
    assert (primary.rank, primary.holder_name) == ("primary", "Ana Lopez")
    assert str(primary.holder_date_of_birth) == "1960-01-02"
    assert (secondary.rank, secondary.carrier, secondary.member_id) == ("secondary", "Medicare", "1EG4-TE5-MK72")
    assert not secondary.images.exists()


def test_errors_are_summarised_at_the_top_linked_to_each_field_and_typed_values_are_kept(client, location):
    data = form_data(location, first_name="", phone="12", date_of_birth="2999-01-01", relationship="spouse")
    del data["consent_to_contact"]
    response = client.post(URL, with_photos(data), follow=True)
    assert response.redirect_chain == [(URL, 302)]  # post/redirect/get: Back never resends the form
    html = response.content.decode()
    assert "<title>Error: " in html
    assert elements(html, "div", {"class": "error-summary", "role": "alert"})
    for anchor, message in [
        ("id_first_name", "Enter your first name."),
        ("id_phone", "Enter a US phone number we can call"),
        ("id_date_of_birth", "Enter your date of birth: it cannot be in the future"),
        ("id_holder_name", "Enter the policyholder’s full name"),
        ("id_consent_to_contact", "Tick to let us contact you"),
    ]:
        assert f'<li><a href="#{anchor}">{message}' in html, anchor
        assert re.search(rf'aria-describedby="({anchor}_helptext )?{anchor}_error"', html), anchor
    # what was typed is kept, and so are the photos (held on the server, named on the page)
    assert 'value="Lopez"' in html and 'value="W123456789"' in html and 'value="12"' in html
    assert elements(html, "input", {"name": "relationship", "value": "spouse", "checked": None})
    assert "Front of your card: attached</strong> (front.jpg)" in html
    assert "Back of your card: attached</strong> (back.jpg)" in html
    assert "Please attach this photo again" not in html
    assert Submission.objects.count() == 0 and CardImage.objects.count() == 0


def test_a_missing_radio_choice_links_to_its_first_option(client, location):
    data = form_data(location)
    del data["location"]
    html = client.post(URL, with_photos(data), follow=True).content.decode()
    assert '<a href="#id_location_0">Choose the clinic you would like to visit.</a>' in html


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_or_broken_card_photo_is_refused_with_a_message_and_nothing_is_stored(
    client, location, django_capture_on_commit_callbacks, name
):
    data = with_photos(form_data(location), front=hostile_bytes(name))
    response = submit(client, data, django_capture_on_commit_callbacks, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert '<li><a href="#id_card_front">' in html
    assert 'id="id_card_front_error"' in html
    assert Submission.objects.count() == 0
    assert CardImage.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_file_over_the_per_file_cap_is_dropped_unread_and_named(client, location, settings):
    settings.INTAKE_MAX_IMAGE_BYTES = 200_000
    settings.INTAKE_MAX_REQUEST_BYTES = 10_000_000
    big = jpeg_bytes(gps=False) + b"\x00" * 300_000
    response = client.post(URL, with_photos(form_data(location), back=big), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "This photo is too large to upload" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_huge_request_body_gets_a_clear_page_without_being_read(client, location, settings):
    settings.INTAKE_MAX_REQUEST_BYTES = 1_000_000
    data = with_photos(form_data(location), front=b"\xff" * 1_100_000)
    response = client.post(URL, data)
    assert response.status_code == 413
    assert "Your photos were too large to send" in response.content.decode()
    assert Submission.objects.count() == 0


def test_the_real_caps_refuse_a_sixteen_megabyte_photo(client, location):
    big = jpeg_bytes(gps=False) + b"\x00" * (16 * 1024 * 1024)
    response = client.post(URL, with_photos(form_data(location), front=big), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "too large" in response.content.decode()


def test_a_replayed_form_makes_one_record_and_shows_the_same_receipt(
    client, location, django_capture_on_commit_callbacks, mailoutbox
):
    data = form_data(location)
    first = submit(client, with_photos(data), django_capture_on_commit_callbacks)
    reference = Submission.objects.get().reference
    # a double click, the back button and a replay from another browser all send the same form again
    second = submit(client, with_photos(data), django_capture_on_commit_callbacks)
    other_browser = type(client)()
    third = submit(other_browser, with_photos(data), django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == third.status_code == 302
    assert Submission.objects.count() == 1 and CardImage.objects.count() == 2
    assert Notification.objects.count() == 2 and len(mailoutbox) == 2
    assert reference in other_browser.get(third["Location"]).content.decode()


def test_two_forms_for_two_children_make_two_records(client, location, django_capture_on_commit_callbacks):
    submit(client, with_photos(form_data(location, first_name="Ana")), django_capture_on_commit_callbacks)
    submit(client, with_photos(form_data(location, first_name="Luis")), django_capture_on_commit_callbacks)
    assert sorted(Submission.objects.values_list("first_name", flat=True)) == ["Ana", "Luis"]
    assert len(set(Submission.objects.values_list("reference", flat=True))) == 2


def test_each_rendering_of_the_form_carries_a_new_token(client, location):
    tokens = {form_token(client.get(URL).content.decode()) for _ in range(3)}
    assert len(tokens) == 3


def test_the_receipt_cannot_be_read_without_having_submitted(client, location, django_capture_on_commit_callbacks):
    other = type(client)()
    submit(other, with_photos(form_data(location)), django_capture_on_commit_callbacks)
    response = client.get("/new-patients/received/")
    assert response.status_code == 302 and response["Location"] == URL


def test_the_form_needs_a_csrf_token(location):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, with_photos(form_data(location)))
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_a_heic_photo_from_an_iphone_is_accepted(client, location, django_capture_on_commit_callbacks):
    heic = upload(image_bytes("HEIF", 1200, 900), "IMG_1234.HEIC", "image/heic")
    data = {**with_photos(form_data(location)), "card_front": heic}
    assert submit(client, data, django_capture_on_commit_callbacks).status_code == 302
    front = CardImage.objects.get(side="front")
    assert front.jpeg().startswith(b"\xff\xd8") and (front.width, front.height) == (1200, 900)


def test_follow_up_and_self_pay_pages_still_work(client, location):
    assert client.get("/follow-up/").status_code == 200
    assert client.get("/self-pay/").status_code == 200
