import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_practice_conditions_locations_and_ways_in(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Resilient Performance Physical Therapy" in html
    assert 'href="/conditions/back-spasms/"' in html
    for slug in ("manhattan", "chatham", "wharton", "darien"):
        assert f'href="/locations/{slug}/"' in html
    for url in ("/new-patients/", "/follow-up/", "/self-pay/"):
        assert f'href="{url}"' in html


def test_public_pages_set_no_cookies_and_do_not_touch_the_session(client, seeded):
    for url in ("/", "/conditions/", "/conditions/back-spasms/", "/locations/", "/locations/darien/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_every_page_sends_a_strict_content_security_policy(client, seeded):
    policy = client.get("/conditions/back-spasms/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_robots_txt_points_to_the_sitemap_on_the_public_origin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://www.clinic.example/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_pages_conditions_and_locations_with_last_modified(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://www.clinic.example/conditions/back-spasms/</loc>" in xml
    assert "<loc>https://www.clinic.example/locations/darien/</loc>" in xml
    assert "<loc>https://www.clinic.example/new-patients/</loc>" in xml
    assert "<lastmod>" in xml


def test_favicon_is_served_from_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_health_answers_ok_when_the_database_does(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}


def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "cache": "ok"}


def test_unknown_page_is_a_404_in_the_site_look(client, seeded):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/conditions/"' in html
    # A search box, each clinic's phone and the three ways in: a wrong link is not a dead end.
    assert '<form class="search" role="search" action="/conditions/" method="get">' in html
    assert 'name="q"' in html and 'href="tel:+12125550100"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for url in ("/new-patients/", "/follow-up/", "/self-pay/"):
        assert f'href="{url}"' in main


def test_make_run_serves_and_links_on_the_host_and_port_it_is_given():
    """`make run PORT=8731` puts that address in canonical links, the sitemap and emails."""
    import os
    import subprocess

    environment = {name: value for name, value in os.environ.items() if name != "SITE_URL"}  # the tests set one
    commands = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8731"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    runserver = next(line for line in commands.splitlines() if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8731 " in runserver and runserver.endswith("runserver 127.0.0.1:8731")
    admin = next(line for line in commands.splitlines() if "local_admin" in line)
    assert "SITE_URL=http://127.0.0.1:8731 " in admin


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Sorry, we could not read what your browser sent"),
        ("500.html", "Sorry, there is a problem with this page"),
        ("503.html", "Sorry, the site is down for maintenance"),
    ],
)
def test_error_pages_render_without_a_request_or_the_database(template, heading, django_assert_num_queries):
    from django.template import loader

    with django_assert_num_queries(0):
        html = loader.get_template(template).render()
    assert heading in html
    assert "Darien, Connecticut" in html  # the static footer


def test_a_server_error_shows_the_500_page(client, settings, seeded):
    import types

    from django.urls import path

    from clinic_site import urls

    def broken(request):
        raise RuntimeError("boom")

    urlconf = types.ModuleType("broken_urls")
    urlconf.urlpatterns = [path("broken/", broken), *urls.urlpatterns]
    settings.ROOT_URLCONF = urlconf
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with this page" in response.content.decode()


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/admin/", ""])
def test_staff_signing_in_with_a_refused_or_no_next_land_in_the_admin(client, editor, next_url):
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editor", "password": "correct horse battery", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_request_log_lines_carry_no_query_string():
    import logging

    from clinic_site.logging import OmitQueryStrings

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /admin/?q=Jane+Doe HTTP/1.1", 200, 10), None
    )
    assert OmitQueryStrings().filter(record)
    assert record.getMessage() == '"GET /admin/ HTTP/1.1" 200 10'
