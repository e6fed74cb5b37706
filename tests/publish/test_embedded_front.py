"""`huiwen serve`'s front answers published files the way nginx would, and hands
everything else — misses, live routes, other methods, hostile paths — to Django."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from huiwen.publish._files import write_page
from huiwen.publish.serving import PublishedFiles

PAGE = "<!DOCTYPE html><html><body><p>已发布的页面</p></body></html>".encode()


def application_answer(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"from the application"]


def get(front: PublishedFiles, path: str, method: str = "GET", query: str = "", **headers: str):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path.encode("utf-8").decode("latin-1"), "QUERY_STRING": query}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    answered = {}
    body = b"".join(front(environ, lambda status, headers: answered.update(status=status, headers=dict(headers))))
    return answered["status"], answered["headers"], body


@pytest.fixture
def front(tmp_path: Path) -> PublishedFiles:
    public = tmp_path / "public"
    write_page(public / "article" / "7.html", PAGE)
    write_page(public / "category" / "tech" / "index.html", PAGE)
    write_page(public / "rss.xml", b"<rss/>")
    (tmp_path / "secret_key").write_text("not for readers")
    return PublishedFiles(application_answer, public)


def test_a_published_page_is_answered_from_its_file(front):
    status, headers, body = get(front, "/article/7.html")
    assert status == "200 OK" and body == PAGE
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Content-Length"] == str(len(PAGE))
    assert headers["Cache-Control"] == "no-cache" and headers["ETag"] and headers["Last-Modified"]
    assert get(front, "/category/tech/")[2] == PAGE
    assert get(front, "/rss.xml")[1]["Content-Type"] == "application/rss+xml; charset=utf-8"


def test_gzip_head_and_revalidation(front):
    status, headers, body = get(front, "/article/7.html", accept_encoding="gzip, br")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == PAGE
    status, headers, body = get(front, "/article/7.html", method="HEAD")
    assert status == "200 OK" and body == b"" and headers["Content-Length"] == str(len(PAGE))
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert get(front, "/article/7.html", if_none_match=etag)[0] == "304 Not Modified"
    assert get(front, "/article/7.html", if_modified_since=modified)[0] == "304 Not Modified"
    assert get(front, "/article/7.html", if_none_match='"other"')[0] == "200 OK"


@pytest.mark.parametrize(("path", "method", "query"), [
    ("/article/8.html", "GET", ""),  # not published: the application renders it
    ("/article/7.html", "POST", ""),
    ("/article/7.html", "GET", "utm_source=share"),
    ("/hit/7/", "GET", ""),
    ("/../secret_key", "GET", ""),
    ("/article/%2e%2e/%2e%2e/secret_key", "GET", ""),
    ("/article/7.html.gz", "GET", ""),
    ("/article/7.html\x00", "GET", ""),
    ("/" + "深" * 2000 + ".html", "GET", ""),
])
def test_everything_else_goes_to_the_application(front, path, method, query):
    assert get(front, path, method=method, query=query)[2] == b"from the application"


def test_a_deleted_page_is_gone_at_once(front, tmp_path):
    (tmp_path / "public" / "article" / "7.html").unlink()
    assert get(front, "/article/7.html")[2] == b"from the application"
    assert get(front, "/article/7.html", accept_encoding="gzip")[2] == b"from the application"
