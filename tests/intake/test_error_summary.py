"""A form sent nearly empty: on a phone the error summary is one line per fieldset."""

import re

import pytest

from .factories import form_data

pytestmark = pytest.mark.django_db


def test_a_nearly_empty_form_gets_one_line_per_fieldset_for_phones_and_every_message_for_wider_screens(
    client, location
):
    token = form_data(location)["form_token"]
    html = client.post("/new-patients/", {"form_token": token}).content.decode()
    grouped = html[html.index("error-summary__list--grouped") :]
    grouped = grouped[: grouped.index("</ul>")]
    lines = re.findall(r'<a href="#section-([a-z-]+)">([^<]+)</a>', grouped)
    assert [key for key, _ in lines] == ["about-you", "your-visit", "insurance", "consent"]
    assert "About you: " in lines[0][1] and "questions to answer or fix" in lines[0][1]
    for key, _ in lines:
        assert f'<fieldset class="intake-form__section" id="section-{key}">' in html
    assert "error-summary__list error-summary__list--every" in html
    assert '<a href="#id_first_name">Enter your first name.</a>' in html  # still there for wide screens


def test_a_few_problems_are_listed_one_by_one_everywhere(client, location):
    html = client.post("/new-patients/", form_data(location, first_name="", zip_code="0792")).content.decode()
    assert "error-summary__list--grouped" not in html and "error-summary__list--every" not in html
    assert '<a href="#id_first_name">Enter your first name.</a>' in html
