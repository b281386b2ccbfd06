# Shared by the bench/run*.sh scripts: their arguments, timing and one result row.
# Source it, then call bench_args "$@"; measure_strata needs $work (a scratch folder) too.

bench_args() { # bench_args [path/to/strata] [sizes...]: sets $strata and the array $sizes
  strata=$(realpath "${1:-build/cli/strata}")
  shift || true
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
}

seconds() { # seconds <command...>: wall time of one run, in seconds with milliseconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

header() { # header <baseline name>
  printf '%-8s %-12s %-12s %-12s %-10s %s\n' tables "$1" inspect plan ratio max_rss_kb
}

measure_strata() { # measure_strata <tables> <db url> <baseline seconds>: strata inspect + round-trip plan
  local n=$1 db=$2 base=$3 insp plan rss ratio
  insp=$(seconds "$strata" --quiet inspect --db "$db" -o "$work/s$n.yaml")
  set +e
  plan=$(seconds "$strata" --quiet plan --schema "$work/s$n.yaml" --db "$db" --dir "$work/m$n" --dry-run)
  set -e
  rss=$( { /usr/bin/time -f '%M' "$strata" --quiet inspect --db "$db" -o /dev/null; } 2>&1 >/dev/null | tail -1 || echo "?")
  ratio=$(awk -v a="$insp" -v b="$base" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }')
  printf '%-8s %-12s %-12s %-12s %-10s %s\n' "$n" "${base}s" "${insp}s" "${plan}s" "$ratio" "$rss"
}
