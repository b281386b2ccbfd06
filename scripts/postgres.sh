#!/usr/bin/env bash
# Starts the PostgreSQL 15 cluster the tests use, on loopback only, and creates the test role.
# Source it (`source scripts/postgres.sh`) to get STRATA_TEST_PG_URL exported; run as root on
# Debian 12 after scripts/setup.sh installed the `postgresql` package. Idempotent.
# Fails (non-zero) when the server cannot be started: CI must not silently skip PostgreSQL.
set -euo pipefail

pg_version=15
pg_cluster=main
pg_port=5432
pg_role=strata
pg_password=strata

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sudo -u postgres sh -c "$*"
  fi
}

if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$pg_version $pg_cluster"; then
  echo "postgres: creating cluster $pg_version/$pg_cluster"
  pg_createcluster "$pg_version" "$pg_cluster" --port "$pg_port" >/dev/null
fi

conf=/etc/postgresql/$pg_version/$pg_cluster/conf.d/strata-tests.conf
if [ ! -f "$conf" ]; then
  # Loopback only; enough connections for parallel ctest jobs; fast, disposable test data.
  cat > "$conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi

# The strata role and its members may log in over the unix socket with a password (tests connect
# through the socket directory, host=/var/run/postgresql); Debian's default for local is peer.
hba=/etc/postgresql/$pg_version/$pg_cluster/pg_hba.conf
hba_line="local all $pg_role,+$pg_role scram-sha-256"
if ! grep -qxF "$hba_line" "$hba"; then
  sed -i "1i $hba_line" "$hba"
  if pg_lsclusters -h | awk -v v="$pg_version" -v c="$pg_cluster" '$1==v && $2==c {print $4}' | grep -qx online; then
    pg_ctlcluster "$pg_version" "$pg_cluster" reload
  fi
fi

status=$(pg_lsclusters -h | awk -v v="$pg_version" -v c="$pg_cluster" '$1==v && $2==c {print $4}')
if [ "$status" != "online" ]; then
  echo "postgres: starting cluster $pg_version/$pg_cluster on 127.0.0.1:$pg_port"
  pg_ctlcluster "$pg_version" "$pg_cluster" start
fi

for _ in $(seq 1 30); do
  if as_postgres "pg_isready -q -h 127.0.0.1 -p $pg_port"; then
    break
  fi
  sleep 1
done
as_postgres "pg_isready -q -h 127.0.0.1 -p $pg_port" || { echo "postgres: server did not start" >&2; exit 1; }

# The test role creates and drops one database per test; it owns nothing else.
as_postgres "psql -q -p $pg_port -v ON_ERROR_STOP=1 -d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_role') THEN
    CREATE ROLE $pg_role LOGIN CREATEDB PASSWORD '$pg_password';
  END IF;
END
\$\$;
-- The read-only tests (tests/e2e/test_read_only.cpp, tests/e2e/support/pg_read_only.cpp) create a role with SELECT rights
-- only, log every statement it sends (log_statement is settable by superusers unless granted) and
-- read the server log back (pg_read_file on an absolute path). Granted here, not in the tests:
-- the test role is no superuser.
ALTER ROLE $pg_role CREATEROLE;
-- The row-level security cases (tests/cases/postgres/policies) force RLS on tables the test role
-- owns; strata's row counts and backups must still see every row, as a migration role should.
ALTER ROLE $pg_role BYPASSRLS;
GRANT SET ON PARAMETER log_statement TO $pg_role;
GRANT pg_read_server_files TO $pg_role;
SQL
# Function privileges live in each database's catalog: granted in template1 too, which every
# test database is copied from.
for db in postgres template1; do
  as_postgres "psql -q -p $pg_port -v ON_ERROR_STOP=1 -d $db" <<SQL
GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO $pg_role;
GRANT EXECUTE ON FUNCTION pg_stat_file(text) TO $pg_role;
SQL
done

# Debian's clusters log to this file (stderr redirected by pg_ctlcluster; no logging collector).
export STRATA_TEST_PG_LOG="/var/log/postgresql/postgresql-$pg_version-$pg_cluster.log"
export STRATA_TEST_PG_URL="postgres://$pg_role:$pg_password@127.0.0.1:$pg_port/postgres"
echo "postgres: ready at postgres://$pg_role:***@127.0.0.1:$pg_port/postgres"
