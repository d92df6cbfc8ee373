"""Staff sign-in is throttled: a guessed password cannot be tried without end."""

import pytest
from django.test import override_settings

from clinic_site.security import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("frontdesk", password="the right password 42", is_staff=True)


def sign_in(client, password: str, **extra):
    return client.post(LOGIN, {"username": "frontdesk", "password": password}, **extra)


def test_a_wrong_password_gets_the_admin_message(client, staff):
    response = sign_in(client, "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(client, staff):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "paused for 15 minutes" in locked.content.decode()
    assert "Resilient Performance PT — staff" in locked.content.decode()  # in the admin's look
    assert sign_in(client, "the right password 42").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_address_only(client, staff):
    for _ in range(5):
        sign_in(client, "wrong", REMOTE_ADDR="203.0.113.9")
    response = sign_in(client, "the right password 42", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_right_password_clears_earlier_mistakes(client, staff):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "the right password 42").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7", REMOTE_ADDR="127.0.0.1")
    with override_settings(BEHIND_PROXY=True):
        assert client_ip(request) == "198.51.100.7"
    with override_settings(BEHIND_PROXY=False):
        assert client_ip(request) == "127.0.0.1"  # a header anyone can send is ignored
