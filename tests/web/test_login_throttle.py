"""Guessing admin passwords: lockout per account and per address, and how staff lift it."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client, RequestFactory

from huiwen.portal.clients import client_address

PASSWORD = "correct-horse-battery-staple"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.20"


def failure_limit() -> int:
    return django_settings.AXES_FAILURE_LIMIT


@pytest.fixture
def chief(db):
    return User.objects.create_superuser("zhubian", password=PASSWORD)


def log_in(client, username: str, password: str, address: str, **headers):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_right_password_after_too_many_wrong_ones_is_refused(client, chief):
    answers = [log_in(client, "zhubian", f"guess-{n}", ATTACKER).status_code for n in range(failure_limit())]
    assert answers[0] == 200 and answers[-1] == 429

    response = log_in(client, "zhubian", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_locked_page_says_for_how_long_and_who_can_lift_it(client, chief, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    for n in range(failure_limit()):
        log_in(client, "zhubian", f"guess-{n}", ATTACKER)

    page = log_in(client, "zhubian", PASSWORD, ATTACKER).content.decode()
    assert "已被锁定 30 分钟" in page and "管理员" in page

    english = log_in(client, "zhubian", PASSWORD, ATTACKER, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "locked for 30 minutes" in english and "administrator" in english


def test_one_address_guessing_many_accounts_is_locked_out(client, chief):
    for n in range(failure_limit()):
        log_in(client, f"user{n}", "guess", ATTACKER)

    assert log_in(client, "zhubian", PASSWORD, ATTACKER).status_code == 429
    assert not is_logged_in(client)

    # The account itself saw no failures: from another address it logs in.
    response = log_in(client, "zhubian", PASSWORD, COLLEAGUE)
    assert response.status_code == 302 and is_logged_in(client)


def test_one_account_guessed_from_many_addresses_is_locked_out(client, chief):
    for n in range(failure_limit()):
        log_in(client, "zhubian", "guess", f"192.0.2.{n + 1}")

    assert log_in(client, "zhubian", PASSWORD, COLLEAGUE).status_code == 429
    assert not is_logged_in(client)


def test_successful_login_starts_the_count_again(client, chief):
    for _round in range(2):
        for n in range(failure_limit() - 1):
            assert log_in(client, "zhubian", f"typo-{n}", COLLEAGUE).status_code == 200
        assert log_in(client, "zhubian", PASSWORD, COLLEAGUE).status_code == 302
        client.logout()


def test_staff_admin_lifts_a_lockout_by_deleting_the_attempt(client, chief):
    for n in range(failure_limit()):
        log_in(client, "zhubian", f"guess-{n}", ATTACKER)
    assert log_in(client, "zhubian", PASSWORD, ATTACKER).status_code == 429

    site_admin = User.objects.create_user("guanli", password="pw-for-tests-only", is_staff=True)
    site_admin.groups.add(Group.objects.get(name="admin"))
    admin_client = Client()
    admin_client.force_login(site_admin)
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and ATTACKER in listing.content.decode()
    assert admin_client.get("/admin/axes/accessfailurelog/").status_code == 200

    attempt_ids = [str(attempt.pk) for attempt in listing.context["cl"].result_list]
    admin_client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": attempt_ids, "post": "yes"}
    )
    assert admin_client.get("/admin/axes/accessattempt/").context["cl"].result_count == 0

    assert log_in(client, "zhubian", PASSWORD, ATTACKER).status_code == 302 and is_logged_in(client)


def test_axes_reset_command_lifts_every_lockout(client, chief, capsys):
    for n in range(failure_limit()):
        log_in(client, "zhubian", f"guess-{n}", ATTACKER)
    assert log_in(client, "zhubian", PASSWORD, ATTACKER).status_code == 429

    call_command("axes_reset")
    assert "attempts removed" in capsys.readouterr().out

    assert log_in(client, "zhubian", PASSWORD, ATTACKER).status_code == 302 and is_logged_in(client)


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(client, chief, settings):
    settings.PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for n in range(failure_limit()):
        log_in(client, f"user{n}", "guess", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert log_in(client, "zhubian", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    response = log_in(client, "zhubian", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert response.status_code == 302 and is_logged_in(client)


def test_sites_created_before_the_throttle_get_its_permissions_by_migration(db):
    admin_group = Group.objects.get(name="admin")
    admin_group.permissions.remove(*Permission.objects.filter(content_type__app_label="axes"))

    name = "0003_admin_group_login_attempts"
    historical_apps = MigrationLoader(connection).project_state(("portal", name)).apps
    importlib.import_module(f"huiwen.portal.migrations.{name}").grant(historical_apps, None)

    granted = set(admin_group.permissions.filter(content_type__app_label="axes").values_list("codename", flat=True))
    assert {"view_accessattempt", "delete_accessattempt", "view_accessfailurelog", "delete_accessfailurelog"} <= granted


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request_from("198.51.100.20", forwarded_for="10.9.9.9")) == "198.51.100.20"


def test_behind_proxies_the_address_the_outermost_trusted_proxy_saw_is_used(settings):
    settings.PROXY_COUNT = 1
    # The client may prepend anything; nginx appends the address it saw.
    assert client_address(request_from("127.0.0.1", "6.6.6.6, 203.0.113.66")) == "203.0.113.66"
    settings.PROXY_COUNT = 2
    assert client_address(request_from("127.0.0.1", "6.6.6.6, 203.0.113.66, 10.0.0.5")) == "203.0.113.66"
    assert client_address(request_from("127.0.0.1", "2001:DB8:0:0::1 , 10.0.0.5")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded_for", [None, "", "203.0.113.66", "unknown, 10.0.0.5", "203.0.113.66:4431, 10.0.0.5"])
def test_short_or_malformed_forwarded_header_falls_back_to_the_peer(settings, forwarded_for):
    settings.PROXY_COUNT = 2
    assert client_address(request_from("127.0.0.1", forwarded_for)) == "127.0.0.1"
