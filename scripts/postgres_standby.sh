#!/usr/bin/env bash
# Starts a streaming hot standby of the PostgreSQL 15 cluster of scripts/postgres.sh: a second
# Debian cluster (15/standby) on 127.0.0.1:5433, filled with pg_basebackup -R from the main
# cluster and replaying it. The tests of `apply`'s standby wait and of the refusal to migrate a
# standby use it. Source it after scripts/postgres.sh (`source scripts/postgres_standby.sh`) to get
# STRATA_TEST_PG_STANDBY_URL exported; run as root on Debian 12. Idempotent: a standby that is
# already streaming is left alone. The main cluster is never restarted: PostgreSQL 15's defaults
# (wal_level replica, max_wal_senders 10) allow streaming, so the main cluster only gets a
# replication role, a pg_hba line for it on loopback, and a reload.
# Fails (non-zero) when the standby cannot be started: CI must not silently skip it.
set -euo pipefail

standby_version=15
standby_primary_port=5432
standby_cluster=standby
standby_port=5433
standby_role=strata_replica
standby_password=strata_replica
standby_test_role=strata
standby_slot=strata_standby

standby_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sudo -u postgres sh -c "$*"
  fi
}

standby_status() {
  pg_lsclusters -h | awk -v v="$standby_version" -v c="$1" '$1==v && $2==c {print $4}'
}

# Seconds until the main cluster lists a streaming standby (application_name is the standby's
# cluster_name, which Debian sets to 15/standby); non-zero after `$1` seconds without one.
standby_wait_streaming() {
  for _ in $(seq 1 "$1"); do
    if [ "$(standby_as_postgres "psql -Atq -p $standby_primary_port -d postgres -c \"SELECT count(*) FROM pg_stat_replication WHERE application_name = '$standby_version/$standby_cluster' AND state = 'streaming'\"")" = "1" ]; then
      return 0
    fi
    sleep 1
  done
  return 1
}

# The primary: a role that may stream (and nothing else), allowed over loopback only; the test
# role may read every standby's replay position (pg_stat_replication shows positions only to
# members of pg_read_all_stats), which `apply` waits on.
standby_as_postgres "psql -q -p $standby_primary_port -v ON_ERROR_STOP=1 -d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$standby_role') THEN
    CREATE ROLE $standby_role LOGIN REPLICATION PASSWORD '$standby_password';
  END IF;
END
\$\$;
DO \$\$
BEGIN
  IF NOT pg_has_role('$standby_test_role', 'pg_read_all_stats', 'MEMBER') THEN
    GRANT pg_read_all_stats TO $standby_test_role;
  END IF;
END
\$\$;
SQL
# The lag test pauses the standby's replay for a moment (the functions are the postgres
# database's; the standby has them through replication).
standby_as_postgres "psql -q -p $standby_primary_port -v ON_ERROR_STOP=1 -d postgres" <<SQL
GRANT EXECUTE ON FUNCTION pg_wal_replay_pause() TO $standby_test_role;
GRANT EXECUTE ON FUNCTION pg_wal_replay_resume() TO $standby_test_role;
SQL
standby_hba=/etc/postgresql/$standby_version/main/pg_hba.conf
standby_hba_line="host replication $standby_role 127.0.0.1/32 scram-sha-256"
if ! grep -qxF "$standby_hba_line" "$standby_hba"; then
  sed -i "1i $standby_hba_line" "$standby_hba"
  pg_ctlcluster "$standby_version" main reload # pg_hba.conf only: running sessions are untouched
fi

if [ -z "$(standby_status "$standby_cluster")" ]; then
  echo "postgres standby: creating cluster $standby_version/$standby_cluster"
  pg_createcluster "$standby_version" "$standby_cluster" --port "$standby_port" >/dev/null
fi
standby_conf=/etc/postgresql/$standby_version/$standby_cluster/conf.d/strata-tests.conf
# Loopback only; a hot standby needs at least the primary's max_connections.
cat > "$standby_conf" <<CONF
listen_addresses = '127.0.0.1'
port = $standby_port
max_connections = 200
hot_standby = on
fsync = off
full_page_writes = off
CONF
standby_data=$(pg_lsclusters -h | awk -v v="$standby_version" -v c="$standby_cluster" '$1==v && $2==c {print $6}')

# A standby that is up and streaming stays as it is; anything else (fresh cluster, stopped, not
# a standby, no longer streaming) is rebuilt from a new base backup.
standby_online() {
  case "$(standby_status "$standby_cluster")" in online*) return 0 ;; esac
  return 1
}
if standby_online && [ -f "$standby_data/standby.signal" ] && standby_wait_streaming 10; then
  # A test stopped while replay was paused must not leave every later apply waiting.
  standby_as_postgres "psql -Atq -p $standby_port -d postgres -c \"SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()\"" >/dev/null
  echo "postgres standby: streaming on 127.0.0.1:$standby_port"
else
  if standby_online; then
    pg_ctlcluster "$standby_version" "$standby_cluster" stop -m fast
  fi
  echo "postgres standby: base backup of 127.0.0.1:$standby_primary_port into $standby_data"
  find "$standby_data" -mindepth 1 -delete
  # A physical replication slot keeps the primary's WAL until the standby has it (busy test runs
  # wrote WAL faster than the standby streamed it and it was removed under it), capped so a
  # standby left stopped cannot fill the disk; a slot of an earlier standby is replaced.
  standby_as_postgres "psql -q -p $standby_primary_port -v ON_ERROR_STOP=1 -d postgres" >/dev/null <<SQL
ALTER SYSTEM SET max_slot_wal_keep_size = '4GB';
SELECT pg_reload_conf();
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$standby_slot' AND NOT active;
SQL
  # -R writes standby.signal and primary_conninfo (with the password, readable by postgres only)
  # and primary_slot_name; -C creates the slot.
  standby_as_postgres "PGPASSWORD=$standby_password pg_basebackup -h 127.0.0.1 -p $standby_primary_port \
    -U $standby_role -D $standby_data -R -C -S $standby_slot -X stream -c fast"
  pg_ctlcluster "$standby_version" "$standby_cluster" start
  standby_wait_streaming 60 || {
    echo "postgres standby: 127.0.0.1:$standby_port is not streaming from the main cluster" >&2
    tail -n 20 "/var/log/postgresql/postgresql-$standby_version-$standby_cluster.log" >&2 || true
    exit 1
  }
  echo "postgres standby: streaming on 127.0.0.1:$standby_port"
fi

export STRATA_TEST_PG_STANDBY_URL="postgres://strata:strata@127.0.0.1:$standby_port/postgres"
