#!/usr/bin/env bash
# Starts a three-node MariaDB Galera Cluster on loopback for the tests of strata on Galera (the
# cluster-wide migration lock, DDL in total order isolation, drift on every node): three
# mariadbd processes of the Debian `mariadb-server` package with the `galera-4` provider, each
# with its own configuration, data directory, socket and ports (SQL 3311/3312/3313, group
# communication 4567/4577/4587, incremental state transfer 4568/4578/4588, rsync state snapshot
# transfer 4444/4454/4464). Node 1 bootstraps the cluster, nodes 2 and 3 join it and receive its
# data by rsync. The single server of scripts/mariadb.sh (3306, no wsrep) keeps running beside it.
# Source it after scripts/mariadb.sh (`source scripts/galera.sh`) to get STRATA_TEST_GALERA_URLS
# exported (the three nodes' mysql:// URLs, comma-separated); run as root on Debian 12.
# Idempotent: a cluster whose three nodes are up and synced is left alone, a stopped node joins
# the running ones again, and with no node running the cluster is built afresh (test data only).
# Fails (non-zero) when the cluster cannot be formed: CI must not silently skip Galera.
set -euo pipefail

galera_user=strata
galera_password=strata
galera_root=/var/lib/mysql-galera
galera_conf_dir=/etc/mysql/strata-galera
galera_log_dir=/var/log/mysql
galera_nodes=(1 2 3)

galera_missing=()
for p in galera-4 rsync iproute2; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    galera_missing+=("$p")
  fi
