"""Every response carries the security headers: pages, static files (served by whitenoise
before any view) and the favicon alike, through the test client and through gunicorn."""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests import live

pytestmark = pytest.mark.django_db

NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
NOT_PAGES = ["/static/css/site.css", "/static/admin/css/base.css", "/favicon.ico", "/robots.txt"]


def get(client, path: str, **headers):
    """A response read whole (whitenoise streams files: an unread one leaves its file open)."""
    response = client.get(path, **headers)
    if response.streaming:
        b"".join(response.streaming_content)
    response.close()
    return response


def assert_the_shared_headers(headers) -> None:
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", NOT_PAGES)
def test_static_files_the_favicon_and_robots_get_a_policy_that_allows_nothing(client, path):
    response = get(client, path)
    assert response.status_code == 200, path
    assert response["Content-Security-Policy"] == NOTHING
    assert_the_shared_headers(response)


def test_a_static_file_not_modified_still_carries_them(client):
    first = get(client, "/static/css/site.css")
    again = get(client, "/static/css/site.css", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == NOTHING
    assert_the_shared_headers(again)


def test_a_304_for_what_is_not_a_page_keeps_the_policy_that_allows_nothing(client):
    """A browser merges a 304's headers into what it holds: robots.txt's 304 (Django's
    ConditionalGetMiddleware) must not bring it the pages' policy."""
    first = get(client, "/robots.txt")
    again = get(client, "/robots.txt", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == NOTHING
    assert_the_shared_headers(again)


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/admin/login/"])
def test_pages_keep_their_own_policy_and_get_the_rest(client, seeded, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert_the_shared_headers(response)


def test_a_refused_request_carries_them_too(client):
    response = client.get("/conditions/?q=%00")
    assert response.status_code == 400
    assert_the_shared_headers(response)


@pytest.fixture(scope="module")
def gunicorn():
    """The site under gunicorn in production mode on a SQLite database of its own."""
    folder = Path(tempfile.mkdtemp(prefix="clinic-headers-"))
    env = live.production_env(DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}")
    try:
        live.manage(env, "migrate", "--noinput", "-v0")
        with live.gunicorn(env, folder / "gunicorn.log", ready="/favicon.ico") as site:
            yield site
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("path", NOT_PAGES)
def test_over_gunicorn_static_files_and_the_favicon_carry_them(gunicorn, path):
    response = gunicorn.get(path)
    assert response.status == 200, path
    assert response.headers["Content-Security-Policy"] == NOTHING
    assert_the_shared_headers(response.headers)


def test_over_gunicorn_a_page_carries_them(gunicorn):
    response = gunicorn.get("/admin/login/")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert_the_shared_headers(response.headers)
