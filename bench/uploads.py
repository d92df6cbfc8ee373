"""`python bench/uploads.py`: /locations/ latency while 8 worst-case card-photo uploads run at once.

Worst case: each upload carries two 24-megapixel PNGs with transparency (the largest a photo may
be, and the dearest to decode: a few hundred bytes each that inflate to 96 MB of pixels). The
site runs under gunicorn as `make serve` runs it, on SQLite, on 127.0.0.1; it runs once with
the configured gthread workers and once with sync workers (how it ran before) for comparison.
Figures: /locations/ p50, p95 and worst time during the uploads; how long the uploads took;
the largest resident memory any worker reached. Run by hand; nothing is asserted.
"""

import io
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image
from server import Browser, environment, manage, percentile, start, stop

UPLOADS = int(os.environ.get("BENCH_UPLOADS", "8"))
PORT = 8031
MIN_FILL_SECONDS = 3.2  # the site refuses forms sent back sooner (INTAKE_MIN_FILL_SECONDS)


def worst_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (6000, 4000), (30, 90, 160, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def patient(number: int) -> dict:
    return {
        "first_name": "Bench", "last_name": f"Patient{number}", "date_of_birth": "1985-03-14",
        "phone": "(973) 555-0147", "email": "", "address_line1": "12 Elm Street", "address_line2": "",
        "city": "Chatham", "state": "NJ", "zip_code": "07928", "preferred_contact": "phone",
        "condition": "", "reason": "Back pain", "injury": "none", "carrier": "Aetna",
        "member_id": f"W{number:09d}", "group_number": "", "relationship": "self", "holder_name": "",
        "holder_date_of_birth": "", "secondary_carrier": "", "secondary_member_id": "",
        "secondary_group_number": "", "privacy_acknowledged": "on", "consent_to_contact": "on",
    }  # fmt: skip


def worker_peak_mb(server_pid: int) -> float:
    """The highest VmHWM among gunicorn's workers (the children of its master)."""
    peaks = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server_pid) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


def run(env: dict, options: tuple[str, ...], photo: bytes) -> dict:
    server = start(env, *options)
    try:
        page = Browser(PORT, timeout=120)
        page.request("GET", "/locations/")  # the page cache is warm, as on a live site
        quiet = [page.request("GET", "/locations/")[2] for _ in range(20)]
        statuses, upload_times = [], []
        sent = threading.Event()

        def upload(number: int) -> None:
            browser = Browser(PORT, timeout=300)
            fields = browser.open_form("/new-patients/")
            time.sleep(MIN_FILL_SECONDS)
            sent.set()
            status, _, seconds = browser.send_form(
                "/new-patients/", {**patient(number), **fields}, {"card_front": photo, "card_back": photo}
            )
            statuses.append(status)
            upload_times.append(seconds)

        threads = [threading.Thread(target=upload, args=(number,)) for number in range(UPLOADS)]
        for thread in threads:
            thread.start()
        sent.wait()
        busy = []
        while any(thread.is_alive() for thread in threads):
            busy.append(page.request("GET", "/locations/")[2])
            time.sleep(0.2)
        for thread in threads:
            thread.join()
        return {
            "quiet_p50": statistics.median(quiet) * 1000,
            "busy_p50": statistics.median(busy) * 1000,
            "busy_p95": percentile(busy, 0.95) * 1000,
            "busy_max": max(busy) * 1000,
            "busy_n": len(busy),
            "uploads": sorted(statuses),
            "upload_max": max(upload_times),
            "worker_peak_mb": worker_peak_mb(server.pid),
        }
    finally:
        stop(server)


def main() -> None:
    photo = worst_photo()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(
            f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "locmemcache://", PORT,
            INTAKE_SENDS_PER_ADDRESS_PER_HOUR="100000", INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR="100000",
        )  # fmt: skip
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_content")
        manage(env, "collectstatic", "--noinput", "-v0")
        results = {
            "gthread (gunicorn.conf.py)": run(env, (), photo),
            "sync, as before": run(env, ("--worker-class", "sync", "--threads", "1"), photo),
        }
    print(f"\n{UPLOADS} uploads at once, each two 24 MP RGBA PNGs of {len(photo):,} bytes; {os.cpu_count()} cores")
    print(f"  {'workers':28} {'quiet p50':>9} {'busy p50':>9} {'p95':>7} {'max':>7} {'n':>4} {'uploads':>8} "
          f"{'slowest':>8} {'peak MB':>8}")  # fmt: skip
    for name, r in results.items():
        codes = ",".join(sorted({str(code) for code in r["uploads"]}))
        latency = f"{r['quiet_p50']:8.0f}ms {r['busy_p50']:8.0f}ms {r['busy_p95']:6.0f}ms {r['busy_max']:6.0f}ms"
        print(f"  {name:28} {latency} {r['busy_n']:4} {codes:>8} {r['upload_max']:7.1f}s {r['worker_peak_mb']:8.0f}")


if __name__ == "__main__":
    main()
