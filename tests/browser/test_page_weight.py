"""What a first visit costs a phone, counted in bytes over the wire by Chromium itself: every
public page's HTML at most 15 KB gzipped and all of it (HTML, stylesheet, logo, favicon,
script) at most 40 KB as sent, with the site in production mode (gunicorn, `collectstatic`,
WhiteNoise); and the next page downloads no stylesheet again.

The three forms carry a CSRF token, so they are sent uncompressed (BREACH): their HTML is
counted gzipped for the 15 KB, and as sent (25 to 27 KB) in the 40."""

import gzip
import shutil
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests import live

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=back",
    "/conditions/back-spasms/",
    "/locations/",
    "/locations/darien/",
    "/new-patients/",
    "/follow-up/",
    "/self-pay/",
    "/privacy-practices/",
]
HTML_BYTES = 15_000
FIRST_VISIT_BYTES = 40_000
FORMS = {"/new-patients/", "/follow-up/", "/self-pay/"}


@pytest.fixture(scope="module")
def site():
    folder = Path(tempfile.mkdtemp(prefix="clinic-weight-"))
    env = live.production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", LIVE_STATIC_ROOT=str(folder / "static")
    )
    try:
        live.manage(env, "collectstatic", "--noinput", "-v0")
        live.manage(env, "migrate", "--noinput", "-v0")
        live.manage(env, "seed_content")
        with live.gunicorn(env, folder / "gunicorn.log") as served:
            yield f"http://127.0.0.1:{served.port}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class WireCounter:
    """Bytes each response took over the wire (headers and body as sent, after compression),
    by URL, from the Chrome DevTools protocol; a response from the browser's cache takes none."""

    def __init__(self, page) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.headers: dict[str, dict[str, str]] = {}
        session = page.context.new_cdp_session(page)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")

    def _received(self, event: dict) -> None:
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        self.headers[response["url"]] = {name.lower(): value for name, value in response["headers"].items()}

    def _finished(self, event: dict) -> None:
        url = self.urls.get(event["requestId"])
        if url is not None:
            self.bytes[url] = self.bytes.get(url, 0) + int(event["encodedDataLength"])

    def visit(self, page, url: str) -> dict[str, int]:
        self.urls.clear()
        self.bytes.clear()
        self.headers.clear()
        page.goto(url, wait_until="networkidle")
        return dict(self.bytes)


@pytest.mark.parametrize("path", PAGES)
def test_a_first_visit_is_at_most_40_kb_and_the_next_page_downloads_no_stylesheet(browser, site, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    counter = WireCounter(page)
    try:
        first = counter.visit(page, site + path)
        if path in FORMS:
            assert "content-encoding" not in counter.headers[site + path]  # it carries a CSRF token
            with urllib.request.urlopen(site + path) as answer:  # noqa: S310 (the test's own server)
                html = len(gzip.compress(answer.read()))
        else:
            assert counter.headers[site + path]["content-encoding"] == "gzip"
            html = first[site + path]
        assert html <= HTML_BYTES, (path, html)
        assert sum(first.values()) <= FIRST_VISIT_BYTES, (path, first)
        stylesheets = [url for url in first if url.endswith(".css")]
        assert len(stylesheets) == 1 and first[stylesheets[0]] > 1_000, first  # it was fetched, gzipped
        assert "immutable" in counter.headers[stylesheets[0]]["cache-control"]  # kept for good, not a minute

        following = counter.visit(page, site + ("/conditions/" if path == "/" else "/"))
        assert following, "the next page was counted"
        assert not [url for url, size in following.items() if url.endswith(".css") and size > 0], following
    finally:
        context.close()
