#!/usr/bin/env bash
# Run every test: the whole suite on SQLite (Chromium end-to-end included), then the
# database-facing tests (web, collection, search, takedown, publishing) again on a real PostgreSQL server started here.
APT_PACKAGES="chromium fonts-noto-cjk nginx postgresql redis-server" PIP_EXTRAS="test,bench" \
  source "$(dirname "$0")/bootstrap.sh"

.venv/bin/python -m pytest "$@"

source scripts/services.sh
start_postgres
HUIWEN_DATABASE_URL="$POSTGRES_URL" .venv/bin/python -m pytest -m "not browser" tests/web tests/sources tests/search tests/takedown tests/publish "$@"
