"""Which addresses the fetcher may connect to (the SSRF guard).

Feed URLs come from administrators, from feeds themselves and from redirects chosen by
remote servers, so any of them may point at the machine we run on, the private network
behind it, or a cloud metadata service. The rule: a connection is made only to an address
that is globally routable, or that the operator listed in ``FetchPolicy.allow_networks``.

Host spellings are read the way browsers (the WHATWG URL standard) and ``inet_aton`` read
them, so ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and ``127.1`` are all 127.0.0.1 and
are refused as loopback, and a host that ends in a number but is no valid IPv4 address
(``425.510.425.510``) is not sent to DNS at all.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import idna

from huiwen.fetch.errors import BlockedAddress, NetworkError, Timeout

__all__ = [
    "AddressGuard",
    "IPAddress",
    "Resolver",
    "forbidden_reason",
    "parse_ip_host",
    "system_resolver",
]

IPAddress = IPv4Address | IPv6Address
#: ``resolver(host, port)`` returns the addresses (as strings) a name resolves to.
Resolver = Callable[[str, int], Iterable[str]]


def _table(rows: Sequence[tuple[str, str]]) -> tuple[tuple[IPv4Network | IPv6Network, str], ...]:
    return tuple((ipaddress.ip_network(net), f"{label} ({net})") for net, label in rows)


# IANA special-purpose registries. Listed explicitly (rather than relying only on
# ``ipaddress.is_global``) so that refusals name the range, and so the verdict does not
# change with the Python version: ``is_global`` has been corrected in several releases.
_V4_FORBIDDEN = _table(
    [
        ("0.0.0.0/8", "unspecified / 'this network'"),
        ("10.0.0.0/8", "private network"),
        ("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local, where cloud metadata services live"),
        ("172.16.0.0/12", "private network"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private network"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved / broadcast"),
        # Public address space, but answered inside every Azure VM by the platform
        # (WireServer: VM agent, health and certificate endpoints), as 169.254.169.254 is.
        ("168.63.129.16/32", "Azure platform endpoint (WireServer)"),
    ]
)
_V6_FORBIDDEN = _table(
    [
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("64:ff9b:1::/48", "local-use NAT64"),
        ("100::/64", "discard-only"),
        ("2001::/23", "IETF protocol assignments"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "SRv6 segment identifiers"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    ]
)
_V6_GLOBAL_UNICAST = IPv6Network("2000::/3")
_IPV4_COMPATIBLE = IPv6Network("::/96")
_NAT64 = IPv6Network("64:ff9b::/96")
_TEREDO = IPv6Network("2001::/32")


def forbidden_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be connected to, or ``None`` if it is public.

    IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4,
    Teredo) are judged by the IPv4 address inside them, because that is where the
    packets end up.
    """
    if isinstance(address, IPv4Address):
        return _v4_reason(address)
    embedded = _embedded_v4(address)
    if embedded is not None:
        kind, inner = embedded
        inner_reason = _v4_reason(inner)
        if inner_reason is not None:
            return f"{kind} form of {inner}, which is {inner_reason}"
        if kind in ("IPv4-mapped", "NAT64", "6to4"):
            return None
        return f"{kind} (deprecated/non-global tunnel address)"
    for network, label in _V6_FORBIDDEN:
        if address in network:
            return label
    if address not in _V6_GLOBAL_UNICAST:
        return "reserved (outside the global unicast range 2000::/3)"
    if not address.is_global:
        return "not globally routable"
    return None


def _v4_reason(address: IPv4Address) -> str | None:
    for network, label in _V4_FORBIDDEN:
        if address in network:
            return label
    if not address.is_global:
        return "not globally routable"
    return None


def _embedded_v4(address: IPv6Address) -> tuple[str, IPv4Address] | None:
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address in _NAT64:
        return "NAT64", IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address in _TEREDO and address.teredo is not None:
        server, client = address.teredo
        return "Teredo", client if _v4_reason(client) else server
    # ``::`` and ``::1`` are in ::/96 too but are not IPv4 carriers.
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return "IPv4-compatible", IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_ip_host(host: str) -> IPAddress | None:
    """The IP address ``host`` denotes, or ``None`` when it is a DNS name.

    Raises ``ValueError`` for hosts that look numeric but are not valid addresses: a
    browser refuses those, and sending them to DNS would let the resolver's own numeric
    parsing (which differs between libcs) decide where we connect.
    """
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        return IPv6Address(host)
    try:
        # UTS #46 mapping is what makes full-width digits and ideographic full stops
        # (１２７。０。０。１) mean the same as their ASCII forms, in browsers and in httpx.
        host = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except idna.IDNAError:
        return None
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if not (labels[-1].isascii() and labels[-1].isdigit()) and _ipv4_number(labels[-1]) is None:
        return None
    numbers = [_ipv4_number(label) for label in labels]
    if len(numbers) > 4 or any(n is None for n in numbers):
        raise ValueError(f"{host!r} ends in a number but is not a valid IPv4 address")
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):  # type: ignore[operator]
        raise ValueError(f"{host!r} has an IPv4 component out of range")
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(head))  # type: ignore[operator]
    return IPv4Address(value)


