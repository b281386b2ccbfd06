#!/usr/bin/env bash
# Measures the review commands on a project whose first migration creates N generated tables:
# `verify` (replay + up/down/up round trip of the file + comparison with schema.yaml), `lint`
# (replay, before/after snapshots, SQL checks) and, once applied, `drift --against migrations`
# (history replayed, compared with the live schema). SQLite always; PostgreSQL too when
# STRATA_BENCH_PG_URL is set (a role that may CREATE DATABASE, e.g.
# postgres://bench:bench@127.0.0.1:5432/postgres).
# Then issue 15's folder: FILES files (default 100) over FOLDER_TABLES tables (default 1000, the
# --mixed shape) cut by bench/split_migrations.py, each command beside one `plan` of the same
# schema into the empty database, as a ratio to it.
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
    psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_review_src_folder" -c "DROP DATABASE IF EXISTS strata_review_folder" \
      >/dev/null 2>&1 || true
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

files=${FILES:-100}
folder_tables=${FOLDER_TABLES:-1000}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
run_folder() { # run_folder <engine> <dialect> <source url> <target url>
  local engine=$1 dir="$work/$1-folder" schema="$work/$1-folder.yaml" p v l d
  python3 bench/gen_schema.py "$folder_tables" --mixed --dialect "$2" | python3 bench/split_migrations.py "$dir" "$files"
  "$strata" --quiet hash --dir "$dir" >/dev/null
  "$strata" --quiet inspect --db "$3" -o "$schema"
  set +e
  p=$(seconds "$strata" --quiet plan --schema "$schema" --db "$4" --dir "$work/$1-plan" --dry-run)
  set -e
  v=$(seconds "$strata" --quiet verify --schema "$schema" --dir "$dir" --db "$4")
  l=$(seconds "$strata" --quiet lint --dir "$dir" --db "$4")
  "$strata" --quiet apply --dir "$dir" --db "$4" --yes >/dev/null
  d=$(seconds "$strata" --quiet drift --against migrations --dir "$dir" --db "$4")
  printf '%-9s %-6s %-7s %-8s %-16s %-16s %s\n' "$engine" "$files" "$folder_tables" "${p}s" "${v}s $(ratio "$v" "$p")" \
    "${l}s $(ratio "$l" "$p")" "${d}s $(ratio "$d" "$p")"
}
echo
printf '%-9s %-6s %-7s %-8s %-16s %-16s %s\n' engine files tables plan verify lint drift-migrations
python3 bench/gen_schema.py "$folder_tables" --mixed | sqlite3 "$work/src-folder.db"
run_folder sqlite sqlite "sqlite:$work/src-folder.db" "sqlite:$work/target-folder.db"
if [ -n "$admin" ]; then
  psql -q "$admin" -c "DROP DATABASE IF EXISTS strata_review_src_folder" -c "CREATE DATABASE strata_review_src_folder" \
    -c "DROP DATABASE IF EXISTS strata_review_folder" -c "CREATE DATABASE strata_review_folder" >/dev/null
  python3 bench/gen_schema.py "$folder_tables" --mixed --dialect postgres |
    psql -q -v ON_ERROR_STOP=1 "$base_url/strata_review_src_folder" >/dev/null
  run_folder postgres postgres "$base_url/strata_review_src_folder" "$base_url/strata_review_folder"
fi
