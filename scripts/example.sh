#!/usr/bin/env bash
# The main job on the embedded SQLite example: plan the schema of examples/schema.yaml against a
# fresh SQLite database, apply the generated migration, then show that the database is in sync.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/configure.sh
# Release without debug info: the example needs a working binary fast, not a debuggable one.
strata_configure build -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_TESTS=OFF
cmake --build build -j "$(nproc)" --target strata
strata=$PWD/build/cli/strata

work=build/example
rm -rf "$work"
mkdir -p "$work"
cp examples/schema.yaml "$work/schema.yaml"
cd "$work"
export STRATA_DB=sqlite:app.db

set +e
"$strata" plan --name init
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "example: expected plan to write a migration (exit 2), got $rc" >&2; exit 1; }
"$strata" apply
"$strata" status
"$strata" drift
echo "example: plan then apply done; database $PWD/app.db matches schema.yaml"
