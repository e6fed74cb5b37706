"""A real redis-server on a free loopback port, for tests that need Redis."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import free_port


@contextmanager
def running_redis(folder: Path) -> Iterator[str]:
    """Start redis-server with its files in ``folder``; yields its URL, stops it after."""
    server_binary = shutil.which("redis-server")
    if not server_binary:
        pytest.fail("redis-server is not installed; scripts/test.sh installs Debian's redis-server package")
    port = free_port()
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
