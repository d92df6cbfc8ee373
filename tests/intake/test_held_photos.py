"""A typo on the new-patient form does not cost the card photos: they are held for that browser."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intake import notifications
from intake.held_photos import HOLD_FOR
from intake.models import CardImage, HeldPhoto, Submission

from .factories import form_data, jpeg_bytes, upload, with_photos

pytestmark = pytest.mark.django_db

URL = "/new-patients/"
FRONT = jpeg_bytes()
BACK = jpeg_bytes(color=(160, 40, 40))


def post(client, data, capture=None):
    if capture is None:
        return client.post(URL, data, follow=True)  # a form with errors: redirected to itself
    with capture(execute=True):
        response = client.post(URL, data)
    notifications.deliver()
    return response


def test_after_a_typo_the_photos_are_held_named_and_used_without_attaching_again(
    client, location, django_capture_on_commit_callbacks
):
    data = form_data(location, zip_code="0792")  # four digits
    response = post(client, with_photos(data, FRONT, BACK))
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert "Front of your card: attached</strong> (front.jpg)" in html
    assert "Back of your card: attached</strong> (back.jpg)" in html
    assert "data:image" not in html and "/held" not in html  # named, never sent back as a picture
    held = HeldPhoto.objects.all()
    assert held.count() == 2
    assert all(not bytes(row.data).startswith(b"\xff\xd8") for row in held)  # encrypted, as card images are
    assert all(b"front.jpg" not in bytes(row.file_name) for row in held)

    # Fix the ZIP code and send again, attaching nothing.
    response = post(client, {**data, "zip_code": "07928"}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    submission = Submission.objects.get()
    images = {image.side: image for image in CardImage.objects.filter(policy__submission=submission)}
    assert sorted(images) == ["back", "front"]
    assert images["front"].jpeg()[:3] == b"\xff\xd8\xff"
    assert HeldPhoto.objects.count() == 0  # now the submission's card images


def test_an_unreadable_photo_is_refused_alone_and_the_other_is_kept(client, location):
    data = form_data(location)
    response = post(client, {**data, "card_front": upload(FRONT, "front.jpg"), "card_back": upload(b"not a photo")})
    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "Front of your card: attached</strong> (front.jpg)" in html
    assert "Back of your card: attached" not in html
    assert list(HeldPhoto.objects.values_list("side", flat=True)) == ["front"]
    # Attach only the back again: the form goes through with both.
    response = post(client, {**data, "card_back": upload(BACK, "back.jpg")})
    assert response.redirect_chain == [("/new-patients/received/", 302)]
    assert CardImage.objects.count() == 2


def test_another_browser_with_the_same_form_token_can_neither_see_nor_use_the_photos(client, location):
    data = form_data(location, zip_code="0792")
    post(client, with_photos(data, FRONT, BACK))
    assert HeldPhoto.objects.count() == 2

    stranger = Client()
    response = stranger.post(URL, {**data, "zip_code": "07928"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "attached</strong>" not in html and "front.jpg" not in html
    assert "Attach a photo of the front of your card." in html
    assert Submission.objects.count() == 0


def test_held_photos_expire_and_the_retention_command_deletes_them(client, location):
    data = form_data(location, zip_code="0792")
    post(client, with_photos(data, FRONT, BACK))
    later = timezone.now() + HOLD_FOR + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        # Too old to use, even before the sweep.
        response = post(client, {**data, "zip_code": "07928"})
        assert response.redirect_chain == [(URL, 302)] and "attached</strong>" not in response.content.decode()
        out = StringIO()
        call_command("intake_retention", stdout=out)
    assert "Deleted 2 held card photos (over 2 hours)." in out.getvalue()
    assert HeldPhoto.objects.count() == 0


def test_a_photo_held_an_hour_ago_survives_the_sweep(client, location):
    post(client, with_photos(form_data(location, zip_code="0792"), FRONT, BACK))
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        call_command("intake_retention", stdout=StringIO())
    assert HeldPhoto.objects.count() == 2


@pytest.mark.parametrize("token", ["a\x00" * 20, "x" * 10, "x" * 100_000, "é" * 40])
def test_a_form_token_the_site_never_made_holds_nothing_and_is_refused_with_a_message(client, location, token):
    """Only a token the site could have made is looked up: a NUL (which PostgreSQL cannot
    compare), or a token of the wrong length or alphabet, finds no photos and gets the form's
    message, never a server error."""
    data = form_data(location, zip_code="0792")
    post(client, with_photos(data, FRONT, BACK))  # this browser now holds photos
    response = post(client, {**data, "zip_code": "07928", "form_token": token})
    assert response.status_code == 200
    assert "This form has expired. Reload the page and fill it in again." in response.content.decode()
    assert "attached</strong>" not in response.content.decode()
    assert Submission.objects.count() == 0 and HeldPhoto.objects.count() == 2
