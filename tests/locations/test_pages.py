import json
import re
from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertInHTML

from conditions.models import Condition
from locations.models import Location

from .factories import eastern, make_closure, make_location

pytestmark = pytest.mark.django_db

WEDNESDAY_10AM = eastern(2026, 3, 4, 10, 0)


def structured_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_list_shows_every_active_clinic_with_address_phone_todays_hours_and_open_now(client, seeded):
    Location.objects.filter(slug="wharton").update(is_active=False)
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        html = client.get("/locations/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for name, slug, phone, href in [
        ("Manhattan", "manhattan", "(212) 555-0100", "tel:+12125550100"),
        ("Chatham", "chatham", "(973) 555-0110", "tel:+19735550110"),
        ("Darien", "darien", "(203) 555-0130", "tel:+12035550130"),
    ]:
        assertInHTML(f'<h2 class="clinic-card__name"><a href="/locations/{slug}/">{name}</a></h2>', html)
        card_phone = f'<span class="clinic-card__label">Call:</span> <a href="{href}">{phone}</a>'
        assertInHTML(f'<p class="clinic-card__phone">{card_phone}</p>', html)
    assert "/locations/wharton/" not in main
    assertInHTML('<address class="clinic-card__address">100 Post Road<br>Darien, CT 06820</address>', html)
    assert main.count("Open now") == 3
    assert main.count("Closes at 7:00 PM") == 3
    assertInHTML(
        '<span class="hours-interval"><time datetime="07:00">7:00 AM</time> to '
        '<time datetime="19:00">7:00 PM</time></span>',
        html,
        count=3,
    )
    assert main.count("Sample details, to be confirmed by the clinic.") == 3


def test_an_inactive_clinic_has_no_page(client, seeded):
    Location.objects.filter(slug="wharton").update(is_active=False)
    assert client.get("/locations/wharton/").status_code == 404
    assert client.get("/locations/nowhere/").status_code == 404


def test_the_detail_page_shows_the_week_closures_directions_access_and_ways_in(client, seeded):
    darien = Location.objects.get(slug="darien")
    make_closure(darien, date(2026, 3, 6), reason="Snow day")
    make_closure(darien, date(2026, 3, 9), opens=time(9), closes=time(13), reason="Staff training")
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        html = client.get("/locations/darien/").content.decode()
    assertInHTML("<h1>Darien clinic</h1>", html)
    assertInHTML('<a class="clinic__phone" href="tel:+12035550130">(203) 555-0130</a>', html)
    assertInHTML("<dd>(203) 555-0131</dd>", html)  # fax, in the same national format
    rows = re.findall(r'<th scope="row"><time datetime="([\d-]+)">', html)
    assert rows == [f"2026-03-{d:02}" for d in range(4, 11)]  # today and the six days after it
    assertInHTML(
        '<th scope="row"><time datetime="2026-03-04"><span class="hours-table__day">Wednesday</span> '
        '<span class="hours-table__date">March 4</span></time> <span class="hours-table__tag">today</span></th>',
        html,
    )
    assert "Closed (Snow day)" in html
    assert "(special hours: Staff training)" in html
    assert "Monday, March 9, 2026</time>: Open 9:00 AM to 1:00 PM only (Staff training)" in html
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=100+Post+Road%2C+Darien%2C+CT+06820" in html
    assert "Getting here and parking" in html and "Metro-North" in html
    assert "Accessibility" in html and "step-free entrance" in html
    for url in ("/new-patients/", "/follow-up/", "/self-pay/"):
        assert f'href="{url}"' in html
    assert "<iframe" not in html


def test_the_detail_page_lists_only_published_conditions_treated_there(client, seeded):
    darien = Location.objects.get(slug="darien")
    draft = Condition.objects.create(title="Secret Draft", slug="secret-draft", summary="s")
    darien.conditions.add(Condition.objects.get(slug="back-spasms"), draft)
    html = client.get("/locations/darien/").content.decode()
    assert 'href="/conditions/back-spasms/">Back Spasms</a>' in html
    assert "Secret Draft" not in html


