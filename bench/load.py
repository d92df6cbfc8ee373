"""`python bench/load.py`: 500 new-patient submissions with card photos sent at the same moment.

Against gunicorn as `make serve` runs it, with the outbox's sender beside it
(`intake_send_notifications --watch`) and a Redis cache (database 14) for the rate limits,
on SQLite and on PostgreSQL (a database of its own, dropped after), each once with a mail
server that answers and once with one that accepts connections and never says a word. Every
visitor opens the form (page, cookie, token), waits as a person would, then all send at once.

Figures for each run: answers by status, 5xx, connection errors, lost (answered "received"
but not stored), duplicates (stored more than once, or alerted more than once), p50 and p99
response times of the sends, and what the mail server got. Load goes to 127.0.0.1 only.
Run by hand (PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 as TESTING.md says).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from server import ROOT, Browser, environment, manage, percentile, start, stop

sys.path.insert(0, str(ROOT))
from tests.intake.factories import jpeg_bytes  # noqa: E402 - real photos, as the tests make them
from tests.intake.smtp import SMTPServer  # noqa: E402 - a mail server that answers, or one that never does

VISITORS = int(os.environ.get("BENCH_VISITORS", "500"))
PORT = 8041
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
MIN_FILL_SECONDS = 3.2
MAIL_WAIT_SECONDS = 180


def answers(number: int) -> dict:
    return {
        "first_name": "Load", "last_name": f"Test{number}", "date_of_birth": "1985-03-14",
        "phone": "(973) 555-0147", "email": f"patient{number}@example.com", "address_line1": "12 Elm Street",
        "address_line2": "", "city": "Chatham", "state": "NJ", "zip_code": "07928", "preferred_contact": "phone",
        "condition": "", "reason": "Back pain", "injury": "none", "carrier": "Aetna",
        "member_id": f"W{number:09d}", "group_number": "", "relationship": "self", "holder_name": "",
        "holder_date_of_birth": "", "secondary_carrier": "", "secondary_member_id": "",
        "secondary_group_number": "", "privacy_acknowledged": "on", "consent_to_contact": "on",
    }  # fmt: skip


def stored(env: dict) -> dict:
    script = (
        "import json; from django.db.models import Count; from intake.models import Submission, Notification;"
        "print(json.dumps({'tokens': list(Submission.objects.values_list('form_token', flat=True)),"
        "'alerts': list(Notification.objects.filter(kind='staff').values('submission').annotate(n=Count('id'))"
        ".filter(n__gt=1).values_list('submission', flat=True)),"
        "'outbox': dict(Counter(Notification.objects.values_list('status', flat=True)))}))"
    )
    return json.loads(manage(env, "shell", "-c", "from collections import Counter;" + script).strip().splitlines()[-1])


def send_all(photos: tuple[bytes, bytes]) -> tuple[list, list, list, set]:
    """Every visitor opens the form, then all send it at once. (statuses, seconds, errors, tokens answered 302)"""
    statuses, seconds, errors, received = [], [], [], set()
    lock = threading.Lock()
    ready = threading.Barrier(VISITORS, timeout=600)

    def visit(number: int) -> None:
        browser = Browser(PORT, timeout=600)
        try:
            fields = browser.open_form("/new-patients/")
        except Exception as error:  # noqa: BLE001 - counted, not fatal
            with lock:
                errors.append(f"open: {error!r}")
            ready.abort()
            return
        time.sleep(MIN_FILL_SECONDS)
        ready.wait()
        try:
            status, _, took = browser.send_form(
                "/new-patients/", {**answers(number), **fields}, {"card_front": photos[0], "card_back": photos[1]}
            )
        except Exception as error:  # noqa: BLE001
            with lock:
                errors.append(f"send: {error!r}")
            return
        with lock:
            statuses.append(status)
            seconds.append(took)
            if status == 302:
                received.add(fields["form_token"])

    threads = [threading.Thread(target=visit, args=(number,)) for number in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, seconds, errors, received


def run(name: str, database_url: str, mail: str) -> dict:
    photos = (jpeg_bytes(1600, 1000), jpeg_bytes(1600, 1000, color=(160, 40, 40)))
    with SMTPServer(behaviour="good" if mail == "answers" else "silent") as smtp:
        env = environment(
            database_url, REDIS, PORT,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", INTAKE_EMAIL_TIMEOUT="5",
            INTAKE_SENDS_PER_ADDRESS_PER_HOUR="1000000", INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR="1000000",
        )  # fmt: skip
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_content")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
        server = start(env)
        sender = subprocess.Popen(
            [sys.executable, "manage.py", "intake_send_notifications", "--watch", "--interval", "1"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            started = time.monotonic()
            statuses, seconds, errors, received = send_all(photos)
            wall = time.monotonic() - started - MIN_FILL_SECONDS
            expected_mail = 2 * len(received)
            deadline = time.monotonic() + (MAIL_WAIT_SECONDS if mail == "answers" else 10)
            while len(smtp.messages) < expected_mail and time.monotonic() < deadline:
                time.sleep(1)
        finally:
            sender.terminate()
            sender.wait(timeout=120)
            stop(server)
        kept = stored(env)
        subjects = Counter(smtp.subjects())
    tokens = Counter(kept["tokens"])
    return {
        "name": name,
        "statuses": dict(Counter(statuses)),
        "5xx": sum(1 for status in statuses if status >= 500),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "lost": len(received - set(tokens)),
        "duplicates": sum(count - 1 for count in tokens.values()) + len(kept["alerts"]),
        "stored": len(tokens),
        "p50": statistics.median(seconds) if seconds else float("nan"),
        "p99": percentile(seconds, 0.99),
        "max": max(seconds, default=float("nan")),
        "wall": wall,
        "mail": f"{len(smtp.messages)} received, {sum(n - 1 for n in subjects.values())} twice",
        "outbox": kept["outbox"],
    }


def postgres_database() -> tuple[str, str]:
    name = f"bench_load_{os.getpid()}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return name, f"{POSTGRES}/{name}"


def main() -> None:
    results = []
    for mail in ("answers", "hangs"):
        with tempfile.TemporaryDirectory() as tmp:
            sqlite = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
            results.append(run(f"SQLite, mail server {mail}", sqlite, mail))
        name, url = postgres_database()
        try:
            results.append(run(f"PostgreSQL, mail server {mail}", url, mail))
        finally:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False)
    print(f"\n{VISITORS} new-patient submissions (two 1600 × 1000 JPEG card photos each) sent at once; "
          f"{os.cpu_count()} cores, gunicorn.conf.py")  # fmt: skip
    for r in results:
        print(f"\n  {r['name']}")
        print(f"    answers {r['statuses']}, 5xx {r['5xx']}, connection errors {r['errors']} {r['first_error']}")
        print(f"    stored {r['stored']}, lost {r['lost']}, duplicates {r['duplicates']}")
        print(
            f"    send time p50 {r['p50']:.1f} s, p99 {r['p99']:.1f} s, max {r['max']:.1f} s; all in {r['wall']:.0f} s"
        )
        print(f"    mail: {r['mail']}; outbox {r['outbox']}")


if __name__ == "__main__":
    main()
