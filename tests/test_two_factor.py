"""Staff sign in with a password, then a code from an authenticator app (OTP_REQUIRED on)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_site.two_factor import reset_second_factor

pytestmark = pytest.mark.django_db

PASSWORD = "violet harbour kettle 73"
SET_UP = "/admin/two-factor/set-up/"
CODE = "/admin/two-factor/code/"
RECOVERY = "/admin/two-factor/recovery-codes/"
NOON = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def otp_on(settings):
    settings.OTP_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("dana", password=PASSWORD, is_staff=True, first_name="Dana")


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    """What the person's authenticator app shows at this moment."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username="dana", password=PASSWORD):
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    assert response.status_code == 302, "the password step"
    return response


def admin_urls() -> list[str]:
    """Every admin page a model has, and the admin's own."""
    urls = ["/admin/", "/admin/password_change/", "/admin/jsi18n/", "/admin/no-such-page/", "/admin/intake/"]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1]))
    return urls


# --- Every admin URL needs the second factor ----------------------------------------------


def test_after_the_password_every_admin_url_leads_to_set_up(client, staff):
    sign_in(client)
    urls = admin_urls()
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SET_UP + "?next="), url
    assert client.post("/admin/intake/submission/", {"action": "delete_selected"}).status_code == 302


def test_with_an_authenticator_every_admin_url_leads_to_the_code(client, staff):
    enrolled(staff)
    sign_in(client)
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(CODE + "?next="), url


def test_public_pages_do_not_ask_for_a_code(client, staff, seeded):
    sign_in(client)
    assert client.get("/").status_code == 200
    assert client.get("/conditions/back-spasms/").status_code == 200


