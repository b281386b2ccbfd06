#!/usr/bin/env bash
# Measures `strata inspect` and `strata plan` (round trip, no changes) on SQLite databases of
# 100, 1,000 and 5,000 generated tables, against `sqlite3 .schema` as the baseline.
# Usage: bench/run.sh [path/to/strata] [sizes...]   (defaults: build/cli/strata, 100 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_args "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

header sqlite3
for n in "${sizes[@]}"; do
  db="$work/b$n.db"
  python3 bench/gen_schema.py "$n" | sqlite3 "$db"
  base=$(seconds sqlite3 "$db" .schema)
  measure_strata "$n" "sqlite:$db" "$base"
done
