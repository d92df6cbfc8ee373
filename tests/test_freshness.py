"""An edit shows on the next request on every server: two gunicorn instances in production mode
on one PostgreSQL and one Redis (of this module's own, on free ports), or on one SQLite file
with each process's own cache, a member of staff editing through one, a visitor reading
through the other."""

import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.live import csrf_token, free_port, gunicorn, manage, postgres_and_redis, production_env

PASSWORD = "a long staff password 42"


@pytest.fixture(scope="module", params=["postgres+redis", "sqlite"])
def two_servers(request):
    folder = Path(tempfile.mkdtemp(prefix="clinic-freshness-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        if request.param == "sqlite":
            # Each process reads the version from the file, and skips the query while nothing
            # has been committed since (clinic_site.sqlite_changes).
            stores = {"DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}", "CACHE_URL": "locmemcache://"}
        else:
            postgres, redis = stack.enter_context(postgres_and_redis(folder))
            stores = {"DATABASE_URL": postgres.url, "CACHE_URL": redis.url}
        env = production_env(**stores, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_content")
        manage(env, "createsuperuser", "--noinput", "--username", "staff", "--email", "staff@clinic.example")
        yield [
            stack.enter_context(gunicorn({**env, "PORT": str(free_port())}, folder / f"gunicorn-{name}.log"))
            for name in ("a", "b")
        ]


def test_an_edit_through_one_server_shows_on_the_others_next_request(two_servers):
    staff_side, visitor_side = two_servers
    for site in two_servers:  # both have the home page in the cache, in each worker
        for _ in range(8):
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
    for _ in range(8):  # every worker and thread that kept the old page (over Redis, in its own memory)
        assert "Fresh from the front desk" in visitor_side.get("/").text
    assert "Fresh from the front desk" in staff_side.get("/").text
