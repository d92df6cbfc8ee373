"""Staff sessions end after 15 idle minutes and 8 hours in all; a deactivated person is out at
once; the admin says when. Visitors' sessions are left as they were."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

pytestmark = pytest.mark.django_db

PASSWORD = "violet harbour kettle 73"
# 1:00 PM in New York (daylight saving time has begun).
START = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("dana", password=PASSWORD, is_staff=True)


@pytest.fixture
def signed_in(client, staff, clock):
    response = client.post("/admin/login/?next=/admin/", {"username": "dana", "password": PASSWORD})
    assert response.status_code == 302
    return client


def signed_out_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_admin_says_when_the_session_ends(signed_in, clock):
    page = signed_in.get("/admin/")
    html = page.content.decode()
    assert "Session ends at" in html
    assert '<time datetime="2026-03-10T13:15:00-04:00">1:15 PM</time> if idle' in html
    assert '<time datetime="2026-03-10T21:00:00-04:00">9:00 PM</time> at the latest' in html
    clock.shift(timedelta(minutes=10))
    assert (
        '<time datetime="2026-03-10T13:25:00-04:00">1:25 PM</time> if idle'
        in signed_in.get("/admin/").content.decode()
    )


def test_each_admin_request_restarts_the_idle_clock(signed_in, clock):
    for _ in range(4):
        clock.shift(timedelta(minutes=14, seconds=59))
        assert signed_in.get("/admin/").status_code == 200
    # The browser and the database forget the session soon after the hard end (8 h after
    # signing in), whatever happens in between.
    assert signed_in.session.get_expiry_date() == START + timedelta(hours=8, minutes=15)


def test_fifteen_idle_minutes_end_the_session(signed_in, clock):
    clock.shift(timedelta(minutes=15))
    response = signed_in.get("/admin/intake/submission/")
    assert signed_out_to_login(response)
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(response["Location"])
    assert "You were signed out after 15 minutes without activity." in page.content.decode()


def test_public_pages_do_not_keep_a_staff_session_alive(signed_in, clock, seeded):
    clock.shift(timedelta(minutes=10))
    assert signed_in.get("/conditions/back-spasms/").status_code == 200
    clock.shift(timedelta(minutes=5))
    assert signed_out_to_login(signed_in.get("/admin/"))


def test_eight_hours_end_the_session_however_busy(signed_in, clock):
    for _ in range(47):  # every 10 minutes for 7 h 50 min
        clock.shift(timedelta(minutes=10))
        assert signed_in.get("/admin/").status_code == 200
    page = signed_in.get("/admin/").content.decode()
    assert '<time datetime="2026-03-10T21:00:00-04:00">9:00 PM</time> if idle.' in page  # the hard end comes first
    clock.shift(timedelta(minutes=10))
    response = signed_in.get("/admin/")
    assert signed_out_to_login(response)
    assert "You were signed out 8 hours after signing in." in signed_in.get(response["Location"]).content.decode()
    # Signing in again starts a new 8 hours.
    assert signed_in.post("/admin/login/", {"username": "dana", "password": PASSWORD}).status_code == 302
    assert signed_in.get("/admin/").status_code == 200


def test_a_deactivated_person_is_out_at_the_next_request(signed_in, staff, clock):
    assert signed_in.get("/admin/").status_code == 200
    staff.is_active = False
    staff.save()
    assert signed_out_to_login(signed_in.get("/admin/"))
    assert "_auth_user_id" not in signed_in.session
    staff.is_active = True
    staff.save()
    assert signed_out_to_login(signed_in.get("/admin/"))  # nothing of the old session came back


def test_a_session_without_a_start_is_ended(signed_in, clock):
    session = signed_in.session
    del session["staff_session_started"]
    session.save()
    assert signed_out_to_login(signed_in.get("/admin/"))


def test_a_visitors_session_keeps_djangos_age(client, clock, seeded):
    session = client.session
    session["intake_receipt"] = "kept"
    session.save()
    assert client.get("/new-patients/").status_code == 200
    clock.shift(timedelta(hours=20))
    assert client.get("/").status_code == 200
    assert client.session["intake_receipt"] == "kept"
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_public_pages_do_not_read_the_session(client, seeded):
    response = client.get("/")
    assert "Cookie" not in response.get("Vary", "")
