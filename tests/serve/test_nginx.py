"""`huiwen nginx-conf`: the configuration nginx accepts, and what it does with real files.

The behaviour tests start the Debian nginx on loopback with the `--full` configuration
over a public folder laid out as the publisher lays it out, in front of a stand-in
upstream that records every request nginx passes on. They need no publishing code.
"""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import free_port
from nginxkit import nginx_check, require_nginx, running_nginx, stand_in_upstream, worker_user

from huiwen import nginx_conf
from huiwen.security_headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY


def huiwen(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HUIWEN_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "huiwen", *args], env=env, capture_output=True, text=True, timeout=120)


def publish(root: Path, relative: str, body: bytes) -> Path:
    """Write a page and its .gz as the publisher does: each to a temporary file, renamed."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, data in ((path.with_name(path.name + ".gz"), gzip.compress(body)), (path, body)):
        temporary = target.with_name(f".{target.name}.tmp-test")
        temporary.write_bytes(data)
        temporary.rename(target)
    return path


def site_for(data_dir: Path, *, listen: str, upstream: str) -> nginx_conf.Site:
    return nginx_conf.Site(
        public_root=data_dir / "public", static_root=data_dir / "static", media_root=data_dir / "media",
        listen=listen, upstream=upstream,
    )


# --- the configuration itself -------------------------------------------------------------


def test_full_configuration_from_the_command_is_accepted_by_nginx(tmp_path):
    nginx = require_nginx()
    args = ["nginx-conf", "--full", "--listen", f"127.0.0.1:{free_port()}", "--upstream", "127.0.0.1:8000"]
    if worker_user():
        args += ["--user", worker_user()]
    result = huiwen(*args, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    conf = tmp_path / "nginx.conf"
    conf.write_text(result.stdout)
    text = result.stdout
    assert f'pid "{tmp_path.resolve()}/nginx/nginx.pid";' in text
    assert f'root "{tmp_path.resolve()}/public";' in text
    assert f'alias "{tmp_path.resolve()}/static/";' in text and f'alias "{tmp_path.resolve()}/media/";' in text
    assert "include" not in text  # stands alone: its types are inline
    for directive in ("worker_processes auto;", "gzip_static on;", "sendfile on;", "keepalive 32;", "open_file_cache "):
        assert directive in text
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        assert f'{temp}_temp_path "{tmp_path.resolve()}/nginx/{temp}";' in text

    checked = nginx_check(nginx, conf)
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr and "[emerg]" not in checked.stderr, checked.stderr
    # With a prefix too, as `nginx -c FILE -p PREFIX` is run by service managers.
    checked = nginx_check(nginx, conf, "-p", str(tmp_path / "nginx"))
    assert checked.returncode == 0, checked.stderr


def test_server_block_includes_into_an_existing_http_block(tmp_path):
    nginx = require_nginx()
    result = huiwen("nginx-conf", "--listen", f"127.0.0.1:{free_port()}", "--server-name", "news.example.org",
                    data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "http {" not in result.stdout and result.stdout.startswith("upstream ")
    assert "server_name news.example.org;" in result.stdout
    (tmp_path / "huiwen.conf").write_text(result.stdout)
    state = tmp_path / "state"
    state.mkdir()
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{'user root;' if worker_user() else ''}\n"
        f"pid {state}/nginx.pid; error_log {state}/error.log;\n"
        "events {}\n"
        f"http {{ {mime} access_log off; client_body_temp_path {state}/body; proxy_temp_path {state}/proxy;\n"
        f"  fastcgi_temp_path {state}/fcgi; uwsgi_temp_path {state}/uwsgi; scgi_temp_path {state}/scgi;\n"
        f"  include {tmp_path}/huiwen.conf; }}\n"
    )
    checked = nginx_check(nginx, conf)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    "option, value",
    [
        ("--listen", "127.0.0.1:99999"),
        ("--listen", "localhost"),
        ("--listen", "127.0.0.1:80; include /etc/passwd"),
        ("--upstream", "127.0.0.1:"),
        ("--upstream", "evil host:8000"),
        ("--server-name", "a.example; return 200"),
        ("--server-name", "a.example {"),
    ],
)
def test_options_that_would_inject_or_break_the_configuration_are_refused(tmp_path, option, value):
    result = huiwen("nginx-conf", option, value, data_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    assert "huiwen nginx-conf:" in result.stderr and not result.stdout


def test_paths_nginx_would_read_as_variables_are_refused():
    with pytest.raises(nginx_conf.ConfigError, match="quote, backslash"):
        nginx_conf.server_block(site_for(Path("/srv/$document_root"), listen="80", upstream="127.0.0.1:8000"))
    with pytest.raises(nginx_conf.ConfigError):
        nginx_conf.full_config(site_for(Path("/srv/huiwen"), listen="80", upstream="127.0.0.1:8000"),
                               Path("/srv/huiwen"), user="root; daemon off")


def test_addresses_are_read_as_nginx_reads_them():
    assert nginx_conf.parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert nginx_conf.parse_address("[::1]:8080") == ("[::1]", 8080)
    assert nginx_conf.parse_address("8080") == (None, 8080)
    assert nginx_conf.Site(Path("/p"), Path("/s"), Path("/m"), upstream="8001").upstream_address() == ("127.0.0.1", 8001)
    assert nginx_conf.parse_address("news.example.org:80") == ("news.example.org", 80)
    with pytest.raises(nginx_conf.ConfigError):
        nginx_conf.parse_address("::1:8080")


def test_every_language_gets_its_feeds_and_takedown_route():
    text = nginx_conf.server_block(nginx_conf.Site(
        public_root=Path("/srv/p"), static_root=Path("/srv/s"), media_root=Path("/srv/m"), language_prefixes=("/en",),
    ))
    for route in ("/rss.xml", "/en/rss.xml", "/atom.xml", "/en/atom.xml", "/sitemap.xml", "/en/sitemap.xml"):
        assert f"location = {route} {{" in text
    for route in ("/hit/", "/admin/", "/preview/", "/takedown/", "/en/takedown/", "= /healthz"):
        block = text.split(f"location {route} {{", 1)[1].split("}", 1)[0]
        assert "proxy_pass" in block and "try_files" not in block


# --- nginx serving a public folder ------------------------------------------------------------


@pytest.fixture
def stack(tmp_path):
    """nginx with the --full configuration over ``tmp_path`` in front of a stand-in upstream."""
    nginx = require_nginx()
    port = free_port()
    with stand_in_upstream() as upstream:
        site = site_for(tmp_path, listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{upstream.port}")
        conf = tmp_path / "nginx.conf"
        conf.write_text(nginx_conf.full_config(site, tmp_path, user=worker_user()))
        nginx_conf.state_dir(tmp_path).mkdir(exist_ok=True)
        for folder in ("public", "static", "media"):
            (tmp_path / folder).mkdir(exist_ok=True)
        with running_nginx(nginx, conf, port):
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                yield tmp_path, client, upstream


def raw_get(client: httpx.Client, target: str) -> bytes:
    """A request line sent exactly as written (httpx would normalise the path)."""
    host, port = client.base_url.host, client.base_url.port
    with socket.create_connection((host, port), timeout=5) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


PAGES = {
    "index.html": "首页",
    "page/2/index.html": "首页第2页",
    "category/tech/index.html": "科技",
    "en/index.html": "Home",
    "article/12.html": "文章12",
    "en/article/12.html": "Article 12",
}


def test_published_pages_are_answered_from_their_files(stack):
    data_dir, client, upstream = stack
    public = data_dir / "public"
    for relative, text in PAGES.items():
        publish(public, relative, f"<!doctype html><title>{text}</title>".encode())

    for url, relative in [("/", "index.html"), ("/page/2/", "page/2/index.html"),
                          ("/category/tech/", "category/tech/index.html"), ("/en/", "en/index.html"),
                          ("/article/12.html", "article/12.html"), ("/en/article/12.html", "en/article/12.html"),
                          ("/article/12.html?from=singlemessage", "article/12.html")]:
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200, url
        assert response.content == (public / relative).read_bytes(), url
        assert response.headers["content-type"] == "text/html; charset=utf-8", url
        assert "content-encoding" not in response.headers
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["etag"] and response.headers["last-modified"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["permissions-policy"] == PERMISSIONS_POLICY
        assert "set-cookie" not in response.headers
    assert upstream.seen == []

    # The precompressed copy for clients that take gzip, and a 304 for a page they hold.
    zipped = client.get("/article/12.html", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.content == (public / "article/12.html").read_bytes()
    plain = client.get("/article/12.html", headers={"Accept-Encoding": "identity"})
    again = client.get("/article/12.html", headers={"If-None-Match": plain.headers["etag"], "Accept-Encoding": "identity"})
    assert again.status_code == 304 and again.headers["cache-control"] == "no-cache"
    since = client.get("/article/12.html", headers={"If-Modified-Since": plain.headers["last-modified"],
                                                    "Accept-Encoding": "identity"})
    assert since.status_code == 304
    head = client.head("/article/12.html")
    assert head.status_code == 200 and head.content == b""
    assert upstream.seen == []


def test_feeds_carry_their_own_types(stack):
    data_dir, client, upstream = stack
    for relative in ("rss.xml", "atom.xml", "sitemap.xml", "en/rss.xml"):
        publish(data_dir / "public", relative, b'<?xml version="1.0" encoding="utf-8"?><x/>')
    expected = {
        "/rss.xml": "application/rss+xml; charset=utf-8",
        "/en/rss.xml": "application/rss+xml; charset=utf-8",
        "/atom.xml": "application/atom+xml; charset=utf-8",
        "/sitemap.xml": "application/xml; charset=utf-8",
    }
    for url, content_type in expected.items():
        response = client.get(url)
        assert response.status_code == 200 and response.headers["content-type"] == content_type, url
        assert response.headers["content-encoding"] == "gzip" and response.headers["cache-control"] == "no-cache"
    assert client.get("/en/atom.xml").text == "app GET /en/atom.xml"  # not published: the app's
    assert upstream.paths() == ["/en/atom.xml"]


def test_misses_and_live_routes_go_to_the_application(stack):
    data_dir, client, upstream = stack
    public = data_dir / "public"
    publish(public, "article/12.html", b"<p>12</p>")
    # Files where live routes are must never be served (a stray copy, an old publish).
    publish(public, "hit/12/index.html", b"stale")
    publish(public, "admin/index.html", b"stale")
    publish(public, "takedown/index.html", b"stale")
    publish(public, "healthz", b"stale")

    cases = [
        ("GET", "/article/99.html"),          # not published: app renders, or 404 / 410
        ("GET", "/article/"),                 # a folder with no index.html: not nginx's 403
        ("GET", "/category/tech"),            # no slash: the app redirects
        ("GET", "/hit/12/"),
        ("POST", "/hit/12/"),
        ("GET", "/admin/"),
        ("POST", "/admin/login/"),
        ("GET", "/preview/12/"),
        ("GET", "/takedown/"),
        ("GET", "/en/takedown/"),
        ("GET", "/healthz"),
        ("POST", "/article/12.html"),         # a published page, but not a GET: the app's to answer
        ("GET", "/search/?q=%E6%96%B0%E9%97%BB"),
    ]
    for method, url in cases:
        response = client.request(method, url, content=b"views=1" if method == "POST" else None,
                                  headers={"X-Forwarded-For": "203.0.113.9"})
        assert response.status_code == 200 and response.text == f"app {method} {url}", (method, url)
    assert [f"{seen.method} {seen.path}" for seen in upstream.seen] == [f"{m} {u}" for m, u in cases]

    beacon = next(seen for seen in upstream.seen if seen.method == "POST" and seen.path == "/hit/12/")
    assert beacon.body == b"views=1"
    # What HUIWEN_PROXY_COUNT=1 and HUIWEN_HTTPS read: the address nginx saw, last.
    assert beacon.headers["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert beacon.headers["x-forwarded-proto"] == "http"
    assert beacon.headers["host"] == "127.0.0.1"  # $host: the name the client asked for


def test_dotfiles_temporary_files_and_paths_outside_the_folder_are_never_served(stack):
    data_dir, client, upstream = stack
    public = data_dir / "public"
    publish(public, "article/12.html", b"<p>12</p>")
    (public / "article" / ".13.html.tmp-x1y2").write_bytes(b"half a page")
    (public / ".htpasswd").write_bytes(b"secret")
    (data_dir / "static" / ".env").write_bytes(b"secret")
    (data_dir / "secret_key").write_text("do-not-serve")

    for url in ("/article/.13.html.tmp-x1y2", "/.htpasswd", "/static/.env", "/article/%2E13.html.tmp-x1y2"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"half a page" not in response.content and b"secret" not in response.content
    for target in ("/../secret_key", "/static/../secret_key", "/%2e%2e/secret_key", "/article/..%2f..%2fsecret_key",
                   "/static/..%2fsecret_key", "/article/12.html%00.txt"):
        assert b"do-not-serve" not in raw_get(client, target), target
    assert not any(".tmp-" in seen.path or "htpasswd" in seen.path for seen in upstream.seen)


def test_static_and_media_files(stack):
    data_dir, client, upstream = stack
    css = data_dir / "static" / "huiwen" / "site.css"
    css.parent.mkdir(parents=True)
    css.write_text("body{color:#333}")
    css.with_name("site.css.gz").write_bytes(gzip.compress(css.read_bytes()))
    (data_dir / "media" / "promo").mkdir(parents=True)
    (data_dir / "media" / "promo" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    response = client.get("/static/huiwen/site.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.text == "body{color:#333}"
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.headers["content-encoding"] == "gzip"
    logo = client.get("/media/promo/logo.png")
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert logo.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/huiwen/missing.css").status_code == 404
    assert upstream.seen == []


def test_replaced_added_and_deleted_files_are_seen_within_two_seconds(stack):
    """nginx keeps open files (open_file_cache); it must still notice the publisher's
    rename over a page, a page appearing where a miss was cached, and a deletion."""
    data_dir, client, upstream = stack
    public = data_dir / "public"
    publish(public, "article/12.html", b"version 1")

    def until(predicate, what: str) -> float:
        started = time.monotonic()
        while time.monotonic() - started < 2.0:
            if predicate():
                return time.monotonic() - started
            time.sleep(0.05)
        pytest.fail(f"{what} not seen through nginx within 2 s")

    for _ in range(20):  # warm the cache
        assert client.get("/article/12.html").content == b"version 1"
    publish(public, "article/12.html", b"version 2")
    until(lambda: client.get("/article/12.html").content == b"version 2", "a re-published page")
    assert client.get("/article/12.html", headers={"Accept-Encoding": "gzip"}).content == b"version 2"

    assert client.get("/article/13.html").text == "app GET /article/13.html"  # a miss, cached as one
    publish(public, "article/13.html", b"new page")
    until(lambda: client.get("/article/13.html").content == b"new page", "a newly published page")

    for name in ("12.html", "12.html.gz"):
        (public / "article" / name).unlink()
    until(lambda: client.get("/article/12.html").text == "app GET /article/12.html", "a removed page")
    assert client.get("/article/12.html", headers={"Accept-Encoding": "gzip"}).text == "app GET /article/12.html"
