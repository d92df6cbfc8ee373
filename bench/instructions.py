"""Instructions a request costs, counted by valgrind's callgrind: a figure that does not move
with the machine's load, unlike the CPU times of `make bench` on a shared machine.

Each page is asked through Django's own WSGI handler in one process over a throwaway SQLite
database with the sample content: the floor, kept pages (the local memory cache) and Back
Spasms built cold (the page cache off). A page's figure is the difference between a process
asking it 5 times and one asking it 25 times, divided by 20, so start-up is not counted.

    python bench/instructions.py          (about 6 minutes; needs valgrind)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import environment  # noqa: E402 (the settings every benchmark runs the site with)

WARM_UP, COUNTED = 5, 20
PAGES = [
    ("the floor", "/bench/floor/", "locmemcache://"),
    ("/ kept", "/", "locmemcache://"),
    ("Back Spasms kept", "/conditions/back-spasms/", "locmemcache://"),
    ("/locations/darien/ kept", "/locations/darien/", "locmemcache://"),
    ("Back Spasms cold", "/conditions/back-spasms/", "dummycache://"),
]


def asked(path: str, times: int) -> None:
    """In a process of its own (under valgrind), with the environment `main` gave it: ask
    `path` `times` times (none: make the database)."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test import RequestFactory

    if times < 0:  # make the database
        call_command("migrate", verbosity=0)
        call_command("seed_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        return
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, SERVER_NAME="127.0.0.1", REQUEST_METHOD="GET", HTTP_ACCEPT_ENCODING="gzip"
    )
    status = []
    for _ in range(times):
        b"".join(handler(dict(environ), lambda answer, headers: status.append(answer)))
    assert all(answer.startswith("200") for answer in status), status


def instructions(database: Path, path: str, cache: str, times: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    done = subprocess.run(
        [*command, "--ask", path, str(times)],
        capture_output=True,
        text=True,
        check=True,
        # PYTHONHASHSEED: the same dict layouts, so the same count, each run.
        env={**environment(f"sqlite:///{database}", cache), "PYTHONHASHSEED": "0"},
    )
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    folder = Path(tempfile.mkdtemp(prefix="clinic-instructions-"))
    try:
        database = folder / "db.sqlite3"
        env = environment(f"sqlite:///{database}", "dummycache://")
        subprocess.run([sys.executable, __file__, "--ask", "/", "-1"], check=True, env=env)
        print(f"Instructions a request (callgrind; {COUNTED} requests after {WARM_UP}), SQLite")
        for label, path, cache in PAGES:
            few = instructions(database, path, cache, WARM_UP)
            many = instructions(database, path, cache, WARM_UP + COUNTED)
            print(f"  {label:<28} {(many - few) / COUNTED / 1e6:8.2f} million", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ask"]:
        asked(sys.argv[2], int(sys.argv[3]))
    else:
        main()
