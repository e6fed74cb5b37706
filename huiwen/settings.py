"""Django settings, read from the environment only.

Every knob is an ``HUIWEN_*`` environment variable (documented in README.md). The
embedded default needs no other service: SQLite in ``HUIWEN_DATA_DIR``, a local-memory
cache and a SQLite-backed Huey queue. Setting ``HUIWEN_DATABASE_URL`` to a
``postgres://`` URL and ``HUIWEN_REDIS_URL`` switches to the scale-out backends on the
same code path.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from huiwen import __version__

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("HUIWEN_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use HUIWEN_SECRET_KEY, else a key generated once and kept in the data dir.

    Keeping it on disk means sessions survive restarts without asking the operator to
    invent a key; several machines sharing one deployment must set the variable.
    """
    configured = os.environ.get("HUIWEN_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("HUIWEN_DEBUG", False)
ALLOWED_HOSTS = _env_list("HUIWEN_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("HUIWEN_CSRF_TRUSTED_ORIGINS", [])
VERSION = __version__

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "axes",
    "huiwen.portal",
    "huiwen.news",
    "huiwen.sources",
    "huiwen.publish",
    "huiwen.search",
    "huiwen.takedown",
    "huiwen.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "huiwen.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "huiwen.portal.locale.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "huiwen.publish.middleware.PublishOnMissMiddleware",
    # Last, as axes requires: it turns a lockout noticed during login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "huiwen.urls"
WSGI_APPLICATION = "huiwen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huiwen.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("HUIWEN_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'huiwen.sqlite3'}",
        conn_max_age=int(os.environ.get("HUIWEN_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE makes writers queue
    # on the lock up front instead of failing a lock upgrade mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not SQLite's shared-cache memory database: concurrency tests need real
    # locking with busy timeouts, as in production. One per process, so test runs
    # started side by side do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-huiwen-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("HUIWEN_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "huiwen"}}

HUEY = {
    "name": "huiwen",
    "immediate": _env_bool("HUIWEN_TASKS_IMMEDIATE", False),
    "consumer": {"workers": int(os.environ.get("HUIWEN_WORKER_THREADS", "2")), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "tasks.sqlite3")})

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("HUIWEN_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("HUIWEN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Published reader pages (see huiwen.publish): served from here by nginx or `huiwen serve`,
# rendered for SITE_URL, the address readers use (absolute links in pages and feeds).
PUBLIC_ROOT = Path(os.environ.get("HUIWEN_PUBLIC_ROOT") or DATA_DIR / "public").resolve()
SITE_URL = os.environ.get("HUIWEN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site_host = urlsplit(SITE_URL).hostname or ""
if _site_host and f"[{_site_host}]" not in ALLOWED_HOSTS and _site_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(f"[{_site_host}]" if ":" in _site_host else _site_host)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "huiwen.portal.staticstorage.IncrementalCompressedStaticFilesStorage"},
}
# Tests and `huiwen demo` run without collectstatic having been called.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Reverse proxies in front of huiwen (nginx: 1). Client addresses are then read from
# X-Forwarded-For, N entries from the right (huiwen.portal.clients.client_address).
PROXY_COUNT = int(os.environ.get("HUIWEN_PROXY_COUNT", "0"))

# HUIWEN_HTTPS: the site is served only over HTTPS by a TLS-terminating proxy that sets
# X-Forwarded-Proto (huiwen serve speaks plain HTTP). Plain-HTTP requests are redirected,
# cookies are sent over HTTPS only and browsers are told (HSTS) never to use HTTP again.
HTTPS = _env_bool("HUIWEN_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HUIWEN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Preloading puts the domain, with all its subdomains, into browsers' built-in HTTPS-only
# lists once someone submits it to hstspreload.org; leaving the list takes months. That
# is the operator's decision for the whole domain, not a default a news portal can make,
# so it is opt-in, and while it is off the deploy check's reminder (W021) is silenced.
SECURE_HSTS_PRELOAD = _env_bool("HUIWEN_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Admin login throttling (django-axes, attempts kept in the database so every process
# and machine shares one count). Either the account or the client address reaching the
# limit locks it out; a successful login clears the count; `huiwen manage axes_reset`
# or deleting the attempt in the admin lifts a lock early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("HUIWEN_LOGIN_FAILURE_LIMIT", "5"))
_LOGIN_COOLOFF_MINUTES = float(os.environ.get("HUIWEN_LOGIN_COOLOFF_MINUTES", "15"))
# 0 minutes: locked until an admin lifts it.
AXES_COOLOFF_TIME = timedelta(minutes=_LOGIN_COOLOFF_MINUTES) if _LOGIN_COOLOFF_MINUTES > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Guesses made while locked are refused without being counted, so the lock ends when
# the page says it does instead of being pushed back by every retry.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "huiwen.portal.clients.client_address"
AXES_LOCKOUT_CALLABLE = "huiwen.portal.lockout.login_locked_out"

# Collection: how the fetcher behaves (see docs/fetching.md). Loopback and private
# addresses are refused unless listed in HUIWEN_FETCH_ALLOW_NETWORKS (CIDRs or addr:port).
FETCH_ALLOW_NETWORKS = tuple(_env_list("HUIWEN_FETCH_ALLOW_NETWORKS", []))
FETCH_HOST_DELAY = float(os.environ.get("HUIWEN_FETCH_HOST_DELAY", "1.0"))
FETCH_MAX_BYTES = int(os.environ.get("HUIWEN_FETCH_MAX_BYTES", str(10 * 1024 * 1024)))
FETCH_USER_AGENT = os.environ.get("HUIWEN_FETCH_USER_AGENT", "")
# Local files and WARCs are imported only from under these folders, so a staff
# account cannot turn a source into a reader of arbitrary server files.
IMPORT_DIRS = [Path(p).resolve() for p in _env_list("HUIWEN_IMPORT_DIRS", [str(DATA_DIR / "import")])]
# Articles taken from one source in one run, so one huge sitemap cannot starve the rest.
COLLECT_MAX_ARTICLES_PER_RUN = int(os.environ.get("HUIWEN_COLLECT_MAX_ARTICLES", "200"))
# A worker holds a collection run this long, renewing it after every page; a run not
# renewed in time (its worker was killed or its machine died) is queued again and resumes.
COLLECT_RUN_LEASE_SECONDS = float(os.environ.get("HUIWEN_COLLECT_RUN_LEASE_SECONDS", "300"))
# Each page's decoding, extraction and enrichment runs in a reading process that is
# stopped past this many seconds or this much memory; the page fails with that reason.
PAGE_TIME_BUDGET = float(os.environ.get("HUIWEN_PAGE_TIME_BUDGET", "30"))
PAGE_MEMORY_MB = int(os.environ.get("HUIWEN_PAGE_MEMORY_MB", "2048"))

# A reader's repeat visits within this window count as one view.
VIEW_DEDUPE_SECONDS = int(os.environ.get("HUIWEN_VIEW_DEDUPE_SECONDS", str(30 * 60)))
# Views of one article counted from one client address (an IPv6 /64) within that window:
# visitor ids are made by the browser, so a script could otherwise invent readers.
VIEW_MAX_PER_ADDRESS = int(os.environ.get("HUIWEN_VIEW_MAX_PER_ADDRESS", "20"))
# How often the hot list is recomputed, and the pages showing it published again.
HOT_REFRESH_SECONDS = int(os.environ.get("HUIWEN_HOT_REFRESH_SECONDS", "300"))
# Site furniture (settings, promo cards, friendly links, categories) and listing page
# counts are kept in each process between renders and dropped on every change; this TTL
# bounds what a change sending no signal, or made on another machine without Redis,
# leaves stale (huiwen.portal.generations).
FURNITURE_SECONDS = int(os.environ.get("HUIWEN_FURNITURE_SECONDS", "60"))

# Rights holders' takedown requests (huiwen.takedown): requests filed per client address
# per hour through the public form; every POST counts, valid or not.
TAKEDOWN_PER_HOUR = int(os.environ.get("HUIWEN_TAKEDOWN_PER_HOUR", "5"))

# Mail to claimants (takedown acknowledgements and decisions). The console backend prints
# messages to the server's output, enough for the demo; set an SMTP backend in production.
EMAIL_BACKEND = os.environ.get("HUIWEN_EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("HUIWEN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HUIWEN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HUIWEN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HUIWEN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("HUIWEN_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("HUIWEN_DEFAULT_FROM_EMAIL") or "huiwen@localhost"

# Search (huiwen.search): the engine follows the database (SQLite FTS5, PostgreSQL
# tsvector); a query ranks the newest SEARCH_CANDIDATES matches by BM25 blended with
# recency (an article SEARCH_HALF_LIFE_DAYS old keeps half its recency score).
SEARCH_CANDIDATES = int(os.environ.get("HUIWEN_SEARCH_CANDIDATES", "1000"))
SEARCH_HALF_LIFE_DAYS = float(os.environ.get("HUIWEN_SEARCH_HALF_LIFE_DAYS", "30"))

# HUIWEN_LOG_FORMAT=json: one JSON object per line (time, level, logger, message, and
# the traceback of an error) for a log collector; plain text otherwise.
LOG_FORMAT = os.environ.get("HUIWEN_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ValueError(f"HUIWEN_LOG_FORMAT={LOG_FORMAT!r}: use 'text' or 'json'")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "timestamp": "time",  # ISO 8601 in UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("HUIWEN_LOG_LEVEL", "INFO")},
    # axes logs every login failure at INFO twice over; its WARNINGs (a new failure, a
    # lockout) are the ones an operator reads.
    "loggers": {"jieba": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
