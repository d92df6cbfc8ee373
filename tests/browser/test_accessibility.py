"""Every public page: zero axe violations (WCAG 2.1 A and AA) at phone and desktop widths."""

import pytest

from tests.checks import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=spasm",
    "/conditions/back-spasms/",
    "/locations/",
    "/locations/manhattan/",
    "/locations/chatham/",
    "/locations/wharton/",
    "/locations/darien/",
    "/new-patients/",
    "/follow-up/",
    "/self-pay/",
    "/no-such-page/",
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_have_no_accessibility_violations(live_server, seeded, request, viewport):
    page = request.getfixturevalue(viewport)
    found = {}
    for url in PUBLIC_PAGES:
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}
