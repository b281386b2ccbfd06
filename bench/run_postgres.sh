#!/usr/bin/env bash
# Measures `strata inspect` and `strata plan` (round trip, no changes) on PostgreSQL databases of
# 100, 1,000 and 5,000 generated tables, against `pg_dump --schema-only` as the baseline.
# Needs a server: STRATA_BENCH_PG_URL (default postgres://bench:bench@127.0.0.1:5432/postgres, a
# role that may CREATE DATABASE). Each size gets its own database, dropped at the end.
# Usage: bench/run_postgres.sh [path/to/strata] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_args "$@"
admin=${STRATA_BENCH_PG_URL:-postgres://bench:bench@127.0.0.1:5432/postgres}
base_url=${admin%/*}
work=$(mktemp -d)
cleanup() {
  for n in "${sizes[@]}"; do psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_bench_$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

header pg_dump
for n in "${sizes[@]}"; do
  db="$base_url/strata_bench_$n"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_bench_$n" -c "CREATE DATABASE strata_bench_$n" >/dev/null
  python3 bench/gen_schema.py "$n" --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$db" >/dev/null
  base=$(seconds pg_dump --schema-only "$db")
  measure_strata "$n" "$db" "$base"
done
