"""The front desk's queue at 1,000 and at 100,000 submissions, on SQLite and on PostgreSQL.

Each database is a throwaway of its own (a SQLite file; a PostgreSQL cluster on a free port on
127.0.0.1), loaded with generated submissions marked as test data ("Generated test data" in
their reason; names from a fixed list), most of them closed as in a practice's second year.
Every queue view, filter, sort and search, and the admin home, is asked through Django's own
handler as a Front desk member, in this process: the median of 5 of each, in ms, and the
ratio at 100,000 to 1,000 (the goal: 3 × at most).

    python bench/front_desk.py [--sizes 1000,100000]
"""

import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = "Maria James Priya Chen Olivia Noah Ava Liam Sofia Ethan Mia Lucas Zoe Omar Grace Hiro".split()  # noqa: SIM905
LAST = "Lopez Smith Shah Wong Brown Garcia Miller Davis Khan Rossi Novak Cohen Ali Kim Silva Ward".split()  # noqa: SIM905
OPEN, DONE = ["new", "verifying", "needs_information"], ["closed", "scheduled"]


def run(database: str, sizes: list[int]) -> None:
    """In a process of its own (Django is set up once a process): load, then measure each size."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        OTP_REQUIRED="false",  # the member is signed in by the test client, without a second factor
        SECRET_KEY=secrets.token_urlsafe(50),
        INTAKE_ENCRYPTION_KEYS="oyP14Y-DqH-z912x55k4etMZ1GDppMGLDsY33XOjuno=",
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS_ONLY="false",
        EMAIL_URL="consolemail://",
        DATABASE_URL=database,
        CACHE_URL="locmemcache://",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from clinic_site.groups import FRONT_DESK

    call_command("migrate", verbosity=0)
    call_command("seed_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    member = get_user_model().objects.create_user("dana", first_name="Dana", is_staff=True)
    member.groups.add(Group.objects.get(name=FRONT_DESK))
    client = Client(SERVER_NAME="127.0.0.1", HTTP_HOST="127.0.0.1")
    client.force_login(member)

    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    figures: dict[int, dict[str, float]] = {}
    for size in sizes:
        sample = load(size, member)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what a database that has been running has: statistics
        figures[size] = {name: timed(client, url) for name, url in queue_urls(sample)}
    small, large = sizes[0], sizes[-1]
    print(f"\n{label}: ms per page, median of 5, at {small:,} and at {large:,} submissions")
    print(f"  {'page':44} {small:>8,} {large:>9,} {'×':>6}")
    for name, _ in queue_urls(sample):
        a, b = figures[small][name], figures[large][name]
        print(f"  {name:44} {a:8.1f} {b:9.1f} {b / a:6.2f}")


def load(total: int, member) -> dict:
    """Submissions up to `total`; returns one of them to search for."""
    from django.utils import timezone

    from intake.models import Submission, name_key, new_reference, phone_key
    from locations.models import Location

    rng = random.Random(total)
    locations = list(Location.objects.all())
    today = timezone.localdate()
    have = Submission.objects.count()
    # Random references collide now and then at this count; the site retries, and so does this.
    taken = set(Submission.objects.values_list("reference", flat=True))
    batch = []
    for n in range(have, total):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        phone = f"+1{rng.choice(['212', '973', '203'])}555{n % 10_000:04d}"
        received = timezone.now() - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        open_one = rng.random() < 0.05  # most of two years' submissions are done
        status = rng.choice(OPEN if open_one else DONE)
        kind = rng.choice(["new_patient", "new_patient", "follow_up", "self_pay"])
        requested = (today - timedelta(days=rng.randrange(20))) if kind == "self_pay" and open_one else None
        reference = new_reference()
        while reference in taken:
            reference = new_reference()
        taken.add(reference)
        submission = Submission(
            reference=reference,
            kind=kind,
            status=status,
            location=rng.choice(locations),
            assignee=member if open_one and rng.random() < 0.3 else None,
            received_at=received,
            form_token=secrets.token_hex(16),
            first_name=first,
            last_name=last,
            date_of_birth=date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365)),
            phone=phone,
            email=f"{first}.{last}{n}@example.com".lower(),
            reason="Generated test data for the benchmark.",
            estimate_requested_on=requested,
            estimate_due_on=(requested + timedelta(days=5)) if requested else None,
            first_last_key=name_key(first, last),
            last_first_key=name_key(last, first),
            phone_key=phone_key(phone),
        )
        batch.append(submission)
        if len(batch) == 5_000:
            Submission.objects.bulk_create(batch)
            batch = []
    Submission.objects.bulk_create(batch)
    one = Submission.objects.order_by("pk").first()
    return {
        "reference": one.reference.replace("-", "").lower(),
        "phone": one.phone[-4:],
        "born": one.date_of_birth.strftime("%m/%d/%Y"),
        "name": one.last_name,
    }


def queue_urls(sample: dict) -> list[tuple[str, str]]:
    queue = "/admin/intake/submission/"
    return [
        ("the queue: needs doing, oldest first", f"{queue}?view=todo"),
        ("Mine", f"{queue}?view=mine"),
        ("Waiting to be picked up", f"{queue}?view=waiting"),
        ("Estimates due", f"{queue}?view=estimates"),
        ("All, newest first", f"{queue}?view=all"),
        ("All, by patient", f"{queue}?view=all&o=2"),
        ("All, by estimate due", f"{queue}?view=all&o=5"),
        ("All, page 5", f"{queue}?view=all&p=5"),
        ("status: Verifying benefits", f"{queue}?view=all&status=verifying"),
        ("clinic: the first", f"{queue}?view=all&location__id__exact=1"),
        ("type: self-pay", f"{queue}?view=all&kind__exact=self_pay"),
        ("estimate overdue", f"{queue}?view=all&estimate=overdue"),
        ("assignee: nobody", f"{queue}?view=all&assignee=none"),
        ("search: a reference typed without its dash", f"{queue}?view=all&q={sample['reference']}"),
        ("search: a phone's last four digits", f"{queue}?view=all&q={sample['phone']}"),
        ("search: a date of birth", f"{queue}?view=all&q={sample['born']}"),
        ("search: a last name", f"{queue}?view=all&q={sample['name']}"),
        ("the admin home (the queue's counts)", "/admin/"),
    ]


def timed(client, url: str) -> float:
    times = []
    for _ in range(6):
        started = time.perf_counter()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times[1:])  # the first warms the templates and the connection


def main() -> None:
    sizes_arg = sys.argv[sys.argv.index("--sizes") + 1] if "--sizes" in sys.argv else "1000,100000"
    sizes = [int(size) for size in sizes_arg.split(",")]
    if "--database" in sys.argv:
        run(sys.argv[sys.argv.index("--database") + 1], sizes)
        return
    from tests.live import Postgres  # a cluster of our own on a free port

    folder = Path(tempfile.mkdtemp(prefix="clinic-front-desk-"))
    postgres = None
    try:
        postgres = Postgres(folder)
        postgres.start()
        size_arg = ["--sizes", ",".join(map(str, sizes))]
        postgres.create_database()
        for database in (f"sqlite:///{folder / 'front-desk.sqlite3'}", postgres.url):
            subprocess.run([sys.executable, __file__, "--database", database, *size_arg], check=True)
    finally:
        if postgres is not None and (postgres.data / "postmaster.pid").exists():  # it started
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
