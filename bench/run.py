"""`make bench`: page sizes, query counts and throughput against gunicorn on 127.0.0.1.

The machine is shared, so throughput is reported as medians of interleaved runs and as
ratios against a baseline (/health/) measured in the same run, never as one number.
Load goes to 127.0.0.1 only, for a bounded time.
"""

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from server import environment, manage, start, stop

PAGES = ["/conditions/back-spasms/", "/conditions/", "/", "/locations/"]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))


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
        cached = environment(f"sqlite:///{db}", "locmemcache://", 8021)
        uncached = environment(f"sqlite:///{db}", "dummycache://", 8022)
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
