"""Staff sign-in is throttled: a guessed password cannot be tried without end."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from clinic_site.security import client_ip
from tests.checks import ROOT

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


# --- Forwarded headers count only from our own proxies (TRUSTED_PROXIES) -------------------

DIRECT = "203.0.113.50"  # someone reaching gunicorn without the proxy


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def test_a_new_forwarded_address_for_each_guess_does_not_escape_the_pause(client, staff, behind_proxy):
    for attempt in range(12):
        sign_in(client, "wrong", REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}")
    response = sign_in(client, "the right password 42", REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_through_the_proxy_each_visitor_is_paused_on_their_own(client, staff, behind_proxy):
    for _ in range(5):
        sign_in(client, "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert sign_in(client, "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    response = sign_in(client, "the right password 42", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert response.status_code == 302


def test_the_client_is_the_first_address_from_the_right_that_is_not_our_proxy(rf, behind_proxy):
    chain = "192.0.2.66, 198.51.100.7, 10.0.0.5"  # claimed, the visitor, our inner proxy
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=chain, REMOTE_ADDR="127.0.0.1")) == "198.51.100.7"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=chain, REMOTE_ADDR=DIRECT)) == DIRECT
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.9", REMOTE_ADDR="10.0.0.5")) == "10.0.0.9"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="not an address", REMOTE_ADDR="127.0.0.1")) == "not an address"


def test_only_our_proxy_may_say_the_request_came_over_https(client, behind_proxy, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 0
    direct = client.get("/robots.txt", REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301
    assert direct["Location"].startswith("https://")
    assert client.get("/robots.txt", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def test_without_behind_proxy_forwarded_headers_are_ignored_even_from_the_proxy(client, staff, settings):
    settings.BEHIND_PROXY = False
    for attempt in range(5):
        sign_in(client, "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}")
    assert sign_in(client, "the right password 42", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


@pytest.mark.parametrize(
    ("trusted", "expected"), [(None, "127.0.0.1"), ("10.0.0.2,10.1.0.0/16", "10.0.0.2,10.1.0.0/16")]
)
def test_gunicorn_trusts_the_same_proxies(trusted, expected, tmp_path):
    """gunicorn.conf.py's forwarded_allow_ips (who may set X-Forwarded-Proto) is TRUSTED_PROXIES."""
    env = {key: value for key, value in os.environ.items() if key != "TRUSTED_PROXIES"}
    if trusted:
        env["TRUSTED_PROXIES"] = trusted
    script = "import runpy; print(runpy.run_path('gunicorn.conf.py')['forwarded_allow_ips'])"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
