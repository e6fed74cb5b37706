"""nginx configuration for the production stack (``huiwen nginx-conf``).

nginx answers every published page from ``PUBLIC_ROOT`` (a URL ending in ``/`` is the
folder's ``index.html``; anything else is the file of that name), serves the collected
``/static/`` and uploaded ``/media/`` files, and passes everything else — misses, the
view beacon, the admin, forms — to ``huiwen serve`` over kept-alive connections.

Pure string building, no Django: the command reads the paths from the settings and
hands them in, and the tests render configurations for any folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from huiwen.security_headers import POLICY_HEADERS

# Routes the application answers on every request: never looked up among the files.
LIVE_PREFIXES = ("/hit/", "/admin/", "/preview/", "/i18n/", "/go/")
# Live URLs answered by the application exactly (the health check).
LIVE_EXACT = ("/healthz",)
# Live routes that exist once per language (the default language is unprefixed).
LIVE_LANGUAGE_ROUTES = ("/takedown/",)
# Published files whose type is not told by their extension alone.
FEED_TYPES = {
    "/rss.xml": "application/rss+xml",
    "/atom.xml": "application/atom+xml",
    "/sitemap.xml": "application/xml",
}
# The same for files in no language (once per site), and for feed and sitemap files whose
# paths have a variable part: a category's or tag's feeds (in every language; the
# language prefixes are filled in) and the sitemap's parts.
ROOT_TYPES = {
    "/robots.txt": "text/plain",
}
FEED_PATTERNS = (
    (r"^{languages}/(?:category/[^/.][^/]*|tags/[0-9]+)/rss\.xml$", "application/rss+xml"),
    (r"^{languages}/(?:category/[^/.][^/]*|tags/[0-9]+)/atom\.xml$", "application/atom+xml"),
    (r"^/sitemap-[0-9a-z-]+\.xml$", "application/xml"),
)
# What Django's SecurityMiddleware, XFrameOptionsMiddleware and huiwen's
# SecurityHeadersMiddleware send on every page; a page nginx serves from a file carries
# the same.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    *POLICY_HEADERS,
)
# The few types a huiwen site serves, so the standalone file needs no mime.types.
MIME_TYPES = (
    ("text/html", "html htm"),
    ("text/css", "css"),
    ("text/plain", "txt"),
    ("application/javascript", "js mjs"),
    ("application/json", "json map"),
    ("application/xml", "xml"),
    ("application/rss+xml", "rss"),
    ("application/atom+xml", "atom"),
    ("image/png", "png"),
    ("image/jpeg", "jpg jpeg"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
    ("image/avif", "avif"),
    ("image/svg+xml", "svg"),
    ("image/x-icon", "ico"),
    ("font/woff2", "woff2"),
    ("font/woff", "woff"),
    ("font/ttf", "ttf"),
    ("font/otf", "otf"),
)
# text/html is always among them.
CHARSET_TYPES = "text/css text/plain text/xml application/javascript application/xml application/rss+xml application/atom+xml"

_HOST = re.compile(r"^(\*|\[[0-9A-Fa-f:.]+\]|[0-9A-Za-z.-]+)$")
_SERVER_NAME = re.compile(r"^[0-9A-Za-z_.*~^\[\]:-]+$")
_USER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class ConfigError(ValueError):
    """An option that would not make a valid, safe nginx configuration."""


def parse_address(value: str, *, default_host: str | None = None) -> tuple[str | None, int]:
    """``HOST:PORT``, ``[IPv6]:PORT`` or (with a default host) ``PORT`` -> (host, port)."""
    text = value.strip()
    host: str | None
    if text.isdigit():
        host, port_text = default_host, text
    elif text.startswith("["):
        host, _, rest = text.partition("]")
        host += "]"
        if not rest.startswith(":"):
            raise ConfigError(f"{value!r}: expected [IPv6]:PORT")
        port_text = rest[1:]
    else:
        host, sep, port_text = text.rpartition(":")
        if not sep or not host:
            raise ConfigError(f"{value!r}: expected HOST:PORT")
    if host is not None and not _HOST.match(host):
        raise ConfigError(f"{value!r}: {host!r} is not a host name or address")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"{value!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)


def _path(value: Path | str, *, folder: bool = False) -> str:
    """An absolute path as a quoted nginx string; a folder keeps its trailing slash."""
    text = str(Path(value).resolve())
    if any(char in text for char in '"\\$') or any(ord(char) < 32 for char in text):
        # nginx expands $variables in root/alias and has no escape for a quote.
        raise ConfigError(f"{text!r}: nginx cannot be given a path holding a quote, backslash, '$' or control character")
    if folder and not text.endswith("/"):
        text += "/"
    return f'"{text}"'


def _headers(indent: str, cache_control: str, *, page: bool = False) -> str:
    """Headers of a file nginx serves: a page gets all of Django's, other files nosniff."""
    lines = [f'add_header Cache-Control "{cache_control}";']
    lines += [f'add_header {name} "{value}";' for name, value in SECURITY_HEADERS[: None if page else 1]]
    return "".join(f"{indent}{line}\n" for line in lines)


