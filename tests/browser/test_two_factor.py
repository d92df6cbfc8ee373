"""A front-desk person sets up sign-in codes from the admin's first screen and reaches the admin."""

import re
from base64 import b32decode, b32encode

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from clinic_site.groups import FRONT_DESK
from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "violet harbour kettle 73"


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


def code_now(key: str) -> str:
    """What an authenticator app shows for the key as the page spells it ("ABCD EFGH ...")."""
    return f"{totp(b32decode(key.replace(' ', ''))):06d}"


@pytest.mark.parametrize("width", [375, 1280])
def test_a_front_desk_person_sets_up_codes_and_reaches_the_admin(
    live_server, otp_on, django_user_model, browser, shots, width
):
    person = django_user_model.objects.create_user("dana", password=PASSWORD, is_staff=True, first_name="Dana")
    person.groups.add(Group.objects.get_or_create(name=FRONT_DESK)[0])
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []  # the QR code is inline SVG: nothing the strict CSP refuses
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The first screen after the password: set up, with the QR code to scan.
    expect(page).to_have_url(re.compile(r"/admin/two-factor/set-up/\?next="))
    expect(page.get_by_role("heading", name="Set up sign-in codes")).to_be_visible()
    qr = page.locator(".two-factor-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough for a phone's camera
    page.screenshot(path=str(shots / f"two-factor-set-up-{width}.png"), full_page=True)
    assert axe_violations(page) == []

    key = page.locator(".two-factor-key").inner_text()
    assert b32decode(key.replace(" ", "")) == TOTPDevice.objects.get(user=person, confirmed=False).bin_key
    page.get_by_label("6-digit code").fill("000000" if code_now(key) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".errornote")).to_contain_text("That code is not right")

    page.wait_for_timeout(1100)  # a wrong code makes the next wait a second
    page.get_by_label("6-digit code").fill(code_now(key))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    shown = page.locator(".two-factor-recovery-codes code").all_inner_texts()
    assert sorted(code.lower() for code in shown) == sorted(
        StaticToken.objects.filter(device__user=person).values_list("token", flat=True)
    )
    assert len(shown) == 8
    page.screenshot(path=str(shots / f"two-factor-recovery-codes-{width}.png"), full_page=True)

    page.get_by_role("link", name="I have kept them: continue to the admin").click()
    expect(page.get_by_role("heading", name="Staff home")).to_be_visible()
    expect(page.locator("#user-tools")).to_contain_text("Session ends at")
    page.screenshot(path=str(shots / f"two-factor-admin-{width}.png"), full_page=True)
    assert problems == []
    context.close()


def test_every_sign_in_after_asks_for_the_apps_code(live_server, otp_on, django_user_model, phone, shots):
    person = django_user_model.objects.create_user("dana", password=PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    key = b32encode(device.bin_key).decode()
    phone.goto(f"{live_server.url}/admin/")
    phone.get_by_label("Username").fill("dana")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()

    expect(phone.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    phone.get_by_label("Code").fill(code_now(key))
    phone.screenshot(path=str(shots / "two-factor-code-375.png"), full_page=True)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Staff home")).to_be_visible()
