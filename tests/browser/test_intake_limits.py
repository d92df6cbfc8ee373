"""In Chromium: the bot checks are invisible to people; a person over a limit is asked to call with
what they typed kept; a form sent again with a change is offered as a correction."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from intake.models import Note
from locations.models import Location
from tests.browser.test_follow_up_self_pay import fill_follow_up, site  # noqa: F401 - the fixture
from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_after_a_while(page, button: str) -> None:
    """Send the form as a person would: some time after it was shown."""
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_hidden_box_is_never_seen_nor_reached_with_tab(live_server, site, request, viewport):  # noqa: F811
    page = request.getfixturevalue(viewport)
    for url in ("/new-patients/", "/follow-up/", "/self-pay/"):
        page.goto(live_server.url + url)
        assert page.locator("input[name=homepage]").is_hidden()
        assert not page.get_by_text("Leave this box empty").is_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.name") != "homepage"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_person_over_the_limit_is_asked_to_call_and_keeps_what_they_typed(
    live_server,
    site,  # noqa: F811
    request,
    viewport,
    settings,
    shots,
):
    settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR = 0
    page = request.getfixturevalue(viewport)
    page.goto(live_server.url + "/follow-up/")
    fill_follow_up(page)
    send_after_a_while(page, "Ask us to call me")
    assert page.get_by_role("heading", name="We could not take this form online just now").is_visible()
    darien = Location.objects.get(slug="darien")
    assert page.get_by_role("alert").get_by_role("link", name=darien.phone_display).get_attribute("href") == (
        darien.phone_href
    )
    assert page.get_by_label("First name").input_value() == "James"
    assert page.get_by_label(re.compile("^Anything we should know")).input_value() == "The knee is sore again"
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"follow-up-too-many-{viewport}.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_change_after_back_is_offered_and_sent_as_a_correction(
    live_server,
    site,  # noqa: F811
    request,
    viewport,
    shots,
):
    page = request.getfixturevalue(viewport)
    page.goto(live_server.url + "/follow-up/")
    fill_follow_up(page)
    hidden = {name: page.locator(f"input[name={name}]").input_value() for name in ("form_token", "started")}
    send_after_a_while(page, "Ask us to call me")
    page.wait_for_url(re.compile(r"/follow-up/received/$"))
    reference = page.locator(".receipt__reference").inner_text().strip()
    page.go_back()
    assert page.get_by_label("First name").input_value() == "James"  # Chromium puts back what was typed
    # Firefox and Safari put back the hidden fields too, so the form carries its first token again;
    # Chromium gives a fresh page its own: do here what those browsers do.
    for name, value in hidden.items():
        page.locator(f"input[name={name}]").evaluate("(input, value) => { input.value = value; }", value)
    page.get_by_label("Phone number", exact=True).fill("973-555-0199")
    # A box marked autocomplete="off" comes back empty: the patient types it again.
    page.get_by_label("Which days and times suit you?").fill("Weekday mornings")
    send_after_a_while(page, "Ask us to call me")
    assert page.get_by_role("heading", level=1).inner_text() == "We already have your form"
    assert reference in page.content()
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / f"correction-offer-{viewport}.png"), full_page=True)
    page.get_by_role("button", name="Send this change as a correction").click()
    page.wait_for_url(re.compile(r"/follow-up/received/$"))
    assert "We added the changes you sent to it as a correction" in page.content()
    assert "+19735550199" in Note.objects.get().text
    page.screenshot(path=str(shots / f"correction-sent-{viewport}.png"), full_page=True)
