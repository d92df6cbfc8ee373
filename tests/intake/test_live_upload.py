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
