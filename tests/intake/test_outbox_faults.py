"""Bad days at the mail server, on real sockets at 127.0.0.1: a patient never waits on it, each
email's send ends at its deadline, and no email goes twice, even with two senders at once."""

import contextlib
import threading
import time

import pytest
from django.core.mail import EmailMessage, get_connection
from django.db import connection
from django.utils import timezone

from intake import notifications
from intake.models import Notification

from .factories import follow_up_data, form_data, make_follow_up, self_pay_data, with_photos
from .smtp import SMTPServer, closed_port, use_smtp

pytestmark = pytest.mark.django_db

DEADLINE = 0.5
# The most a patient may wait for a form to be saved, whatever the mail server does.
FAST = 1.0
BAD_SERVERS = {
    "refusing": None,
    "hanging": {"behaviour": "silent"},
    "trickling": {"behaviour": "trickle"},
    "slow after DATA": {"after_data": 10},
}
TOOK_TOO_LONG = f"took over {DEADLINE:g} s"
# What the sender writes down after trying one email against each server.
FIRST_TRY = {
    "refusing": ("pending", "ConnectionRefusedError"),
    "hanging": ("pending", TOOK_TOO_LONG),
    "trickling": ("pending", TOOK_TOO_LONG),
    "slow after DATA": (
        "failed",
        f"Maybe delivered ({TOOK_TOO_LONG} after the whole message was sent); not tried again",
    ),
}


@contextlib.contextmanager
def bad_server(kind: str):
    """The port of a mail server having a bad day, and the server (None when nothing listens)."""
    if BAD_SERVERS[kind] is None:
        yield closed_port(), None
        return
    with SMTPServer(**BAD_SERVERS[kind]) as server:
        yield server.port, server


def due():
    return Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())


def run_senders(count: int, *, within: float = 60) -> list[int]:
    """`count` senders at once, as `intake_send_notifications --watch` runs them, until nothing is due.

    Returns how many emails each one tried.
    """
    barrier = threading.Barrier(count)
    tried = [0] * count
    ends = time.monotonic() + within

    def sender(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            while time.monotonic() < ends and due().exists():
                sent, failed = notifications.deliver()
                tried[index] += sent + failed
                if not sent + failed:  # the other sender holds what is left
                    time.sleep(0.02)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=within + 10)
    assert not any(thread.is_alive() for thread in threads)
    return tried


def post_each_form(client, location) -> list[float]:
    """The three forms sent once each; the seconds each request took."""
    took = []
    for url, data in (
        ("/new-patients/", with_photos(form_data(location))),
        ("/follow-up/", follow_up_data(location)),
        ("/self-pay/", self_pay_data(location)),
    ):
        started = time.monotonic()
        response = client.post(url, data)
        took.append(time.monotonic() - started)
        assert response.status_code == 302, url
    return took


@pytest.mark.parametrize("kind", BAD_SERVERS)
def test_whatever_the_mail_server_does_each_form_is_saved_within_a_second_and_its_send_ends_at_the_deadline(
    client, location, settings, kind, capsys
):
    with bad_server(kind) as (port, server):
        use_smtp(settings, port, deadline=DEADLINE)
        took = post_each_form(client, location)
        assert server is None or server.connections == 0, "a request talked to the mail server"
        assert set(Notification.objects.values_list("status", "attempts")) == {("pending", 0)}

        started = time.monotonic()
        assert notifications.deliver() == (0, 1)
        sending = time.monotonic() - started
    with capsys.disabled():
        requests = ", ".join(f"{seconds * 1000:.0f}" for seconds in took)
        print(f"\n[measured] {kind} mail server: requests {requests} ms; a send ended after {sending * 1000:.0f} ms")
    assert [seconds for seconds in took if seconds > FAST] == []
    assert sending < DEADLINE + 0.5
    tried = Notification.objects.exclude(attempts=0).get()
    assert (tried.status, tried.last_error) == FIRST_TRY[kind]
    assert tried.locked_until is None


