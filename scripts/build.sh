#!/usr/bin/env bash
# Configures and builds strata into build/ (or $1). Extra CMake arguments follow the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
shift || true
source scripts/configure.sh
strata_configure "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$dir" -j "$(nproc)"
