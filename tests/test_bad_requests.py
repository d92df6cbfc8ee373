"""Requests no browser sends get the site's 400 page (or a 404), never a server error.

Run on PostgreSQL too (`DATABASE_URL=postgres://...`), which refuses text holding a NUL.
"""

import pytest
from django.test import Client
from django.urls import reverse

from conditions.models import Condition

pytestmark = pytest.mark.django_db

FORMS = ["/new-patients/", "/follow-up/", "/self-pay/", "/admin/login/"]


@pytest.fixture
def forger():
    """An anonymous client that holds some CSRF cookie, checked as a browser's would be."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "x" * 32
    return client


def assert_bad_request_page(response) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not read what your browser sent" in html
    assert "Darien, Connecticut" in html  # the static footer: rendered without the database
    assert "Traceback" not in html


@pytest.mark.parametrize("charset", ["utf-16", "utf-7", "utf-32", "cp500"])
@pytest.mark.parametrize("url", [*FORMS, "/no-such-page/"])
def test_a_form_in_a_charset_other_than_utf8_gets_the_400_page(forger, seeded, url, charset):
    body = f"csrfmiddlewaretoken={'x' * 32}&first_name=Ana".encode(charset)
    response = forger.generic("POST", url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}")
    assert_bad_request_page(response)


def test_a_form_declared_as_utf8_is_read_as_usual(forger, seeded):
    response = forger.generic(
        "POST", "/admin/login/", b"username=a", content_type="application/x-www-form-urlencoded; charset=UTF-8"
    )
    assert response.status_code == 403  # the made-up CSRF token, checked as usual


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/conditions/?q=%00", {}),
        ("/conditions/?q=back%00spasm&region=back", {}),
        ("/conditions/?%00=1", {}),
        ("/admin/conditions/condition/?status=%00", {}),
        ("/admin/", {"HTTP_COOKIE": 'sessionid="abcdefghijkl\\000mnop"'}),
        ("/new-patients/received/", {"HTTP_COOKIE": 'sessionid="abcdefghijkl\\000mnop"'}),
        ("/admin/login/", {"HTTP_USER_AGENT": "Mozilla\x00"}),
    ],
)
def test_a_nul_character_anywhere_in_a_request_gets_the_400_page(forger, seeded, url, headers):
    assert_bad_request_page(forger.get(url, **headers))


def test_a_sign_in_with_a_nul_in_the_user_agent_gets_the_400_page(client, seeded):
    client.raise_request_exception = False
    response = client.post("/admin/login/", {"username": "a", "password": "b"}, HTTP_USER_AGENT="x\x00y")
    assert_bad_request_page(response)


def test_a_nul_typed_into_a_form_field_gets_a_message_beside_it(client, seeded):
    response = client.post("/admin/login/", {"username": "editor\x00", "password": "whatever it is"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


@pytest.mark.parametrize("username", ["a" * 300, "é" * 151])
def test_a_sign_in_with_a_username_no_account_can_have_is_refused_and_counted(client, seeded, username):
    from axes.models import AccessAttempt

    response = client.post("/admin/login/", {"username": username, "password": "not it"})
    assert response.status_code == 200  # the form's own message, not a server error
    assert AccessAttempt.objects.get().failures_since_start == 1


@pytest.mark.parametrize("token", ["ab\x00c", "x" * 40 + "\x00", "x" * 10_000])
def test_a_form_token_no_form_makes_is_treated_as_none(client, seeded, token):
    response = client.post("/follow-up/", {"form_token": token}, follow=True)
    assert response.status_code == 200
    assert "There are problems with your form" in response.content.decode()


@pytest.mark.parametrize("object_id", ["abc", "1.5", "1/2", "99999999999999999999999", "123456"])
def test_a_preview_of_a_condition_id_that_cannot_exist_is_a_404(client, editor, seeded, object_id):
    client.force_login(editor)
    assert client.get(f"/admin/conditions/condition/{object_id}/preview/").status_code == 404


def test_a_preview_of_an_existing_condition_still_works(client, editor, seeded):
    client.force_login(editor)
    condition = Condition.objects.get(slug="back-spasms")
    response = client.get(reverse("admin:conditions_condition_preview", args=[condition.pk]))
    assert response.status_code == 200