@dataclass(frozen=True)
class Site:
    """Everything the configuration depends on."""

    public_root: Path
    static_root: Path
    media_root: Path
    listen: str = "80"
    upstream: str = "127.0.0.1:8000"
    server_name: str = "_"
    # URL prefixes of the languages other than the default one, e.g. ("/en",).
    language_prefixes: tuple[str, ...] = ("/en",)
    upstream_keepalive: int = 32
    client_max_body_size: str = "20m"

    def upstream_address(self) -> tuple[str, int]:
        host, port = parse_address(self.upstream, default_host="127.0.0.1")
        return host or "127.0.0.1", port

    def upstream_name(self) -> str:
        host, port = self.upstream_address()
        return "huiwen_" + re.sub(r"[^0-9A-Za-z]+", "_", f"{host}_{port}").strip("_")


def upstream_block(site: Site) -> str:
    host, port = site.upstream_address()
    return (
        f"upstream {site.upstream_name()} {{\n"
        f"    server {host}:{port};\n"
        f"    # Connections to `huiwen serve` are reused instead of opened per request.\n"
        f"    keepalive {site.upstream_keepalive};\n"
        f"    # Short, so nginx closes an idle connection before the server would and never\n"
        f"    # sends a request on a connection the server is closing.\n"
        f"    keepalive_timeout 1s;\n"
        f"}}\n"
    )


def server_block(site: Site) -> str:
    """The ``upstream`` and ``server`` blocks, for an ``http {}`` context."""
    host, port = parse_address(site.listen, default_host=None)
    listen = f"{host}:{port}" if host else str(port)
    names = site.server_name.split()
    if not names or not all(_SERVER_NAME.match(name) for name in names):
        raise ConfigError(f"{site.server_name!r} is not a list of server names")
    for prefix in site.language_prefixes:
        if not re.fullmatch(r"/[0-9A-Za-z_-]+", prefix):
            raise ConfigError(f"{prefix!r} is not a language prefix such as /en")
    app = site.upstream_name()
    page_headers = _headers(" " * 8, "no-cache", page=True)
    feed_headers = _headers(" " * 8, "no-cache")

    out = [upstream_block(site), "\n"]
    out.append(
        "server {\n"
        f"    listen {listen};\n"
        f"    server_name {' '.join(names)};\n"
        f"    root {_path(site.public_root)};\n"
        "    server_tokens off;\n"
        f"    client_max_body_size {site.client_max_body_size};\n"
        "\n"
        "    charset utf-8;\n"
        f"    charset_types {CHARSET_TYPES};\n"
        "    # Pages are published with a precompressed .gz beside them; nginx compresses nothing itself.\n"
        "    gzip_static on;\n"
        "    gzip_vary on;\n"
        "    sendfile on;\n"
        "    tcp_nopush on;\n"
        "    tcp_nodelay on;\n"
        "    keepalive_requests 10000;\n"
        "    # Open files are kept, but checked again every second: a re-published page (a new\n"
        "    # file renamed over the old) or a removed one is seen within a second.\n"
        "    open_file_cache max=10000 inactive=60s;\n"
        "    open_file_cache_valid 1s;\n"
        "    open_file_cache_min_uses 1;\n"
        "    open_file_cache_errors on;\n"
        "\n"
        "    # For everything passed to the application.\n"
        "    proxy_http_version 1.1;\n"
        '    proxy_set_header Connection "";\n'
        "    proxy_set_header Host $host;\n"
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "    proxy_set_header X-Forwarded-Proto $scheme;\n"
        "\n"
        "    # Published pages: a URL ending in / is its folder's index.html, any other is the\n"
        "    # file of that name; a miss goes to the application (which renders, or answers\n"
        "    # 404 or 410). The query string plays no part in finding the file. A method other\n"
        "    # than GET or HEAD on a published page is the application's to answer too.\n"
        "    location / {\n"
        "        try_files $uri ${uri}index.html @huiwen;\n"
        "        error_page 405 = @huiwen;\n"
        f"{page_headers}"
        "    }\n"
    )
    typed = [(f"= {prefix}{route}", content_type)
             for prefix in ("", *site.language_prefixes) for route, content_type in FEED_TYPES.items()]
    typed += [(f"= {route}", content_type) for route, content_type in ROOT_TYPES.items()]
    languages = "(?:" + "|".join(site.language_prefixes) + ")?" if site.language_prefixes else ""
    typed += [(f"~ {pattern.replace('{languages}', languages)}", content_type) for pattern, content_type in FEED_PATTERNS]
    for match, content_type in typed:
        out.append(
            f"    location {match} {{\n"
            "        types { }\n"
            f"        default_type {content_type};\n"
            "        try_files $uri @huiwen;\n"
            "        error_page 405 = @huiwen;\n"
            f"{feed_headers}"
            "    }\n"
        )
    out.append(
        "\n"
        "    # Dotfiles, among them the publisher's temporary files (.<name>.tmp-*), are never served.\n"
        "    location ~ /\\. {\n"
        "        return 404;\n"
        "    }\n"
        "\n"
        "    # Collected static files (whitenoise has written their .gz beside them).\n"
        "    location /static/ {\n"
        f"        alias {_path(site.static_root, folder=True)};\n"
        f"{_headers(' ' * 8, 'public, max-age=60')}"
        "    }\n"
        "    # Uploaded media (promo logos).\n"
        "    location /media/ {\n"
        f"        alias {_path(site.media_root, folder=True)};\n"
        "        gzip_static off;\n"
        f"{_headers(' ' * 8, 'public, max-age=3600')}"
        "    }\n"
        "\n"
        "    # Live routes: straight to the application, never looked up among the files.\n"
    )
    live = list(LIVE_PREFIXES)
    for prefix in ("", *site.language_prefixes):
        live += [prefix + route for route in LIVE_LANGUAGE_ROUTES]
    for route in live:
        out.append(f"    location {route} {{\n        proxy_pass http://{app};\n    }}\n")
    for route in LIVE_EXACT:
        out.append(f"    location = {route} {{\n        proxy_pass http://{app};\n    }}\n")
    out.append(
        "\n"
        "    location @huiwen {\n"
        f"        proxy_pass http://{app};\n"
        "    }\n"
        "}\n"
    )
    return "".join(out)


