"""On a phone a patient reaches a person in one tap: what the first screen holds."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAYS_IN = ["/new-patients/", "/follow-up/", "/self-pay/"]
PHONE = {"width": 375, "height": 667}


@pytest.fixture
def small_phone(browser):
    """A 375 × 667 phone (iPhone SE) without JavaScript: nothing here may need it."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False)
    yield context.new_page()
    context.close()


def bottom_of_first_visible(page, selector: str) -> float:
    link = page.locator(selector).locator("visible=true").first
    box = link.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


@pytest.mark.parametrize("url", ["/", "/conditions/back-spasms/"])
def test_a_phone_number_and_each_way_in_are_on_the_first_phone_screen(live_server, seeded, small_phone, url):
    small_phone.goto(live_server.url + url)
    assert small_phone.locator("header.site-header").bounding_box()["height"] <= 64
    assert bottom_of_first_visible(small_phone, 'main a[href^="tel:"]') <= PHONE["height"]
    for way in WAYS_IN:
        assert bottom_of_first_visible(small_phone, f'main a[href="{way}"]') <= PHONE["height"], way


@pytest.mark.parametrize("url", ["/", "/conditions/back-spasms/", "/locations/", "/new-patients/"])
def test_nothing_scrolls_sideways_at_320_px(live_server, seeded, browser, url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("header.site-header").bounding_box()["height"] <= 64
    context.close()


def test_call_book_and_the_menu_work_in_the_header_without_javascript(live_server, seeded, small_phone):
    small_phone.goto(live_server.url + "/locations/wharton/")
    small_phone.get_by_role("link", name="Call a clinic").click()
    expect(small_phone).to_have_url(live_server.url + "/locations/wharton/#call")
    expect(small_phone.locator("#call").get_by_role("link", name="Darien (203) 555-0130")).to_be_in_viewport()
    small_phone.get_by_role("link", name="Book online").click()
    expect(small_phone.locator("#book").get_by_role("link", name="Book a follow-up")).to_be_in_viewport()

    small_phone.goto(live_server.url + "/")
    menu = small_phone.locator("header nav").locator("visible=true")
    expect(menu).to_have_count(0)  # closed: only Call, Book and Menu show
    small_phone.get_by_text("Menu", exact=True).click()
    small_phone.get_by_role("link", name="Self-pay", exact=True).click()
    expect(small_phone).to_have_url(live_server.url + "/self-pay/")


def test_on_a_wide_screen_get_care_stays_in_view_while_reading(live_server, seeded, desktop):
    desktop.goto(live_server.url + "/conditions/back-spasms/")
    panel = desktop.get_by_role("region", name="Get care")
    expect(panel).to_be_in_viewport()
    desktop.get_by_role("heading", name="Back Spasm Physical Therapy").scroll_into_view_if_needed()
    expect(panel).to_be_in_viewport()
    expect(panel.get_by_role("link", name="Submit your insurance")).to_be_in_viewport()
    # The full menu stands in the header; the phone's disclosure does not.
    expect(desktop.locator(".site-nav").get_by_role("link", name="Follow-up")).to_be_visible()
    expect(desktop.get_by_text("Menu", exact=True)).to_be_hidden()
