#!/usr/bin/env bash
# Install uv into .uv/ for a machine that has none: the version pinned in requirements.txt,
# checked against the lock's hashes, from PyPI with pip in a small venv of any Python 3.
# (uv's own installer would need github.com; PyPI is often the only network a lab has.)
# Usage: tools/bootstrap-uv.sh  -> .uv/bin/uv
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
    echo "Neither uv nor python3 is installed. Install one of them first, e.g.:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y python3-venv   macOS: brew install uv" >&2
    echo "  anywhere: https://docs.astral.sh/uv/getting-started/installation/" >&2
    exit 1
fi
rm -rf .uv
# The lock's entry for uv: its pin and the hashes of its wheels (a line and its continuations).
requirement=$(mktemp)
trap 'rm -f "$requirement"' EXIT
awk '/^uv==/ {entry = 1} entry {print} entry && !/\\$/ {exit}' requirements.txt > "$requirement"
grep -q '^uv==.*--hash=' <(tr -d '\\\n' < "$requirement") || {
    echo "requirements.txt pins no hashed uv: run make lock" >&2; exit 1; }
echo "Bootstrapping $(head -1 "$requirement" | cut -d' ' -f1) into .uv/ with pip"
pip_install=(-m pip install -q --disable-pip-version-check --no-deps --require-hashes)
# (pip's warnings about find-links folders this machine's pip.conf may name are not errors)
quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }; }
if "$python" -m pip --version >/dev/null 2>&1; then
    # This Python's own pip can put uv (one binary) straight into .uv/bin: no venv needed.
    PIP_ROOT_USER_ACTION=ignore quiet "$python" "${pip_install[@]}" --target .uv -r "$requirement"
    exit 0
fi
if ! "$python" -m venv .uv >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian package python3-venv (to bootstrap uv)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        rm -rf .uv
        "$python" -m venv .uv
    else
        echo "$python has no pip and cannot create a virtual environment to install uv into." >&2
        echo "Install uv (https://docs.astral.sh/uv/getting-started/installation/, or" >&2
        echo "'pipx install uv', 'brew install uv'), or on Debian/Ubuntu run first:" >&2
        echo "  sudo apt-get install -y python3-venv" >&2
        exit 1
    fi
fi
quiet .uv/bin/python "${pip_install[@]}" -r "$requirement"
