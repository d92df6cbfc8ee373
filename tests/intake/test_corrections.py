"""A form sent again after Back with changed answers: the patient hears that the first one was
received, with its reference, and may send the changes as a correction the front desk sees."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from intake import corrections, crypto
from intake.models import Note, Submission

from .factories import follow_up_data, form_data, jpeg_bytes, self_pay_data, with_photos
from .html import elements

pytestmark = pytest.mark.django_db

FORMS = {
    "/new-patients/": lambda location, **kw: with_photos(form_data(location, **kw)),
    "/follow-up/": follow_up_data,
    "/self-pay/": self_pay_data,
}
RECEIPTS = {
    "/new-patients/": "/new-patients/received/",
    "/follow-up/": "/follow-up/received/",
    "/self-pay/": "/self-pay/received/",
}


def offered_correction(html: str) -> str:
    (field,) = elements(html, "input", {"type": "hidden", "name": "correction"})
    return field["value"]


@pytest.mark.parametrize("url", list(FORMS))
def test_a_changed_phone_after_back_is_offered_as_a_correction_and_sent_as_a_note(client, location, url):
    first = FORMS[url](location)
    assert client.post(url, first).status_code == 302
    submission = Submission.objects.get()

    again = FORMS[url](location, form_token=first["form_token"], phone="(973) 555-0199")
    response = client.post(url, again)
    assert response.status_code == 200
    html = response.content.decode()
    assert "We already have your form" in html
    assert submission.reference in html
    assert "<dt>Phone number</dt><dd>+19735550199</dd>" in html
    assert Submission.objects.count() == 1
    submission.refresh_from_db()
    assert submission.phone != "+19735550199"  # the first answers stand until staff read the correction
    assert not Note.objects.exists()  # nothing is kept unless the patient sends it

    sent = client.post("/correction/", {"correction": offered_correction(html)})
    assert sent.status_code == 302 and sent["Location"] == RECEIPTS[url]
    note = Note.objects.get()
    assert note.submission == submission and note.author is None
    assert note.text.startswith("Correction from the patient, sent ")
    assert note.text.endswith("\n- Phone number: +19735550199")
    receipt = client.get(sent["Location"]).content.decode()
    assert submission.reference in receipt
    assert "We added the changes you sent to it as a correction" in receipt

    # A second click sends nothing more.
    client.post("/correction/", {"correction": offered_correction(html)})
    assert Note.objects.count() == 1


def test_insurance_changes_and_new_photos_are_listed_and_the_note_is_encrypted(client, location):
    first = form_data(location)
    client.post("/new-patients/", with_photos(first))
    again = with_photos(
        form_data(location, form_token=first["form_token"], member_id="W999999999"), front=jpeg_bytes(color=(1, 2, 3))
    )
    html = client.post("/new-patients/", again).content.decode()
    assert "<dt>Member ID</dt><dd>W999999999</dd>" in html
    assert "<dt>Photo of the front of your card</dt><dd>a new photo" in html
    assert "Photo of the back" not in html  # the same photo as before
    client.post("/correction/", {"correction": offered_correction(html)})
    assert "- Member ID: W999999999" in Note.objects.get().text
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM intake_note")
        (stored,) = cursor.fetchone()
    assert "W999999999" not in stored and "Correction" not in stored


def test_the_same_answers_sent_again_are_a_double_click_and_go_to_the_receipt(client, location):
    data = with_photos(form_data(location))
    client.post("/new-patients/", data)
    again = client.post("/new-patients/", with_photos(form_data(location, form_token=data["form_token"])))
    assert again.status_code == 302 and again["Location"] == "/new-patients/received/"
    assert Submission.objects.count() == 1 and not Note.objects.exists()


def test_a_forged_correction_adds_nothing_and_says_to_call(client, location):
    client.post("/follow-up/", data := follow_up_data(location))
    forged = corrections.sign("someone-elses-token", [("Phone number", "+1")])
    for value in (forged, corrections.sign(data["form_token"], [("x", "y")])[:-3] + "abc", ""):
        response = client.post("/correction/", {"correction": value})
        assert response.status_code == 400
        assert "We could not send your correction" in response.content.decode()
    assert not Note.objects.exists()


def test_the_front_desk_sees_the_correction_with_the_submission(client, location, front_desk):
    client.post("/follow-up/", first := follow_up_data(location))
    html = client.post(
        "/follow-up/", follow_up_data(location, form_token=first["form_token"], note="Left knee")
    ).content
    client.post("/correction/", {"correction": offered_correction(html.decode())})
    client.force_login(front_desk)
    page = client.get(Submission.objects.get().get_admin_url()).content.decode()
    assert "Correction from the patient" in page
    assert "Anything we should know?: Left knee" in page


@pytest.mark.django_db(transaction=True)
def test_notes_written_before_are_encrypted_by_the_migration(seeded):
    executor = MigrationExecutor(connection)
    executor.migrate([("intake", "0007_privacy_notice_is_a_notice_version")])
    old_apps = executor.loader.project_state([("intake", "0007_privacy_notice_is_a_notice_version")]).apps
    submission = old_apps.get_model("intake", "Submission").objects.create(
        reference="ABCD-EF", form_token="t" * 40, first_name="A", last_name="B", date_of_birth="1990-01-01", phone="+1"
    )
    old_apps.get_model("intake", "Note").objects.create(submission_id=submission.pk, text="Called the patient")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM intake_note")
        (stored,) = cursor.fetchone()
    assert crypto.decrypt(stored.encode()) == b"Called the patient"
    assert Note.objects.get().text == "Called the patient"
