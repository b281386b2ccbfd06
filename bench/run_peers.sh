#!/usr/bin/env bash
# Issue 15's side-by-side benchmark: strata against the catalog dump and the schema-diff peer of
# each engine, on the same databases, runs alternating, whole processes.
#
#   SQLite      inspect vs `sqlite3 .schema`           plan vs `sqldiff --schema`  (Debian sqlite3-tools)
#   PostgreSQL  inspect vs `pg_dump --schema-only`     plan vs `migra`             (npm @pgkit/migra)
#   MariaDB     inspect vs `skeema init`               plan vs `skeema diff`       (Debian skeema)
#
# The peers are installed into $BENCH_DIR/peers, which the script owns: the Debian packages are
# downloaded with `apt-get download` and unpacked there (nothing is installed system-wide), migra
# with `npm install --prefix`. A peer that cannot be had that way is left out of its row.
# For each size N the schemas come from bench/gen_schema.py --mixed (v1) and --mixed --changed
# (v2: 5 % of the tables changed); "plan" is
#   strata plan --schema v2.yaml --db v1 --dry-run --format sql
# where v2.yaml is `strata inspect` of the v2 database, and the peers diff v1 against v2. Each
# command runs RUNS times (median, min–max of wall time; peak RSS from /usr/bin/time). Then
# strata's plan is applied to a copy of v1 and that copy's catalog compared with v2's (SQLite:
# bench/sqlite_catalog.py; PostgreSQL: pg_dump --schema-only; MariaDB: skeema diff finds nothing).
# Not a test. Prints one table row per engine and size, each as soon as it is measured.
#
# Usage: bench/run_peers.sh [path/to/strata] [sizes...]   (defaults: build-rel/cli/strata, 1000 5000)
# Environment: ENGINES (default "sqlite postgres mysql"), RUNS (3), BENCH_DIR (build/bench),
#   STRATA_BENCH_PG_URL (postgres://strata:strata@127.0.0.1:5432/postgres: a role that may create
#   databases), STRATA_BENCH_MYSQL_URL (mysql://strata:strata@127.0.0.1:3306/mysql: a user that
#   may create databases). The bench_* databases it creates are dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
strata=$(realpath "${1:-build-rel/cli/strata}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000)
engines=${ENGINES:-sqlite postgres mysql}
runs=${RUNS:-3}
bench=$(mkdir -p "${BENCH_DIR:-build/bench}" && realpath "${BENCH_DIR:-build/bench}")
peers=$bench/peers
pg_url=${STRATA_BENCH_PG_URL:-postgres://strata:strata@127.0.0.1:5432/postgres}
my_url=${STRATA_BENCH_MYSQL_URL:-mysql://strata:strata@127.0.0.1:3306/mysql}

# --- peers -------------------------------------------------------------------------------------
install_peers() {
  mkdir -p "$peers/debs" "$peers/root"
  for package in sqlite3-tools skeema; do
    if ! ls "$peers/debs/${package}_"*.deb >/dev/null 2>&1; then
      (cd "$peers/debs" && apt-get download "$package" >/dev/null 2>&1) ||
        echo "note: Debian package $package could not be downloaded; its peer is left out" >&2
    fi
  done
  for deb in "$peers"/debs/*.deb; do
    [ -e "$deb" ] && dpkg -x "$deb" "$peers/root"
  done
  if [ ! -x "$peers/npm/node_modules/.bin/migra" ]; then
    npm install --silent --prefix "$peers/npm" @pgkit/migra >/dev/null 2>&1 ||
      echo "note: npm package @pgkit/migra could not be installed; migra is left out" >&2
  fi
}
install_peers
sqldiff=$peers/root/usr/bin/sqldiff
skeema=$peers/root/usr/bin/skeema
migra=$peers/npm/node_modules/.bin/migra

# --- measuring ---------------------------------------------------------------------------------
work=$(mktemp -d "$bench/run.XXXX")
results=$work/results
mkdir -p "$results"

# timed <key> <command...>: one run; appends "seconds peak_kb" to $results/<key>. Exit codes 1
# and 2 are "differences found" for the diff tools and strata plan.
# The wall time is taken around the command to the microsecond (/usr/bin/time's %e counts
# hundredths, too coarse for a catalog dump of 20 ms); /usr/bin/time gives the peak RSS.
timed() {
  local key=$1 rc=0 start end
  shift
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$work/time" "$@" >"$work/out.$key" 2>"$work/err.$key" || rc=$?
  end=$(date +%s%N)
  if [ "$rc" -gt 2 ]; then
    echo "failed ($rc): $*" >&2
    tail -5 "$work/err.$key" >&2
    return 1
  fi
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }') $(tail -1 "$work/time")" >>"$results/$key"
}

# stat <key>: "median (min–max)" seconds; peak <key>: largest peak RSS in MiB.
stat() {
  [ -s "$results/$1" ] || { echo "—"; return; }
  sort -n "$results/$1" | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
    f = (m < 1) ? "%.3f s (%.3f–%.3f)" : "%.2f s (%.2f–%.2f)"; printf f, m, t[1], t[NR] }'
}
median() {
  [ -s "$results/$1" ] || { echo 0; return; }
  sort -n "$results/$1" | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
peak() {
  [ -s "$results/$1" ] || { echo "—"; return; }
  awk '$2 > m { m = $2 } END { printf "%.0f MiB", m / 1024 }' "$results/$1"
}
ratio() { # ratio <strata key> <peer key>
  awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'
}

row() { # row <engine> <n> <dump label> <peer label> <correct>: printed as soon as it is known
  local k="$1.$2"
  echo "| $1 | $2 | $(stat "$k.inspect") | $(stat "$k.dump") | $(ratio "$k.inspect" "$k.dump") $3 | $(stat "$k.plan") | $(stat "$k.peer") | $(ratio "$k.plan" "$k.peer") $4 | $(peak "$k.plan") | $(peak "$k.inspect") | $(peak "$k.peer") | $5 |"
}

plan_args=(--quiet plan --dry-run --format sql)

# --- SQLite --------------------------------------------------------------------------------------
bench_sqlite() {
  local n=$1 k="SQLite.$1" d=$work/sqlite$1 correct
  mkdir -p "$d/empty"
  python3 bench/gen_schema.py "$n" --mixed | sqlite3 "$d/v1.db"
  python3 bench/gen_schema.py "$n" --mixed --changed | sqlite3 "$d/v2.db"
  "$strata" --quiet inspect --db "sqlite:$d/v2.db" -o "$d/v2.yaml"
  for _ in $(seq "$runs"); do
    timed "$k.inspect" "$strata" --quiet inspect --db "sqlite:$d/v1.db" -o "$d/v1.yaml"
    timed "$k.dump" sqlite3 "$d/v1.db" .schema
    timed "$k.plan" "$strata" "${plan_args[@]}" --schema "$d/v2.yaml" --db "sqlite:$d/v1.db" --dir "$d/empty"
    [ -x "$sqldiff" ] && timed "$k.peer" "$sqldiff" --schema "$d/v1.db" "$d/v2.db"
  done
  cp "$work/out.$k.plan" "$d/plan.sql"
  cp "$d/v1.db" "$d/applied.db"
  sqlite3 -bail "$d/applied.db" <"$d/plan.sql" >/dev/null
  if cmp -s <(python3 bench/sqlite_catalog.py "$d/applied.db") <(python3 bench/sqlite_catalog.py "$d/v2.db"); then
    correct=yes
  else
    correct=NO
  fi
  row SQLite "$n" '`sqlite3 .schema`' '`sqldiff --schema`' "$correct"
  rm -rf "$d"
}

# --- PostgreSQL ----------------------------------------------------------------------------------
pg_db() { echo "${pg_url%/*}/$1"; }
export PGOPTIONS='-c client_min_messages=warning'
pg_catalog() { # pg_dump --schema-only without its per-run \restrict key
  pg_dump --schema-only "$(pg_db "$1")" | grep -v '^\\\(un\)\?restrict '
}
bench_postgres() {
  local n=$1 k="PostgreSQL.$1" d=$work/pg$1 correct db
  mkdir -p "$d/empty"
  for db in v1 v2 applied; do
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS bench_${db}_$n" -c "CREATE DATABASE bench_${db}_$n" >/dev/null
  done
  python3 bench/gen_schema.py "$n" --mixed --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$(pg_db "bench_v1_$n")" >/dev/null
  python3 bench/gen_schema.py "$n" --mixed --changed --dialect postgres |
    psql -q -v ON_ERROR_STOP=1 "$(pg_db "bench_v2_$n")" >/dev/null
  "$strata" --quiet inspect --db "$(pg_db "bench_v2_$n")" -o "$d/v2.yaml"
  for _ in $(seq "$runs"); do
    timed "$k.inspect" "$strata" --quiet inspect --db "$(pg_db "bench_v1_$n")" -o "$d/v1.yaml"
    timed "$k.dump" pg_dump --schema-only "$(pg_db "bench_v1_$n")"
    timed "$k.plan" "$strata" "${plan_args[@]}" --schema "$d/v2.yaml" --db "$(pg_db "bench_v1_$n")" --dir "$d/empty"
    [ -x "$migra" ] && timed "$k.peer" "$migra" "$(pg_db "bench_v1_$n")" "$(pg_db "bench_v2_$n")" --unsafe
  done
  cp "$work/out.$k.plan" "$d/plan.sql"
  python3 bench/gen_schema.py "$n" --mixed --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$(pg_db "bench_applied_$n")" >/dev/null
  psql -q -v ON_ERROR_STOP=1 -f "$d/plan.sql" "$(pg_db "bench_applied_$n")" >/dev/null
  if cmp -s <(pg_catalog "bench_applied_$n") <(pg_catalog "bench_v2_$n"); then
    correct=yes
  else
    correct=NO
  fi
  row PostgreSQL "$n" '`pg_dump -s`' migra "$correct"
  for db in v1 v2 applied; do
    psql -q "$pg_url" -c "DROP DATABASE IF EXISTS bench_${db}_$n" >/dev/null
  done
  rm -rf "$d"
}

# --- MariaDB -------------------------------------------------------------------------------------
my_user=${my_url#mysql://}
my_user=${my_user%%:*}
my_pass=${my_url#mysql://*:}
my_pass=${my_pass%%@*}
my_host=${my_url#*@}
my_host=${my_host%%/*}
my_db() { echo "${my_url%/*}/$1"; }
mysql_run() { MYSQL_PWD=$my_pass mariadb -h "${my_host%:*}" -P "${my_host#*:}" -u "$my_user" "$@"; }
skeema_at() { # skeema_at <folder>: sets $skeema_cmd, skeema run in that folder (password in MYSQL_PWD)
  skeema_cmd=(env -C "$1" "MYSQL_PWD=$my_pass" "$skeema")
}
bench_mysql() {
  local n=$1 k="MariaDB.$1" d=$work/my$1 correct db
  mkdir -p "$d/empty"
  for db in v1 v2 applied; do
    mysql_run -e "DROP DATABASE IF EXISTS bench_${db}_$n; CREATE DATABASE bench_${db}_$n"
  done
  python3 bench/gen_schema.py "$n" --mixed --dialect mysql | mysql_run "bench_v1_$n"
  python3 bench/gen_schema.py "$n" --mixed --changed --dialect mysql | mysql_run "bench_v2_$n"
  "$strata" --quiet inspect --db "$(my_db "bench_v2_$n")" -o "$d/v2.yaml"
  local skeema_args=(-h "${my_host%:*}" -P "${my_host#*:}" -u "$my_user")
  for _ in $(seq "$runs"); do
    timed "$k.inspect" "$strata" --quiet inspect --db "$(my_db "bench_v1_$n")" -o "$d/v1.yaml"
    if [ -x "$skeema" ]; then
      rm -rf "$d/init"
      skeema_at "$d"
      timed "$k.dump" "${skeema_cmd[@]}" init "${skeema_args[@]}" --schema "bench_v1_$n" --dir init
    fi
    timed "$k.plan" "$strata" "${plan_args[@]}" --schema "$d/v2.yaml" --db "$(my_db "bench_v1_$n")" --dir "$d/empty"
    if [ -x "$skeema" ]; then
      # The v2 files, diffed against the v1 database (skeema's own dump of v2, made once).
      if [ ! -d "$d/v2" ]; then
        skeema_at "$d"
        "${skeema_cmd[@]}" init "${skeema_args[@]}" --schema "bench_v2_$n" --dir v2 >/dev/null 2>&1
        sed -i "s/^schema=.*/schema=bench_v1_$n/" "$d/v2/.skeema"
      fi
      skeema_at "$d/v2"
      timed "$k.peer" "${skeema_cmd[@]}" diff --allow-unsafe
    fi
  done
  cp "$work/out.$k.plan" "$d/plan.sql"
  python3 bench/gen_schema.py "$n" --mixed --dialect mysql | mysql_run "bench_applied_$n"
  mysql_run "bench_applied_$n" <"$d/plan.sql"
  correct="—"
  if [ -x "$skeema" ]; then
    sed -i "s/^schema=.*/schema=bench_applied_$n/" "$d/v2/.skeema"
    skeema_at "$d/v2"
    # skeema diff exits 1 for differences and 2 or more when it could not diff: its own words say which.
    if "${skeema_cmd[@]}" diff --allow-unsafe >"$work/check.out" 2>&1; then
      correct="yes (skeema diff)"
    else
      correct="NO (skeema diff exit $?)"
      echo "MariaDB $n: skeema diff of the applied plan against v2 said:" >&2
      tail -20 "$work/check.out" >&2
    fi
  fi
  row MariaDB "$n" '`skeema init`' '`skeema diff`' "$correct"
  for db in v1 v2 applied; do
    mysql_run -e "DROP DATABASE IF EXISTS bench_${db}_$n"
  done
  rm -rf "$d"
}

echo "| engine | N | strata inspect | catalog dump | inspect ratio | strata plan | peer diff | plan ratio | plan peak | inspect peak | peer peak | plan applied to v1 = v2 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  for engine in $engines; do
    "bench_$engine" "$n"
  done
done
rm -rf "$work"
