"""The address classifier and host parser, over many IPv4/IPv6 spellings."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv4Network, IPv6Address, ip_address

import pytest
from fetchkit import StubResolver
from hypothesis import given
from hypothesis import strategies as st

from huiwen.fetch import AddressGuard, BlockedAddress, NetworkError, forbidden_reason, parse_ip_host

FORBIDDEN_V4 = [
    "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
    "127.0.0.1", "127.255.255.254", "169.254.169.254", "169.254.0.1", "172.16.0.1",
    "172.31.255.255", "192.0.0.8", "192.0.0.170", "192.0.2.1", "192.88.99.1", "192.168.1.1",
    "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
    "239.255.255.250", "240.0.0.1", "255.255.255.255", "168.63.129.16",
]
PUBLIC_V4 = ["8.8.8.8", "1.1.1.1", "114.114.114.114", "223.5.5.5", "100.63.255.255",
             "100.128.0.1", "172.15.255.255", "172.32.0.1", "198.17.255.255", "198.20.0.1"]

FORBIDDEN_V6 = [
    "::", "::1", "0:0:0:0:0:0:0:1", "fe80::1", "febf::1", "fec0::1", "fc00::1", "fd12:3456::1",
    "ff02::1", "ff05::1:3", "2001:db8::1", "3fff::1", "100::1", "2001:2::1", "2001:10::1",
    "2001:20::1", "5f00::1", "64:ff9b:1::1", "4000::1", "::2:3:4:5:6", "1::",
    # IPv4-mapped
    "::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:127.0.0.1", "::ffff:169.254.169.254",
    "::ffff:10.0.0.1", "::ffff:0.0.0.0",
    # IPv4-compatible (deprecated), even with a public address inside
    "::127.0.0.1", "::169.254.169.254", "::8.8.8.8",
    # NAT64 well-known prefix
    "64:ff9b::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::192.168.0.1",
    # 6to4 carrying a private address
    "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::1", "2002:0a00:0001::",
    # Teredo (server 127.0.0.1 / client 169.254.169.254 obfuscated), and any Teredo
    "2001:0:7f00:1::", "2001:0:4136:e378:8000:63bf:5601:5601", "2001:0:4136:e378::",
]
PUBLIC_V6 = ["2606:4700:4700::1111", "2001:4860:4860::8888", "2400:3200::1", "2a00:1450:4001::200e",
             "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("address", FORBIDDEN_V4 + FORBIDDEN_V6)
def test_forbidden_addresses(address: str) -> None:
    assert forbidden_reason(ip_address(address)) is not None


@pytest.mark.parametrize("address", PUBLIC_V4 + PUBLIC_V6)
def test_public_addresses(address: str) -> None:
    assert forbidden_reason(ip_address(address)) is None


def test_reasons_name_the_range() -> None:
    assert forbidden_reason(IPv4Address("169.254.169.254")) == (
        "link-local, where cloud metadata services live (169.254.0.0/16)"
    )
    assert forbidden_reason(IPv4Address("100.64.1.1")) == "shared address space (carrier-grade NAT) (100.64.0.0/10)"
    assert "127.0.0.1" in forbidden_reason(IPv6Address("::ffff:127.0.0.1"))
    assert "NAT64 form of 10.0.0.1" in forbidden_reason(IPv6Address("64:ff9b::a00:1"))
    assert "6to4 form of 192.168.1.1" in forbidden_reason(IPv6Address("2002:c0a8:101::"))


_FORBIDDEN_V4_NETWORKS = [IPv4Network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4")]


@st.composite
def forbidden_v4(draw) -> IPv4Address:
    network = draw(st.sampled_from(_FORBIDDEN_V4_NETWORKS))
    return network[draw(st.integers(0, network.num_addresses - 1))]


@given(forbidden_v4())
def test_every_ipv6_embedding_of_a_forbidden_ipv4_is_forbidden(v4: IPv4Address) -> None:
    value = int(v4)
    teredo_client = (0x2001 << 112) | (0x4136E378 << 64) | (value ^ 0xFFFFFFFF)
    for v6 in (
        IPv6Address((0xFFFF << 32) | value),  # ::ffff:a.b.c.d
        IPv6Address(value),  # ::a.b.c.d (0 and 1 are :: and ::1, refused anyway)
        IPv6Address((0x64FF9B << 96) | value),  # 64:ff9b::a.b.c.d
        IPv6Address((0x2002 << 112) | (value << 80)),  # 2002:aabb:ccdd::
        IPv6Address((0x2001 << 112) | (value << 64)),  # Teredo server
        IPv6Address(teredo_client),  # Teredo client (obfuscated)
    ):
        assert forbidden_reason(v6) is not None, v6


@given(st.integers(0, 2**32 - 1))
def test_numeric_spellings_agree_with_inet_aton(value: int) -> None:
    expected = IPv4Address(value)
    a, b, c, d = expected.packed
    spellings = [
        str(value), hex(value), oct(value).replace("0o", "0"),
        f"{a}.{(b << 16) | (c << 8) | d}", f"{a}.{b}.{(c << 8) | d}",
        f"{a:#x}.{b:#o}.{c}.{d:#x}".replace("0o", "0"), f"{expected}.",
    ]
    for spelling in spellings:
        assert parse_ip_host(spelling) == expected, spelling
        assert socket.inet_aton(spelling.rstrip(".")) == expected.packed, spelling


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"), ("127.0.1", "127.0.0.1"), ("0", "0.0.0.0"), ("0x7F000001", "127.0.0.1"),
        ("0251.0376.0251.0376", "169.254.169.254"), ("0251.00376.000251.0000376", "169.254.169.254"),
        ("0xA9.0xFE.0xA9.0xFE", "169.254.169.254"), ("0xA9FEA9FE", "169.254.169.254"),
        ("2852039166", "169.254.169.254"), ("3232235521", "192.168.0.1"), ("127.0.0.1.", "127.0.0.1"),
        ("１２７.０.０.１", "127.0.0.1"), ("127。0。0。1", "127.0.0.1"), ("0x", "0.0.0.0"),
        ("[::1]", "::1"), ("::ffff:127.0.0.1", "::ffff:7f00:1"),
    ],
)
def test_parse_ip_host(host: str, expected: str) -> None:
    assert parse_ip_host(host) == ip_address(expected)


@pytest.mark.parametrize("host", ["example.com", "news.sina.com.cn", "新华网.中国", "0x7f.example", "1.2.3.com", ""])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_host(host) is None


@pytest.mark.parametrize(
    "host",
    ["425.510.425.510", "7147006462", "0x41414141A9FEA9FE", "1.2.3.4.5", "256.0.0.1", "1.2.65536",
     "08.0.0.1", "1..2", "example.123", "::ffff:300.0.0.1", "1:2"],
)
def test_numeric_looking_garbage_is_rejected(host: str) -> None:
    with pytest.raises(ValueError):
        parse_ip_host(host)


def test_guard_refuses_a_name_if_any_answer_is_internal() -> None:
    guard = AddressGuard(resolver=StubResolver({"mixed.example": ["93.184.216.34", "10.0.0.5"]}))
    with pytest.raises(BlockedAddress, match=r"mixed.example \(10.0.0.5\).*private network") as caught:
        guard.resolve("mixed.example", 80)
    assert caught.value.address == "10.0.0.5"
    assert "FetchPolicy.allow_networks" in str(caught.value)


def test_guard_returns_public_answers_once() -> None:
    resolver = StubResolver({"news.example": ["93.184.216.34", "2606:2800:220:1::1", "93.184.216.34"]})
    guard = AddressGuard(resolver=resolver)
    assert guard.resolve("news.example", 443) == [ip_address("93.184.216.34"), ip_address("2606:2800:220:1::1")]
    assert resolver.calls == ["news.example"]


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "foo.localhost", "a.b.localhost."])
def test_localhost_is_loopback_without_asking_dns(host: str) -> None:
    resolver = StubResolver({host: ["93.184.216.34"]})
    with pytest.raises(BlockedAddress, match="loopback"):
        AddressGuard(resolver=resolver).resolve(host, 80)
    assert resolver.calls == []


def test_allow_networks_with_and_without_port() -> None:
    guard = AddressGuard(["127.0.0.1:8080", "10.1.0.0/16", "[::1]:9000"])
    guard.check("h", ip_address("127.0.0.1"), 8080)
    guard.check("h", ip_address("::ffff:127.0.0.1"), 8080)  # mapped form of an allowed address
    guard.check("h", ip_address("10.1.200.3"), 1)
    guard.check("h", ip_address("::1"), 9000)
    for address, port in [("127.0.0.1", 8081), ("127.0.0.2", 8080), ("10.2.0.1", 80), ("::1", 9001)]:
        with pytest.raises(BlockedAddress):
            guard.check("h", ip_address(address), port)


def test_unresolvable_and_empty_answers_are_network_errors() -> None:
    with pytest.raises(NetworkError, match="could not resolve host 'nowhere.invalid'"):
        AddressGuard(resolver=StubResolver()).resolve("nowhere.invalid", 80)
    with pytest.raises(NetworkError, match="resolved to no addresses"):
        AddressGuard(resolver=lambda host, port: []).resolve("empty.example", 80)
