#!/usr/bin/env bash
# Measures `strata inspect` and `strata plan` (round trip, no changes) on MariaDB databases of
# 100, 1,000 and 5,000 generated tables, against `mariadb-dump --no-data` as the baseline.
# Needs a server: STRATA_BENCH_MYSQL_URL (default mysql://bench:bench@127.0.0.1:3306/mysql, a
# user that may CREATE DATABASE). Each size gets its own database, dropped at the end.
# Usage: bench/run_mysql.sh [path/to/strata] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_args "$@"
admin=${STRATA_BENCH_MYSQL_URL:-mysql://bench:bench@127.0.0.1:3306/mysql}
base_url=${admin%/*}
# mysql://user:pass@host:port -> client options (the password goes through the environment).
hostport=${base_url#*@}
userinfo=${base_url#mysql://}
userinfo=${userinfo%%@*}
export MYSQL_PWD=${userinfo#*:}
client=(-h "${hostport%:*}" -P "${hostport##*:}" -u "${userinfo%%:*}")
work=$(mktemp -d)
cleanup() {
  for n in "${sizes[@]}"; do mariadb "${client[@]}" -e "DROP DATABASE IF EXISTS strata_bench_$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

header mariadb-dump
for n in "${sizes[@]}"; do
  db="$base_url/strata_bench_$n"
  mariadb "${client[@]}" -e "DROP DATABASE IF EXISTS strata_bench_$n; CREATE DATABASE strata_bench_$n"
  python3 bench/gen_schema.py "$n" --dialect mysql | mariadb "${client[@]}" "strata_bench_$n"
  base=$(seconds mariadb-dump "${client[@]}" --no-data "strata_bench_$n")
  measure_strata "$n" "$db" "$base"
done
