"""The page cache: ETags answered before any page is fetched, compression kept in the cache,
bounded search, and a cache that is the site's own."""

import gzip
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone

from clinic_site.models import ContentVersion
from clinic_site.page_cache import SEARCH_SLOTS, VERSION_KEY
from conditions.models import Condition, Symptom
from tests.checks import ROOT, require
from tests.locations.factories import eastern

pytestmark = pytest.mark.django_db

PAGE = "/conditions/back-spasms/"


def test_a_matching_etag_is_answered_304_before_the_page_is_fetched_or_built(
    client, seeded, django_assert_num_queries, version_queries, cache_keys
):
    etag = client.get(PAGE)["ETag"]
    cache_keys.clear()
    with django_assert_num_queries(version_queries):  # nothing built
        response = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag and "no-cache" in response["Cache-Control"]
    assert not [key for key, _ in cache_keys if key.startswith("page:")]  # nothing fetched


def test_a_304_is_never_served_for_a_changed_page(client, seeded):
    etag = client.get(PAGE)["ETag"]
    symptom = Symptom.objects.get(condition__slug="back-spasms", position=1)
    symptom.text = "Sudden, stabbing pain in the lower back"
    symptom.save()
    response = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Sudden, stabbing pain in the lower back" in response.content.decode()
    assert response["ETag"] != etag


