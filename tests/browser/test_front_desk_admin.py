"""The front desk's day on a 1280 px laptop: the queue fits, changes say what changed, the card viewer."""

import datetime
import re

import pytest
from django.utils import timezone

from intake.models import AuditEvent, CardImage, Submission
from locations.models import Location
from locations.seed import seed_locations
from tests.browser.intake_helpers import sign_in_front_desk
from tests.checks import axe_violations
from tests.intake.conftest import ensure_intake_data
from tests.intake.factories import make_follow_up, make_self_pay, make_submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def queue(transactional_db):
    """Three waiting submissions, the oldest received two days ago, and a closed one older still."""
    seed_locations()
    ensure_intake_data()
    location = Location.objects.get(slug="chatham")
    oldest = make_submission(location, first_name="Olga", last_name="Oldest-Waiting")
    make_follow_up(location)
    make_self_pay(location)
    closed = make_submission(location, first_name="Carl", last_name="Closed")
    closed.status = Submission.Status.CLOSED
    closed.save()
    now = timezone.now()
    Submission.objects.filter(pk=oldest.pk).update(received_at=now - datetime.timedelta(days=2))
    Submission.objects.filter(pk=closed.pk).update(received_at=now - datetime.timedelta(days=9))
    return oldest


def test_the_queue_fits_1280_pixels_and_lists_the_oldest_waiting_first(
    live_server, queue, laptop, django_user_model, shots
):
    page = laptop
    sign_in_front_desk(page, live_server, django_user_model)
    page.get_by_role("link", name="Submissions").first.click()
    page.wait_for_url(re.compile(r"\?view=todo"))
    assert page.locator("#nav-sidebar").is_visible()  # the sidebar is open
    headers = page.locator("#result_list thead th")
    assert headers.count() == 6  # the checkbox and five columns
    # within the page and not clipped by the list's own scrolling box
    visible = page.locator("#changelist .results").bounding_box()
    right = min(1280, visible["x"] + visible["width"])
    for index in range(headers.count()):
        box = headers.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= right + 0.5, headers.nth(index).inner_text()
    first = page.locator("#result_list tbody tr").first
    assert queue.reference in first.inner_text() and "Oldest-Waiting" in first.inner_text()
    assert "Closed" not in page.locator("#result_list").inner_text()
    page.screenshot(path=str(shots / "queue-1280.png"), full_page=True)
    assert axe_violations(page) == []
    page.locator("#changelist-filter").get_by_role("link", name="All", exact=True).first.click()  # views first
    page.wait_for_url(re.compile(r"\?view=all"))
    assert "Closed" in page.locator("#result_list").inner_text()


def test_a_status_change_says_what_changed_in_history_and_the_audit_log(
    live_server, queue, laptop, django_user_model, shots
):
    page = laptop
    sign_in_front_desk(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/intake/submission/{queue.pk}/change/")
    page.screenshot(path=str(shots / "submission-1280.png"), full_page=True)
    assert axe_violations(page) == []
    page.get_by_label("Status").select_option(label="Verifying benefits")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text(f"{queue.reference} saved.").wait_for()
    page.get_by_role("link", name="History").click()
    assert page.get_by_text("Status: New → Verifying benefits").is_visible()
    page.goto(f"{live_server.url}/admin/intake/auditevent/")
    row = page.locator("#result_list tbody tr").filter(has_text="Changed the status").first
    assert "Status: New → Verifying benefits" in row.inner_text()
    row.get_by_role("link", name=queue.reference).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{queue.pk}/change/"))
    assert AuditEvent.objects.filter(action="change_status").count() == 1


def test_the_card_viewer_opens_from_the_submission_and_returns_to_it(
    live_server, queue, laptop, django_user_model, shots
):
    page = laptop
    sign_in_front_desk(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/intake/submission/{queue.pk}/change/")
    page.get_by_role("img", name=re.compile("Front of the primary")).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{queue.pk}/cards/"))
    front, back = page.locator(".card-viewer__card img").all()
    assert front.bounding_box()["y"] == back.bounding_box()["y"]  # side by side
    front_card = page.locator(".card-viewer__card").first
    front_card.get_by_role("radio", name="90°", exact=True).check()
    page.wait_for_timeout(300)  # the quarter turn's short transition
    page.screenshot(path=str(shots / "card-viewer-1280.png"), full_page=True)
    assert axe_violations(page) == []
    turned = front.bounding_box()
    assert turned["height"] > turned["width"]  # the wide card now stands on its side, for viewing only
    front_card.get_by_role("radio", name="0°", exact=True).check()
    front_card.get_by_role("radio", name="100 %").check()
    page.wait_for_timeout(300)  # the turn back's transition
    stored = CardImage.objects.get(policy__submission=queue, policy__rank="primary", side="front")
    assert front.bounding_box()["width"] == stored.width  # the photo at its own size, to scroll around
    page.locator(".breadcrumbs").get_by_role("link", name=queue.reference).click()
    page.wait_for_url(re.compile(rf"/admin/intake/submission/{queue.pk}/change/"))


def test_the_print_view_fits_a_letter_page(live_server, queue, laptop, django_user_model, shots):
    page = laptop
    sign_in_front_desk(page, live_server, django_user_model)
    page.goto(f"{live_server.url}/admin/intake/submission/{queue.pk}/print/")
    page.screenshot(path=str(shots / "print-view-1280.png"), full_page=True)
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one page per submission
