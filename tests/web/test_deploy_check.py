"""Production settings: `check --deploy` is clean with HUIWEN_HTTPS on, and the switch works."""

from __future__ import annotations

import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import User

import huiwen.settings


def deploy_check(data_dir, **env) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")}
    environment.update(
        HUIWEN_DATA_DIR=str(data_dir), HUIWEN_DEBUG="false", HUIWEN_SECRET_KEY=secrets.token_urlsafe(64), **env
    )
    return subprocess.run(
        [sys.executable, "-m", "huiwen", "manage", "check", "--deploy"],
        env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("extra", [{}, {"HUIWEN_HSTS_PRELOAD": "true"}], ids=["default", "hsts-preload"])
def test_deploy_check_is_clean_with_https_on(tmp_path, extra):
    result = deploy_check(tmp_path, HUIWEN_HTTPS="true", **extra)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    for marker in ("WARNINGS", "ERRORS", "(security.W", "(fields.E"):
        assert marker not in output, output


def test_deploy_check_warns_without_https(tmp_path):
    output = deploy_check(tmp_path).stderr
    assert "(security.W004)" in output and "(security.W008)" in output
    assert "(security.W012)" in output and "(security.W016)" in output


@pytest.fixture
def https_on(settings, monkeypatch, tmp_path):
    """Apply what HUIWEN_HTTPS=true sets in huiwen/settings.py to this test's settings."""
    monkeypatch.setenv("HUIWEN_HTTPS", "true")
    monkeypatch.setenv("HUIWEN_DATA_DIR", str(tmp_path))
    configured = runpy.run_path(huiwen.settings.__file__)
    switched = {
        name: value
        for name, value in configured.items()
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_"))
    }
    assert switched["SECURE_SSL_REDIRECT"] is True
    for name, value in switched.items():
        setattr(settings, name, value)
    return settings


def test_request_forwarded_as_https_is_served_securely(client, db, https_on):
    response = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response.cookies["csrftoken"]["secure"] is True


def test_plain_http_request_is_redirected_to_https(client, db, https_on):
    response = client.get("/takedown/?from=footer")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/takedown/?from=footer"
    assert "Strict-Transport-Security" not in response


def test_session_cookie_is_sent_only_over_https(client, db, https_on):
    User.objects.create_superuser("zhanzhang", password="pw-for-tests-only")
    response = client.post(
        "/admin/login/", {"username": "zhanzhang", "password": "pw-for-tests-only"}, HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True


def huiwen_check(data_dir, **env) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("HUIWEN_")}
    environment.update(HUIWEN_DATA_DIR=str(data_dir), **env)
    return subprocess.run([sys.executable, "-m", "huiwen", "check"], env=environment, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("https", ["false", "true"])
def test_huiwen_check_passes_with_debug_off_and_a_secret_key(tmp_path, https):
    result = huiwen_check(tmp_path, HUIWEN_DEBUG="false", HUIWEN_SECRET_KEY=secrets.token_urlsafe(64), HUIWEN_HTTPS=https)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert ("HTTPS checks" in result.stdout) == (https == "false")


@pytest.mark.parametrize(("env", "code"), [
    ({"HUIWEN_DEBUG": "true", "HUIWEN_SECRET_KEY": secrets.token_urlsafe(64)}, "security.W018"),
    ({"HUIWEN_DEBUG": "false", "HUIWEN_SECRET_KEY": "too-short"}, "security.W009"),
], ids=["debug-on", "weak-secret-key"])
def test_huiwen_check_fails_on_debug_or_a_weak_secret_key(tmp_path, env, code):
    result = huiwen_check(tmp_path, **env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"({code})" in result.stderr and "not ready for production" in result.stderr
