"""Debian's Chromium driven by Playwright, shared by the browser tests.

Import the ``browser`` fixture into a test module to use it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking switches Chromium keeps calling home, which this
# machine's closed network refuses, slowly.
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def ensure_chromium() -> None:
    """Install Debian's Chromium when missing (the test setup may run as root in CI)."""
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"], check=True, env=env)


@pytest.fixture(scope="module")
def browser():
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def served_demo(data_dir: Path, *, workers: int):
    """`huiwen demo` set up in ``data_dir``, then served by `huiwen serve` on a free port
    (also its canonical address, so misses publish); yields (base URL, environment)."""
    import httpx
    from conftest import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), "HUIWEN_SITE_URL": base}
    env.pop("HUIWEN_DATABASE_URL", None)
    setup = subprocess.run(
        [sys.executable, "-m", "huiwen", "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    assert "Demo admin: username 'admin'" in setup.stdout
    server = subprocess.Popen(
        [sys.executable, "-m", "huiwen", "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"huiwen serve did not come up: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
            time.sleep(0.3)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=20)


# Recorded before any page script runs: every Content-Security-Policy violation the page
# causes (a blocked inline script, style, eval, frame or image), as "directive blocked-uri".
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " @" + event.sourceFile + ":" + event.lineNumber);
});
"""


def watch_violations(page) -> list[str]:
    """Hook ``page`` so that CSP violations are kept, from the page's events and from the
    console (which also reports violations of a page that navigated away); return the list."""
    seen: list[str] = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))
    return seen


def violations_on(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")
