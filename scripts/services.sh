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
