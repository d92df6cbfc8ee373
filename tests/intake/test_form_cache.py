"""An empty intake form's markup is built once per content version; what is each visitor's own is not."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from intake import abuse
from intake.models import Submission

from .factories import follow_up_data
from .html import elements, form_token, sent_back

pytestmark = pytest.mark.django_db

URLS = ["/new-patients/", "/follow-up/", "/self-pay/"]


def hidden(html: str, name: str) -> str:
    (field,) = elements(html, "input", {"type": "hidden", "name": name})
    return field["value"]


def cached_values(keys) -> str:
    """Everything the site put in the cache (on any backend), as text."""
    return " ".join(repr(cache.get(key, version=version)) for key, version in list(keys))


@pytest.mark.parametrize("url", URLS)
def test_each_visitor_gets_their_own_tokens_and_fill_time_stamp(client, location, url, cache_keys):
    first, second = (client.get(url).content.decode() for _ in range(2))
    # the second page came from the kept markup
    assert any(key.startswith("fragment:form-page:") for key, _ in cache_keys)
    assert form_token(first) != form_token(second)
    for html in (first, second):
        token = form_token(html)
        assert len(token) >= 32 and "placeholder" not in html
        assert 0 <= abuse.seconds_since_shown(hidden(html, "started"), token) < 5
        assert len(hidden(html, "csrfmiddlewaretoken")) == 64
    assert hidden(first, "csrfmiddlewaretoken") != hidden(second, "csrfmiddlewaretoken")  # masked anew each time


def test_a_form_from_the_kept_markup_sends_with_its_csrf_token_and_stamp(location, settings):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/follow-up/")  # builds and keeps the markup
    html = browser.get("/follow-up/").content.decode()
    token = form_token(html)
    data = follow_up_data(location, token=token, started=hidden(html, "started"))
    data["csrfmiddlewaretoken"] = hidden(html, "csrfmiddlewaretoken")
    settings.INTAKE_MIN_FILL_SECONDS = 0  # the stamp is the page's own, from a moment ago
    response = browser.post("/follow-up/", data)
    assert response.status_code == 302
    assert Submission.objects.get().form_token == token


def test_nothing_a_patient_typed_is_kept_and_a_form_with_answers_is_rendered_afresh(
    client,
    location,
    cache_keys,
):
    # A form with a mistake redirects to itself, whose page shows the answers: with nothing kept yet
    # for this version, that page is the first built, and it must not become everyone's.
    response = sent_back(client, "/follow-up/", follow_up_data(location, first_name="Zebedee", phone="not a phone"))
    assert "Zebedee" in response.content.decode()
    assert "Zebedee" not in cached_values(cache_keys) and "Okafor" not in cached_values(cache_keys)
    assert "Zebedee" not in Client().get("/follow-up/").content.decode()
    assert "Zebedee" in client.get("/follow-up/").content.decode()  # still theirs, on reload


def test_a_form_shown_again_after_too_many_sends_keeps_the_answers_and_is_not_kept(
    client,
    location,
    settings,
    cache_keys,
):
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 0
    response = client.post("/follow-up/", follow_up_data(location, first_name="Zebedee"))
    assert response.status_code == 429 and 'value="Zebedee"' in response.content.decode()
    assert "Zebedee" not in cached_values(cache_keys)


def test_a_clinic_renamed_by_staff_shows_in_the_form_on_the_next_request(client, location):
    assert location.name in client.get("/new-patients/").content.decode()
    location.name = "Chatham Riverside"
    location.save()
    (choice,) = elements(client.get("/new-patients/").content.decode(), "input", {"value": str(location.pk)})
    assert choice["name"] == "location"
    assert "Chatham Riverside" in client.get("/new-patients/").content.decode()


def test_the_follow_up_page_is_kept_only_until_a_clinic_opens_or_closes(
    client, seeded, django_assert_num_queries, version_queries
):
    from tests.locations.factories import eastern

    with time_machine.travel(eastern(2026, 3, 4, 18, 59, 59), tick=False):
        before = client.get("/follow-up/").content.decode()
        with django_assert_num_queries(version_queries):  # kept
            client.get("/follow-up/")
    with time_machine.travel(eastern(2026, 3, 4, 19, 0), tick=False):
        after = client.get("/follow-up/").content.decode()
    assert "Open now" in before and "Open now" not in after  # the clinics close at 7 PM
