"""Real `huiwen worker` processes collecting from a loopback site into the test database.

On SQLite the workers share a SqliteHuey queue file in one data dir; on PostgreSQL they
share a RedisHuey queue on a redis-server started for the test. Each worker runs in its
own session (process group), so ``kill`` takes its reading processes down with it, as a
machine losing power or ``systemctl kill`` would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from conftest import database_url
from django.db import connection
from rediskit import running_redis

from huiwen.sources.models import CollectionRun


class Workers:
    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1, threads: int = 2) -> list[subprocess.Popen]:
        started = []
        for _ in range(count):
            log = open(self.folder / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115 - closed with the worker
            process = subprocess.Popen(
                [sys.executable, "-m", "huiwen", "worker", "--threads", str(threads)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            log.close()  # the child holds its own descriptor
            self.processes.append(process)
            started.append(process)
        return started

    def kill(self, process: subprocess.Popen) -> None:
        """kill -9 the worker and every process it started."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(process.pid, signal.SIGKILL)  # reading processes a stuck worker left
            except ProcessLookupError:
                pass

    def run_python(self, code: str) -> str:
        """Run ``code`` after django.setup() in a process configured like the workers
        (so a task it queues goes to their queue), as the web process's admin would."""
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup()\n{code}"],
            env=self.env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def schedule_due_sources(self) -> int:
        out = self.run_python("from huiwen.sources.tasks import enqueue_due_sources\nprint(enqueue_due_sources.call_local())")
        return int(out.strip().splitlines()[-1])

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.folder.glob("worker-*.log")))

    def wait_until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            dead = [p.pid for p in self.processes if p.poll() is not None and p.returncode != -signal.SIGKILL]
            assert not dead, f"worker(s) {dead} exited while waiting for {what}:\n{self.logs()[-4000:]}"
            assert time.monotonic() < deadline, f"timed out after {timeout:g} s waiting for {what}:\n{self.logs()[-4000:]}"
            time.sleep(0.5)

    def wait_for_runs(self, count: int, timeout: float) -> None:
        def finished() -> bool:
            return CollectionRun.objects.filter(state=CollectionRun.State.DONE).count() >= count

        self.wait_until(finished, timeout, f"{count} collection runs to finish")


@contextmanager
def workers_for(site_address: str, folder: Path, *, lease_seconds: float = 300) -> Iterator[Workers]:
    """Workers for the database this test runs on (Redis for the queue on PostgreSQL),
    allowed to fetch from ``site_address`` without delay between requests."""
    with ExitStack() as stack:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "huiwen.settings",
            "HUIWEN_DATA_DIR": str(folder / "data"),
            "HUIWEN_DATABASE_URL": database_url(),
            "HUIWEN_FETCH_ALLOW_NETWORKS": site_address,
            "HUIWEN_FETCH_HOST_DELAY": "0",
            "HUIWEN_COLLECT_RUN_LEASE_SECONDS": str(lease_seconds),
            "HUIWEN_REDIS_URL": "",
        }
        if connection.vendor == "postgresql":
            env["HUIWEN_REDIS_URL"] = stack.enter_context(running_redis(folder))
        workers = Workers(env, folder)
        stack.callback(workers.stop)
        yield workers
