"""One request-size cap for every POST, refused with the 413 page before the body is read."""

import pytest
from django.test import Client

from intake.models import Submission

from .factories import follow_up_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.mark.parametrize("path", ["/follow-up/", "/self-pay/", "/admin/login/", "/conditions/", "/no-such-page/"])
def test_every_post_over_the_cap_gets_the_413_page(client, seeded, path):
    response = client.post(path, {"note": "x" * (MB + 1)})
    assert response.status_code == 413
    assert "What you sent was too large" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"]  # the site's headers come with it


def test_a_form_under_the_cap_is_read(client, location):
    data = follow_up_data(location, note="x" * 1000)
    assert client.post("/follow-up/", data).status_code == 302
    assert Submission.objects.count() == 1


def test_the_cap_is_a_setting(client, location, settings):
    settings.MAX_REQUEST_BYTES = 1000
    assert client.post("/follow-up/", follow_up_data(location, note="x" * 1000)).status_code == 413
    assert not Submission.objects.exists()


def test_the_new_patient_form_takes_photos_up_to_its_own_cap(client, seeded, settings):
    big = {"reason": "x" * (2 * MB)}
    response = client.post("/new-patients/", big)
    # Read and judged by the form (sent back to itself with its messages), not refused for its size.
    assert (response.status_code, response["Location"]) == (302, "/new-patients/")
    settings.INTAKE_MAX_REQUEST_BYTES = MB
    response = client.post("/new-patients/", big)
    assert response.status_code == 413
    assert "Your photos were too large to send" in response.content.decode()


def test_staff_in_the_admin_may_send_condition_images(client, editor):
    client.force_login(editor)
    response = client.post("/admin/conditions/condition/add/", {"title": "x" * (2 * MB)})
    assert response.status_code == 200  # the admin's own form error, not a 413
    assert Client().post("/admin/conditions/condition/add/", {"title": "x" * (2 * MB)}).status_code == 413
