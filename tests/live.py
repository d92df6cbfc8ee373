"""The site served for real on 127.0.0.1, for the tests and benchmarks that need more than the
test client: gunicorn in production mode, a PostgreSQL cluster and a redis-server of their own
on free ports (never the machine's shared ones), and HTTP to them that keeps cookies.

Needs PostgreSQL's server binaries and redis-server (Debian's `postgresql` and
`redis-server` packages) for those two; without them a test skips, or fails under
REQUIRE_ALL_CHECKS as in CI.
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from tests.checks import ROOT, require


def production_env(**values: str) -> dict[str, str]:
    """The environment of the site in production mode on 127.0.0.1, with `values` on top
    (DATABASE_URL at least; CACHE_URL for a cache other than each process's memory)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.live_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        "CACHE_URL": "locmemcache://",  # never the suite's own (CI runs it on Redis)
        "HOST": "127.0.0.1",  # gunicorn.conf.py binds HOST:PORT; loopback only
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": "1",
        **values,
    }


def manage(env: dict[str, str], *command: str) -> None:
    """Run a management command against that environment's database."""
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def gunicorn(env: dict[str, str], log: Path, ready: str = "/health/") -> Iterator["Site"]:
    """gunicorn as `make serve` runs it (gunicorn.conf.py), until `ready` answers 200; stopped
    with its workers on the way out. Its output goes to `log`."""
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "clinic_site.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        site = Site(int(env["PORT"]), log)
        wait_for(lambda: site.answers(ready, 200), 30, f"gunicorn on port {site.port} did not start")
        yield site
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


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


@contextmanager
def postgres_and_redis(folder: Path) -> Iterator[tuple[Postgres, Redis]]:
    """A PostgreSQL cluster (its database `clinic` made) and a redis-server, started, then
    stopped at the end in whatever state they were left (a fault test stops and starts them)."""
    postgres, redis = Postgres(folder), Redis()
    try:
        postgres.start()
        postgres.create_database()
        redis.start()
        yield postgres, redis
    finally:
        if redis.process is not None and redis.process.poll() is None:
            redis.stop()
        if (postgres.data / "postmaster.pid").exists():
            postgres.stop()


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def csrf_token(page: Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
