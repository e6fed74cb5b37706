#!/usr/bin/env bash
# Start the portal with demo content on SQLite at http://127.0.0.1:8000/ (data in ./var).
source "$(dirname "$0")/bootstrap.sh"
exec .venv/bin/huiwen demo "$@"
