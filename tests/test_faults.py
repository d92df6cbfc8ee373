"""Faults against real servers on 127.0.0.1: gunicorn serving the site in production mode on a
PostgreSQL and a Redis of this module's own (free ports, never the machine's shared ones),
then the database stopped and started under it, and the cache stopped.

Needs PostgreSQL's server binaries and redis-server (Debian's `postgresql` and `redis-server`
packages); without them these tests skip, or fail under REQUIRE_ALL_CHECKS as in CI. Every
request is bounded by a timeout and the module stops what it started.
"""

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.live import csrf_token, gunicorn, manage, postgres_and_redis, production_env, wait_for

WORKERS = 2
# Public pages and forms a visitor may open; each must answer 503 while the database is down.
PAGES = ["/", "/conditions/", "/conditions/back-spasms/", "/locations/", "/new-patients/", "/follow-up/", "/self-pay/"]
# Of those, the ones in the page cache once read (/locations/ too, until "open now" next changes)
# and the forms, built on every request.
# The empty forms' pages are kept too (intake.form_pages): served while the database is down;
# sending one answers 503.
CACHED_PAGES = ["/", "/conditions/", "/conditions/back-spasms/", "/new-patients/", "/self-pay/"]
# How soon pages must answer again once the database accepts connections (seconds).
RECOVERY_LIMIT = 3.0


@pytest.fixture(scope="module")
def services():
    folder = Path(tempfile.mkdtemp(prefix="clinic-faults-"))
    try:
        with postgres_and_redis(folder) as (postgres, redis):
            env = production_env(DATABASE_URL=postgres.url, CACHE_URL=redis.url, WEB_CONCURRENCY=str(WORKERS))
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "seed_content")
            with gunicorn(env, folder / "gunicorn.log") as site:
                yield site, postgres, redis
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_with_the_database_stopped_pages_answer_503_and_recover_when_it_starts(services):
    site, postgres, _ = services
    for path in PAGES:
        assert site.get(path).status == 200, path
    token = csrf_token(site.get("/follow-up/"))

    postgres.stop()
    try:
        for _ in range(WORKERS):  # each worker finds its kept connection dead
            for path in CACHED_PAGES:  # Redis holds them and the content version: no database needed
                assert site.get(path).status == 200, path
            for path in ["/conditions/no-such-condition/", "/no-such-page/"]:
                response = site.get(path)
                assert response.status == 503, path
                assert response.headers["Retry-After"] == "30", path
                assert "Sorry, the site is down for maintenance" in response.text, path
                assert "Traceback" not in response.text, path
        submitted = site.request("POST", "/follow-up/", {"csrfmiddlewaretoken": token, "first_name": "Ana"})
        assert submitted.status == 503
        signing_in = {"csrfmiddlewaretoken": token, "username": "someone", "password": "a password"}
        assert site.request("POST", "/admin/login/", signing_in).status == 503
        health = site.get("/health/")
        assert health.status == 503
        assert '"status": "unavailable"' in health.text
    finally:
        postgres.start()

    recovered = wait_for(lambda: all(site.answers(path, 200) for path in PAGES), RECOVERY_LIMIT, "pages recovering")
    print(f"\nAll {len(PAGES)} pages answered 200 again {recovered:.2f} s after PostgreSQL accepted connections")
    assert site.get("/health/").status == 200


def test_with_redis_stopped_pages_answer_200_and_health_reports_the_cache(services):
    site, _, redis = services
    for path in ("/", "/conditions/", "/conditions/back-spasms/"):
        assert site.get(path).status == 200  # built and now cached
    assert '"cache": "ok"' in site.get("/health/").text

    redis.stop()
    try:
        for _ in range(3 * WORKERS):
            for path in ("/", "/conditions/", "/conditions/?q=spasm", "/conditions/back-spasms/"):
                started = time.monotonic()
                response = site.get(path)
                elapsed = time.monotonic() - started
                assert response.status == 200, path
                assert "Resilient Performance" in response.text
                assert elapsed < 2, f"{path} took {elapsed:.2f} s without the cache"
        health = site.get("/health/")
        assert health.status == 200
        assert '"status": "ok"' in health.text and '"cache": "unavailable"' in health.text
        # Once a minute per process, not per request: at most one line from each worker.
        outage_lines = site.log.read_text(errors="replace").count("The cache is unavailable")
        assert 1 <= outage_lines <= WORKERS
    finally:
        redis.start()

    wait_for(lambda: '"cache": "ok"' in site.get("/health/").text, 5, "the cache reported back")
    assert site.get("/").status == 200
