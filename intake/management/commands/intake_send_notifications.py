import contextlib
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from intake import notifications

logger = logging.getLogger(__name__)

# How often a watching sender checks whether it was told to stop while it waits.
STOP_CHECK_SECONDS = 0.2


class Command(BaseCommand):
    help = (
        "Send the intake emails that are due in the outbox, then exit (for cron). With --watch, keep "
        "sending every few seconds as a long-lived worker until SIGTERM or Ctrl-C, which let the email "
        "in hand finish first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, help="Seconds one email may take in all (default: INTAKE_EMAIL_TIMEOUT)."
        )
        parser.add_argument(
            "--watch", action="store_true", help="Keep running, looking at the outbox again and again."
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="With --watch: seconds between looks (default 5)."
        )
        parser.add_argument("--max-seconds", type=float, help="With --watch: stop after this many seconds.")

    def handle(self, *args, timeout, watch, interval, max_seconds, **options):
        if interval <= 0 or (timeout is not None and timeout <= 0):
            raise CommandError("--timeout and --interval must be more than 0 seconds.")
        if not watch:
            sent, failed = notifications.deliver(timeout=timeout)
            self.stdout.write(f"Sent {sent}, failed {failed}.")
            return
        stop = _Stop(max_seconds)
        self.stdout.write(f"Sending intake emails every {interval:g} s; SIGTERM or Ctrl-C stops.")
        sent = failed = 0
        with stop.on_signals():
            while not stop():
                # A worker lives for days: drop a connection the database closed or that is too old.
                close_old_connections()
                try:
                    batch = notifications.deliver(timeout=timeout, should_stop=stop)
                except DatabaseError as error:  # the database is down: keep trying, as requests do
                    logger.warning("The outbox could not be read (%s); trying again", type(error).__name__)
                else:
                    sent, failed = sent + batch[0], failed + batch[1]
                stop.sleep(interval)
        self.stdout.write(f"Stopped. Sent {sent}, failed {failed}.")


class _Stop:
    """Whether a watching sender should stop: told to by a signal, or out of time."""

    def __init__(self, max_seconds: float | None):
        self.ends = time.monotonic() + max_seconds if max_seconds is not None else float("inf")
        # A plain flag: a signal handler must not take a lock (threading.Event's) its own thread may hold.
        self.signalled = False

    def __call__(self) -> bool:
        return self.signalled or time.monotonic() >= self.ends

    def sleep(self, seconds: float) -> None:
        wakes = time.monotonic() + seconds
        while not self() and (left := wakes - time.monotonic()) > 0:
            time.sleep(min(left, STOP_CHECK_SECONDS))

    @contextlib.contextmanager
    def on_signals(self):
        """SIGTERM (systemd, docker stop) and SIGINT (Ctrl-C) ask the sender to stop."""
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may handle signals: in a thread, --max-seconds ends it
            return
        caught = (signal.SIGTERM, signal.SIGINT)
        previous = {number: signal.signal(number, self._signalled) for number in caught}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _signalled(self, number, frame) -> None:
        self.signalled = True
