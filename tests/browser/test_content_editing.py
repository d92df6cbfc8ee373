"""A content editor on a 1280 px laptop: a new condition, three symptoms, no order numbers; History compares."""

import re

import pytest
from django.contrib.auth.models import Group

from clinic_site.groups import CONTENT_EDITORS
from conditions.seed import seed_conditions
from locations.seed import seed_locations
from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def sign_in_editor(page, live_server, django_user_model):
    from conditions.migrations import __path__  # noqa: F401  (the group comes from a migration)

    editor = django_user_model.objects.create_user("casey", password=PASSWORD, is_staff=True)
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    if not group.permissions.exists():
        from django.contrib.auth.models import Permission

        group.permissions.set(Permission.objects.filter(content_type__app_label="conditions"))
    editor.groups.add(group)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return editor


def test_a_content_editor_creates_a_condition_with_three_symptoms_in_entry_order(
    live_server, transactional_db, laptop, django_user_model, shots
):
    seed_locations()
    seed_conditions()
    page = laptop
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in_editor(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/conditions/condition/add/")
    page.get_by_label("Title").fill("Tennis Elbow")
    page.get_by_label("Summary").fill("Pain on the outside of the elbow from overuse.")
    overview = page.locator("#sections-0")
    overview.get_by_label("Body").fill("Tennis elbow is an overuse injury of the forearm muscles.")
    for index, text in enumerate(["Pain when gripping", "Weak grip", "Morning stiffness"]):
        page.locator("#symptoms-group .add-row a").click()
        page.locator(f"#id_symptoms-{index}-text").fill(text)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("Tennis Elbow saved.").wait_for()
    assert problems == []  # nothing broke the Content Security Policy
    page.get_by_role("link", name=re.compile("Preview this page")).click()
    items = page.locator("li").filter(has_text=re.compile("Pain when gripping|Weak grip|Morning stiffness"))
    assert items.all_inner_texts() == ["Pain when gripping", "Weak grip", "Morning stiffness"]


def test_history_compares_two_versions_side_by_side(live_server, transactional_db, laptop, django_user_model, shots):
    from conditions.models import Condition

    seed_locations()
    seed_conditions()
    page = laptop
    sign_in_editor(page, live_server, django_user_model)
    back_spasms = Condition.objects.get(slug="back-spasms")
    page.goto(f"{live_server.url}/admin/conditions/condition/{back_spasms.pk}/change/")
    page.get_by_label("Summary").fill("A shorter summary.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="History").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Compare the two versions").click()
    page.wait_for_url(re.compile(r"/history/compare/"))
    assert page.locator(".version-compare__changed").filter(has_text="A shorter summary.").count() == 1
    page.screenshot(path=str(shots / "history-compare-1280.png"), full_page=True)
    assert axe_violations(page) == []


def test_the_admin_home_for_each_group(live_server, transactional_db, browser, django_user_model, shots):
    """Front desk: the queue's counts; content editors: the pages due for review. Both pass axe at 1280 px."""
    import datetime

    from django.utils import timezone

    from conditions.models import Condition
    from locations.models import Location
    from tests.browser.intake_helpers import sign_in_front_desk
    from tests.intake.conftest import ensure_intake_data
    from tests.intake.factories import make_submission

    seed_locations()
    seed_conditions()
    ensure_intake_data()
    make_submission(Location.objects.get(slug="chatham"))
    Condition.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=10))
    for group, sign_in in (("front-desk", sign_in_front_desk), ("content-editor", sign_in_editor)):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sign_in(page, live_server, django_user_model)
        page.goto(f"{live_server.url}/admin/")
        text = page.locator("#content").inner_text()
        if group == "front-desk":
            assert "Front desk: waiting submissions" in text and "review due" not in text
        else:
            assert (
                "Condition pages: review due" in text and "Back Spasms" in text and "waiting submissions" not in text
            )
        page.screenshot(path=str(shots / f"admin-home-{group}-1280.png"), full_page=True)
        assert axe_violations(page) == [], group
        context.close()


def test_the_conditions_list_fits_1280_pixels(live_server, transactional_db, laptop, django_user_model, shots):
    seed_locations()
    seed_conditions()
    page = laptop
    sign_in_editor(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/conditions/condition/")
    assert page.locator("#nav-sidebar").is_visible()
    headers = page.locator("#result_list thead th")
    # within the page and not clipped by the list's own scrolling box
    visible = page.locator("#changelist .results").bounding_box()
    right = min(1280, visible["x"] + visible["width"])
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= right + 0.5, headers.nth(index).inner_text()
    page.screenshot(path=str(shots / "conditions-list-1280.png"), full_page=True)
    assert axe_violations(page) == []
