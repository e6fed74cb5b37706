"""Scale-out settings: HUIWEN_REDIS_URL moves the cache and the task queue to Redis.

A real redis-server is started on a free loopback port for this module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rediskit import running_redis

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


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
