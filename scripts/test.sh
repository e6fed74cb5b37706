#!/usr/bin/env bash
# Run every test twice: the whole suite on the embedded default (SQLite, local cache and
# task queue; Chromium end-to-end included), then the whole suite again on the scale-out
# backends, PostgreSQL + Redis (cache and task queue), both started here on loopback.
# Tests of one engine's internals are deselected on the other (sqlite_only /
# postgres_only markers), so each runs in exactly one pass. Extra arguments go to pytest.
# First ruff (pyproject.toml [tool.ruff]): a lint finding fails before any test runs.
# Last, the dependency audit (scripts/audit.sh): a known vulnerability fails it.
APT_PACKAGES="chromium fonts-noto-cjk nginx postgresql redis-server" PIP_EXTRAS="test,bench,audit" \
  source "$(dirname "$0")/bootstrap.sh"

echo "== lint: ruff"
.venv/bin/ruff check .

echo "== pass 1 of 2: SQLite"
.venv/bin/python -m pytest "$@"

echo "== pass 2 of 2: PostgreSQL + Redis"
source scripts/services.sh
start_postgres
start_redis
HUIWEN_DATABASE_URL="$POSTGRES_URL" HUIWEN_REDIS_URL="$REDIS_URL" .venv/bin/python -m pytest "$@"

echo "== dependency audit"
bash scripts/audit.sh
