"""Helpers for the takedown tests: filing a request through the form as a claimant would.

Import ``file_takedown`` into a test module to use the fixture."""

from __future__ import annotations

import re

import pytest

REFERENCE = re.compile(r"TD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}")
STATUS_LINK = re.compile(r'href="(http://testserver(/en)?/takedown/status/[A-Za-z0-9_-]+/)"')


def form_data(*urls: str, **changes) -> dict:
    data = {
        "claimant": "江城晚报社",
        "email": "rights@jiangcheng.example",
        "urls": "\n".join(urls),
        "work": "《城东新区完成老旧小区改造》,2026 年 11 月 1 日首发于江城晚报",
        "statement": "该文全文转载自本报,未经授权。",
        "good_faith": "on",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (mail, publishing) at the
    block's end, as a real request's commit would; tests run inside one transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def file_takedown(client, committed):
    """POST the form; returns (response, reference, status path)."""

    def file(*urls: str, prefix: str = "", **changes):
        with committed():
            response = client.post(f"{prefix}/takedown/", form_data(*urls, **changes))
        html = response.content.decode()
        reference = REFERENCE.search(html)
        link = STATUS_LINK.search(html)
        return response, reference.group(0) if reference else None, link.group(1).removeprefix("http://testserver") if link else None

    return file