def test_a_read_timeout_alone_never_stops_a_server_that_trickles_its_greeting(settings):
    """Why each send has a deadline of its own: Django's backend, each read bounded, waits on past 4 reads' time."""
    with SMTPServer(behaviour="trickle") as tarpit:
        use_smtp(settings, tarpit.port)
        waiting = threading.Thread(
            target=lambda: get_connection(timeout=DEADLINE, fail_silently=True).send_messages(
                [EmailMessage("Hello", "Hello", to=["desk@clinic.example"])]
            )
        )
        waiting.start()
        waiting.join(timeout=4 * DEADLINE)
        assert waiting.is_alive()
    waiting.join(timeout=5)  # the tarpit closing ends it


@pytest.mark.parametrize(
    ("behaviour", "tls_setting"),
    [("trickle after starttls", "EMAIL_USE_TLS"), ("trickle tls", "EMAIL_USE_SSL")],
    ids=["STARTTLS", "implicit TLS"],
)
def test_a_tls_handshake_trickled_a_byte_at_a_time_is_cut_at_the_deadline_too(
    location, settings, behaviour, tls_setting
):
    make_follow_up(location)
    with SMTPServer(behaviour=behaviour) as tarpit:
        use_smtp(settings, tarpit.port, deadline=DEADLINE)
        setattr(settings, tls_setting, True)
        started = time.monotonic()
        assert notifications.deliver() == (0, 1)
        took = time.monotonic() - started
    assert DEADLINE <= took < DEADLINE + 0.5
    assert Notification.objects.exclude(attempts=0).get().last_error == TOOK_TOO_LONG


@pytest.mark.django_db(transaction=True)  # each sender runs in a thread, on a connection of its own
@pytest.mark.parametrize(("after_data", "outcome"), [(3.0, "failed"), (0.1, "sent")], ids=["too late", "in time"])
def test_over_30_emails_a_server_slow_after_data_gets_each_at_most_once_from_two_senders(
    location, settings, after_data, outcome, capsys
):
    """Answered too late, an email may have been delivered: it is given up, never sent again."""
    for _ in range(15):
        make_follow_up(location)  # a front-desk alert and an acknowledgement each
    assert Notification.objects.count() == 30
    with SMTPServer(after_data=after_data) as server:
        use_smtp(settings, server.port, deadline=0.3 if outcome == "failed" else 2)
        started = time.monotonic()
        tried = run_senders(2)
        took = time.monotonic() - started
        subjects = server.subjects()
    with capsys.disabled():
        print(f"\n[measured] 30 emails, server {after_data:g} s after DATA: {len(subjects)} received, ", end="")
        print(f"{len(subjects) - len(set(subjects))} twice, senders tried {tried}, {took:.1f} s")
    assert len(subjects) == len(set(subjects)) == 30
    assert min(tried) > 0, "both senders shared the work"
    assert set(Notification.objects.values_list("status", "attempts")) == {(outcome, 1)}

    # Given up means given up: not even a sender long after every wait and lease is over tries again.
    Notification.objects.update(next_attempt_at=timezone.now(), locked_until=None)
    assert notifications.deliver() == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_against_a_tarpit_requests_stay_fast_and_each_email_goes_once_when_the_server_recovers(
    client, location, settings, capsys
):
    with SMTPServer(behaviour="trickle") as tarpit:
        use_smtp(settings, tarpit.port, deadline=DEADLINE)
        took = post_each_form(client, location)
        # Two senders meet the tarpit: each email they try is cut off at its deadline and waits its turn.
        started = time.monotonic()
        run_senders(2)
        sending = time.monotonic() - started
        port = tarpit.port
    assert [seconds for seconds in took if seconds > FAST] == []
    assert set(Notification.objects.values_list("status", "attempts", "last_error")) == {("pending", 1, TOOK_TOO_LONG)}

    with SMTPServer(port) as server:  # the same address, working again
        Notification.objects.update(next_attempt_at=timezone.now())  # as once the wait is over
        run_senders(2)
        run_senders(2)
        subjects = server.subjects()
    with capsys.disabled():
        print(f"\n[measured] tarpit: 6 emails tried by 2 senders in {sending:.1f} s; after recovery ", end="")
        print(f"{len(subjects)} received, {len(set(subjects))} different")
    assert len(subjects) == len(set(subjects)) == 6
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
