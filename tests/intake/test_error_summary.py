"""A form sent nearly empty: on a phone the error summary is one line per fieldset."""

import re

import pytest

from .factories import form_data

pytestmark = pytest.mark.django_db


def test_a_nearly_empty_form_gets_one_line_per_fieldset_for_phones_and_every_message_for_wider_screens(
    client, location
):
    token = form_data(location)["form_token"]
    html = client.post("/new-patients/", {"form_token": token}, follow=True).content.decode()
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
    html = client.post(
        "/new-patients/", form_data(location, first_name="", zip_code="0792"), follow=True
    ).content.decode()
    assert "error-summary__list--grouped" not in html and "error-summary__list--every" not in html
    assert '<a href="#id_first_name">Enter your first name.</a>' in html


def test_errors_are_post_redirect_get_reload_keeps_the_answers_and_sending_forgets_them(
    client, location, django_capture_on_commit_callbacks
):
    from django.db import connection

    data = form_data(location, zip_code="0792", last_name="Zyxwvut")
    response = client.post("/follow-up/", {**data, "location": ""})
    assert response.status_code == 302 and response["Location"] == "/follow-up/"  # nothing in the address
    for _ in range(2):  # the page and a reload
        html = client.get("/follow-up/").content.decode()
        assert 'value="Zyxwvut"' in html and "Choose the clinic you would like to visit." in html
    with connection.cursor() as cursor:  # kept in the session encrypted, never as typed
        cursor.execute("SELECT session_data FROM django_session")
        assert all("Zyxwvut" not in row[0] for row in cursor.fetchall())
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/follow-up/", {**data, "preferred_times": "Mornings", "note": ""})
    assert sent["Location"] == "/follow-up/received/"
    html = client.get("/follow-up/").content.decode()
    assert "Zyxwvut" not in html and "error-summary" not in html
