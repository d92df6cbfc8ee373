"""A minimal SMTP server on 127.0.0.1 for tests: enough of the protocol for Django's backend."""

import socket
import socketserver
import threading
from email import message_from_bytes


class _Handler(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        rcpt_to: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n" if verb == "EHLO" else b"250 test\r\n")
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
                self.server.messages.append((rcpt_to, message_from_bytes(data)))
                self.wfile.write(b"250 OK\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.messages: list = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