def test_a_304_is_never_served_once_a_scheduled_page_goes_live(client, seeded):
    go_live = timezone.now() + timedelta(hours=1)
    Condition.objects.create(
        title="Frozen Shoulder", slug="frozen", summary="s", status="published", published_at=go_live
    )
    etag = client.get("/conditions/")["ETag"]
    assert client.get("/conditions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(go_live + timedelta(seconds=1)):
        response = client.get("/conditions/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Frozen Shoulder" in response.content.decode()


def test_pages_are_compressed_once_and_kept_compressed(client, seeded, django_assert_num_queries, version_queries):
    plain = client.get(PAGE)
    packed = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    with django_assert_num_queries(version_queries):  # from the cache, already compressed
        again = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and again.content == packed.content
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    assert plain["ETag"] != packed["ETag"]
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200  # not the plain one's
    assert client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip;q=0").content == plain.content


@pytest.mark.parametrize("url", ["/new-patients/", "/follow-up/", "/self-pay/"])
def test_pages_carrying_a_csrf_token_are_neither_cached_nor_compressed(client, seeded, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_cdn_may_serve_a_page_while_it_revalidates_but_never_past_open_now(client, seeded):
    # Every page shows "open now" (the footer's call list): hours from the next opening or closing,
    # a CDN may answer from its copy for 30 seconds while it revalidates; browsers revalidate first.
    with time_machine.travel(eastern(2027, 3, 3, 10, 0), tick=False):
        for url in (PAGE, "/locations/"):
            response = client.get(url)
            assert response["Cache-Control"] == "public, no-cache"
            assert response["CDN-Cache-Control"] == "max-age=0, stale-while-revalidate=30"
    # Ten seconds before Darien closes, the window ends at the closing; at it, there is none.
    with time_machine.travel(eastern(2027, 3, 3, 18, 59, 50), tick=False):
        assert client.get("/locations/")["CDN-Cache-Control"] == "max-age=0, stale-while-revalidate=10"
    with time_machine.travel(eastern(2027, 3, 3, 18, 59, 59, 500000), tick=False):
        assert "CDN-Cache-Control" not in client.get("/locations/")


def test_what_search_can_put_in_the_cache_is_bounded(client, seeded, cache_keys):
    for n in range(3 * SEARCH_SLOTS):
        assert client.get("/conditions/", {"q": f"made up {n}"}).status_code == 200
    pages = {key for key, _ in cache_keys if key.startswith("page:")}
    assert len(pages) <= 2 * SEARCH_SLOTS  # each slot as built and gzipped
    # A slot two searches share never answers one with the other's page.
    for n in range(3 * SEARCH_SLOTS):
        assert f"“made up {n}”" in client.get("/conditions/", {"q": f"made up {n}"}).content.decode()


# --- The site's own cache ----------------------------------------------------------------------


def redis_location() -> str:
    url = os.environ.get("CACHE_URL", "")
    location = url.split("?")[0] if url.startswith("redis://") else "redis://127.0.0.1:6379/15"
    import redis

    try:
        redis.Redis.from_url(location, socket_timeout=1).ping()
    except redis.RedisError:
        require(False, f"no Redis at {location}: apt-get install redis-server")
    return location


def test_two_sites_on_one_redis_database_never_read_each_others_pages(client, seeded, settings):
    location = redis_location()
    site = {"BACKEND": "clinic_site.cache.RedisCache", "LOCATION": location}
    settings.CACHES = {"default": {**site, "KEY_PREFIX": "site-a"}}
    from django.core.cache import cache

    cache.clear()
    assert "Sudden, sharp pain in the back" in client.get(PAGE).content.decode()  # site A caches it
    # Changed with no signal, so neither site's content version moves.
    Symptom.objects.filter(condition__slug="back-spasms", position=1).update(text="Site B's own words")
    assert "Sudden, sharp pain in the back" in client.get(PAGE).content.decode()  # A: its cached copy
    settings.CACHES = {"default": {**site, "KEY_PREFIX": "site-b"}}
    assert "Site B's own words" in client.get(PAGE).content.decode()  # B: never A's copy
    cache.clear()


@pytest.mark.parametrize(
    ("cache_url", "site_url", "prefix"),
    [
        ("redis://127.0.0.1:6379/1?key_prefix=clinic-a", "https://a.example", "clinic-a"),
        ("redis://127.0.0.1:6379/1", "https://www.clinic.example", "www.clinic.example"),
        ("locmemcache://", "https://other.example:8443", "other.example:8443"),
    ],
)
def test_cache_keys_carry_the_prefix_in_cache_url_else_the_sites_host(cache_url, site_url, prefix):
    env = {
        **os.environ,
        "CACHE_URL": cache_url,
        "SITE_URL": site_url,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
    }
    env.pop("CACHE_KEY_PREFIX", None)
    code = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == prefix


# --- The sitemap -------------------------------------------------------------------------------


def test_the_sitemap_is_cached_under_the_content_version(client, seeded, django_assert_num_queries, version_queries):
    first = client.get("/sitemap.xml")
    with django_assert_num_queries(version_queries):
        assert client.get("/sitemap.xml").content == first.content
    Condition.objects.create(title="Sciatica", slug="sciatica", summary="s", status="published")
    assert "/conditions/sciatica/</loc>" in client.get("/sitemap.xml").content.decode()


def test_past_1000_urls_the_sitemap_is_an_index_of_sitemaps_of_1000(client, seeded):
    Condition.objects.bulk_create(
        Condition(title=f"Condition {i:04}", slug=f"condition-{i}", summary="s", status="published")
        for i in range(1500)
    )
    index = client.get("/sitemap.xml")
    xml = index.content.decode()
    assert index["Content-Type"] == "application/xml" and "<sitemapindex" in xml
    for loc in ("sitemap-pages.xml", "sitemap-conditions.xml", "sitemap-conditions.xml?p=2", "sitemap-notices.xml"):
        assert f"<loc>https://www.clinic.example/{loc}</loc>" in xml
    first = client.get("/sitemap-conditions.xml").content.decode()
    second = client.get("/sitemap-conditions.xml", {"p": "2"}).content.decode()
    assert first.count("<url>") == 1000 and second.count("<url>") == 501
    assert "<loc>https://www.clinic.example/conditions/back-spasms/</loc>" in first + second
    assert client.get("/sitemap-nowhere.xml").status_code == 404


def test_the_redis_cache_keeps_one_client_instead_of_one_a_call(settings):
    settings.CACHES = {"default": {"BACKEND": "clinic_site.cache.RedisCache", "LOCATION": redis_location()}}
    from django.core.cache import cache

    assert cache.get_many(["a", "b"]) == {}
    assert cache._cache.get_client() is cache._cache.get_client("any key")


def _client_id(connection) -> int:
    connection.send_command("CLIENT", "ID")
    return connection.read_response()


def test_a_warm_read_answers_after_redis_closes_its_connection(settings):
    """A warm page's read goes on a connection the thread keeps (clinic_site.cache); when Redis
    has closed it (restarted, or a timeout of its own), the next read makes it again."""
    import redis

    location = redis_location()
    settings.CACHES = {"default": {"BACKEND": "clinic_site.cache.RedisCache", "LOCATION": location}}
    from django.core.cache import cache

    cache.set_many({"version": ("12", 0.0), "page": b"<html>"})
    assert cache.get_many(["version", "page", "missing"]) == {"version": ("12", 0.0), "page": b"<html>"}
    kept = cache._cache._threads.copies.connection
    first = _client_id(kept)
    assert redis.Redis.from_url(location).client_kill_filter(_id=first) == 1

    assert cache.get_many(["version", "page"]) == {"version": ("12", 0.0), "page": b"<html>"}
    assert _client_id(kept) != first  # the same connection, made again


@pytest.mark.django_db(transaction=True)  # a save outside a test's transaction, as on a server
def test_a_warm_read_is_answered_from_memory_until_redis_says_it_changed(settings):
    """The thread's connection tracks what it read (clinic_site.cache): a second read of the same
    keys sends nothing to Redis, and a save made through another connection, as another app
    server would make it, is seen on the very next read."""
    settings.CACHES = {"default": {"BACKEND": "clinic_site.cache.RedisCache", "LOCATION": redis_location()}}
    from django.core.cache import cache

    keys = [VERSION_KEY, "page"]
    ContentVersion.bump()
    cache.set("page", b"<html>")
    assert cache.get_many(keys) == {VERSION_KEY: (str(ContentVersion.current().number), 0.0), "page": b"<html>"}
    connection = cache._cache._threads.copies.connection
    with mock.patch.object(connection, "send_command", wraps=connection.send_command) as sent:
        for _ in range(3):
            assert cache.get_many(keys)["page"] == b"<html>"
        assert sent.call_count == 0
        ContentVersion.bump()  # published on the pool's connection, as a save on another server
        assert cache.get_many(keys)[VERSION_KEY][0] == str(ContentVersion.current().number)
        assert sent.call_count == 1  # read again
        cache.clear()
        assert cache.get_many(keys) == {} and sent.call_count == 2
    cache.set("page", b"<html>")
    cache.get_many(["page"])
    with (
        mock.patch("clinic_site.cache.LOCAL_SECONDS", -1),  # kept too long: read again
        mock.patch.object(connection, "send_command", wraps=connection.send_command) as sent,
    ):
        assert cache.get_many(["page"]) == {"page": b"<html>"} and sent.call_count == 1


def test_a_redis_that_refuses_tracking_is_read_every_time(settings):
    """Client tracking refused (here by an ACL, as a proxy might): every read goes to Redis."""
    import redis

    location = redis_location()
    own = redis.Redis.from_url(location)
    user = f"clinic-test-{secrets.token_hex(4)}"
    own.acl_setuser(user, enabled=True, nopass=True, keys=["*"], commands=["+@all", "-client|tracking"])
    try:
        parts = urlsplit(location)
        settings.CACHES = {
            "default": {
                "BACKEND": "clinic_site.cache.RedisCache",
                "LOCATION": parts._replace(netloc=f"{user}@{parts.hostname}:{parts.port or 6379}").geturl(),
            }
        }
        from django.core.cache import cache

        cache.set("version", ("12", 0.0))
        assert cache.get_many(["version"]) == {"version": ("12", 0.0)}
        connection = cache._cache._threads.copies.connection
        with mock.patch.object(connection, "send_command", wraps=connection.send_command) as sent:
            assert cache.get_many(["version"]) == {"version": ("12", 0.0)}
            cache.set("version", ("13", 0.0))
            assert cache.get_many(["version"]) == {"version": ("13", 0.0)}
            assert sent.call_count == 2
    finally:
        own.acl_deluser(user)


# Every way a public page is kept: plain, with a canonical query, a search slot, "open now".
KEPT_PAGES = [
    "/",
    "/conditions/",
    "/conditions/?letter=B",
    "/conditions/?q=back",
    PAGE,
    "/locations/",
    "/locations/darien/",
    "/privacy-practices/",
    "/sitemap.xml",
    "/sitemap-conditions.xml",  # with Last-Modified
]


def _headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name != "Date"}


@pytest.mark.parametrize("encoding", ["gzip", ""])
@pytest.mark.parametrize("url", KEPT_PAGES)
def test_a_kept_page_is_answered_before_the_rest_of_the_middleware_exactly_as_built(
    client, seeded, url, encoding, django_assert_num_queries, version_queries
):
    built = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert built.status_code == 200 and hasattr(built.wsgi_request, "session")
    with django_assert_num_queries(version_queries):
        kept = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    # Answered by ServeKeptPagesMiddleware: the session, sign-in and CSRF middleware never ran.
    assert not hasattr(kept.wsgi_request, "session") and not hasattr(kept.wsgi_request, "user")
    assert kept.status_code == 200 and kept.content == built.content
    assert _headers(kept) == _headers(built)
    assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} <= set(
        kept.headers
    )
    revalidated = client.get(url, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=kept["ETag"])
    assert revalidated.status_code == 304 and not hasattr(revalidated.wsgi_request, "session")
    if kept["Content-Type"].startswith("text/html"):  # a browser merges a 304's policy into the page
        assert revalidated["Content-Security-Policy"] == kept["Content-Security-Policy"]


def test_a_kept_page_is_refused_to_a_host_the_site_does_not_serve(client, seeded, settings):
    assert client.get(PAGE).status_code == 200
    response = client.get(PAGE, HTTP_HOST="clinic.evil.example")
    assert response.status_code == 400 and b"Back Spasms" not in response.content


def test_a_kept_page_is_answered_to_signed_in_staff_as_to_anyone(admin_client, client, seeded):
    built = client.get(PAGE)
    kept = admin_client.get(PAGE)  # with a session cookie
    assert kept.content == built.content and not hasattr(kept.wsgi_request, "session")


def test_a_kept_page_revalidated_by_date_alone_is_answered_by_django(client, seeded):
    """The sitemap's sections carry Last-Modified: a client that sends only If-Modified-Since
    goes the long way, where ConditionalGetMiddleware answers it 304."""
    built = client.get("/sitemap-conditions.xml")
    response = client.get("/sitemap-conditions.xml", HTTP_IF_MODIFIED_SINCE=built["Last-Modified"])
    assert response.status_code == 304 and hasattr(response.wsgi_request, "session")
