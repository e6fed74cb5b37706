"""Scale-out settings: HUIWEN_REDIS_URL moves the cache and the task queue to Redis.

A real redis-server is started on a free loopback port for this module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import free_port

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server_binary = shutil.which("redis-server")
    if not server_binary:
        pytest.fail("redis-server is not installed; scripts/test.sh installs Debian's redis-server package")
    port = free_port()
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def test_settings_use_redis_for_cache_and_queue(redis_url, tmp_path):
    probe = """
import django, json
django.setup()
from django.conf import settings
from django.core.cache import cache
from huey.contrib.djhuey import HUEY
cache.set("huiwen-probe", "缓存可用", 30)
print(json.dumps({"cache": settings.CACHES["default"]["BACKEND"], "huey": type(HUEY).__name__,
                  "value": cache.get("huiwen-probe")}))
"""
    env = {**os.environ, "HUIWEN_REDIS_URL": redis_url, "HUIWEN_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "huiwen.settings"}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"cache": "django.core.cache.backends.redis.RedisCache", "huey": "RedisHuey", "value": "缓存可用"}


def test_a_task_enqueued_on_one_machine_runs_on_another(redis_url):
    """Two RedisHuey instances stand for a web process and a worker elsewhere."""
    from huey import RedisHuey

    web, worker = RedisHuey("huiwen-test", url=redis_url), RedisHuey("huiwen-test", url=redis_url)

    @web.task()
    def add(a, b):
        return a + b

    worker.task()(add.func)  # the worker registers the same task by import path
    result = add(2, 3)
    message = worker.dequeue()
    assert message is not None
    worker.execute(message)
    assert result.get(blocking=True, timeout=5) == 5
