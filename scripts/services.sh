# Starts the real services some tests need, on loopback only. Sourced by test.sh.

# Debian's postgresql package ships a cluster; start it and make a superuser for tests
# (pytest-django creates and drops its own test database).
start_postgres() {
  local cluster
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
  [ -n "$cluster" ] || { echo "no PostgreSQL cluster found (is the postgresql package installed?)" >&2; return 1; }
  pg_ctlcluster $cluster start 2>/dev/null || true
  local port
  port=$(pg_lsclusters --no-header | awk 'NR==1 {print $3}')
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
  runuser -u postgres -- psql -q -p "$port" -c \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='huiwen') THEN CREATE ROLE huiwen SUPERUSER LOGIN PASSWORD 'huiwen'; END IF; END\$\$;"
  runuser -u postgres -- psql -q -p "$port" -tc "SELECT 1 FROM pg_database WHERE datname='huiwen'" | grep -q 1 \
    || runuser -u postgres -- createdb -p "$port" -O huiwen huiwen
  export POSTGRES_URL="postgres://huiwen:huiwen@127.0.0.1:$port/huiwen"
}

# A redis-server of the test run's own, on a free loopback port, with no persistence; it
# is stopped when the calling shell exits. Exports REDIS_URL.
start_redis() {
  local port dir
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  redis-cli -p "$port" ping | grep -q PONG || { echo "redis-server did not start" >&2; return 1; }
  trap "kill \$(cat '$dir/redis.pid') 2>/dev/null; rm -rf '$dir'" EXIT
  export REDIS_URL="redis://127.0.0.1:$port/0"
}
