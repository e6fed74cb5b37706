"""End to end through the production stack: nginx (Debian package, `huiwen nginx-conf
--full`) in front of `huiwen serve`, with `huiwen worker` running as in a deployment, on
demo content published by `huiwen publish --all`. An edit, an unpublish and a removal
made through the ORM are visible to a reader of nginx within 2 s.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from nginxkit import require_nginx, running_nginx, wait_for_port, worker_user

VISIBLE_WITHIN = 2.0


def _env(data_dir: Path) -> dict:
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir), "HUIWEN_PROXY_COUNT": "1"}
    for name in ("HUIWEN_DATABASE_URL", "HUIWEN_REDIS_URL", "HUIWEN_TASKS_IMMEDIATE", "HUIWEN_PUBLIC_ROOT"):
        env.pop(name, None)
    return env


def _huiwen(*args: str, data_dir: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "huiwen", *args], env=_env(data_dir),
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"huiwen {' '.join(args)}: {result.stdout[-1500:]}{result.stderr[-3000:]}"
    return result


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory):
    """(nginx base URL, data dir): demo content published, served as in production."""
    import huiwen.publish  # noqa: F401 - `huiwen publish` below is its command

    nginx = require_nginx()
    data_dir = tmp_path_factory.mktemp("stack-data")
    _huiwen("demo", "--no-serve", data_dir=data_dir)
    _huiwen("publish", "--all", data_dir=data_dir)

    app_port, nginx_port = free_port(), free_port()
    conf_args = ["nginx-conf", "--full", "--listen", f"127.0.0.1:{nginx_port}", "--upstream", f"127.0.0.1:{app_port}"]
    conf = data_dir / "nginx.conf"
    conf.write_text(_huiwen(*conf_args, *(["--user", worker_user()] if worker_user() else []), data_dir=data_dir).stdout)

    logs = data_dir / "logs"
    logs.mkdir()
    started: list[subprocess.Popen] = []
    try:
        for name, args in (("serve", ["serve", "--port", str(app_port), "--workers", "2"]), ("worker", ["worker"])):
            started.append(subprocess.Popen(
                [sys.executable, "-m", "huiwen", *args], env=_env(data_dir),
                stdout=(logs / f"{name}.out").open("wb"), stderr=subprocess.STDOUT,
            ))
        try:
            wait_for_port(app_port, timeout=90, process=started[0])
        except RuntimeError as error:
            pytest.fail(f"huiwen serve did not come up: {error}\n{(logs / 'serve.out').read_text()[-3000:]}")
        with running_nginx(nginx, conf, nginx_port):
            yield f"http://127.0.0.1:{nginx_port}", data_dir
    finally:
        for process in reversed(started):
            _stop(process)


def _change(data_dir: Path, pk: int, **fields) -> None:
    """Save an article through the ORM in another process, as an editor's save would."""
    assignments = "; ".join(f"article.{name} = {value!r}" for name, value in fields.items())
    _huiwen("manage", "shell", "-c",
            f"from huiwen.news.models import Article; article = Article.objects.get(pk={pk}); {assignments}; article.save()",
            data_dir=data_dir, timeout=120)


def _until(check, what: str) -> float:
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > VISIBLE_WITHIN:
            pytest.fail(f"{what} was not visible through nginx within {VISIBLE_WITHIN} s")
        time.sleep(0.05)


def test_edit_unpublish_and_removal_are_visible_through_nginx_within_two_seconds(production_stack):
    import huiwen.publish  # noqa: F401 - the publishing this test is about

    base, data_dir = production_stack
    public = data_dir / "public"
    with httpx.Client(base_url=base, timeout=10) as client:
        home = client.get("/")
        assert home.status_code == 200 and "set-cookie" not in home.headers
        assert home.content == (public / "index.html").read_bytes()  # nginx answered from the file
        ids = sorted({int(found) for found in re.findall(r'href="/article/(\d+)\.html"', home.text)})
        assert len(ids) >= 3, ids
        edited, unpublished, removed = ids[:3]

        for pk in (edited, unpublished, removed):
            page = client.get(f"/article/{pk}.html")
            assert page.status_code == 200 and "set-cookie" not in page.headers
            assert page.content == (public / "article" / f"{pk}.html").read_bytes()
            assert page.headers["content-type"] == "text/html; charset=utf-8"

        new_title = f"编辑后的标题 {time.time_ns()}"
        _change(data_dir, edited, title=new_title)
        _until(lambda: new_title in client.get(f"/article/{edited}.html").text, "an edited article page")
        _until(lambda: new_title in client.get("/").text, "the edit on the home page")

        _change(data_dir, unpublished, status="draft")
        _until(lambda: client.get(f"/article/{unpublished}.html").status_code == 404, "an unpublished article")
        assert not (public / "article" / f"{unpublished}.html").exists()

        _change(data_dir, removed, status="removed")
        _until(lambda: client.get(f"/article/{removed}.html").status_code == 410, "a removed article's 410")
        assert not (public / "article" / f"{removed}.html").exists()
        assert client.get(f"/article/{removed}.html", headers={"Accept-Encoding": "gzip"}).status_code == 410
