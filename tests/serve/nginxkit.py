"""Test kit for the production stack: the Debian nginx started on loopback with huiwen's
own configuration, and a stand-in upstream that records what nginx passes on.

Imported by the test modules (a conftest.py here would shadow the top-level one that
`from conftest import free_port` needs). nginx is the Debian package `scripts/test.sh`
installs: locally a missing nginx skips with a reason, in CI (CI=true) it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def require_nginx() -> str:
    """The nginx binary; skip (fail in CI) when the Debian package is not installed."""
    found = shutil.which("nginx") or next(
        (str(path) for path in (Path("/usr/sbin/nginx"), Path("/usr/local/sbin/nginx")) if path.exists()), None
    )
    if found:
        return found
    message = "nginx is not installed (Debian package `nginx`; scripts/test.sh installs it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def worker_user() -> str | None:
    """Started as root, nginx would run its workers as `nobody`, who cannot read pytest's
    private temporary folders; run them as root there. Otherwise nginx runs as us."""
    return "root" if os.geteuid() == 0 else None


def nginx_check(nginx: str, conf: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([nginx, "-t", "-c", str(conf), *extra], capture_output=True, text=True, timeout=60)


def wait_for_port(port: int, timeout: float = 15.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def running_nginx(nginx: str, conf: Path, port: int) -> Iterator[subprocess.Popen]:
    """nginx in the foreground with ``conf``, stopped (with its workers) on exit."""
    process = subprocess.Popen(
        [nginx, "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        try:
            wait_for_port(port, process=process)
        except RuntimeError as error:
            stderr = process.stderr.read().decode(errors="replace") if process.poll() is not None else ""
            pytest.fail(f"nginx did not start: {error}\n{stderr}")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Upstream:
    """A stand-in for `huiwen serve`: answers every request with ``app <METHOD> <path>``."""

    port: int
    seen: list[Seen] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.seen]


@contextmanager
def stand_in_upstream() -> Iterator[Upstream]:
    server_box: dict = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            server_box["upstream"].seen.append(
                Seen(self.command, self.path, {name.lower(): value for name, value in self.headers.items()}, body)
            )
            reply = f"app {self.command} {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _answer

        def log_message(self, *args) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    upstream = Upstream(port=server.server_address[1])
    server_box["upstream"] = upstream
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield upstream
    finally:
        server.shutdown()
        server.server_close()
