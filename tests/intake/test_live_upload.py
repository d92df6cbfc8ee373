"""Upload limits against a real server socket: an oversized body is refused without being read."""

import socket
import time
from urllib.parse import urlsplit

import pytest

from intake.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_ten_gigabyte_request_gets_a_clear_413_page_at_once(live_server, seeded):
    url = urlsplit(live_server.url)
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(
            b"POST /new-patients/ HTTP/1.1\r\n"
            b"Host: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            b"Content-Length: 10737418240\r\n"
            b"\r\n"
            b"--xyz\r\n"
        )
        received = b""
        while b"</html>" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    elapsed = time.monotonic() - started
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert b"Your photos were too large to send" in received
    assert elapsed < 5
    assert Submission.objects.count() == 0


def send_raw(live_server, head: bytes, body: bytes = b"") -> tuple[bytes, float]:
    """Send a request's head (and some of its body) over a real socket; the answer and how long it took."""
    url = urlsplit(live_server.url)
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(head + body)
        received = b""
        while b"</html>" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    return received, time.monotonic() - started


@pytest.mark.parametrize("path", ["/follow-up/", "/self-pay/", "/admin/login/"])
def test_a_huge_body_to_the_other_forms_gets_the_413_page_unread(live_server, seeded, path):
    received, elapsed = send_raw(
        live_server,
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\n".encode()
        + b"Content-Type: multipart/form-data; boundary=xyz\r\n"
        b"Content-Length: 314572800\r\n\r\n",  # 300 MB, as the attacker sent
        b'--xyz\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n' + b"\0" * 65536,
    )
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert b"What you sent was too large" in received
    assert b"1.0\xc2\xa0MB" in received  # the cap, as the page says it
    assert elapsed < 5
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("path", ["/new-patients/", "/follow-up/", "/self-pay/"])
def test_a_chunked_body_of_undeclared_length_is_refused(live_server, seeded, path):
    received, _ = send_raw(
        live_server,
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\n".encode()
        + b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"10\r\nfirst_name=Maria\r\n",
    )
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert Submission.objects.count() == 0
