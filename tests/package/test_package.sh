#!/usr/bin/env bash
# Issue 16: strata is installable. Builds the Debian package from this build folder with CPack
# (no second build: cpack installs what the build made), checks its dependencies, extracts it
# into a temporary root (dpkg -x) and runs the installed binary: --version, --help, the man page,
# the bash completion (completing a subcommand and a flag) and the README's example (plan, apply,
# drift on a SQLite file). Exit 4 (skipped) when dpkg-deb or cpack is missing outside CI.
# Usage: test_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing (scripts/setup.sh installs it)"
    [ -n "${CI:-}" ] && exit 1
    exit 4
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
deb="$work/out/strata_${version}_amd64.deb"
[ -f "$deb" ] || { ls "$work/out"; fail "no $deb"; }

# The dependencies are the Debian runtime libraries the binary links.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libpq5 libmariadb3 libsqlite3-0 libyaml-cpp libssl3 libc6; do
  [[ "$depends" == *"$library"* ]] || fail "Depends lacks $library"
done

dpkg -x "$deb" "$work/root"
strata="$work/root/usr/bin/strata"
[ -x "$strata" ] || fail "no usr/bin/strata in the package"
"$strata" --version | grep -q "^strata $version" || fail "--version"
"$strata" --help | grep -q "^Usage: strata" || fail "--help"
"$strata" --help | grep -q "diff" || fail "--help lists the commands"

# The man page, made by help2man from the commands: every command has its section.
man_page="$work/root/usr/share/man/man1/strata.1"
grep -q '^\.TH STRATA "1"' "$man_page" || fail "man page header"
grep -q '^\.SH COMMANDS' "$man_page" || fail "man page COMMANDS section"
for command in plan apply diff verify lint completion; do
  grep -q "^strata $command\$" "$man_page" || fail "man page lacks strata $command"
done

# The completions are what `strata completion` prints, and bash completes with them.
bash_file="$work/root/usr/share/bash-completion/completions/strata"
zsh_file="$work/root/usr/share/zsh/vendor-completions/_strata"
diff <("$strata" completion bash) "$bash_file" >/dev/null || fail "installed bash completion differs"
diff <("$strata" completion zsh) "$zsh_file" >/dev/null || fail "installed zsh completion differs"
head -1 "$zsh_file" | grep -q '^#compdef strata$' || fail "zsh completion header"
zsh -n "$zsh_file" || fail "zsh completion syntax"
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _strata; echo "${COMPREPLY[*]}"' \
    _ "$bash_file" "$@"
}
[ "$(complete_words strata dif)" = "diff" ] || fail "bash completes a command: '$(complete_words strata dif)'"
[ "$(complete_words strata backup pr)" = "prune" ] || fail "bash completes a subcommand"
[ "$(complete_words strata plan --db x.db --dry)" = "--dry-run" ] || fail "bash completes a flag after a value"
[ "$(complete_words strata diff a.yaml b.yaml --eng)" = "--engine" ] || fail "bash completes diff's flag"

# The README's example with the installed binary.
mkdir "$work/example"
cp "$source/examples/schema.yaml" "$work/example/"
cd "$work/example"
set +e
"$strata" plan --db sqlite:app.db --name init >/dev/null
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "plan exited $rc, expected 2"
"$strata" apply --db sqlite:app.db >/dev/null || fail "apply"
"$strata" drift --db sqlite:app.db | grep -q "in sync" || fail "drift"
echo "package ok: $(basename "$deb")"
