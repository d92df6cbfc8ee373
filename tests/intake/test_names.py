"""Names as a person sees them: NFC, no invisible or control characters, and never empty."""

import pytest

from intake.forms import visible_text
from intake.models import InsurancePolicy, Submission

from .factories import follow_up_data, form_data, self_pay_data, with_photos
from .html import sent_back

pytestmark = pytest.mark.django_db

FORMS = {
    "/new-patients/": lambda location, **kw: with_photos(form_data(location, **kw)),
    "/follow-up/": follow_up_data,
    "/self-pay/": self_pay_data,
}
INVISIBLE_NAMES = [
    "\u200b\u200b\u200b",  # zero-width spaces
    "\ufeff",  # byte order mark
    "\u202e\u202d\u2066\u2069",  # direction overrides and isolates
    "\x01\x07\x1b\x7f",  # control characters
    "\u200c\u200d\u2060\u00ad",  # joiners, word joiner, soft hyphen
    "\u3164\u115f",  # Hangul fillers: letters that draw nothing
    " \u2028 \t ",  # separators and spaces
]


@pytest.mark.parametrize("url", list(FORMS))
@pytest.mark.parametrize("junk", INVISIBLE_NAMES)
def test_a_name_made_only_of_invisible_characters_is_refused_with_a_message(client, location, url, junk):
    response = sent_back(client, url, FORMS[url](location, first_name=junk, last_name="Lopez" + junk))
    assert "Enter your first name." in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("url", list(FORMS))
def test_names_are_kept_as_the_person_sees_them(client, location, url):
    # "José" typed with a combining accent, wrapped in a BOM, a zero-width space and a right-to-left override.
    data = FORMS[url](location, first_name="\ufeffJose\u0301\u200b", last_name="\u202eO\u2019Brien\u202c")
    assert client.post(url, data).status_code == 302
    submission = Submission.objects.get()
    assert (submission.first_name, submission.last_name) == ("Jos\u00e9", "O\u2019Brien")


def test_a_name_needs_a_letter(client, location):
    response = sent_back(client, "/follow-up/", follow_up_data(location, last_name="12345"))
    assert "Enter the name in letters, as it is written on an ID." in response.content.decode()


def test_joiners_that_spell_a_persian_name_are_kept(client, location):
    name = "\u0645\u06cc\u200c\u0631\u0627"  # a zero-width non-joiner between two letters, as Persian writes it
    assert client.post("/follow-up/", follow_up_data(location, first_name=name)).status_code == 302
    assert Submission.objects.get().first_name == name


def test_the_policyholders_name_is_cleaned_and_asked_for_when_only_invisible(client, location):
    data = with_photos(
        form_data(location, relationship="spouse", holder_name="\u200b\u202e", holder_date_of_birth="1960-01-02")
    )
    response = sent_back(client, "/new-patients/", data)
    assert "Enter the policyholder’s full name, as on the card." in response.content.decode()
    data = with_photos(
        form_data(
            location, relationship="spouse", holder_name="Ana\u200b Lopez\u0007", holder_date_of_birth="1960-01-02"
        )
    )
    assert client.post("/new-patients/", data).status_code == 302
    assert InsurancePolicy.objects.get().holder_name == "Ana Lopez"


def test_notes_keep_their_line_breaks_and_lose_their_control_characters(client, location):
    note = "Saw Dana.\r\nKnee\u200b sore\x1b[31m again\u202e"
    assert client.post("/follow-up/", follow_up_data(location, note=note)).status_code == 302
    assert Submission.objects.get().patient_note == "Saw Dana.\nKnee sore[31m again"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("Zo\u00eb", "Zo\u00eb"), ("Zoe\u0308", "Zo\u00eb"), ("A\tB", "A B"), ("\u0000x", "x")],
)
def test_visible_text(typed, kept):
    assert visible_text(typed) == kept
