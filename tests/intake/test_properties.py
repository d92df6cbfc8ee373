"""Property-based tests (hypothesis) of the three public forms and the staff sign-in.

Thousands of generated submissions: answers changed at random into malformed, huge, invisible,
NUL-holding or wrongly typed ones (several values for one field, a file where text belongs),
fields left out, bodies in charsets other than UTF-8 and bodies that are not forms at all.
Whatever arrives: never a server error, and a refused submission stores nothing.

The "ci" profile (the default) runs 5,000 examples across the four, weighted to the cheaper
ones (a new-patient example decodes photos); HYPOTHESIS_PROFILE=dev a 25th of that while working.
"""

import os
import secrets
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.abuse import STARTED_FIELD
from intake.models import Submission
from locations.models import Location

from .factories import follow_up_data, form_data, jpeg_bytes, self_pay_data

pytestmark = pytest.mark.django_db

CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
# No example database: each test run owns its files.
settings.register_profile("ci", deadline=None, database=None, suppress_health_check=CHECKS)
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=50)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(count: int) -> settings:
    """`count` examples under the "ci" profile (5,000 across this module), a 25th of it under "dev"."""
    return settings(max_examples=count if PROFILE == "ci" else max(count // 25, 10))


# Any Unicode a browser could send as UTF-8 (lone surrogates cannot be encoded).
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
JUNK = [
    "",
    " ",
    "\x00",
    "Maria\x00Lopez",
    "\u200b\u200c\u200d\ufeff",
    "\u202eairaM\u202c",
    "\x1b[31m\x07",
    "\u3164\u115f",
    "e\u0301" * 40,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%ff",
    "\ud7ff\ue000\U0010ffff",
    "1985-02-30",
    "99999-99-99",
    "-1",
    "1e309",
    "on",
    "yes",
    "x" * 81,
    "x" * 5_000,
    "\u00a0" * 100,
]
SIZES = [0, 1, 254, 2_001, 65_536, 1_100_000]  # the last is over the 1 MB cap on the text-only forms
CHARSETS = ["utf-16", "utf-16-le", "utf-7", "utf-32", "cp500", "latin-1", "shift_jis", "koi8-r", "no-such-charset"]
CONTENT_TYPES = ["multipart/form-data", "multipart/form-data; boundary=", "application/json", "text/plain", ""]

VALID_PHOTO = jpeg_bytes(480, 320, gps=False)
PHOTOS = [
    VALID_PHOTO,
    VALID_PHOTO[: len(VALID_PHOTO) // 2],  # cut short
    b"",
    b"GIF89a" + b"\x00" * 64,
    b"\x89PNG\r\n\x1a\n" + os.urandom(64),
    b"<svg onload=alert(1)>",
    VALID_PHOTO + b"<?php ?>",
]


def wrong_value():
    """One answer as something other than what was asked."""
    return st.one_of(
        ANY_TEXT,
        st.sampled_from(JUNK),
        st.sampled_from(SIZES).map(lambda size: "x" * size),
        st.lists(ANY_TEXT, min_size=2, max_size=3),  # the field sent several times
        st.binary(max_size=64).map(lambda data: SimpleUploadedFile("x.bin", data)),  # a file where text belongs
        st.none(),  # left out
    )


@st.composite
def submissions(draw, fields: list[str]):
    """(changes to a valid form, how it is sent)."""
    changed = draw(st.lists(st.sampled_from(fields), max_size=4, unique=True))
    changes = {name: draw(wrong_value()) for name in changed}
    return changes, draw(st.sampled_from(["multipart", "multipart", "urlencoded", "charset", "raw"]))


def send(client, url: str, data: dict, how: str, draw_extra):
    """Post `data` to `url` the way `how` says; None values are left out."""
    data = {key: value for key, value in data.items() if value is not None}
    if how == "multipart":
        return client.post(url, data)
    texts = {key: value for key, value in data.items() if not isinstance(value, SimpleUploadedFile)}
    body = urlencode(texts, doseq=True)
    if how == "urlencoded":
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    if how == "charset":
        charset = draw_extra(st.sampled_from(CHARSETS))
        encoded = body.encode(charset if charset != "no-such-charset" else "utf-8", errors="replace")
        # generic() sends the bytes as they are (post() would encode them again).
        return client.generic(
            "POST", url, encoded, content_type=f"application/x-www-form-urlencoded; charset={charset}"
        )
    content_type = draw_extra(st.sampled_from(CONTENT_TYPES))
    return client.generic("POST", url, draw_extra(st.binary(max_size=512)), content_type=content_type)


def check_form(client, url: str, data: dict, case, draw_extra) -> None:
    changes, how = case
    token = data["form_token"]
    known = Submission.objects.filter(form_token=token).exists()
    before = Submission.objects.count()
    response = send(client, url, {**data, **changes}, how, draw_extra)
    assert response.status_code < 500, (response.status_code, changes, how)
    # A form with mistakes redirects to itself (post/redirect/get); a saved one to its receipt.
    saved = response.status_code == 302 and response["Location"] != url
    if not changes and how in {"multipart", "urlencoded"} and "card_front" not in data:
        assert saved, "a valid form was refused"
    if known:
        assert Submission.objects.count() == before
    elif saved:
        assert Submission.objects.count() == before + 1
        assert Submission.objects.filter(form_token=data["form_token"]).exists() or "form_token" in changes
    else:
        assert Submission.objects.count() == before, "a refused submission left a record"


@pytest.fixture
def open_limits(settings):
    """Thousands of forms from one test address: the rate limits are tested in test_abuse.py."""
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 10**9
    settings.INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR = 10**9


@pytest.fixture
def fast_passwords(settings):
    """A cheap hasher: what is tested is the sign-in page's handling of input, not PBKDF2's cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fresh(make, location) -> dict:
    """A valid form with a token of its own, as a browser that just filled it in sends it."""
    return make(location, form_token=secrets.token_urlsafe(32))


@examples(1750)
@given(case=submissions(list(follow_up_data(Location(pk=1))) + [STARTED_FIELD, "homepage"]), extra=st.data())
def test_follow_up_never_fails_and_refusals_store_nothing(client, location, open_limits, case, extra):
    check_form(client, "/follow-up/", fresh(follow_up_data, location), case, extra.draw)


@examples(1000)
@given(case=submissions(list(self_pay_data(Location(pk=1))) + [STARTED_FIELD, "homepage"]), extra=st.data())
def test_self_pay_never_fails_and_refusals_store_nothing(client, location, open_limits, case, extra):
    check_form(client, "/self-pay/", fresh(self_pay_data, location), case, extra.draw)


NEW_PATIENT_FIELDS = [*form_data(Location(pk=1)), STARTED_FIELD, "homepage", "card_front", "card_back"]


@examples(750)
@given(
    case=submissions(NEW_PATIENT_FIELDS), front=st.sampled_from(PHOTOS), back=st.sampled_from(PHOTOS), extra=st.data()
)
def test_new_patient_never_fails_and_refusals_store_nothing(client, location, open_limits, case, front, back, extra):
    data = fresh(form_data, location)
    data["card_front"] = SimpleUploadedFile("front.jpg", front, "image/jpeg")
    data["card_back"] = SimpleUploadedFile("back.png", back, "image/png")
    check_form(client, "/new-patients/", data, case, extra.draw)


@examples(1500)
@given(
    username=st.one_of(ANY_TEXT, st.sampled_from(JUNK), st.just("frontdesk")),
    password=st.one_of(ANY_TEXT, st.sampled_from(JUNK), st.just("the right password 42")),
    next_url=st.one_of(st.none(), ANY_TEXT, st.sampled_from(["//evil.example", "https://evil.example/", "/admin/"])),
    how=st.sampled_from(["multipart", "urlencoded", "charset", "raw"]),
    extra=st.data(),
)
def test_staff_sign_in_never_fails(client, seeded, fast_passwords, username, password, next_url, how, extra):
    users = get_user_model()
    if not users.objects.filter(username="frontdesk").exists():
        users.objects.create_user("frontdesk", password="the right password 42", is_staff=True)
    count = users.objects.count()
    path = "/admin/login/" + ("?" + urlencode({"next": next_url}) if next_url is not None else "")
    response = send(client, path, {"username": username, "password": password}, how, extra.draw)
    assert response.status_code < 500, (response.status_code, username, password, how)
    assert users.objects.count() == count
    if response.status_code == 302:
        assert not response["Location"].startswith(("//", "https://evil", "http"))
    client.logout()
