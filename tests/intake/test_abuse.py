"""The public forms against abuse: rate limits per client address and per email address in the
shared cache, a honeypot and a minimum fill time that refuse bots, and a person who is refused
told to call, with what they typed kept."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from intake import abuse
from intake.forms import CHECK_AND_SEND_AGAIN
from intake.models import Notification, Submission
from locations.models import Location

from .factories import follow_up_data, form_data, self_pay_data, with_photos
from .html import elements, form_token, sent_back

pytestmark = pytest.mark.django_db

FORMS = {
    "/new-patients/": lambda location, **kw: with_photos(form_data(location, **kw)),
    "/follow-up/": follow_up_data,
    "/self-pay/": self_pay_data,
}
CALL_US = "Please call one of our clinics"


def shown_form(client, url) -> dict:
    """The hidden fields of the form as the page shows it: its token and the stamp of when it was shown."""
    html = client.get(url).content.decode()
    (started,) = elements(html, "input", {"type": "hidden", "name": "started"})
    return {"form_token": form_token(html), "started": started["value"]}


@pytest.mark.parametrize("url", list(FORMS))
def test_a_person_who_takes_their_time_is_never_shown_or_told_of_the_bot_checks(client, location, url):
    html = client.get(url).content.decode()
    (trap,) = elements(html, "input", {"name": abuse.HONEYPOT_FIELD})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert '<div class="intake-form__trap">' in html
    stylesheet = client.get("/static/css/site.css")
    assert b".intake-form__trap { display: none; }" in b"".join(stylesheet.streaming_content)

    data = FORMS[url](location, **shown_form(client, url))
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("url", list(FORMS))
def test_a_form_with_the_hidden_box_filled_in_is_refused_and_nothing_is_saved(client, location, url):
    response = sent_back(client, url, FORMS[url](location, **{abuse.HONEYPOT_FIELD: "http://spam.example"}))
    html = response.content.decode()
    assert CHECK_AND_SEND_AGAIN in html
    assert "spam.example" not in html  # never shown back
    assert not Submission.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("url", list(FORMS))
def test_a_form_sent_back_faster_than_a_person_types_is_refused_then_accepted_when_sent_again(client, location, url):
    data = FORMS[url](location, **shown_form(client, url))
    response = sent_back(client, url, data)  # within a second of being shown
    assert CHECK_AND_SEND_AGAIN in response.content.decode()
    assert not Submission.objects.exists()
    # What they typed is on the page; sent again a few seconds later, it goes through.
    html = response.content.decode()
    assert elements(html, "input", {"name": "first_name", "value": data["first_name"]})
    again = {**FORMS[url](location, form_token=data["form_token"]), "started": shown_started(html)}
    with time_machine.travel(timezone.now() + timedelta(seconds=abuse_min_fill() + 1)):
        assert client.post(url, again).status_code == 302
    assert Submission.objects.count() == 1


def shown_started(html: str) -> str:
    (started,) = elements(html, "input", {"type": "hidden", "name": "started"})
    return started["value"]


def abuse_min_fill() -> float:
    from django.conf import settings

    return settings.INTAKE_MIN_FILL_SECONDS


@pytest.mark.parametrize(
    "started",
    [
        "",
        "not-a-stamp",
        abuse.started_stamp("another-forms-token", at=time.time() - 60),
        abuse.started_stamp("x", at=time.time() - 60)[:-2] + "AA",  # tampered signature
    ],
)
def test_a_missing_forged_or_borrowed_stamp_is_refused_and_the_page_gives_a_good_one(client, location, started):
    data = follow_up_data(location, started=started)
    response = sent_back(client, "/follow-up/", data)
    assert not Submission.objects.exists()
    fresh = shown_started(response.content.decode())
    assert abuse.seconds_since_shown(fresh, data["form_token"]) is not None
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert client.post("/follow-up/", {**data, "started": fresh}).status_code == 302


def test_a_persons_mistakes_get_their_own_messages_not_the_bot_check(client, location):
    data = follow_up_data(location, **shown_form(client, "/follow-up/"), first_name="")
    html = sent_back(client, "/follow-up/", data).content.decode()
    assert "Enter your first name." in html
    assert CHECK_AND_SEND_AGAIN not in html


def test_an_address_over_its_hourly_limit_is_asked_to_call_and_keeps_what_it_typed(client, location, settings):
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 3
    # The limit is per address, across the three forms; every attempt counts, mistakes too.
    sent_back(client, "/follow-up/", follow_up_data(location, first_name=""))
    assert client.post("/self-pay/", self_pay_data(location, email="a@example.com")).status_code == 302
    assert client.post("/new-patients/", with_photos(form_data(location, email="b@example.com"))).status_code == 302

    data = follow_up_data(location, first_name="Ngozi", note="My knee again")
    response = client.post("/follow-up/", data)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert CALL_US in html
    for clinic in Location.objects.active():
        assert f'<a href="{clinic.phone_href}">{clinic.phone_display}</a>' in html
    assert elements(html, "input", {"name": "first_name", "value": "Ngozi"})
    assert "My knee again</textarea>" in html
    assert elements(html, "input", {"name": "form_token", "value": data["form_token"]})
    assert Submission.objects.count() == 2

    # Another address is not held back; this one may send again in the next hour.
    assert Client(REMOTE_ADDR="198.51.100.7").post("/follow-up/", data).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert client.post("/follow-up/", follow_up_data(location)).status_code == 302
    assert Submission.objects.count() == 4


def test_an_email_address_gets_a_few_submissions_an_hour_and_a_persons_mistakes_do_not_count(location, settings):
    settings.INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR = 2
    for number in range(4):  # mistakes, each from its own address
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert client.post("/follow-up/", follow_up_data(location, phone="x", email="Mia@Example.com")).status_code
    for number in range(2):
        client = Client(REMOTE_ADDR=f"203.0.113.{number}")
        assert client.post("/follow-up/", follow_up_data(location, email="mia@example.com")).status_code == 302
    refused = Client(REMOTE_ADDR="203.0.113.99").post("/self-pay/", self_pay_data(location, email=" MIA@example.com"))
    assert refused.status_code == 429
    assert CALL_US in refused.content.decode()
    assert Submission.objects.count() == 2
    assert Notification.objects.filter(recipient="mia@example.com").count() == 2
    # Without an email address there is nothing to bomb: the address limit alone applies.
    assert (
        Client(REMOTE_ADDR="203.0.113.98")
        .post("/self-pay/", self_pay_data(location, email="", preferred_contact="phone"))
        .status_code
        == 302
    )


def test_a_double_click_does_not_count_against_the_limits(client, location, settings):
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 1
    settings.INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR = 1
    data = follow_up_data(location)
    assert [client.post("/follow-up/", data).status_code for _ in range(3)] == [302, 302, 302]
    assert Submission.objects.count() == 1


def test_the_cache_holds_counts_under_hashes_never_an_address(client, location, cache_keys):
    client.post("/follow-up/", follow_up_data(location, email="lena@example.com"))
    keys = {key for key, _ in cache_keys if key.startswith("intake-limit:")}
    assert len(keys) == 2  # one for the client address, one for the email address
    assert not any("lena" in key or "127.0.0.1" in key for key in keys)


@pytest.mark.django_db(transaction=True)
def test_racing_workers_never_let_more_through_than_the_limit(seeded, settings):
    """Twelve forms from one address at the same instant, with room for five: five get through."""
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 5
    location = Location.objects.get(slug="chatham")
    barrier = threading.Barrier(12)
    statuses = []

    def send(number):
        barrier.wait(timeout=10)
        try:
            data = follow_up_data(location, email=f"p{number}@example.com")
            statuses.append(Client().post("/follow-up/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302] * 5 + [429] * 7
    assert Submission.objects.count() == 5


def test_with_the_cache_down_forms_are_still_taken(client, location, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 0
    assert client.post("/follow-up/", follow_up_data(location)).status_code == 302
    assert Submission.objects.count() == 1
    assert "intake rate limits not counted" in caplog.text