_DIGITS = {10: "0123456789", 8: "01234567", 16: "0123456789abcdefABCDEF"}


def _ipv4_number(label: str) -> int | None:
    if not label or not label.isascii():
        return None
    base = 10
    if label[:2] in ("0x", "0X"):
        base, label = 16, label[2:]
    elif len(label) > 1 and label[0] == "0":
        base, label = 8, label[1:]
    if not label:
        return 0
    if any(c not in _DIGITS[base] for c in label):
        return None
    return int(label, base)


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system (``getaddrinfo``), TCP addresses only."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class _Allowance:
    network: IPv4Network | IPv6Network
    port: int | None

    def covers(self, address: IPAddress, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if address.version == self.network.version and address in self.network:
            return True
        mapped = address.ipv4_mapped if isinstance(address, IPv6Address) else None
        return mapped is not None and self.network.version == 4 and mapped in self.network


_WITH_PORT = re.compile(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<v4>[^:\[\]]+)):(?P<port>\d+)$")


def _parse_allowance(entry: str) -> _Allowance:
    match = _WITH_PORT.match(entry.strip())
    try:
        if match:
            network = ipaddress.ip_network(match["v6"] or match["v4"], strict=False)
            return _Allowance(network, int(match["port"]))
        return _Allowance(ipaddress.ip_network(entry.strip(), strict=False), None)
    except ValueError as exc:
        raise ValueError(
            f"FetchPolicy.allow_networks entry {entry!r} is not a network: use a CIDR such "
            f"as '10.1.0.0/16', an address, or 'address:port' / '[v6-address]:port'"
        ) from exc


_LOCALHOST = (IPv4Address("127.0.0.1"), IPv6Address("::1"))


class AddressGuard:
    """Resolve a host once and vouch for every address it resolves to.

    The transport connects only to what :meth:`resolve` returned, so the name is never
    looked up a second time between check and connect (DNS rebinding).
    """

    def __init__(self, allow_networks: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self._allowances = tuple(_parse_allowance(entry) for entry in allow_networks)
        self._resolver = resolver or system_resolver

    def resolve(self, host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
        """Addresses to connect to for ``host:port``; raises if any of them is refused.

        One bad address refuses the whole host: a name that resolves to both a public
        and a private address is an attack (or a misconfiguration) either way. The lookup
        gives up after ``timeout`` seconds.
        """
        addresses = self._lookup(host, port, timeout)
        for address in addresses:
            self.check(host, address, port)
        return addresses

    def check(self, host: str, address: IPAddress, port: int) -> None:
        """Raise :class:`BlockedAddress` unless ``address`` may be connected to."""
        if any(allowance.covers(address, port) for allowance in self._allowances):
            return
        reason = forbidden_reason(address)
        if reason is None:
            return
        shown = host if host == str(address) else f"{host} ({address})"
        raise BlockedAddress(
            f"refused to connect to {shown}: the address is {reason}. Fetching internal "
            f"addresses is disabled to prevent server-side request forgery; if this host is "
            f"trusted, add its network to FetchPolicy.allow_networks",
            host=host,
            address=str(address),
            reason=reason,
        )

    def _lookup(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        try:
            literal = parse_ip_host(host)
        except ValueError as exc:
            raise BlockedAddress(
                f"refused to resolve {host!r}: {exc}; numeric hosts must be valid IPv4 "
                f"addresses so every resolver reads them the same way",
                host=host,
                address=host,
                reason="malformed numeric host",
            ) from exc
        if literal is not None:
            return [literal]
        name = host.lower().rstrip(".")
        # RFC 6761: 'localhost' is loopback by definition; do not let a resolver say otherwise.
        if name == "localhost" or name.endswith(".localhost"):
            return list(_LOCALHOST)
        try:
            found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self._ask_resolver(host, port, timeout)]
        except (OSError, UnicodeError) as exc:
            raise NetworkError(
                f"could not resolve host {host!r}: {exc}; check the spelling and that DNS "
                f"works from this machine"
            ) from exc
        if not found:
            raise NetworkError(f"host {host!r} resolved to no addresses; check its DNS records")
        return list(dict.fromkeys(found))

    def _ask_resolver(self, host: str, port: int, timeout: float | None) -> list[str]:
        if timeout is None:
            return list(self._resolver(host, port))
        # getaddrinfo() takes no timeout and a dead DNS server blocks it for minutes, so the
        # lookup runs on a pool thread that is abandoned (not waited for) when time is up.
        future = _LOOKUPS.submit(lambda: list(self._resolver(host, port)))
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise Timeout(
                f"timed out resolving host {host!r} after {timeout:g}s; check that DNS works "
                f"from this machine, or raise FetchPolicy.connect_timeout if it is just slow"
            ) from None


# Shared by every guard: a stuck lookup holds one thread until the OS gives up on it.
_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="huiwen-dns")
