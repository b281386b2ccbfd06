#!/usr/bin/env bash
# Measures the review commands on a project whose first migration creates N generated tables:
# `verify` (replay + up/down/up round trip of the file + comparison with schema.yaml), `lint`
# (replay, before/after snapshots, SQL checks) and, once applied, `drift --against migrations`
# (history replayed, compared with the live schema). SQLite always; PostgreSQL too when
# STRATA_BENCH_PG_URL is set (a role that may CREATE DATABASE, e.g.
# postgres://bench:bench@127.0.0.1:5432/postgres).
# Usage: bench/run_review.sh [path/to/strata] [sizes...]   (defaults: build/cli/strata, 100 500)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_args "$@"
[ $# -gt 1 ] || sizes=(100 500)
admin=${STRATA_BENCH_PG_URL:-}
work=$(mktemp -d)
export PGOPTIONS="-c client_min_messages=warning"
cleanup() {
  if [ -n "$admin" ]; then
    for n in "${sizes[@]}"; do
      psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_review_src_$n" -c "DROP DATABASE IF EXISTS strata_review_$n" \
        >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

run() { # run <engine> <tables> <source url> <target url>
  local engine=$1 n=$2 source=$3 target=$4 dir="$work/$1-m$2" schema="$work/$1-s$2.yaml" v l d
  "$strata" --quiet inspect --db "$source" -o "$schema"
  set +e
  "$strata" --quiet plan --schema "$schema" --db "$target" --dir "$dir" --name init >/dev/null
  set -e
  v=$(seconds "$strata" --quiet verify --schema "$schema" --dir "$dir" --db "$target")
  l=$(seconds "$strata" --quiet lint --dir "$dir" --db "$target")
  "$strata" --quiet apply --dir "$dir" --db "$target" --yes >/dev/null
  d=$(seconds "$strata" --quiet drift --against migrations --dir "$dir" --db "$target")
  printf '%-9s %-8s %-10s %-10s %s\n' "$engine" "$n" "${v}s" "${l}s" "${d}s"
}

printf '%-9s %-8s %-10s %-10s %s\n' engine tables verify lint drift-migrations
for n in "${sizes[@]}"; do
  python3 bench/gen_schema.py "$n" | sqlite3 "$work/src$n.db"
  run sqlite "$n" "sqlite:$work/src$n.db" "sqlite:$work/target$n.db"
done
if [ -n "$admin" ]; then
  base_url=${admin%/*}
  for n in "${sizes[@]}"; do
    psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_review_src_$n" -c "CREATE DATABASE strata_review_src_$n" \
      -c "DROP DATABASE IF EXISTS strata_review_$n" -c "CREATE DATABASE strata_review_$n" >/dev/null
    python3 bench/gen_schema.py "$n" --dialect postgres | psql -q -v ON_ERROR_STOP=1 "$base_url/strata_review_src_$n" >/dev/null
    run postgres "$n" "$base_url/strata_review_src_$n" "$base_url/strata_review_$n"
  done
fi
