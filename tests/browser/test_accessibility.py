"""Every public page: zero axe violations (WCAG 2.1 A and AA) at phone and desktop widths."""

import pytest

from tests.checks import PUBLIC_PAGES, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_have_no_accessibility_violations(live_server, seeded, request, viewport):
    page = request.getfixturevalue(viewport)
    found = {}
    for url in PUBLIC_PAGES:
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[url] = violations
    assert found == {}


def test_no_request_leaves_for_another_origin_and_nothing_breaks_the_policy(live_server, seeded, desktop):
    """Health browsing stays private: every request a page makes goes to the site itself."""
    requested, problems = [], []
    desktop.on("request", lambda r: requested.append(r.url))
    desktop.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    desktop.on("pageerror", lambda e: problems.append(str(e)))
    for url in PUBLIC_PAGES:
        desktop.goto(live_server.url + url)
    elsewhere = [u for u in requested if not u.startswith((live_server.url + "/", "data:"))]
    assert len(requested) > len(PUBLIC_PAGES)  # pages and their stylesheet and images
    assert elsewhere == []
    # A Content-Security-Policy violation is reported on the console; the 404 page's own status too.
    assert [p for p in problems if "404" not in p] == []
