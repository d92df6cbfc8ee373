"""`make bench`: every public page against the floor, on SQLite and on PostgreSQL + Redis.

The floor is a Django view returning a constant 15 KB page through the site's own middleware
(bench/urls.py), measured in the same run on the same server: the machine is shared, so
pages are reported as ratios to it (medians of interleaved rounds), with their p99, the CPU
the server spent per request (all gunicorn processes, from /proc) and the page's size gzipped.

    make bench                 100 conditions: the throughput table
    make bench SCALE=10000     the same pages' size and cold time at 100 and at 10,000 conditions

Everything runs on 127.0.0.1: gunicorn (2 threaded workers, as gunicorn.conf.py runs the site),
a PostgreSQL cluster and a redis-server of its own on free ports, in a temporary folder
removed at the end.
"""

import gzip
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import free_port, postgres_and_redis  # noqa: E402 (a cluster and a Redis of our own)

PYTHON = sys.executable
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
SCALE = int(os.environ.get("SCALE") or "100")
SCALE_SAMPLES = 11  # cold requests a page at each count
FLOOR = "/bench/floor/"
PAGES = [
    "/",
    "/conditions/",
    "/conditions/back-spasms/",
    "/conditions/?q=back",
    "/locations/",
    "/locations/darien/",
    "/new-patients/",
    "/follow-up/",
    "/self-pay/",
    "/sitemap.xml",
]
# BENCH_PAGES=/new-patients/,/self-pay/ measures only those pages (and the floor).
ONLY = [path for path in os.environ.get("BENCH_PAGES", "").split(",") if path]
PAGES = [path for path in PAGES if path in ONLY] if ONLY else PAGES
REVALIDATED = "/conditions/back-spasms/"  # also asked with If-None-Match: the 304 row
STEADY = "/conditions/back-spasms/"  # the same page at any number of conditions
COLD_PAGES = ["/conditions/back-spasms/", "/conditions/"]
SCALE_PAGES = ["/", "/conditions/", "/conditions/?letter=B", "/conditions/?q=back", "/sitemap.xml",
               "/new-patients/", "/self-pay/", "/conditions/back-spasms/"]  # fmt: skip


def environment(database_url: str, cache_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "INTAKE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": "2",
    }


def run(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def prepare(env: dict, conditions: int) -> None:
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    run(env, "manage.py", "seed_content")
    run(env, "-m", "bench.data", str(conditions))


class Server:
    def __init__(self, name: str, env: dict) -> None:
        self.name, self.env = name, env
        self.base = f"http://127.0.0.1:{env['PORT']}"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null",
             "clinic_site.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/health/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn ({name}) did not start")

    def cpu_seconds(self) -> float:
        """User and system CPU of gunicorn's master and workers."""
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.process.pid:  # the process group (start_new_session)
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def wait_idle(self) -> float:
        """Wait for requests still queued from a run to finish (a slow page's tail would be
        counted against the next page); its CPU seconds then."""
        before = self.cpu_seconds()
        for _ in range(50):
            time.sleep(0.2)
            now = self.cpu_seconds()
            if now - before < 0.01:
                return now
            before = now
        return before

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