done
if [ ${#galera_missing[@]} -gt 0 ]; then
  echo "galera: installing ${galera_missing[*]}"
  apt-get update -qq # setup.sh skips it when its own packages are all there
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${galera_missing[@]}" >/dev/null
fi

galera_sql_port() { echo $((3310 + $1)); }
galera_gcomm_port() { echo $((4557 + 10 * $1)); }
galera_socket() { echo "/run/mysqld/galera$1.sock"; }
galera_conf() { echo "$galera_conf_dir/node$1.cnf"; }
galera_log() { echo "$galera_log_dir/galera-node$1.err"; }

galera_addresses=""
for n in "${galera_nodes[@]}"; do
  galera_addresses+="${galera_addresses:+,}127.0.0.1:$(galera_gcomm_port "$n")"
done

mkdir -p "$galera_conf_dir" "$galera_root" /run/mysqld "$galera_log_dir"
chown mysql:mysql "$galera_root" /run/mysqld
chown mysql:adm "$galera_log_dir" 2>/dev/null || chown mysql "$galera_log_dir"
for n in "${galera_nodes[@]}"; do
  gcomm=$(galera_gcomm_port "$n")
  # Loopback only; small memory (a shared two-core machine runs three nodes); fast, disposable
  # test data. Galera needs row-based binary log events, InnoDB and interleaved auto-increment
  # locks; DDL runs in total order isolation (TOI, the default of wsrep_OSU_method).
  cat > "$(galera_conf "$n").new" <<CONF
[mysqld]
user = mysql
datadir = $galera_root/node$n
socket = $(galera_socket "$n")
pid-file = /run/mysqld/galera$n.pid
port = $(galera_sql_port "$n")
bind-address = 127.0.0.1
log-error = $(galera_log "$n")
skip-name-resolve
max_connections = 150
performance_schema = OFF
innodb_buffer_pool_size = 48M
innodb_log_file_size = 16M
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
sync_binlog = 0
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
wsrep_on = ON
wsrep_provider = /usr/lib/galera/libgalera_smm.so
wsrep_cluster_name = strata_tests
wsrep_cluster_address = gcomm://$galera_addresses
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$gcomm
wsrep_node_incoming_address = 127.0.0.1:$(galera_sql_port "$n")
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$((4434 + 10 * n))
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$((gcomm + 1));gcache.size=32M;gcache.page_size=32M"
wsrep_slave_threads = 2
CONF
  if cmp -s "$(galera_conf "$n").new" "$(galera_conf "$n")"; then
    rm -f "$(galera_conf "$n").new"
  else
    mv "$(galera_conf "$n").new" "$(galera_conf "$n")"
  fi
done

galera_sql() { # node, then mariadb client arguments (root over the node's socket)
  local n=$1
  shift
  mariadb --socket="$(galera_socket "$n")" -u root -N -B "$@"
}
galera_running() { mariadb-admin --socket="$(galera_socket "$1")" ping >/dev/null 2>&1; }
galera_status() { galera_sql "$1" -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }
# Up, in the primary component, synced and seeing `$2` nodes.
galera_synced() {
  galera_running "$1" && [ "$(galera_status "$1" wsrep_ready)" = ON ] &&
    [ "$(galera_status "$1" wsrep_local_state_comment)" = Synced ] &&
    [ "$(galera_status "$1" wsrep_cluster_size)" = "$2" ]
}
galera_wait_synced() { # node, cluster size, seconds
  for _ in $(seq 1 "$3"); do
    if galera_synced "$1" "$2"; then
      return 0
    fi
    sleep 1
  done
  echo "galera: node $1 (127.0.0.1:$(galera_sql_port "$1")) did not reach a synced cluster of $2" >&2
  tail -n 30 "$(galera_log "$1")" >&2 || true
  return 1
}
galera_start() { # node, extra mariadbd options
  local n=$1
  shift
  mkdir -p "$galera_root/node$n"
  chown mysql:mysql "$galera_root/node$n"
  # Its own session, so that the node outlives the shell that started it (as the init script's).
  setsid -f /usr/sbin/mariadbd --defaults-file="$(galera_conf "$n")" "$@" </dev/null >>"$(galera_log "$n")" 2>&1
}

galera_up=()
for n in "${galera_nodes[@]}"; do
  if galera_running "$n"; then
    galera_up+=("$n")
  fi
done

galera_started=$SECONDS
galera_formed=0
if [ ${#galera_up[@]} -eq 0 ]; then
  # No node to join: a new cluster from an empty node 1 (nodes 2 and 3 get its data by SST).
  echo "galera: bootstrapping a three-node cluster on 127.0.0.1:3311-3313"
  rm -rf "${galera_root:?}"/node*
  mkdir -p "$galera_root/node1"
  chown mysql:mysql "$galera_root/node1"
  mariadb-install-db --defaults-file="$(galera_conf 1)" --user=mysql --skip-test-db >>"$(galera_log 1)" 2>&1 || {
    echo "galera: mariadb-install-db failed" >&2
    tail -n 30 "$(galera_log 1)" >&2
    exit 1
  }
  galera_start 1 --wsrep-new-cluster
  galera_wait_synced 1 1 60
  galera_up=(1)
  galera_formed=1
fi
galera_size=${#galera_up[@]}
for n in "${galera_nodes[@]}"; do
  if ! galera_running "$n"; then
    echo "galera: node $n joining the cluster"
    galera_start "$n"
    galera_size=$((galera_size + 1))
    galera_formed=1
    # One state transfer at a time: the donor serves one joiner.
    galera_wait_synced "$n" "$galera_size" 120
  fi
done
for n in "${galera_nodes[@]}"; do
  galera_wait_synced "$n" 3 60
done
if [ "$galera_formed" = 1 ]; then
  echo "galera: cluster formed in $((SECONDS - galera_started)) s"
fi

# The test user, as scripts/mariadb.sh makes it, through node 1 (account statements replicate to
# every node in total order).
galera_sql 1 <<SQL
CREATE USER IF NOT EXISTS '$galera_user'@'127.0.0.1' IDENTIFIED BY '$galera_password';
CREATE USER IF NOT EXISTS '$galera_user'@'localhost' IDENTIFIED BY '$galera_password';
GRANT ALL PRIVILEGES ON *.* TO '$galera_user'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$galera_user'@'localhost' WITH GRANT OPTION;
SQL

STRATA_TEST_GALERA_URLS=""
galera_shown=""
for n in "${galera_nodes[@]}"; do
  STRATA_TEST_GALERA_URLS+="${STRATA_TEST_GALERA_URLS:+,}mysql://$galera_user:$galera_password@127.0.0.1:$(galera_sql_port "$n")/mysql"
  galera_shown+="${galera_shown:+,}mysql://$galera_user:***@127.0.0.1:$(galera_sql_port "$n")/mysql"
done
export STRATA_TEST_GALERA_URLS
echo "galera: ready, 3 nodes synced at $galera_shown"
