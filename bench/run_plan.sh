#!/usr/bin/env bash
# Times `strata plan` on large plans against an empty SQLite database: one table of many columns
# and many tables, each written to files and with --dry-run, with the peak memory of each run.
# Inputs come from bench/gen_wide.py. Not a test: prints one row per input.
# Usage: bench/run_plan.sh [path/to/strata] [columns] [tables]
#        (defaults: build-rel/cli/strata, 100000 columns, 5000 tables)
set -euo pipefail
cd "$(dirname "$0")/.."
strata=$(realpath "${1:-build-rel/cli/strata}")
columns=${2:-100000}
tables=${3:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # run <label> <schema> <extra flags...>: one plan, wall seconds and peak RSS
  local label=$1 schema=$2 dir
  shift 2
  dir=$(mktemp -d "$work/m.XXXX")
  rm -f "$work/empty.db"
  local start end rss
  start=$(date +%s%N)
  # plan exits 2 when it planned changes
  rss=$( { /usr/bin/time -f '%M' "$strata" --quiet plan --schema "$schema" --db "sqlite:$work/empty.db" \
             --dir "$dir" --version 1 --name bench "$@" >/dev/null || [ $? -eq 2 ]; } 2>&1 | tail -1)
  end=$(date +%s%N)
  printf '%-28s %10s %10s MB  %s files\n' "$label" \
    "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f s", ns / 1e9 }')" "$((rss / 1024))" \
    "$(find "$dir" -name '*.sql' | wc -l)"
}

python3 bench/gen_wide.py columns "$columns" >"$work/wide.yaml"
python3 bench/gen_wide.py tables "$tables" >"$work/tables.yaml"
printf '%-28s %12s %13s\n' input wall peak_rss
run "$columns columns, files" "$work/wide.yaml"
run "$columns columns, --dry-run" "$work/wide.yaml" --dry-run
run "$tables tables, files" "$work/tables.yaml"
run "$tables tables, --dry-run" "$work/tables.yaml" --dry-run