def full_config(site: Site, data_dir: Path, *, user: str | None = None, worker_connections: int = 4096) -> str:
    """A standalone nginx.conf: pid, logs and temporary files under ``data_dir/nginx``."""
    if user is not None and not _USER.match(user):
        raise ConfigError(f"{user!r} is not a user name")
    state = Path(data_dir).resolve() / "nginx"

    def at(name: str) -> str:
        return _path(state / name)

    types = "".join(f"        {mime} {extensions};\n" for mime, extensions in MIME_TYPES)
    head = f"user {user};\n" if user else (
        "# Started as root, nginx runs its workers as `nobody` (or the `user` given with --user),\n"
        "# who must be able to read the public, static and media folders.\n"
    )
    body = "\n".join("    " + line if line else "" for line in server_block(site).splitlines())
    return (
        "# nginx.conf for huiwen, written by `huiwen nginx-conf --full`.\n"
        f"# Run: nginx -c FILE   (test: nginx -t -c FILE)\n"
        f"{head}"
        "worker_processes auto;\n"
        f"pid {at('nginx.pid')};\n"
        f"error_log {at('error.log')} warn;\n"
        "\n"
        "events {\n"
        f"    worker_connections {worker_connections};\n"
        "}\n"
        "\n"
        "http {\n"
        "    types {\n"
        f"{types}"
        "    }\n"
        "    default_type application/octet-stream;\n"
        "\n"
        f"    access_log {at('access.log')} combined buffer=64k flush=5s;\n"
        "    keepalive_timeout 65s;\n"
        f"    client_body_temp_path {at('client_body')};\n"
        f"    proxy_temp_path {at('proxy')};\n"
        f"    fastcgi_temp_path {at('fastcgi')};\n"
        f"    uwsgi_temp_path {at('uwsgi')};\n"
        f"    scgi_temp_path {at('scgi')};\n"
        "\n"
        f"{body}\n"
        "}\n"
    )


def state_dir(data_dir: Path) -> Path:
    """Where the standalone configuration keeps its pid, logs and temporary files."""
    return Path(data_dir).resolve() / "nginx"
