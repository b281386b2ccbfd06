#!/usr/bin/env bash
# Catalog reads must cost what the target database holds, not what the server holds: times
# `strata inspect` of a 76-table MariaDB database alone on the server, then with other databases
# holding OTHER_TABLES tables in all (default 3,000) beside it, for each strata binary given (an
# older build against a newer one). Also prints, for each of the reader's foreign-key queries
# (the one before the fix and the one now), MariaDB's EXPLAIN note ("Scanned 1 database" /
# "Scanned all databases") and the tables the server opened for it (Opened_tables).
# Needs a server: STRATA_BENCH_MYSQL_URL (default mysql://bench:bench@127.0.0.1:3306/mysql, a
# user that may CREATE DATABASE). Everything it creates (strata_crowd_*) is dropped at the end.
# Usage: bench/run_mysql_crowded.sh [path/to/strata ...]   (OTHER_TABLES=N, RUNS=N in the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(build/cli/strata)
other_tables=${OTHER_TABLES:-3000}
runs=${RUNS:-3}
per_database=100
admin=${STRATA_BENCH_MYSQL_URL:-mysql://bench:bench@127.0.0.1:3306/mysql}
base_url=${admin%/*}
hostport=${base_url#*@}
userinfo=${base_url#mysql://}
userinfo=${userinfo%%@*}
export MYSQL_PWD=${userinfo#*:} # the password goes through the environment, never the command line
client=(-h "${hostport%:*}" -P "${hostport##*:}" -u "${userinfo%%:*}")
target=strata_crowd_target
others=$(( (other_tables + per_database - 1) / per_database ))
work=$(mktemp -d)
cleanup() {
  mariadb "${client[@]}" -N -e "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'strata\\_crowd\\_%'" |
    while read -r db; do mariadb "${client[@]}" -e "DROP DATABASE IF EXISTS \`$db\`"; done || true
  rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}
time_inspect() { # time_inspect <strata>: median of $runs inspections of the target
  for _ in $(seq "$runs"); do seconds "$1" --quiet inspect --db "$base_url/$target" -o "$work/s.yaml"; done | median
}

old_fk_query="SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL AND k.TABLE_NAME NOT LIKE 'strata\\_%'"
new_fk_query="SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND r.CONSTRAINT_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
  AND k.TABLE_NAME NOT LIKE 'strata\\_%'"
query_report() { # query_report <label> <sql>: EXPLAIN notes, opened tables, wall time on the target
  local notes opened
  notes=$(mariadb "${client[@]}" -N "$target" -e "EXPLAIN $2" | awk -F'\t' '{ print $NF }' | grep -o 'Scanned [a-z0-9 ]*databases\?' | paste -sd, -)
  opened=$(mariadb "${client[@]}" -N "$target" -e "FLUSH TABLES; $2; SHOW SESSION STATUS LIKE 'Opened_tables'" |
           awk '$1 == "Opened_tables" { print $2 }')
  printf '  %-22s %-40s opened %-6s %ss\n' "$1" "$notes" "$opened" \
    "$(seconds mariadb "${client[@]}" "$target" -e "$2")"
}
report() { # report <situation>
  echo "$1"
  for b in "${binaries[@]}"; do printf '  inspect %-40s %ss\n' "$b" "$(time_inspect "$(realpath "$b")")"; done
  query_report "foreign keys (before)" "$old_fk_query"
  query_report "foreign keys (now)" "$new_fk_query"
}

mariadb "${client[@]}" -e "DROP DATABASE IF EXISTS $target; CREATE DATABASE $target"
python3 bench/gen_schema.py 76 --dialect mysql | mariadb "${client[@]}" "$target"
report "76 tables, nothing else on the server"

for i in $(seq 1 "$others"); do
  db=strata_crowd_$i
  mariadb "${client[@]}" -e "CREATE DATABASE $db"
  python3 bench/gen_schema.py "$per_database" --dialect mysql | mariadb "${client[@]}" "$db"
done
report "76 tables, $((others * per_database)) tables in $others other databases"
