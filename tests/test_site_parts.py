"""Site parts (the header, the footer's call and book lists, the call strip, "Get care", the
ways in): rendered once per content version and reused by the next page built, never stale."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic_site import site_parts
from intake.models import PatientPortal
from locations.models import Location
from tests.locations.factories import eastern

# These tests travel back in time, to before the sample content was seeded.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_long_ago")]

PAGE = "/conditions/back-spasms/"
WEDNESDAY_10AM = eastern(2026, 3, 4, 10, 0)


def built_afresh(client, url: str) -> str:
    """The page as built with nothing kept: no page in the cache, no site part."""
    cache.clear()
    site_parts.forget()
    return client.get(url).content.decode()


def test_a_page_not_in_the_cache_builds_only_its_own_content_and_reads_the_same(client, seeded):
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        fresh = built_afresh(client, PAGE)
        cache.clear()  # the page is gone from the cache; the parts built for it are kept
        assert client.get("/").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            reused = client.get(PAGE).content.decode()
    assert reused == fresh
    shared = [q["sql"] for q in queries if "locations_" in q["sql"] or "intake_patientportal" in q["sql"]]
    assert shared == []  # the clinics, their hours and the portal address are not read again
    assert reused.count('href="tel:+12035550130"') == 4  # the strip, the contact section, Get care, the footer


def test_an_edit_to_a_clinic_shows_in_every_part_of_the_next_page(client, seeded):
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        assert "tel:+12035550130" in client.get("/").content.decode()
        darien = Location.objects.get(slug="darien")
        darien.phone = "+12035550199"
        darien.save()
        html = client.get(PAGE).content.decode()
    assert "tel:+12035550130" not in html
    assert html.count('href="tel:+12035550199"') == 4


def test_a_new_portal_address_shows_in_the_ways_in_of_the_next_page(client, seeded):
    assert "Go to the patient portal" not in client.get("/").content.decode()
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.org/login")
    assert 'href="https://portal.example.org/login"' in client.get(PAGE).content.decode()


def test_a_kept_part_showing_open_now_ends_at_the_next_opening(client, seeded):
    with time_machine.travel(eastern(2026, 3, 4, 6, 58), tick=False):
        assert "Closed now: opens today at 7:00 AM" in client.get("/").content.decode()
    with time_machine.travel(eastern(2026, 3, 4, 7, 0, 30), tick=False):
        html = client.get(PAGE).content.decode()
        assert html == built_afresh(client, PAGE)
    assert "Open now: closes at 7:00 PM" in html and "opens today at 7:00 AM" not in html


def test_a_page_built_from_kept_parts_is_cached_no_longer_than_they_are(client, seeded):
    with time_machine.travel(eastern(2026, 3, 4, 6, 58), tick=False):
        client.get(PAGE)  # keeps its parts until 7:00 AM
        cache.clear()
        rebuilt = client.get(PAGE)  # every part showing a clinic comes from what was kept
        etag = rebuilt["ETag"]
    with time_machine.travel(eastern(2026, 3, 4, 7, 0, 30), tick=False):
        revalidated = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
        html = client.get(PAGE).content.decode()
    assert revalidated.status_code == 200 and "Open now" in revalidated.content.decode()
    assert "Open now: closes at 7:00 PM" in html and "opens today at 7:00 AM" not in html


def test_pages_outside_the_page_cache_render_their_parts_each_time(client, seeded):
    """A 404 and a form are not built under a content version: their parts are plain includes."""
    client.get("/")
    Location.objects.filter(slug="darien").update(phone="+12035550199")  # no save signal: no new version
    assert "tel:+12035550199" in client.get("/no-such-page/").content.decode()
    assert "tel:+12035550199" in client.get("/new-patients/").content.decode()
