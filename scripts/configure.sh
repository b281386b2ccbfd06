#!/usr/bin/env bash
# Sourced by the build scripts: strata_configure DIR [CMAKE ARGS...] configures DIR with Ninja
# (faster than make for the many small test targets), or with the generator DIR was first
# configured with, since CMake refuses to switch the generator of an existing build folder.
strata_configure() {
  local dir="$1"
  shift
  local generator=()
  if [ ! -f "$dir/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
  fi
  cmake -S . -B "$dir" "${generator[@]}" "$@" >/dev/null
}
