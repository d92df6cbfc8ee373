"""What the benchmarks share: the site in production mode under gunicorn on 127.0.0.1, a form
filled in the way a browser does it (page, cookie, token, photos), and percentiles."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(database_url: str, cache_url: str, port: int, **extra: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "INTAKE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        "EMAIL_URL": "consolemail://",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "PORT": str(port),
        **extra,
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def start(env: dict, *options: str) -> subprocess.Popen:
    """gunicorn as `make serve` runs it (gunicorn.conf.py), with `options` on top."""
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null", *options,
         "clinic_site.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{env['PORT']}/health/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Browser:
    """One visitor: keeps the CSRF cookie, reads a form's hidden fields, sends it back as multipart."""

    def __init__(self, port: int, timeout: float = 300):
        self.port, self.timeout, self.cookies = port, timeout, {}

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        """(status, body, seconds)"""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            key, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[key] = value
        return response.status, content, time.monotonic() - started

    def open_form(self, path: str) -> dict:
        """The form's hidden fields as the page gives them, and its first clinic."""
        status, html, _ = self.request("GET", path)
        assert status == 200, status
        page = html.decode()
        return {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
                for name in ("csrfmiddlewaretoken", "form_token", "started", "location")}  # fmt: skip

    def send_form(self, path: str, fields: dict, files: dict[str, bytes]):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, data in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.png"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://127.0.0.1{path}"}
        return self.request("POST", path, body, headers)