def test_json_ld_describes_the_clinic_its_hours_and_special_hours(client, seeded):
    darien = Location.objects.get(slug="darien")
    make_closure(darien, date(2026, 3, 6), reason="Snow day")
    make_closure(darien, date(2026, 12, 24), opens=time(7), closes=time(13), reason="Christmas Eve")
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        data = structured_data(client.get("/locations/darien/").content.decode())
    clinic = data["@graph"][0]
    assert clinic["@type"] == ["MedicalClinic", "Physiotherapy"]
    assert clinic["url"] == "https://www.clinic.example/locations/darien/"
    assert clinic["telephone"] == "+12035550130"
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "100 Post Road",
        "addressLocality": "Darien",
        "addressRegion": "CT",
        "postalCode": "06820",
        "addressCountry": "US",
    }
    assert clinic["geo"] == {"@type": "GeoCoordinates", "latitude": 41.0787, "longitude": -73.4693}
    assert clinic["isAcceptingNewPatients"] is True
    specs = clinic["openingHoursSpecification"]
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday", "opens": "07:00",
            "closes": "19:00"} in specs  # fmt: skip
    assert {"@type": "OpeningHoursSpecification", "validFrom": "2026-03-06", "validThrough": "2026-03-06",
            "opens": "00:00", "closes": "00:00", "description": "Snow day"} in specs  # fmt: skip
    assert {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-24", "validThrough": "2026-12-24",
            "opens": "07:00", "closes": "13:00", "description": "Christmas Eve"} in specs  # fmt: skip
    assert data["@graph"][1]["@type"] == "BreadcrumbList"


def test_json_ld_cannot_be_broken_out_of_by_staff_text(client, db):
    make_location("tricky", name="</script><script>alert(1)</script>")
    html = client.get("/locations/tricky/").content.decode()
    assert "<script>alert(1)" not in html
    assert structured_data(html)["@graph"][0]["name"].endswith("</script><script>alert(1)</script>")


def test_a_clinic_not_taking_new_patients_says_so_on_its_page_and_in_json_ld(client, db):
    make_location("full", accepts_new_patients=False)
    html = client.get("/locations/full/").content.decode()
    assert "not taking new patients" in html
    assert structured_data(html)["@graph"][0]["isAcceptingNewPatients"] is False


def test_open_now_is_never_stale_from_one_request_to_the_next(client, seeded):
    """The page is rebuilt on every request: a closing time that passes shows at once."""
    with time_machine.travel(eastern(2026, 3, 4, 18, 59), tick=False):
        before = client.get("/locations/darien/")
    with time_machine.travel(eastern(2026, 3, 4, 19, 0), tick=False):
        after = client.get("/locations/darien/")
    assert "Open now" in before.content.decode()
    assert "Closed now" in after.content.decode() and "Opens tomorrow at 7:00 AM" in after.content.decode()
    assert "no-cache" in after["Cache-Control"]
    assert before["ETag"] != after["ETag"]


@pytest.mark.parametrize("url", ["/locations/", "/locations/darien/"])
def test_open_now_flips_at_the_closing_instant_with_the_page_cached(
    client, seeded, url, django_assert_num_queries, version_queries
):
    with time_machine.travel(eastern(2026, 3, 4, 18, 59, 59), tick=False):
        before = client.get(url)
        with django_assert_num_queries(version_queries):  # served from the page cache
            assert client.get(url).content == before.content
        assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    with time_machine.travel(eastern(2026, 3, 4, 19, 0), tick=False):
        assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200  # never a 304 once changed
        after = client.get(url).content.decode()
    assert "Open now" in before.content.decode() and "Open now" not in after
    assert "Closed now" in after
    with time_machine.travel(eastern(2026, 3, 5, 6, 59, 59), tick=False):
        assert "Open now" not in client.get(url).content.decode()
    with time_machine.travel(eastern(2026, 3, 5, 7, 0), tick=False):
        assert "Open now" in client.get(url).content.decode()  # opening time, the same way


def test_a_closure_saved_shows_on_the_next_request_with_the_page_cached(client, seeded):
    darien = Location.objects.get(slug="darien")
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        assert "Open now" in client.get("/locations/darien/").content.decode()
        make_closure(darien, date(2026, 3, 4), reason="Burst pipe")
        html = client.get("/locations/darien/").content.decode()
    assert "Closed now" in html and "Burst pipe" in html


