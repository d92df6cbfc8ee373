"""`make bench`: page sizes, query counts and throughput against gunicorn on 127.0.0.1.

The machine is shared, so throughput is reported as medians of interleaved runs and as
ratios against a baseline (/health/) measured in the same run, never as one number.
Load goes to 127.0.0.1 only, for a bounded time.
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
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = ["/conditions/back-spasms/", "/conditions/", "/", "/locations/"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))


def environment(db: Path, cache_url: str, port: int) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "INTAKE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": f"sqlite:///{db}",
        "CACHE_URL": cache_url,
        "PORT": str(port),
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def start(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null",
         "clinic_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{env['PORT']}/health/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def wrk(url: str) -> tuple[float, float]:
    """Requests a second and p99 latency in milliseconds."""
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency", "--timeout", "5s", url],
        check=True, capture_output=True, text=True, timeout=SECONDS + 30,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def sizes(base: str) -> None:
    print("\nSizes (bytes as sent / gzip -9)")
    for path in [*PAGES, "/static/css/site.css"]:
        if path.startswith("/static/"):
            page = urllib.request.urlopen(base + "/conditions/back-spasms/").read().decode()
            path = re.search(r'href="(/static/css/site[^"]+)"', page).group(1)
        body = urllib.request.urlopen(base + path).read()
        print(f"  {path:40} {len(body):7,} {len(gzip.compress(body, 9)):7,}")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        cached = environment(db, "locmemcache://", 8021)
        uncached = environment(db, "dummycache://", 8022)
        manage(cached, "migrate", "--noinput", "-v0")
        manage(cached, "seed_content")
        manage(cached, "collectstatic", "--noinput", "-v0")
        servers = {"cached": start(cached), "uncached": start(uncached)}
        try:
            sizes("http://127.0.0.1:8021")
            results: dict[tuple[str, str], list[tuple[float, float]]] = {}
            for _ in range(ROUNDS):  # interleaved, so both see the same machine load
                for name, env in (("cached", cached), ("uncached", uncached)):
                    for path in ["/health/", *PAGES]:
                        results.setdefault((name, path), []).append(wrk(f"http://127.0.0.1:{env['PORT']}{path}"))
        finally:
            for server in servers.values():
                stop(server)
    print(f"\nThroughput: medians of {ROUNDS} interleaved {SECONDS}s runs, 8 connections, gunicorn sync workers")
    print(f"  {'page':28} {'mode':9} {'req/s':>8} {'p99 ms':>8} {'× /health/':>10}")
    for (name, path), runs in results.items():
        rps = statistics.median(r for r, _ in runs)
        p99 = statistics.median(p for _, p in runs)
        base = statistics.median(r for r, _ in results[(name, "/health/")])
        print(f"  {path:28} {name:9} {rps:8.0f} {p99:8.1f} {rps / base:10.2f}")
    for path in PAGES:
        c = statistics.median(r for r, _ in results[("cached", path)])
        u = statistics.median(r for r, _ in results[("uncached", path)])
        print(f"  page cache speed-up on {path}: {c / u:.1f}×")


if __name__ == "__main__":
    main()
