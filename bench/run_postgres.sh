#!/usr/bin/env bash
# Measures `strata inspect` and `strata plan` (round trip, no changes) on PostgreSQL databases of
# 100, 1,000 and 5,000 generated tables, against `pg_dump --schema-only` as the baseline.
# Needs a server: STRATA_BENCH_PG_URL (default postgres://bench:bench@127.0.0.1:5432/postgres, a
# role that may CREATE DATABASE). Each size gets its own database, dropped at the end.
# Usage: bench/run_postgres.sh [path/to/strata] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
strata=$(realpath "${1:-build/cli/strata}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
admin=${STRATA_BENCH_PG_URL:-postgres://bench:bench@127.0.0.1:5432/postgres}
base_url=${admin%/*}
work=$(mktemp -d)
cleanup() {
  for n in "${sizes[@]}"; do psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_bench_$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

seconds() { # seconds <command...>: wall time of one run, in seconds with milliseconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

printf '%-8s %-12s %-12s %-12s %-10s %s\n' tables pg_dump inspect plan ratio max_rss_kb
for n in "${sizes[@]}"; do
  db="$base_url/strata_bench_$n"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_bench_$n" -c "CREATE DATABASE strata_bench_$n" >/dev/null
  python3 bench/gen_schema.py "$n" --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$db" >/dev/null
  base=$(seconds pg_dump --schema-only "$db")
  insp=$(seconds "$strata" --quiet inspect --db "$db" -o "$work/s$n.yaml")
  set +e
  plan=$(seconds "$strata" --quiet plan --schema "$work/s$n.yaml" --db "$db" --dir "$work/m$n" --dry-run)
  set -e
  rss=$( { /usr/bin/time -f '%M' "$strata" --quiet inspect --db "$db" -o /dev/null; } 2>&1 >/dev/null | tail -1 || echo "?")
  ratio=$(awk -v a="$insp" -v b="$base" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
  printf '%-8s %-12s %-12s %-12s %-10s %s\n' "$n" "${base}s" "${insp}s" "${plan}s" "$ratio" "$rss"
done