def test_a_staff_edit_to_the_hours_shows_on_the_next_request(client, seeded):
    darien = Location.objects.get(slug="darien")
    with time_machine.travel(WEDNESDAY_10AM, tick=False):
        assert "Open now" in client.get("/locations/").content.decode()
        make_closure(darien, date(2026, 3, 4), reason="Snow day")
        html = client.get("/locations/darien/").content.decode()
    assert "Closed today (Snow day)" in html


@pytest.mark.parametrize("url", ["/", "/conditions/back-spasms/", "/privacy-practices/"])
def test_a_cached_page_showing_open_now_is_not_kept_past_the_next_opening(client, published_long_ago, url):
    """Cached pages say whether each clinic is open now; the page cache keeps such a page
    only until the first clinic opens or closes (or midnight), never the full ten minutes."""
    with time_machine.travel(eastern(2026, 3, 4, 6, 58), tick=False):
        response = client.get(url)
        assert response.status_code == 200
        first = response.content.decode()
        assert "tel:+12035550130" in first
        assert "Open now" not in first and "Closed now: opens today at 7:00 AM" in first
        assert client.get(url).content.decode() == first  # served from the cache
    with time_machine.travel(eastern(2026, 3, 4, 7, 0, 30), tick=False):
        assert "Open now: closes at 7:00 PM" in client.get(url).content.decode()


def test_a_cached_page_is_not_kept_past_midnight_when_tomorrow_becomes_today(client, seeded):
    with time_machine.travel(eastern(2026, 3, 4, 23, 58), tick=False):
        assert "opens tomorrow at 7:00 AM" in client.get("/").content.decode()
    with time_machine.travel(eastern(2026, 3, 5, 0, 0, 30), tick=False):
        html = client.get("/").content.decode()
    assert "opens tomorrow" not in html and "opens today at 7:00 AM" in html


def test_location_pages_are_in_the_sitemap(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    for slug in ("manhattan", "chatham", "wharton", "darien"):
        assert f"<loc>https://www.clinic.example/locations/{slug}/</loc>" in xml


# Query counts: fixed whatever the number of clinics, hours and closures.


def test_list_page_queries_are_fixed(client, seeded, django_assert_num_queries, version_queries):
    make_location("fifth")
    # Clinics, their weekly hours, their upcoming special hours; the footer reuses the clinics.
    with django_assert_num_queries(version_queries + 3):
        assert client.get("/locations/").status_code == 200


def test_detail_page_queries_are_fixed(client, seeded, django_assert_num_queries, version_queries):
    darien = Location.objects.get(slug="darien")
    darien.conditions.add(Condition.objects.get(slug="back-spasms"))
    # The clinic, its weekly hours, special hours, conditions treated; the footer's clinics
    # with their hours (for "open now"): three more; the patient portal's address.
    with django_assert_num_queries(version_queries + 8):
        assert client.get("/locations/darien/").status_code == 200


def test_the_footer_lists_the_clinics_in_one_query(seeded, django_assert_num_queries):
    request = RequestFactory().get("/anything/")
    # base.html alone: the header and the footer, whose clinics (with their hours, for
    # "open now") are one query and two prefetches.
    with django_assert_num_queries(3):
        html = render_to_string("base.html", request=request)
    for slug, phone in [("manhattan", "(212) 555-0100"), ("darien", "(203) 555-0130")]:
        assert f'href="/locations/{slug}/"' in html and phone in html


@pytest.mark.parametrize("url", ["/", "/conditions/back-spasms/"])
def test_pages_listing_clinics_in_body_and_footer_query_the_clinics_once(client, seeded, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The clinics, their weekly hours and their special hours: one query each, shared by the
    # body (clinic cards, "Get care", the call strip) and the footer. (The next page built
    # reuses those parts and reads none: tests/test_site_parts.py.)
    location_queries = [q["sql"] for q in queries if "locations_" in q["sql"]]
    assert len(location_queries) == 3, location_queries
    assert sum('FROM "locations_location"' in sql for sql in location_queries) == 1
