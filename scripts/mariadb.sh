#!/usr/bin/env bash
# Starts the MariaDB server the tests use, on loopback only, and creates the test user.
# Source it (`source scripts/mariadb.sh`) to get STRATA_TEST_MYSQL_URL exported; run as root on
# Debian 12 after scripts/setup.sh installed the `mariadb-server` package. Idempotent.
# Fails (non-zero) when the server cannot be started: CI must not silently skip MySQL/MariaDB.
set -euo pipefail

my_port=3306
my_user=strata
my_password=strata
my_socket=/run/mysqld/mysqld.sock

conf=/etc/mysql/mariadb.conf.d/99-strata-tests.cnf
if [ ! -f "$conf" ]; then
  # Loopback only; enough connections for parallel ctest jobs; fast, disposable test data.
  cat > "$conf" <<CONF
[mysqld]
bind-address = 127.0.0.1
port = $my_port
max_connections = 300
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
sync_binlog = 0
skip-name-resolve
CONF
fi

if ! mariadb-admin --socket="$my_socket" ping >/dev/null 2>&1; then
  echo "mariadb: starting the server on 127.0.0.1:$my_port"
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  # The init script needs no systemd (containers, CI).
  /etc/init.d/mariadb start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    if mariadb-admin --socket="$my_socket" ping >/dev/null 2>&1; then
      break
    fi
    sleep 1
  done
fi
mariadb-admin --socket="$my_socket" ping >/dev/null 2>&1 || { echo "mariadb: server did not start" >&2; exit 1; }

# The test user creates and drops one database per test (strata_t_*), plus strata_backup ones;
# the read-only tests also create a user with SELECT rights only (hence GRANT OPTION) and turn
# the general log on for a moment (SUPER, part of ALL).
mariadb --socket="$my_socket" -u root <<SQL
CREATE USER IF NOT EXISTS '$my_user'@'127.0.0.1' IDENTIFIED BY '$my_password';
CREATE USER IF NOT EXISTS '$my_user'@'localhost' IDENTIFIED BY '$my_password';
GRANT ALL PRIVILEGES ON *.* TO '$my_user'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$my_user'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL

export STRATA_TEST_MYSQL_URL="mysql://$my_user:$my_password@127.0.0.1:$my_port/mysql"
echo "mariadb: ready at mysql://$my_user:***@127.0.0.1:$my_port/mysql"
