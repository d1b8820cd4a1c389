#!/usr/bin/env bash
# Make sure the system packages the site needs are present: `dot` (Graphviz, chapter 3's
# drawings) and, for the browser tests only, `chromium`. Usage: tools/sysdeps.sh dot [chromium]
# Debian/Ubuntu: installs them with apt-get when run as root, else prints the sudo command.
# macOS: prints the Homebrew command. Anywhere else: names the packages to install.
# (Plain bash 3 for macOS: no associative arrays.)
set -euo pipefail
package() { case $1 in dot) echo graphviz ;; *) echo "$1" ;; esac; }
brew_args() { case $1 in dot) echo graphviz ;; chromium) echo "--cask chromium" ;; esac; }
missing=() brew=()
for cmd in "$@"; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        missing+=("$(package "$cmd")")
        brew+=("brew install $(brew_args "$cmd")")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(uname -s)" = Darwin ]; then
    echo "Missing system packages: ${missing[*]}. With Homebrew, run first:" >&2
    printf '  %s\n' "${brew[@]}" >&2
elif command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        exit 0
    fi
    echo "Missing system packages. Run first: sudo apt-get install -y ${missing[*]}" >&2
else
    echo "Missing system packages: install ${missing[*]} with this system's package manager" >&2
    echo "(Graphviz provides the 'dot' command the site needs; Chromium is for the tests only)." >&2
fi
exit 1
