"""`intake_send_notifications --watch`: the long-lived sender picks up new emails within its
interval, and SIGTERM or Ctrl-C stop it once the email in hand is done."""

import io
import os
import signal
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from intake.models import Notification

from .factories import make_follow_up
from .smtp import SMTPServer, use_smtp

# The worker runs in a thread or drops old connections between looks: it works outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def watch(*options: str) -> str:
    out = io.StringIO()
    call_command("intake_send_notifications", "--watch", *options, stdout=out)
    return out.getvalue()


def test_a_watching_sender_sends_what_arrives_within_its_interval(location, settings):
    with SMTPServer() as server:
        use_smtp(settings, server.port)
        output = []

        def worker():
            try:
                output.append(watch("--interval", "0.1", "--max-seconds", "3"))
            finally:
                connection.close()

        running = threading.Thread(target=worker)
        running.start()
        time.sleep(0.3)  # the worker has looked once and found nothing
        make_follow_up(location)
        submitted = time.monotonic()
        while len(server.messages) < 2 and time.monotonic() - submitted < 2:
            time.sleep(0.02)
        delivered_after = time.monotonic() - submitted
        running.join(timeout=10)
    assert len(server.messages) == 2 and delivered_after < 1
    assert output == ["Sending intake emails every 0.1 s; SIGTERM or Ctrl-C stops.\nStopped. Sent 2, failed 0.\n"]


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_sender_without_waiting_for_its_next_look(signal_number, settings):
    use_smtp(settings, 9)  # never reached: the outbox is empty
    before = signal.getsignal(signal_number)
    threading.Timer(0.3, os.kill, args=(os.getpid(), signal_number)).start()
    started = time.monotonic()
    output = watch("--interval", "30", "--max-seconds", "60")
    assert time.monotonic() - started < 1.5
    assert output.endswith("Stopped. Sent 0, failed 0.\n")
    assert signal.getsignal(signal_number) is before


def test_told_to_stop_in_the_middle_of_a_send_the_sender_finishes_that_email_and_takes_no_other(location, settings):
    for _ in range(2):
        make_follow_up(location)
    with SMTPServer(after_data=0.6) as server:
        use_smtp(settings, server.port, deadline=5)
        threading.Timer(0.2, os.kill, args=(os.getpid(), signal.SIGTERM)).start()
        started = time.monotonic()
        output = watch("--interval", "30")
        took = time.monotonic() - started
    assert output.endswith("Stopped. Sent 1, failed 0.\n") and 0.5 < took < 2
    assert len(server.messages) == 1
    assert sorted(Notification.objects.values_list("status", "attempts")) == [("pending", 0)] * 3 + [("sent", 1)]


def test_a_sender_refuses_an_interval_or_timeout_of_zero(db):
    with pytest.raises(CommandError, match="more than 0 seconds"):
        watch("--interval", "0")
    with pytest.raises(CommandError, match="more than 0 seconds"):
        call_command("intake_send_notifications", "--timeout", "0")
