"""HUIWEN_LOG_FORMAT=json: every log record is one JSON object on one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import django, logging
django.setup()
log = logging.getLogger("huiwen.probe")
log.warning("采集失败: %s", "超时")
try:
    1 / 0
except ZeroDivisionError:
    log.exception("第二行\\n也在同一个对象里")
"""


def run_probe(tmp_path, log_format: str) -> subprocess.CompletedProcess:
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")},
        "DJANGO_SETTINGS_MODULE": "huiwen.settings", "HUIWEN_DATA_DIR": str(tmp_path), "HUIWEN_LOG_FORMAT": log_format,
    }
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)


def test_json_logs_are_one_object_per_line(tmp_path):
    result = run_probe(tmp_path, "json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(r["level"], r["logger"], r["message"]) for r in records] == [
        ("WARNING", "huiwen.probe", "采集失败: 超时"), ("ERROR", "huiwen.probe", "第二行\n也在同一个对象里"),
    ]
    assert "ZeroDivisionError" in records[1]["exc_info"]
    assert all(r["time"].endswith("+00:00") and r["process"] > 0 for r in records)


def test_text_logs_stay_plain_and_an_unknown_format_is_refused(tmp_path):
    plain = run_probe(tmp_path, "text")
    assert plain.returncode == 0 and plain.stderr.startswith("采集失败: 超时\n")
    with pytest.raises(json.JSONDecodeError):
        json.loads(plain.stderr.splitlines()[0])
    wrong = run_probe(tmp_path, "xml")
    assert wrong.returncode != 0 and "HUIWEN_LOG_FORMAT='xml': use 'text' or 'json'" in wrong.stderr
