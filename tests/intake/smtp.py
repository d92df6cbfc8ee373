"""SMTP servers on 127.0.0.1 for tests: a good one, and the bad days a mail server has.

- `SMTPServer()`: enough of the protocol for Django's backend; keeps each message it accepts.
- `SMTPServer(behaviour="silent")`: accepts connections and never says a word.
- `SMTPServer(behaviour="trickle")`: a tarpit, sending an endless greeting one byte at a time,
  each byte well inside any read timeout.
- `SMTPServer(behaviour="trickle tls")` and `"trickle after starttls"`: the same with a TLS
  handshake, at once (port 465 style) or after STARTTLS.
- `SMTPServer(after_data=seconds)`: takes the whole message and keeps it (as a real server that
  has queued it for delivery would), then waits that long before saying so.
- `closed_port()`: a port where connections are refused.

Waits end when the server stops, so a test never waits on a handler thread.
"""

import socket
import socketserver
import threading
from email import message_from_bytes

TRICKLE_SECONDS = 0.05
TRICKLE = b"220-tarpit, one byte at a time\r\n"
# A TLS record announcing 16 KB of handshake: the client's TLS layer reads until it has it all.
TLS_TRICKLE = b"\x16\x03\x03\x40\x00" + b"\x02" * 16384


class _Handler(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        server: SMTPServer = self.server
        with server.lock:
            server.connections += 1
        try:
            if server.behaviour == "silent":
                server.stopping.wait()
            elif server.behaviour == "trickle":
                self.trickle(TRICKLE)
            elif server.behaviour == "trickle tls":
                self.trickle(TLS_TRICKLE)
            else:
                self.converse()
        except OSError:  # the client hung up (or was cut off at its deadline)
            pass

    def trickle(self, data: bytes):
        sent = 0
        while not self.server.stopping.wait(TRICKLE_SECONDS):
            self.wfile.write(data[sent % len(data) : sent % len(data) + 1])
            sent += 1

    def converse(self):
        server: SMTPServer = self.server
        self.wfile.write(b"220 test ESMTP\r\n")
        rcpt_to: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.wfile.write(
                    b"250-test\r\n250-STARTTLS\r\n250 8BITMIME\r\n" if verb == "EHLO" else b"250 test\r\n"
                )
            elif verb == "STARTTLS" and server.behaviour == "trickle after starttls":
                self.wfile.write(b"220 go ahead\r\n")
                self.trickle(TLS_TRICKLE)
                return
            elif verb == "MAIL":
                rcpt_to = []
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                rcpt_to.append(command.split(":", 1)[1].strip(" <>"))
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                if chunk == b"":  # the client went before the end of the message: nothing to deliver
                    return
                with server.lock:
                    server.messages.append((rcpt_to, message_from_bytes(data)))
                if server.stopping.wait(server.after_data):
                    return
                self.wfile.write(b"250 OK\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, *, behaviour: str = "good", after_data: float = 0.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.behaviour = behaviour
        self.after_data = after_data
        self.messages: list = []
        self.connections = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def subjects(self) -> list[str]:
        """The subject of each message the server accepted, in the order it got them."""
        with self.lock:
            return [message["Subject"] for _, message in self.messages]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.shutdown()
        self.server_close()  # waits for the handler threads, which the stop above has ended
        self._thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_smtp(settings, port: int, *, deadline: float = 2.0) -> None:
    """Send through Django's SMTP backend to 127.0.0.1:`port`, each email allowed `deadline` seconds in all."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.INTAKE_EMAIL_TIMEOUT = deadline
    settings.FRONT_DESK_EMAIL = "desk@clinic.example"
