"""A cache or a database that stops answering, seen through Django's test client.

The cache is a Redis address where nothing listens; the database refuses every query through
Django's own `execute_wrapper` hook. tests/test_faults.py does the same against real servers.
"""

import logging
import socket
import sys
from unittest import mock

import pytest
from django.core.checks import Tags, run_checks
from django.db import OperationalError, connection
from django.test import Client

from clinic_site import page_cache
from clinic_site.checks import check_caches_answer

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/conditions/", "/conditions/?q=spasm", "/conditions/back-spasms/", "/locations/darien/"]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings, monkeypatch):
    """The cache is a Redis that refuses connections, as when its server is stopped."""
    settings.CACHES = {
        "default": {
            "BACKEND": "clinic_site.cache.RedisCache",  # as settings runs Django's
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    monkeypatch.setattr(page_cache.outage_log, "last_logged", None)


def refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def database_down():
    """Every query fails as it does when PostgreSQL has stopped."""
    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def unraised(client):
    """The client answers with the page a visitor gets instead of raising the error in the test."""
    client.raise_request_exception = False
    return client


# --- Cache down -------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_with_the_cache_down_public_pages_are_built_and_answer_200(client, seeded, cache_down, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"Resilient Performance" in response.content


def test_with_the_cache_down_the_outage_is_logged_once_a_minute_not_per_request(client, seeded, cache_down, caplog):
    caplog.set_level(logging.WARNING, logger="clinic_site.page_cache")
    for _ in range(3):
        assert client.get("/conditions/").status_code == 200
    assert len(caplog.records) == 1
    assert "The cache is unavailable" in caplog.records[0].getMessage()
    assert "ConnectionError" in caplog.records[0].getMessage()

    page_cache.outage_log.last_logged -= page_cache.OUTAGE_LOG_SECONDS  # a minute later
    client.get("/conditions/")
    assert len(caplog.records) == 2


def test_with_the_cache_down_health_answers_200_and_says_the_cache_is_unavailable(client, cache_down):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "unavailable"}


# --- The deploy check of the cache --------------------------------------------------------


def test_the_cache_check_runs_with_deploy_only():
    assert check_caches_answer in _registered(deploy=True)
    assert check_caches_answer not in _registered(deploy=False)


def _registered(*, deploy: bool):
    from django.core.checks.registry import registry

    return registry.get_checks(include_deployment_checks=deploy)


def test_the_cache_check_passes_when_the_cache_answers():
    assert run_checks(tags=[Tags.caches], include_deployment_checks=True) == []


def test_the_cache_check_fails_when_the_cache_server_does_not_answer(cache_down):
    errors = run_checks(tags=[Tags.caches], include_deployment_checks=True)
    assert [error.id for error in errors] == ["clinic_site.E002"]
    assert "cannot be reached" in errors[0].msg
    assert errors[0].is_serious()


def test_the_cache_check_fails_when_the_redis_client_is_not_installed(cache_down):
    with mock.patch.dict(sys.modules, {"redis": None}):  # `import redis` fails as if never installed
        errors = check_caches_answer(None)
    assert [error.id for error in errors] == ["clinic_site.E001"]
    assert "cannot be imported" in errors[0].msg


def test_the_cache_check_fails_when_the_backend_does_not_exist(settings):
    settings.CACHES = {"default": {"BACKEND": "clinic_site.no_such_module.Cache"}}
    assert [error.id for error in check_caches_answer(None)] == ["clinic_site.E001"]


def test_the_cache_check_never_prints_the_cache_address(cache_down, settings):
    settings.CACHES["default"]["LOCATION"] = f"redis://:a-secret-password@127.0.0.1:{closed_port()}/0"
    assert "a-secret-password" not in check_caches_answer(None)[0].msg


# --- Database down ------------------------------------------------------------------------


def assert_service_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sorry, the site is down for maintenance" in html
    assert "Darien, Connecticut" in html  # the static footer
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.parametrize(
    "url",
    [
        *PUBLIC_PAGES,
        "/locations/",
        "/new-patients/",
        "/follow-up/",
        "/self-pay/",
        "/sitemap.xml",
        "/conditions/no-such-condition/",
        "/no-such-page/",  # the 404 page lists the clinics in its footer
    ],
)
def test_with_the_database_down_pages_answer_503_with_retry_after(unraised, seeded, database_down, url):
    assert_service_unavailable(unraised.get(url))


def test_with_the_database_down_a_cached_page_answers_from_a_shared_cache_else_503(
    unraised, seeded, version_queries, caplog
):
    cached = unraised.get("/conditions/back-spasms/")  # now in the cache
    with connection.execute_wrapper(refuse):
        response = unraised.get("/conditions/back-spasms/")
    if version_queries:  # each process's own cache: the content version is read from the database
        assert_service_unavailable(response)
        # Said in one line, as for any page: no traceback in the log.
        assert "Database unavailable, answering 503" in caplog.text
        assert not [record for record in caplog.records if record.exc_info]
    else:  # a shared cache holds the content version too: the page needs no database
        assert response.status_code == 200 and response.content == cached.content


def test_with_the_database_down_a_form_submission_answers_503(unraised, seeded, database_down):
    assert_service_unavailable(unraised.post("/follow-up/", {"first_name": "Ana"}))


def test_with_the_database_down_the_admin_answers_503(unraised, editor):
    unraised.force_login(editor)
    with connection.execute_wrapper(refuse):
        assert_service_unavailable(unraised.get("/admin/"))
        assert_service_unavailable(unraised.get("/admin/conditions/condition/"))


def test_with_the_database_down_signing_in_answers_503(database_down):
    client = Client(enforce_csrf_checks=False, raise_request_exception=False)
    assert_service_unavailable(client.post("/admin/login/", {"username": "editor", "password": "whatever it is"}))


def test_pages_answer_again_as_soon_as_the_database_does(unraised, seeded):
    with connection.execute_wrapper(refuse):
        assert unraised.get("/").status_code == 503
    assert unraised.get("/").status_code == 200


def test_a_database_error_that_is_not_an_outage_is_still_a_500(unraised, seeded):
    from django.db import IntegrityError

    def broken(execute, sql, params, many, context):
        raise IntegrityError("a bug, not an outage")

    with connection.execute_wrapper(broken):
        response = unraised.get("/conditions/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with this page" in response.content.decode()