def test_signing_out_needs_no_code(client, staff):
    sign_in(client)
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_lockout_still_pauses_sign_in_before_any_code(client, staff):
    for _ in range(5):
        client.post("/admin/login/", {"username": "dana", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "dana", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# --- Setting up ---------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_key_and_accepts_the_apps_code(client, staff, clock):
    sign_in(client)
    page = client.get(SET_UP + "?next=/admin/intake/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "<svg" in html and "<title>QR code to scan with your authenticator app</title>" in html
    key = re.search(r'<code class="two-factor-key">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    from base64 import b32encode

    assert key == b32encode(device.bin_key).decode()
    assert 'value="/admin/intake/"' in html  # where they were going, kept through the step

    response = client.post(SET_UP, {"code": code_now(device), "next": "/admin/intake/"})
    assert response.status_code == 302
    assert response["Location"] == RECOVERY + "?next=%2Fadmin%2Fintake%2F"
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(response["Location"])
    codes = [c.lower() for c in re.findall(r"<li><code>([A-Z2-7]+)</code></li>", codes_page.content.decode())]
    assert len(codes) == 8
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert codes_page["Cache-Control"] == "no-store"
    # Shown once: the next visit goes on to the admin.
    assert client.get(RECOVERY).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_set_up_refuses_a_wrong_code_and_stays_unconfirmed(client, staff, clock):
    sign_in(client)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"
    response = client.post(SET_UP, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right, or was already used" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302
    # The same key is shown again (the app already holds it), not a new one.
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_someone_with_an_authenticator_cannot_set_up_another(client, staff):
    enrolled(staff)
    sign_in(client)
    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


# --- Entering the code --------------------------------------------------------------------


def test_the_apps_code_opens_the_admin(client, staff, clock):
    device = enrolled(staff)
    sign_in(client)
    key_before = client.session.session_key
    response = client.post(CODE, {"code": code_now(device), "next": "/admin/intake/submission/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/intake/submission/"
    assert client.session.session_key != key_before  # a new session key once both factors are in
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, staff, clock):
    device = enrolled(staff)
    sign_in(client)
    wrong = f"{(int(code_now(device)) + 500_000) % 1_000_000:06d}"
    assert "This field is required" in client.post(CODE, {"code": ""}).content.decode()
    for attempt in ("12345", "abcdef", wrong):
        response = client.post(CODE, {"code": attempt})
        assert response.status_code == 200, attempt
        assert "That code is not right, or was already used" in response.content.decode(), attempt
        clock.shift(timedelta(seconds=60))  # past the wait a wrong code brings
    assert client.get("/admin/").status_code == 302


def test_a_code_works_once(client, staff, clock):
    device = enrolled(staff)
    code = code_now(device)
    sign_in(client)
    assert client.post(CODE, {"code": code}).status_code == 302
    client.post("/admin/logout/")

    clock.shift(timedelta(seconds=5))  # the same 30-second step: the app still shows that code
    assert code_now(device) == code
    sign_in(client)
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200
    assert "already used" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    clock.shift(timedelta(seconds=35))  # the next code, once the throttle's wait is over
    assert client.post(CODE, {"code": code_now(device)}).status_code == 302


def test_after_wrong_codes_even_the_right_one_waits(client, staff, clock):
    device = enrolled(staff)
    sign_in(client)
    for _ in range(3):
        client.post(CODE, {"code": "000000" if code_now(device) != "000000" else "111111"})
    response = client.post(CODE, {"code": code_now(device)})
    assert response.status_code == 200
    assert "Too many wrong codes. Wait" in response.content.decode()
    clock.shift(timedelta(seconds=30))
    assert client.post(CODE, {"code": code_now(device)}).status_code == 302


def test_a_recovery_code_works_once(client, staff, clock):
    enrolled(staff)
    recovery = StaticDevice.objects.create(user=staff, name="Recovery codes", confirmed=True)
    recovery.token_set.create(token="abcd2345")
    recovery.token_set.create(token="efgh6723")
    sign_in(client)
    response = client.post(CODE, {"code": "ABCD 2345"}, follow=True)  # as typed from paper
    assert response.status_code == 200
    assert "You used a recovery code; 1 left" in response.content.decode()
    client.post("/admin/logout/")

    sign_in(client)
    assert client.post(CODE, {"code": "abcd2345"}).status_code == 200  # refused: used
    assert client.get("/admin/").status_code == 302
    clock.shift(timedelta(seconds=5))
    assert client.post(CODE, {"code": "efgh6723"}).status_code == 302


def test_next_cannot_leave_the_site(client, staff, clock):
    device = enrolled(staff)
    sign_in(client)
    response = client.post(CODE, {"code": code_now(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


# --- A superuser resets a lost phone ------------------------------------------------------


@pytest.fixture
def superuser_client(client, django_user_model, clock):
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    device = enrolled(boss)
    sign_in(client, "boss")
    assert client.post(CODE, {"code": code_now(device)}).status_code == 302
    return client


def test_a_superuser_resets_a_persons_authenticator(superuser_client, staff, clock):
    device = enrolled(staff)
    StaticDevice.objects.create(user=staff, name="Recovery codes", confirmed=True).token_set.create(token="abcd2345")
    dana = Client()
    sign_in(dana)
    clock.shift(timedelta(seconds=31))
    assert dana.post(CODE, {"code": code_now(device)}).status_code == 302
    assert dana.get("/admin/").status_code == 200

    users = superuser_client.get("/admin/auth/user/")
    assert "Reset sign-in codes" in users.content.decode()
    response = superuser_client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [staff.pk]}, follow=True
    )
    assert "Reset sign-in codes for dana" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    # Dana's signed-in session lost its second factor at once: set up again.
    response = dana.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_only_superusers_may_reset(client, staff, django_user_model, clock):
    device = enrolled(staff)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    other = django_user_model.objects.create_user("lee", password=PASSWORD, is_staff=True)
    enrolled(other)
    sign_in(client)
    client.post(CODE, {"code": code_now(device)})
    users = client.get("/admin/auth/user/")
    assert users.status_code == 200
    assert "reset_second_factor" not in users.content.decode()
    client.post("/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [other.pk]})
    assert TOTPDevice.objects.filter(user=other).exists()


def test_reset_removes_both_devices(staff):
    enrolled(staff)
    StaticDevice.objects.create(user=staff, name="Recovery codes", confirmed=True)
    assert reset_second_factor(staff) >= 2
    assert not TOTPDevice.objects.filter(user=staff).exists()


# --- The deploy check ---------------------------------------------------------------------


def test_the_deploy_check_warns_when_codes_are_off_in_production(settings):
    settings.OTP_REQUIRED = False
    settings.DEBUG = False
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "clinic_site.W001"]
    assert len(warnings) == 1
    settings.OTP_REQUIRED = True
    assert [m for m in run_checks(include_deployment_checks=True) if m.id == "clinic_site.W001"] == []


def test_a_verified_admin_page_costs_a_fixed_number_of_queries(client, staff, clock, django_assert_num_queries):
    device = enrolled(staff)
    sign_in(client)
    client.post(CODE, {"code": code_now(device)})
    client.get("/admin/")
    # Session, user, the verifying device, the user's and their groups' permissions for the
    # menu, the recent actions; then the session saved with its new "last seen" (an UPDATE in
    # a savepoint: three statements).
    with django_assert_num_queries(9):
        assert client.get("/admin/").status_code == 200
