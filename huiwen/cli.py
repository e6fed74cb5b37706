"""The ``huiwen`` command: run, set up and operate a portal.

Web and database commands configure Django on demand, so ``huiwen extract`` stays a
pure-Python path that never imports Django.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import subprocess
import sys
from pathlib import Path


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwen.settings")
    import django

    django.setup()


def _manage(*args: str, **options) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def _init(*, verbosity: int) -> None:
    """Migrate, and create the first import folder: relative paths of local sources lie in it."""
    from django.conf import settings

    _manage("migrate", "--noinput", verbosity=verbosity)
    settings.IMPORT_DIRS[0].mkdir(parents=True, exist_ok=True)


def cmd_init(args: argparse.Namespace) -> int:
    _django_setup()
    _init(verbosity=0 if args.quiet else 1)
    if not args.quiet:
        from django.conf import settings

        print(f"Import folder: {settings.IMPORT_DIRS[0]}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django_setup()
    from huiwen.demo.loader import load_demo_content, reset_demo_admin, site_is_empty

    _init(verbosity=0)
    if site_is_empty():
        from huiwen.demo.sources import collect_demo_sources, create_demo_sources

        print(f"Loaded {load_demo_content()} demo articles.")
        for report in collect_demo_sources(create_demo_sources()):
            print(report.summary_line())
    else:
        print("The site already has articles; demo content not loaded again.")
    username, password = reset_demo_admin()
    print(f"Demo admin: username {username!r}, password {password!r}  (log in at /admin/)")
    if args.no_serve:
        return 0
    # The demo also runs scheduled collection, as a real deployment's `huiwen worker` would,
    # at a lower priority: on a small machine its start and the collection it runs at once
    # would otherwise delay the server's first answer by seconds.
    worker = subprocess.Popen([sys.executable, "-m", "huiwen", "worker"], preexec_fn=lambda: os.nice(10))
    atexit.register(worker.terminate)
    return _serve(args)


def cmd_serve(args: argparse.Namespace) -> int:
    _django_setup()
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    """Serve with granian: its Rust HTTP layer answers a published page ~4× faster than
    gunicorn's gthread workers on this machine (bench/serve/servers.py). The WSGI app
    answers published files before Django (huiwen.publish.serving); static files come
    from whitenoise."""
    from django.conf import settings
    from granian import Granian
    from granian.constants import Interfaces

    # glibc's defaults suit few long-lived threads, not a web worker's request threads
    # (bench/soak, peak per web worker): each thread that allocates gets an arena of its
    # own (up to 8 per core) that keeps what it freed, for no speed the GIL would let it
    # use (160 -> 130 MB with two); and freeing one big block (a rendered page, a result
    # list) raises the size below which blocks come from those arenas instead of being
    # mapped and given back, up to 32 MB (a fixed 128 KiB: 144 -> 121 MB). Read when a
    # process starts: set before granian spawns its workers; the environment may override.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(128 * 1024))
    _manage("collectstatic", "--noinput", verbosity=0)
    # The search dictionaries (jieba's ~32 MB, OpenCC's ~13 MB) are loaded here, before
    # granian forks its workers, so they share one copy of these pages instead of each
    # loading its own on its first search (bench/soak: 25 MB less per worker by PSS).
    from huiwen.search.text import query_tokens

    query_tokens("预热")
    print(f"Serving {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} site on http://{args.host}:{args.port}/", flush=True)
    Granian(
        "huiwen.wsgi:application", address=args.host, port=args.port, interface=Interfaces.WSGI,
        workers=args.workers, blocking_threads=args.threads, log_access=args.access_log, respawn_failed_workers=True,
    ).serve()
    return 0


# Django's deploy checks that only make sense for a site served over HTTPS: with
# HUIWEN_HTTPS off the operator has chosen plain HTTP (an intranet, a test machine).
HTTPS_CHECKS = ("security.W004", "security.W008", "security.W012", "security.W016")


def cmd_check(args: argparse.Namespace) -> int:
    """Django's deploy check, failing on warnings too: debug mode, a weak secret key,
    missing allowed hosts... all stop a production start."""
    _django_setup()
    from django.conf import settings
    from django.core.management.base import SystemCheckError

    if not settings.HTTPS:
        settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, *HTTPS_CHECKS]
        print(f"HUIWEN_HTTPS is off: the HTTPS checks ({', '.join(HTTPS_CHECKS)}) are skipped; "
              "set HUIWEN_HTTPS=true when a TLS proxy serves the site.")
    try:
        _manage("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        print("huiwen check: not ready for production; fix the issues above.", file=sys.stderr)
        return 1
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    return _archive_step("backup", args.destination, lambda written: (
        f"Backed up to {written} ({written.stat().st_size:,} bytes)."))


def cmd_restore(args: argparse.Namespace) -> int:
    return _archive_step("restore", args.source, lambda manifest: (
        f"Restored the {manifest['engine']} backup of {manifest['created']} (huiwen {manifest['huiwen']}). "
        "Run `huiwen init` (migrations) and restart `huiwen serve` and the workers."))


def _archive_step(step: str, path: str, report) -> int:
    """`huiwen backup` or `huiwen restore`: a refusal is one line on stderr and exit 1."""
    _django_setup()
    import huiwen.backup

    try:
        outcome = getattr(huiwen.backup, step)(Path(path))
    except huiwen.backup.BackupError as error:
        print(f"huiwen {step}: {error}", file=sys.stderr)
        return 1
    print(report(outcome))
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huiwen manage", *args.arguments])
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    _django_setup()
    options = ["--all"] if args.all else [f"--source={source_id}" for source_id in args.source]
    if args.since:
        options.append(f"--since={args.since}")
    if args.limit:
        options.append(f"--limit={args.limit}")
    _manage("collect", *options)
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management.base import CommandError

    try:
        _manage("source", *args.arguments)
    except CommandError as error:
        print(f"huiwen source: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    _django_setup()
    _manage("publish", *args.paths, *(["--all"] if args.all else []))
    return 0


def cmd_takedown(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management.base import CommandError

    options = [args.step]
    if args.step in ("show", "accept", "reject", "hide"):
        options.append(args.reference)
    if getattr(args, "all", False):
        options.append("--all")
    if getattr(args, "reason", None) is not None:
        options.append(f"--reason={args.reason}")
    if getattr(args, "block_source", False):
        options.append("--block-source")
    if getattr(args, "downgrade_source", False):
        options.append("--downgrade-source")
    try:
        _manage("takedown", *options)
    except CommandError as error:
        print(f"huiwen takedown: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    _django_setup()
    _manage("reindex")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _django_setup()
    # Without --threads the consumer takes HUIWEN_WORKER_THREADS from settings.
    _manage("run_huey", *(["--workers", str(args.threads)] if args.threads else []))
    return 0


def cmd_nginx_conf(args: argparse.Namespace) -> int:
    """Print nginx's configuration for this site (paths from the settings)."""
    # Only paths are read: the settings module, without loading the apps.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwen.settings")
    from django.conf import settings

    from huiwen import nginx_conf

    default = settings.LANGUAGE_CODE
    site = nginx_conf.Site(
        public_root=Path(getattr(settings, "PUBLIC_ROOT", settings.DATA_DIR / "public")),
        static_root=Path(settings.STATIC_ROOT),
        media_root=Path(settings.MEDIA_ROOT),
        listen=args.listen,
        upstream=args.upstream,
        server_name=args.server_name,
        language_prefixes=tuple(f"/{code}" for code, _ in settings.LANGUAGES if code != default),
    )
    try:
        if args.full:
            text = nginx_conf.full_config(site, settings.DATA_DIR, user=args.user)
            # nginx creates its temporary folders but not the folder holding them and its logs.
            nginx_conf.state_dir(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        else:
            text = nginx_conf.server_block(site)
    except nginx_conf.ConfigError as error:
        print(f"huiwen nginx-conf: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from huiwen.extract import extract

    target: str = args.target
    if target.startswith(("http://", "https://")):
        from huiwen.fetch import Fetcher, FetchError

        try:
            with Fetcher() as fetcher:
                result = fetcher.fetch(target)
        except FetchError as error:
            print(f"huiwen extract: {error}", file=sys.stderr)
            return 1
        article = extract(result.content, url=result.url)
    else:
        path = Path(target)
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"huiwen extract: cannot read {target}: {error.strerror}", file=sys.stderr)
            return 1
        article = extract(data, url=args.url)
    record = article.as_dict(enrich=args.enrich)
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=1))
    else:
        for key in ("title", "subtitle", "published_at", "author", "editor", "source", "canonical_url"):
            print(f"{key}: {record.get(key) or ''}")
        if args.enrich:
            print(f"summary: {record['summary']}")
            print(f"keywords: {', '.join(record['keywords'])}")
        print()
        print(record.get("text") or "")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huiwen", description="汇文 — news aggregation and publishing portal")
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="create or migrate the database (idempotent)")
    init.add_argument("--quiet", action="store_true")
    init.set_defaults(handler=cmd_init)

    def add_server_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--workers", type=int, default=2, help="worker processes")
        # A request waiting on the database (SQLite's write lock) holds one thread, not
        # the worker. Eight, not more: under bench/soak's mix (300 s, side by side) 16
        # threads served no more requests (1,447/s against 1,537, p99 66 against 70 ms)
        # and held 10 MB more per worker (the GIL runs one at a time; each running
        # request holds its page as it renders).
        sub.add_argument("--threads", type=int, default=8, help="request threads per worker")
        sub.add_argument("--access-log", action="store_true", help="log every request (costs speed)")

    demo = commands.add_parser("demo", help="init, load demo content into an empty site, print an admin login, serve")
    add_server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="set up only; do not start the server")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="serve the portal with a production WSGI server")
    add_server_options(serve)
    serve.set_defaults(handler=cmd_serve)

    backup = commands.add_parser("backup", help="write database, media, published pages and secret key into one archive")
    backup.add_argument("destination", metavar="DEST", help="the archive to create (.tar, or .tar.gz to compress)")
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="replace this site's data with a `huiwen backup` archive")
    restore.add_argument("source", metavar="SRC", help="an archive made by `huiwen backup`")
    restore.set_defaults(handler=cmd_restore)

    check = commands.add_parser("check", help="Django's deploy check, failing on warnings: is this ready for production?")
    check.set_defaults(handler=cmd_check)

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)

    collect = commands.add_parser("collect", help="collect from sources now and print a report")
    which = collect.add_mutually_exclusive_group(required=True)
    which.add_argument("--source", type=int, action="append", metavar="ID", help="a source id (repeatable)")
    which.add_argument("--all", action="store_true", help="every active source")
    collect.add_argument("--since", help="skip feed and sitemap entries dated before this (e.g. 2026-11-01)")
    collect.add_argument("--limit", type=int, help="at most this many articles per source")
    collect.set_defaults(handler=cmd_collect)

    # The arguments are the management command's own (huiwen/sources/management/commands/source.py).
    source = commands.add_parser(
        "source", add_help=False,
        help="sources: add KIND LOCATION [...] | list | show ID | remove ID | test KIND LOCATION [...] (a dry run)",
    )
    source.add_argument("arguments", nargs=argparse.REMAINDER)
    source.set_defaults(handler=cmd_source)

    publish = commands.add_parser("publish", help="publish reader pages as files now, with a progress bar")
    publish.add_argument("paths", nargs="*", metavar="PATH", help="URL paths to publish (default: the front pages)")
    publish.add_argument("--all", action="store_true", help="every public page; rebuilds a deleted public folder")
    publish.set_defaults(handler=cmd_publish)

    takedown = commands.add_parser("takedown", help="list and decide rights holders' takedown requests")
    steps = takedown.add_subparsers(dest="step", required=True)
    listing = steps.add_parser("list", help="open requests (--all: decided ones too)")
    listing.add_argument("--all", action="store_true")
    show = steps.add_parser("show", help="one request, its articles and its audit log")
    show.add_argument("reference", metavar="REF")
    accept = steps.add_parser("accept", help="remove the request's articles: 410, gone from published pages and feeds")
    accept.add_argument("reference", metavar="REF")
    accept.add_argument("--reason", metavar="TEXT", help="told to the claimant")
    source_action = accept.add_mutually_exclusive_group()
    source_action.add_argument("--block-source", action="store_true", help="also switch off the sources they came from")
    source_action.add_argument("--downgrade-source", action="store_true", help="also send those sources to review")
    reject = steps.add_parser("reject", help="turn the request down; the reason is told to the claimant")
    reject.add_argument("reference", metavar="REF")
    reject.add_argument("--reason", metavar="TEXT", required=True)
    hide = steps.add_parser("hide", help="hide the request's articles while it is reviewed")
    hide.add_argument("reference", metavar="REF")
    hide.add_argument("--reason", metavar="TEXT")
    takedown.set_defaults(handler=cmd_takedown)

    reindex = commands.add_parser("reindex", help="rebuild the search index from every published article, with a progress bar")
    reindex.set_defaults(handler=cmd_reindex)

    worker = commands.add_parser("worker", help="run the task worker: scheduled collection and housekeeping")
    worker.add_argument("--threads", type=int, help="worker threads (default: HUIWEN_WORKER_THREADS)")
    worker.set_defaults(handler=cmd_worker)

    nginx = commands.add_parser(
        "nginx-conf", help="print an nginx configuration: published pages from files, the rest proxied to `huiwen serve`"
    )
    nginx.add_argument("--listen", default="80", metavar="HOST:PORT", help="where nginx listens (default: 80)")
    nginx.add_argument("--upstream", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="where `huiwen serve` listens (default: 127.0.0.1:8000)")
    nginx.add_argument("--server-name", default="_", metavar="NAME",
                       help="nginx server_name, e.g. 'news.example.org www.news.example.org' (default: _, any)")
    nginx.add_argument("--full", action="store_true",
                       help="a standalone nginx.conf (pid, logs, temporary files under DATA_DIR/nginx/), for nginx -c FILE")
    nginx.add_argument("--user", help="with --full: the user nginx, started as root, runs its workers as")
    nginx.set_defaults(handler=cmd_nginx_conf)

    extract = commands.add_parser("extract", help="extract an article from an HTML file or URL")
    extract.add_argument("target", help="path of an HTML file, or an http(s) URL")
    extract.add_argument("--json", action="store_true", help="print the record as JSON")
    extract.add_argument("--url", help="the page's address, for resolving relative links in a file")
    extract.add_argument("--enrich", action="store_true",
                         help="add the summary and keywords (loads the segmentation dictionaries, about 1.5 s)")
    extract.set_defaults(handler=cmd_extract)
    return parser


#: Commands whose arguments belong to a Django management command.
_PASSED_THROUGH = ("manage", "source")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse's REMAINDER takes nothing when the first argument looks like an option
        # (`huiwen source --help`); those go through too.
        if args.command not in _PASSED_THROUGH:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.arguments = [*unknown, *args.arguments]
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
