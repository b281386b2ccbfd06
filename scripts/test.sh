#!/usr/bin/env bash
# Builds strata with warnings as errors and runs the whole test suite, then builds and runs it
# again under AddressSanitizer + UBSan. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Real database servers on loopback for the tests (export STRATA_TEST_PG_URL and
# STRATA_TEST_MYSQL_URL).
source scripts/postgres.sh
source scripts/mariadb.sh
jobs=$(nproc)
source scripts/configure.sh

strata_configure build-test -DCMAKE_BUILD_TYPE=Debug -DSTRATA_DEV_MODE=ON
cmake --build build-test -j "$jobs"
(cd build-test && ctest --output-on-failure -j "$jobs")

strata_configure build-asan -DCMAKE_BUILD_TYPE=Debug -DSTRATA_DEV_MODE=ON -DSTRATA_SANITIZE=ON
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
