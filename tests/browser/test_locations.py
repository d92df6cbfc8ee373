"""A patient on a phone finds the Darien clinic, today's hours and a number to tap."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
import time_machine

from tests.checks import axe_violations, html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUGS = ("manhattan", "chatham", "wharton", "darien")
# A Wednesday morning in Darien: open 7:00 AM to 7:00 PM.
WEDNESDAY_10AM = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_patient_on_a_phone_picks_darien_and_sees_todays_hours_and_a_number_to_tap(phone, live_server, seeded):
    with time_machine.travel(WEDNESDAY_10AM, tick=True):
        phone.goto(f"{live_server.url}/locations/")
        cards = phone.locator(".clinic-cards")
        assert cards.get_by_role("link", name="Darien", exact=True).is_visible()
        cards.get_by_role("link", name="Darien", exact=True).click()
        phone.wait_for_url(re.compile(r"/locations/darien/$"))

        assert phone.get_by_role("heading", level=1).inner_text() == "Darien clinic"
        assert " ".join(phone.locator(".open-status").text_content().split()) == "Open now. Closes at 7:00 PM"
        today = phone.locator(".hours-table__today")
        assert today.is_visible()
        assert today.locator("th").inner_text().split() == ["Wednesday", "March", "4", "TODAY"]
        assert "7:00 AM to 7:00 PM" in today.inner_text()

        call = phone.locator("main").get_by_role("link", name="(203) 555-0130")
        assert call.is_visible()
        href = call.get_attribute("href")
        assert href == "tel:+12035550130"
        assert phonenumbers.is_valid_number(phonenumbers.parse(href.removeprefix("tel:")))
        box = call.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24  # big enough to tap (WCAG 2.2 target size)

        # Nothing wider than the phone: no sideways scrolling to read the hours.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_location_pages_have_no_axe_violations_or_html_errors_on_phone_and_desktop(
    phone, desktop, live_server, seeded, tmp_path
):
    documents = {}
    with time_machine.travel(WEDNESDAY_10AM, tick=True):
        for path in ["/locations/", *(f"/locations/{slug}/" for slug in SLUGS)]:
            for page in (phone, desktop):
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                documents[path] = response.body()
                width = page.viewport_size["width"]
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
                violations = axe_violations(page)
                assert violations == [], (path, page.viewport_size, violations)
    assert html_errors(documents, tmp_path) == {}


def test_location_pages_load_nothing_from_another_origin(desktop, live_server, seeded):
    requested = []
    desktop.on("request", lambda request: requested.append(request.url))
    for path in ("/locations/", "/locations/darien/"):
        desktop.goto(live_server.url + path)
    assert requested and all(url.startswith(live_server.url) for url in requested), requested
