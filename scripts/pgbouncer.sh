#!/usr/bin/env bash
# Starts a PgBouncer in transaction pooling mode on 127.0.0.1:6433 in front of the PostgreSQL
# cluster of scripts/postgres.sh (every database name, the strata test role), for the tests of
# strata behind a transaction pooler. Source it after scripts/postgres.sh (`source
# scripts/pgbouncer.sh`) to get STRATA_TEST_PG_POOLER_URL exported; run as root on Debian 12 after
# scripts/setup.sh installed the `pgbouncer` package. Idempotent: a running pooler is reloaded
# when its configuration changed, else left alone. It is strata's own instance (its own
# configuration, port, pid and log files), never Debian's pgbouncer service.
# Fails (non-zero) when the pooler cannot be started: CI must not silently skip it.
set -euo pipefail

pooler_port=6433
pooler_server_port=5432
pooler_role=strata
pooler_password=strata
pooler_ini=/etc/pgbouncer/strata-tests.ini
pooler_users=/etc/pgbouncer/strata-tests-users.txt
pooler_pid=/var/run/postgresql/strata-pgbouncer.pid
pooler_log=/var/log/postgresql/strata-pgbouncer.log

pooler_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sudo -u postgres sh -c "$*"
  fi
}

# PgBouncer logs in to the server as the client did, with the password of this file (SCRAM both
# ways); readable by postgres only.
printf '"%s" "%s"\n' "$pooler_role" "$pooler_password" > "$pooler_users.new"
# Transaction pooling: a server session is a client's only while a transaction runs. No unix
# socket (Debian's own pgbouncer may use /var/run/postgresql), loopback only.
cat > "$pooler_ini.new" <<INI
[databases]
* = host=127.0.0.1 port=$pooler_server_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pooler_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $pooler_users
pool_mode = transaction
max_client_conn = 400
default_pool_size = 10
logfile = $pooler_log
pidfile = $pooler_pid
INI
changed=0
for f in "$pooler_users" "$pooler_ini"; do
  if ! cmp -s "$f.new" "$f"; then
    mv "$f.new" "$f"
    changed=1
  else
    rm -f "$f.new"
  fi
done
chown postgres:postgres "$pooler_users" "$pooler_ini"
chmod 600 "$pooler_users"

pooler_running() {
  [ -f "$pooler_pid" ] && kill -0 "$(cat "$pooler_pid")" 2>/dev/null
}
if pooler_running; then
  if [ "$changed" = 1 ]; then
    echo "pgbouncer: reloading the configuration of 127.0.0.1:$pooler_port"
    kill -HUP "$(cat "$pooler_pid")"
  fi
else
  echo "pgbouncer: starting on 127.0.0.1:$pooler_port (transaction pooling) in front of 127.0.0.1:$pooler_server_port"
  rm -f "$pooler_pid"
  pooler_as_postgres "pgbouncer -d -q $pooler_ini"
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$pooler_port"; then
    break
  fi
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$pooler_port" || {
  echo "pgbouncer: 127.0.0.1:$pooler_port did not start" >&2
  tail -n 20 "$pooler_log" >&2 || true
  exit 1
}
export STRATA_TEST_PG_POOLER_URL="postgres://$pooler_role:$pooler_password@127.0.0.1:$pooler_port/postgres"
echo "pgbouncer: ready at postgres://$pooler_role:***@127.0.0.1:$pooler_port/postgres"
