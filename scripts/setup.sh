#!/usr/bin/env bash
# Installs every Debian package strata's build and tests need. Idempotent; run as root on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev libyaml-dev libsqlite3-dev sqlite3 libpq-dev default-libmysqlclient-dev libssl-dev
  postgresql pgbouncer mariadb-server libboost-graph-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev catch2
  python3 python3-yaml graphviz help2man dpkg-dev file zsh
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
