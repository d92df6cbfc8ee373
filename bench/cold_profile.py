"""`make profile`: where a cold condition page spends its CPU.

Builds /conditions/back-spasms/ with the page cache off (a dummy cache) through Django's own
WSGI handler in this process, on a throwaway SQLite database with the sample content: first
the CPU per request (median of 5 runs of 20), then cProfile's top functions.

    python bench/cold_profile.py [PATH] [--sort tottime|cumulative]
"""

import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import environment  # noqa: E402 (the settings every benchmark runs the site with)

folder = tempfile.mkdtemp(prefix="clinic-profile-")
cache_url = "locmemcache://" if "--warm" in sys.argv else "dummycache://"
os.environ.update(environment(f"sqlite:///{folder}/profile.sqlite3", cache_url))

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import RequestFactory  # noqa: E402

PATH = next((arg for arg in sys.argv[1:] if arg.startswith("/")), "/conditions/back-spasms/")
SORT = sys.argv[sys.argv.index("--sort") + 1] if "--sort" in sys.argv else "tottime"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if "--conditions" in sys.argv:
        from bench.data import load

        load(int(sys.argv[sys.argv.index("--conditions") + 1]))
    handler = WSGIHandler()
    path, _, query = PATH.partition("?")
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, SERVER_NAME="127.0.0.1", REQUEST_METHOD="GET"
    )

    def request() -> None:
        status = []
        response = handler(dict(environ), lambda s, h: status.append(s))
        body = b"".join(response)
        response.close()  # request_finished, as a server sends it
        assert status[0].startswith("200") and body, status

    for _ in range(5):
        request()  # templates compiled, connection open: what a running worker has
    runs = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(20):
            request()
        runs.append((time.process_time() - started) * 50)  # ms a request
    mode = "on" if "--warm" in sys.argv else "off"
    print(f"{PATH} with the page cache {mode}: {statistics.median(runs):.2f} ms CPU a request (median of 5 × 20)\n")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        request()
    profile.disable()
    pstats.Stats(profile).strip_dirs().sort_stats(SORT).print_stats(int(os.environ.get("PROFILE_LINES", "30")))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
