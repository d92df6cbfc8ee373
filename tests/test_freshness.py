"""An edit shows on the next request on every server: two gunicorn instances in production mode
on one PostgreSQL and one Redis (of this module's own, on free ports), a member of staff
editing through one, a visitor reading through the other."""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.checks import ROOT
from tests.test_faults import Postgres, Redis, Site, csrf_token, free_port, wait_for

PASSWORD = "a long staff password 42"


@pytest.fixture(scope="module")
def two_servers():
    folder = Path(tempfile.mkdtemp(prefix="clinic-freshness-"))
    postgres = redis = None
    servers: list[subprocess.Popen] = []
    try:
        postgres = Postgres(folder)
        postgres.start()
        postgres.create_database()
        redis = Redis()
        redis.start()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.live_settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS_ONLY": "false",
            "DATABASE_URL": postgres.url,
            "CACHE_URL": redis.url,
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["seed_content"],
            ["createsuperuser", "--noinput", "--username", "staff", "--email", "staff@clinic.example"],
        ):
            done = subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, done.stderr
        sites = []
        for name in ("a", "b"):
            port = free_port()
            log = folder / f"gunicorn-{name}.log"
            with log.open("wb") as output:
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "clinic_site.wsgi"],
                        cwd=ROOT,
                        env={**env, "PORT": str(port)},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            site = Site(port, log)
            wait_for(lambda site=site: site.answers("/health/", 200), 30, f"gunicorn {name} did not start")
            sites.append(site)
        yield sites
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if redis is not None and redis.process is not None and redis.process.poll() is None:
            redis.stop()
        if postgres is not None and (postgres.data / "postmaster.pid").exists():
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_an_edit_through_one_server_shows_on_the_others_next_request(two_servers):
    staff_side, visitor_side = two_servers
    for site in two_servers:  # both have the home page in the cache
        for _ in range(2):
            assert "Fresh from the front desk" not in site.get("/").text
    old = visitor_side.request("GET", "/")
    old_etag = old.headers["ETag"]

    login = staff_side.get("/admin/login/")
    form = {"csrfmiddlewaretoken": csrf_token(login), "username": "staff", "password": PASSWORD, "next": "/admin/"}
    assert staff_side.request("POST", "/admin/login/", form).status == 302
    change = staff_side.get("/admin/clinic_site/homepage/1/change/")
    edit = {
        "csrfmiddlewaretoken": csrf_token(change),
        "headline": "Fresh from the front desk",
        "introduction": "Edited through one server, read through the other.",
    }
    assert staff_side.request("POST", "/admin/clinic_site/homepage/1/change/", edit).status == 302

    fresh = visitor_side.get("/")
    assert "Fresh from the front desk" in fresh.text
    assert fresh.headers["ETag"] != old_etag
    assert "Fresh from the front desk" in staff_side.get("/").text
