#!/usr/bin/env bash
# Installs what the tests need, builds strata under AddressSanitizer + UBSan with warnings as
# errors and runs the whole test suite against real SQLite files and real PostgreSQL and MariaDB
# servers. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Real database servers on loopback for the tests (export STRATA_TEST_PG_URL and
# STRATA_TEST_MYSQL_URL), a hot standby of the PostgreSQL cluster (STRATA_TEST_PG_STANDBY_URL)
# and a PgBouncer in transaction pooling in front of it (STRATA_TEST_PG_POOLER_URL), and a
# three-node MariaDB Galera Cluster beside the single MariaDB (STRATA_TEST_GALERA_URLS).
source scripts/postgres.sh
source scripts/postgres_standby.sh
source scripts/pgbouncer.sh
source scripts/mariadb.sh
source scripts/galera.sh
jobs=$(nproc)
source scripts/configure.sh

# One build, one run: every test under the sanitizers (a second, unsanitized build and run of the
# same tests took half of CI's time). Precompiled headers and line-table debug info (enough for
# the sanitizers' stack traces) keep the clean build short. -O1, as AddressSanitizer's own
# documentation advises: the same compile time as -O0, code and data 2.5 times smaller, so links
# and the many short runs of the strata binary the e2e tests make are faster. GCC 12 at -O1 warns
# "may be used uninitialized" inside libstdc++'s own std::regex and std::function (a known false
# positive of its inliner), so that one warning is off in this build.
strata_configure build-asan -DCMAKE_BUILD_TYPE=Debug -DSTRATA_DEV_MODE=ON -DSTRATA_SANITIZE=ON \
  -DSTRATA_PCH=ON "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1 -Wno-maybe-uninitialized"
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
