#!/usr/bin/env bash
# Issue 17's fleet measurement: apply a small migration folder (3 files: two tables, an index) to
# N empty databases, three ways, whole processes, each from empty databases:
#   one-by-one   N separate `strata apply --db URL` processes, one after another
#   fleet -p 1   one `strata apply --targets LIST --parallel 1`
#   fleet -p P   one `strata apply --targets LIST --parallel P`
# Not a test. Prints one row per engine as soon as it is measured.
#
# Usage: bench/run_fleet.sh [path/to/strata] [N] [P]   (defaults: build-test/cli/strata, 100, 8)
# Environment: ENGINES (default "sqlite postgres mariadb"), BENCH_DIR (build/bench-fleet),
#   STRATA_BENCH_PG_URL (postgres://strata:strata@127.0.0.1:5432/postgres) and STRATA_BENCH_MYSQL_URL
#   (mysql://strata:strata@127.0.0.1:3306/mysql): roles that may create databases. The databases
#   are named fleet_bench_<i> and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
strata=$(realpath "${1:-build-test/cli/strata}")
count=${2:-100}
parallel=${3:-8}
engines=${ENGINES:-sqlite postgres mariadb}
work=$(realpath -m "${BENCH_DIR:-build/bench-fleet}")
pg_url=${STRATA_BENCH_PG_URL:-postgres://strata:strata@127.0.0.1:5432/postgres}
my_url=${STRATA_BENCH_MYSQL_URL:-mysql://strata:strata@127.0.0.1:3306/mysql}
rm -rf "$work" && mkdir -p "$work/migrations"

write() { printf '%s\n' "$2" > "$work/migrations/$1"; }
write 1_customers.up.sql "CREATE TABLE customers (id integer PRIMARY KEY, email varchar(200) NOT NULL);"
write 1_customers.down.sql "DROP TABLE customers;"
write 2_orders.up.sql "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), total numeric(10,2));"
write 2_orders.down.sql "DROP TABLE orders;"
write 3_orders_customer.up.sql "CREATE INDEX orders_customer ON orders (customer_id);"
write 3_orders_customer.down.sql "DROP INDEX orders_customer;"
"$strata" --quiet hash --dir "$work/migrations" >/dev/null

pg_base=${pg_url%/*}
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$pg_url" -c "$1" >/dev/null; }
my_base=${my_url%/*}
my_rest=${my_url#mysql://}; my_credentials=${my_rest%%@*}; my_host_port=${my_rest#*@}; my_host_port=${my_host_port%%/*}
mysql_admin() {
  MYSQL_PWD=${my_credentials#*:} mysql --protocol=TCP -h "${my_host_port%:*}" -P "${my_host_port##*:}" \
    -u "${my_credentials%%:*}" -e "$1"
}

reset() { # reset <engine>: N empty databases, their URLs in $work/targets.txt
  : > "$work/targets.txt"
  for i in $(seq 1 "$count"); do
    if [ "$1" = sqlite ]; then
      rm -f "$work/db_$i.db" && rm -rf "$work/.strata"
      echo "sqlite:$work/db_$i.db" >> "$work/targets.txt"
    elif [ "$1" = mariadb ]; then
      mysql_admin "DROP DATABASE IF EXISTS fleet_bench_$i; CREATE DATABASE fleet_bench_$i"
      echo "$my_base/fleet_bench_$i" >> "$work/targets.txt"
    else
      psql_admin "DROP DATABASE IF EXISTS fleet_bench_$i" && psql_admin "CREATE DATABASE fleet_bench_$i"
      echo "$pg_base/fleet_bench_$i" >> "$work/targets.txt"
    fi
  done
}

one_by_one() {
  while read -r url; do
    "$strata" --quiet apply --db "$url" --dir "$work/migrations" >/dev/null
  done < "$work/targets.txt"
}

printf '%-9s %-6s %-12s %-12s %-12s\n' engine dbs one-by-one "fleet -p 1" "fleet -p $parallel"
for engine in $engines; do
  reset "$engine"
  serial=$(seconds one_by_one)
  reset "$engine"
  p1=$(seconds "$strata" --quiet apply --targets "$work/targets.txt" --dir "$work/migrations" --parallel 1)
  reset "$engine"
  pn=$(seconds "$strata" --quiet apply --targets "$work/targets.txt" --dir "$work/migrations" --parallel "$parallel")
  printf '%-9s %-6s %-12s %-12s %-12s\n' "$engine" "$count" "${serial}s" "${p1}s" "${pn}s"
  if [ "$engine" = postgres ]; then
    for i in $(seq 1 "$count"); do psql_admin "DROP DATABASE IF EXISTS fleet_bench_$i"; done
  elif [ "$engine" = mariadb ]; then
    for i in $(seq 1 "$count"); do mysql_admin "DROP DATABASE IF EXISTS fleet_bench_$i"; done
  fi
done
