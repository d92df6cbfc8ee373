"""Faults against real servers on 127.0.0.1: gunicorn serving the site in production mode on a
PostgreSQL and a Redis of this module's own (free ports, never the machine's shared ones),
then the database stopped and started under it, and the cache stopped.

Needs PostgreSQL's server binaries and redis-server (Debian's `postgresql` and `redis-server`
packages); without them these tests skip, or fail under REQUIRE_ALL_CHECKS as in CI. Every
request is bounded by a timeout and the module stops what it started.
"""

import glob
import http.client
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.checks import ROOT, require

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str) -> float:
    """Poll until `condition()` is true; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Site:
    """HTTP to the gunicorn under test, keeping cookies like a browser."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode(errors="replace")
        finally:
            connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return Response(answer.status, answer.headers, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def answers(self, path: str, status: int) -> bool:
        try:
            return self.get(path).status == status
        except OSError:
            return False


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary folder. initdb refuses to run as root, so
    under root it runs as the `postgres` system user."""

    def __init__(self, folder: Path) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True) or [shutil.which("initdb")]
        require(bool(binaries[0]), "PostgreSQL server binaries not found: apt-get install postgresql")
        self.bin = Path(binaries[0]).parent
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            require(shutil.which("runuser") is not None, "runuser not found (util-linux)")
            require(_user_exists("postgres"), "no postgres system user: apt-get install postgresql")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(folder, "postgres")
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/clinic"
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")

    def _run(self, program: str, *args) -> None:
        command = [*self.as_owner, str(self.bin / program), *map(str, args)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-l", self.data / "server.log", "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "clinic")


class Redis:
    """A redis-server of our own that keeps nothing on disk."""

    def __init__(self) -> None:
        self.program = shutil.which("redis-server")
        require(self.program is not None, "redis-server not found: apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.program, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, "redis-server did not start")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def services():
    folder = Path(tempfile.mkdtemp(prefix="clinic-faults-"))
    postgres = redis = server = None
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
            "HOST": "127.0.0.1",  # gunicorn.conf.py binds HOST:PORT; loopback only
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": str(WORKERS),
        }
        for command in (["migrate", "--noinput", "-v0"], ["seed_content"]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, done.stderr
        log = folder / "gunicorn.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "clinic_site.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        site = Site(int(env["PORT"]), log)
        wait_for(lambda: site.answers("/health/", 200), 30, "gunicorn did not start")
        yield site, postgres, redis
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if redis is not None and redis.process is not None and redis.process.poll() is None:
            redis.stop()
        if postgres is not None and (postgres.data / "postmaster.pid").exists():
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


def csrf_token(page: Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


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
