#!/usr/bin/env bash
# Make sure the Debian packages the site needs are present: `dot` (Graphviz, chapter 3's
# drawings) and, for the browser tests, `chromium`. Installs them when run as root with
# apt-get; otherwise prints the one command to run first.
set -euo pipefail
declare -A pkg_for=([dot]=graphviz [chromium]=chromium)
missing=()
for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg_for[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Missing system packages. Run first: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