def fetch(url: str, **headers: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
        return answer.read(), dict(answer.headers)


def gzip_bytes(url: str) -> int:
    """The page's size as sent to a browser that accepts gzip (compressed here if the site does not)."""
    body, headers = fetch(url, **{"Accept-Encoding": "gzip"})
    return len(body) if headers.get("Content-Encoding") == "gzip" else len(gzip.compress(body, 6))


def wrk(server: Server, path: str, *headers: str) -> tuple[float, float, float]:
    """Requests a second, p99 latency in ms and server CPU ms per request."""
    cpu = server.wait_idle()
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency", "--timeout", "5s",
         *[arg for header in headers for arg in ("-H", header)], server.base + path],
        check=True, capture_output=True, text=True, timeout=SECONDS + 30,
    ).stdout  # fmt: skip
    cpu = server.wait_idle() - cpu
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    if re.search(r"Non-2xx or 3xx responses", out):
        sys.exit(f"{server.name} {path}: error responses\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 1000 * cpu / max(requests, 1)


def throughput(servers: dict[str, Server]) -> None:
    etag = fetch(servers["sqlite"].base + REVALIDATED)[1].get("ETag", "")
    plan = {
        "sqlite": [FLOOR, *PAGES, *["304"][: REVALIDATED in PAGES]],
        "cold": [FLOOR, *(path for path in COLD_PAGES if path in PAGES)],
        "postgres": [FLOOR, *PAGES, *["304"][: REVALIDATED in PAGES]],
    }
    etags = {name: fetch(server.base + REVALIDATED)[1].get("ETag", etag) for name, server in servers.items()}
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for name, server in servers.items():  # warm every page once before measuring
        for path in plan[name]:
            fetch(server.base + (REVALIDATED if path == "304" else path))
    for _ in range(ROUNDS):  # interleaved, so every server sees the same machine load
        for name, server in servers.items():
            for path in plan[name]:
                if path == "304":
                    figures = wrk(server, REVALIDATED, f"If-None-Match: {etags[name]}")
                else:
                    figures = wrk(server, path)
                results.setdefault((name, path), []).append(figures)
    modes = {"sqlite": "SQLite + local memory cache", "cold": "SQLite, page cache off (cold)",
             "postgres": "PostgreSQL + Redis"}  # fmt: skip
    print(
        f"\nThroughput: medians of {ROUNDS} interleaved {SECONDS} s runs of wrk -t2 -c16,"
        " gunicorn 2 workers (gunicorn.conf.py)"
    )
    print(f"Floor: {FLOOR}, a constant 15 KB page through the site's middleware, measured in the same run.\n")
    for name, server in servers.items():
        floor = statistics.median(r for r, _, _ in results[(name, FLOOR)])
        print(f"{modes[name]} (floor {floor:,.0f} req/s)")
        print(f"  {'page':30} {'× floor':>8} {'req/s':>8} {'p99 ms':>8} {'CPU ms':>8} {'gzip B':>8}")
        for path in plan[name]:
            runs = results[(name, path)]
            rps = statistics.median(r for r, _, _ in runs)
            p99 = statistics.median(p for _, p, _ in runs)
            cpu = statistics.median(c for _, _, c in runs)
            label = f"{REVALIDATED} (304)" if path == "304" else path
            size = "" if path in ("304", FLOOR) else f"{gzip_bytes(server.base + path):,}"
            print(f"  {label:30} {rps / floor:8.2f} {rps:8,.0f} {p99:8.1f} {cpu:8.2f} {size:>8}")
        print()


def scaling(folder: Path) -> None:
    """Each SCALE_PAGES page at 100 and at SCALE conditions: bytes as sent, gzipped, and cold ms
    (median of SCALE_SAMPLES), the two counts asked in turn so that both see the same machine."""
    counts = (100, SCALE)
    servers = {}
    with ExitStack() as stack:
        for count in counts:
            database = f"sqlite:///{folder / f'scale-{count}.sqlite3'}"
            warm_env, cold_env = environment(database, "locmemcache://"), environment(database, "dummycache://")
            prepare(warm_env, count)
            servers[count] = Server(f"warm {count}", warm_env), Server(f"cold {count}", cold_env)
            stack.callback(servers[count][0].stop)
            stack.callback(servers[count][1].stop)
        figures: dict[int, dict[str, tuple[int, int, float]]] = {count: {} for count in counts}
        for path in SCALE_PAGES:
            times: dict[int, list[float]] = {count: [] for count in counts}
            for _ in range(SCALE_SAMPLES):
                for count in counts:
                    started = time.perf_counter()
                    fetch(servers[count][1].base + path)
                    times[count].append(1000 * (time.perf_counter() - started))
            for count in counts:
                warm = servers[count][0].base + path
                figures[count][path] = (len(fetch(warm)[0]), gzip_bytes(warm), statistics.median(times[count]))
    print(
        f"\nSize and cold build (page cache off, median of {SCALE_SAMPLES}, the two counts asked in turn)"
        f" at 100 and at {SCALE:,} conditions, SQLite ({STEADY} does the same work at both)"
    )
    columns = f"{'bytes':>10} {'gzip':>8} {'cold ms':>8}"
    print(f"  {'page':26} {columns} | {columns} {'× ms':>6}")
    for path in SCALE_PAGES:
        (b1, g1, t1), (b2, g2, t2) = figures[100][path], figures[SCALE][path]
        print(f"  {path:26} {b1:10,} {g1:8,} {t1:8.1f} | {b2:10,} {g2:8,} {t2:8.1f} {t2 / t1:6.2f}")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # still stop what was started
    folder = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        if SCALE != 100:
            scaling(folder)
            return
        sqlite = f"sqlite:///{folder / 'bench.sqlite3'}"
        postgres, redis = stack.enter_context(postgres_and_redis(folder))
        envs = {
            "sqlite": environment(sqlite, "locmemcache://"),
            "cold": environment(sqlite, "dummycache://"),
            "postgres": environment(postgres.url, redis.url),
        }
        prepare(envs["sqlite"], SCALE)
        prepare(envs["postgres"], SCALE)
        servers = {}
        for name, env in envs.items():
            servers[name] = Server(name, env)
            stack.callback(servers[name].stop)
        throughput(servers)


if __name__ == "__main__":
    main()
