"""A patient reads Back Spasms; an editor changes it in the admin; drafts stay private."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conditions.models import Condition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_patient_on_a_phone_reads_back_spasms_and_finds_a_clinic(live_server, seeded, phone):
    phone.goto(live_server.url + "/")
    phone.get_by_text("Menu", exact=True).click()  # on a phone the menu opens from the header
    phone.get_by_role("link", name="Conditions", exact=True).click()
    phone.get_by_role("link", name="Back Spasms").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Back Spasms")
    expect(phone.get_by_role("heading", name="Back Spasm Symptoms")).to_be_visible()
    expect(phone.get_by_role("listitem").filter(has_text="Limited range of motion")).to_be_visible()
    # Nothing overflows a phone screen sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    contact = phone.locator(".condition__section--contact")
    contact.get_by_role("link", name="Darien").click()
    expect(phone).to_have_url(live_server.url + "/locations/darien/")


def test_the_skip_link_takes_a_keyboard_user_to_the_content(live_server, seeded, desktop):
    desktop.goto(live_server.url + "/conditions/back-spasms/")
    desktop.keyboard.press("Tab")
    skip = desktop.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    desktop.keyboard.press("Enter")
    expect(desktop).to_have_url(live_server.url + "/conditions/back-spasms/#main")


def test_search_finds_a_condition_by_symptom_without_javascript(live_server, seeded, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/conditions/")
    page.get_by_label("Search conditions, symptoms and causes").fill("radiating")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 condition found")
    expect(page.get_by_role("link", name="Back Spasms")).to_be_visible()
    context.close()


@pytest.fixture
def editor(django_user_model):
    """Staff who may edit content. A live server's tests empty the database after each one,
    taking the groups migrations made with it, so permissions here are the user's own
    (the "Content editors" group itself is tested in tests/conditions/test_admin.py)."""
    return django_user_model.objects.create_superuser("editor", password="correct horse battery")


def sign_in(page, base_url, username="editor", password="correct horse battery"):
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_changes_a_symptom_and_the_public_page_shows_it(live_server, seeded, editor, desktop):
    problems = []  # the admin too works under the strict Content-Security-Policy
    desktop.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    desktop.goto(live_server.url + "/conditions/back-spasms/")  # now cached
    sign_in(desktop, live_server.url)
    desktop.get_by_role("link", name="Conditions").first.click()
    desktop.get_by_role("link", name="Back Spasms").click()
    field = desktop.locator("input[value='Muscle tenderness or soreness']")
    field.fill("Muscle tenderness, soreness or knots")
    desktop.get_by_role("button", name="Save", exact=True).click()
    expect(desktop.locator(".messagelist")).to_contain_text("Back Spasms saved.")
    desktop.goto(live_server.url + "/conditions/back-spasms/")
    expect(desktop.get_by_role("listitem").filter(has_text="Muscle tenderness, soreness or knots")).to_be_visible()
    assert problems == []


def test_a_draft_is_invisible_to_the_public_and_visible_in_preview(live_server, seeded, editor, browser):
    Condition.objects.filter(slug="back-spasms").update(status=Condition.Status.DRAFT)
    condition = Condition.objects.get(slug="back-spasms")
    public = browser.new_context().new_page()
    response = public.goto(live_server.url + "/conditions/back-spasms/")
    assert response.status == 404
    staff = browser.new_context().new_page()
    sign_in(staff, live_server.url)
    staff.goto(live_server.url + reverse("admin:conditions_condition_change", args=[condition.pk]))
    staff.get_by_role("link", name="Preview this page as patients will see it").click()
    expect(staff.get_by_role("status")).to_contain_text("This page is a draft")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Back Spasms")


def test_a_page_reloaded_keeps_its_stylesheet_and_images(live_server, seeded, desktop):
    """A reload is answered 304, whose headers the browser merges into the page it holds: a
    304 carrying a stricter policy than the page's once left reloaded pages unstyled."""
    blocked, loads = [], []
    desktop.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    desktop.on("requestfinished", lambda r: loads.append(r) if r.url.endswith("/back-spasms/") else None)
    desktop.goto(live_server.url + "/conditions/back-spasms/")
    styled = desktop.evaluate("getComputedStyle(document.body).fontFamily")
    desktop.reload()
    desktop.reload()
    # Each reload asked If-None-Match with the page's ETag, which the site answers 304.
    etag = loads[0].response().all_headers()["etag"]
    assert [load.all_headers().get("if-none-match") for load in loads[1:]] == [etag, etag]
    assert desktop.evaluate("getComputedStyle(document.body).fontFamily") == styled != '"Times New Roman"'
    assert desktop.evaluate("document.querySelector('header img').naturalWidth") > 0
    assert blocked == []
