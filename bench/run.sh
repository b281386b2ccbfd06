#!/usr/bin/env bash
# Measures `strata inspect` and `strata plan` (round trip, no changes) on SQLite databases of
# 100, 1,000 and 5,000 generated tables, against `sqlite3 .schema` as the baseline.
# Usage: bench/run.sh [path/to/strata] [sizes...]   (defaults: build/cli/strata, 100 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
strata=$(realpath "${1:-build/cli/strata}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { # seconds <command...>: wall time of one run, in seconds with milliseconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

printf '%-8s %-12s %-12s %-12s %-10s %s\n' tables sqlite3 inspect plan ratio max_rss_kb
for n in "${sizes[@]}"; do
  db="$work/b$n.db"
  python3 bench/gen_schema.py "$n" | sqlite3 "$db"
  base=$(seconds sqlite3 "$db" .schema)
  insp=$(seconds "$strata" --quiet inspect --db "sqlite:$db" -o "$work/s$n.yaml")
  set +e
  plan=$(seconds "$strata" --quiet plan --schema "$work/s$n.yaml" --db "sqlite:$db" --dir "$work/m$n" --dry-run)
  set -e
  rss=$( { /usr/bin/time -f '%M' "$strata" --quiet inspect --db "sqlite:$db" -o /dev/null; } 2>&1 >/dev/null | tail -1 || echo "?")
  ratio=$(awk -v a="$insp" -v b="$base" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
  printf '%-8s %-12s %-12s %-12s %-10s %s\n' "$n" "${base}s" "${insp}s" "${plan}s" "$ratio" "$rss"
done
