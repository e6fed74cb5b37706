"""SSRF: hostile URLs are refused directly and as redirect targets, without ever opening a
TCP connection to them; DNS answers are checked and used exactly once; TLS still verifies
the URL's host name although we connect to a pinned address."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from conftest import require_shared
from fetchkit import Connections, Site, StubResolver, redirect, respond, serve
from fetchkit import connections, make_fetcher, site  # noqa: F401 - pytest fixtures

from huiwen.fetch import BlockedAddress, Fetcher, FetchPolicy, InvalidURL, NetworkError

CORPUS = "corpora/security/ssrf-req-filter-blocked-unique.txt"

#: What public DNS answers (or answered) for the names in the corpus; there is no internet
#: here, so the stub resolver plays DNS.
CORPUS_DNS = {
    "localtest.me": ["127.0.0.1"],
    "customer1.app.localhost.my.company.127.0.0.1.nip.io": ["127.0.0.1"],
    "mail.ebc.apple.com": ["127.0.0.6"],
    "spoofed.burpcollaborator.net": ["127.0.0.1"],
    "169.254.169.254.xip.io": ["169.254.169.254"],
    "1ynrnhl.xip.io": ["169.254.169.254"],
    "www.owasp.org.1ynrnhl.xip.io": ["169.254.169.254"],
    "a.127.0.0.1.1time.10.0.0.1.1time.repeat.8f058b82-4c39-4dfe-91f7-9b07bcd7fbd5.rebind.network": [
        "127.0.0.1"
    ],
    "metadata.nicob.net": ["169.254.169.254"],
}

#: Corpus entries a browser would not even parse as http URLs with a usable host:
#: credentials, unbracketed IPv6, bad ports, numbers that are no IPv4 address.
MALFORMED = {
    "http://0000::1:80", "http://0000::1:25", "http://0000::1:22", "http://0000::1:3128",
    "http://127.1.1.1:80@127.2.2.2:80", "http://127.1.1.1:80@@127.2.2.2:80",
    "http://127.1.1.1:80:@@127.2.2.2:80", "http://425.510.425.510", "http://7147006462",
    "http://0x41414141A9FEA9FE", "http://localhost:+11211aaa", "http://localhost:00011211aaaa",
}


def corpus_urls() -> list[str]:
    lines = require_shared(CORPUS).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def test_corpus_is_refused_directly_without_connecting(connections: Connections) -> None:
    urls = corpus_urls()
    assert len(urls) == 52
    outcomes: dict[str, type] = {}
    with Fetcher(FetchPolicy(host_delay=0), resolver=StubResolver(CORPUS_DNS)) as fetcher:
        for url in urls:
            with pytest.raises((BlockedAddress, InvalidURL)) as caught:
                fetcher.fetch(url)
            assert caught.value.url == url
            outcomes[url] = type(caught.value)

    assert {url for url, kind in outcomes.items() if kind is InvalidURL} == MALFORMED
    assert connections.attempts == []


def test_corpus_names_that_do_not_resolve_fail_cleanly(connections: Connections) -> None:
    names = [url for url in corpus_urls() if any(name in url.lower() for name in CORPUS_DNS)]
    assert len(names) == len(CORPUS_DNS)
    with Fetcher(FetchPolicy(host_delay=0), resolver=StubResolver()) as fetcher:
        for url in names:
            with pytest.raises(NetworkError, match="could not resolve host"):
                fetcher.fetch(url)
    assert connections.attempts == []


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_corpus_is_refused_as_redirect_target(site: Site, make_fetcher, connections: Connections, code: int) -> None:
    fetcher = make_fetcher(resolver=StubResolver(CORPUS_DNS))
    for url in corpus_urls():
        site.routes["/to"] = redirect(url, code)
        with pytest.raises((BlockedAddress, InvalidURL)):
            fetcher.fetch(site.url("/to"))

    assert site.hits["/to"] == 52
    assert set(connections.attempts) == {("127.0.0.1", site.port)}


def test_redirects_to_internal_targets_are_refused(site: Site, make_fetcher, connections: Connections) -> None:
    other = serve(Site())  # a second loopback server that must never be reached
    neighbour = next(other)
    try:
        port = neighbour.port
        targets = [
            f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://[::1]:{port}/",
            f"http://0x7f.1:{port}/", f"http://[::ffff:127.0.0.1]:{port}/", f"http://2130706433:{port}/",
            "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[fd00::1]/",
            "https://192.168.1.1/", "http://100.64.0.1/",
        ]
        fetcher = make_fetcher()
        for code in (301, 302, 303, 307, 308):
            for target in targets:
                site.routes["/to"] = redirect(target, code)
                with pytest.raises(BlockedAddress) as caught:
                    fetcher.fetch(site.url("/to"))
                assert caught.value.url == site.url("/to")
                assert "allow_networks" in str(caught.value)
        assert neighbour.hits == {}
        assert set(connections.attempts) == {("127.0.0.1", site.port)}
    finally:
        other.close()


def test_proxy_environment_is_ignored(site: Site, make_fetcher, monkeypatch, connections: Connections) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    site.routes["/"] = respond(200, b"direct")
    assert make_fetcher().fetch(site.url("/")).content == b"direct"
    assert set(connections.attempts) == {("127.0.0.1", site.port)}


class Rebinder:
    """A DNS server that says 'safe' the first time and 'internal' afterwards."""

    def __init__(self, first: str, then: str) -> None:
        self.answers = [first, then]
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return [self.answers[min(self.calls, 2) - 1]]


def test_each_connection_resolves_once_and_connects_to_the_checked_answer(
    site: Site, make_fetcher, connections: Connections
) -> None:
    site.routes["/"] = respond(200, b"ok", {"Connection": "close"})  # every fetch reconnects
    rebinder = Rebinder(first="127.0.0.1", then="169.254.169.254")
    fetcher = make_fetcher(resolver=rebinder, obey_robots=False)
    url = f"http://rebind.example:{site.port}/"

    assert fetcher.fetch(url).content == b"ok"
    with pytest.raises(BlockedAddress, match="rebind.example \\(169.254.169.254\\)"):
        fetcher.fetch(url)

    assert rebinder.calls == 2  # one lookup per connection, none between check and connect
    assert connections.attempts == [("127.0.0.1", site.port)]
    assert site.seen[0].headers["Host"] == f"rebind.example:{site.port}"


# --- TLS to a pinned address ----------------------------------------------------------


@pytest.fixture
def tls_site(tmp_path: Path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    names: list[str | None] = []
    server_context.sni_callback = lambda sock, name, context: names.append(name)
    secure = Site()
    secure.routes["/"] = respond(200, b"secure news")
    server = serve(secure, wrap_socket=lambda sock: server_context.wrap_socket(sock, server_side=True))
    site = next(server)
    yield site, ssl.create_default_context(cafile=str(cert)), names
    server.close()


def test_tls_verifies_the_url_host_while_connecting_to_the_pinned_address(
    tls_site, make_fetcher, connections: Connections
) -> None:
    secure, client_context, sni_names = tls_site
    resolver = StubResolver({"news.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    fetcher = make_fetcher(
        resolver=resolver, ssl_context=client_context, allow_networks=(f"127.0.0.1:{secure.port}",),
        obey_robots=False,
    )

    result = fetcher.fetch(f"https://news.example:{secure.port}/")
    assert result.content == b"secure news"
    assert sni_names == ["news.example"]
    assert secure.seen[0].headers["Host"] == f"news.example:{secure.port}"

    # Same address, name not on the certificate: verification is by name, so it fails.
    with pytest.raises(NetworkError, match="(?i)certificate"):
        fetcher.fetch(f"https://other.example:{secure.port}/")
    assert set(connections.attempts) == {("127.0.0.1", secure.port)}
