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
from fetchkit import Connections, Site, StubResolver, connections, make_fetcher, redirect, respond, serve, site  # noqa: F401 - pytest fixtures

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


#: Our own hostile URLs, beyond the shared list: by construction the guard allows only
#: globally routable addresses, so every spelling below must end refused, whatever trick
#: it plays. Names are answered by OWN_DNS (what their DNS says or would say).
OWN_URLS = [
    # Cloud metadata services, by address and by name.
    "http://169.254.169.254/latest/api/token",  # AWS IMDSv2
    "http://[fd00:ec2::254]/latest/meta-data/",  # AWS IMDS over IPv6
    "http://instance-data/latest/meta-data/", "http://instance-data.ec2.internal/latest/",
    "http://169.254.170.2/v2/credentials",  # AWS ECS task role
    "http://169.254.169.253/",  # AWS VPC DNS
    "http://metadata.google.internal/computeMetadata/v1/", "http://metadata.goog/computeMetadata/v1/",
    "http://metadata/computeMetadata/v1/",
    "http://169.254.169.254/metadata/instance?api-version=2021-02-01",  # Azure
    "http://168.63.129.16.nip.io/machine?comp=goalstate",  # Azure wire server, through a name
    "http://100.100.100.200/latest/meta-data/",  # Alibaba Cloud
    "http://metadata.tencentyun.com/latest/meta-data/", "http://169.254.0.23/latest/meta-data/",  # Tencent
    "http://169.254.169.254/opc/v2/instance/", "http://192.0.0.192/latest/",  # Oracle
    "http://169.254.169.254/metadata/v1.json",  # DigitalOcean
    "http://169.254.169.254/openstack/latest/meta_data.json",
    "http://kubernetes.default.svc/api/v1/namespaces",
    # IPv6 forms carrying a private IPv4 address.
    "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/", "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://[::127.0.0.1]/", "http://[::a9fe:a9fe]/", "http://[::10.0.0.1]/",  # IPv4-compatible
    "http://[64:ff9b::169.254.169.254]/", "http://[64:ff9b::a00:1]/", "http://[64:ff9b:1::a9fe:a9fe]/",  # NAT64
    "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::1]/", "http://[2002:c0a8:101::]/",  # 6to4
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[2001:0:a9fe:a9fe::]/",  # Teredo
    "http://[::ffff:0:7f00:1]/",  # SIIT
    # Other IPv6 that is not the internet.
    "http://[0:0:0:0:0:0:0:1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
    "http://[ff02::1]/", "http://[fec0::1]/", "http://[100::1]/", "http://[2001:db8::1]/",
    # Decimal, octal, hexadecimal and short IPv4.
    "http://2852039166/", "http://0xa9fea9fe/", "http://0251.0376.0251.0376/", "http://0xa9.0xfe.0xa9.0xfe/",
    "http://169.254.43518/", "http://169.16689662/", "http://0x7f000001/", "http://017700000001/",
    "http://127.1/", "http://127.0.1/", "http://0/", "http://0.0.0.0/", "http://10.1/", "http://3232235777/",
    "http://0300.0250.01.01/", "http://0xc0.168.1.1/", "http://192.168.257/", "http://00000177.0.0.01/",
    # Full-width digits and dots, ideographic full stops (IDNA maps them to ASCII).
    "http://１２７.０.０.１/", "http://１６９．２５４．１６９．２５４/", "http://127。0。0。1/", "http://ｌｏｃａｌｈｏｓｔ/",
    # Userinfo and delimiter tricks: the host is what follows the last '@'.
    "http://news.example.com@127.0.0.1/", "http://user:pass@169.254.169.254/latest/",
    "http://news.example.com:80@[::1]/", "http://127.0.0.1#@news.example.com/",
    "http://127.0.0.1\\@news.example.com/", "http://news.example.com&@127.0.0.1#@news.example.com/",
    "http://127.0.0.1:80\\@news.example.com/", "http://127.0.0.1%2f@news.example.com/",
    # Trailing dots and case.
    "http://localhost./", "http://127.0.0.1./", "http://metadata.google.internal./", "http://LOCALHOST/",
    "http://LocalHost.:80/", "http://169.254.169.254./",
    # DNS names answering private addresses; a rebinding name; mixed public/private answers.
    "http://intranet.example.net/", "http://db.example.net:5432/", "http://localhost.localdomain/",
    "http://www.localhost/", "http://7f000001.a9fea9fe.rbndr.us/", "http://mixed.example.net/",
    "http://cname-to-internal.example.net/", "http://v6only-internal.example.net/",
]
OWN_DNS = {
    "instance-data": ["169.254.169.254"], "instance-data.ec2.internal": ["169.254.169.254"],
    "metadata.google.internal": ["169.254.169.254"], "metadata.goog": ["169.254.169.254"],
    "metadata": ["169.254.169.254"], "168.63.129.16.nip.io": ["168.63.129.16"],
    "metadata.tencentyun.com": ["169.254.0.23"], "kubernetes.default.svc": ["10.96.0.1"],
    "intranet.example.net": ["10.20.30.40"], "db.example.net": ["192.168.10.5"],
    "localhost.localdomain": ["127.0.0.1"], "www.localhost": ["127.0.0.1"],
    # rbndr.us answers either address at random; both are asked for here at once.
    "7f000001.a9fea9fe.rbndr.us": ["169.254.169.254", "127.0.0.1"],
    # One public answer does not make the name safe: any internal answer refuses it.
    "mixed.example.net": ["93.184.216.34", "10.0.0.1"],
    "cname-to-internal.example.net": ["172.16.5.4"], "v6only-internal.example.net": ["fd00::5"],
}


def all_hostile_urls() -> list[str]:
    urls = list(dict.fromkeys(corpus_urls() + OWN_URLS))
    assert len(urls) >= 100, len(urls)  # the shared 52 and ours, without doubles
    return urls


def hostile_resolver() -> StubResolver:
    return StubResolver({**CORPUS_DNS, **OWN_DNS})


def test_every_hostile_url_is_refused_directly_without_connecting(connections: Connections) -> None:
    urls = all_hostile_urls()
    refused: dict[str, str] = {}
    with Fetcher(FetchPolicy(host_delay=0), resolver=hostile_resolver()) as fetcher:
        for url in urls:
            with pytest.raises((BlockedAddress, InvalidURL)) as caught:
                fetcher.fetch(url)
            refused[url] = type(caught.value).__name__
    assert connections.attempts == []
    # Most are refused for where they lead, not merely for being unparsable.
    assert sum(kind == "BlockedAddress" for kind in refused.values()) >= 100, refused


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_every_hostile_url_is_refused_as_a_redirect_target(
    site: Site, make_fetcher, connections: Connections, code: int
) -> None:
    urls = all_hostile_urls()
    fetcher = make_fetcher(resolver=hostile_resolver())
    for url in urls:
        site.routes["/to"] = redirect(url, code)
        with pytest.raises((BlockedAddress, InvalidURL)):
            fetcher.fetch(site.url("/to"))
    assert site.hits["/to"] == len(urls)
    assert set(connections.attempts) == {("127.0.0.1", site.port)}


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
