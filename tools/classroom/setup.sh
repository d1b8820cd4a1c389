#!/usr/bin/env bash
# The hub side of `make classroom`, apart from the course's .venv: .classroom/venv with exactly
# tools/classroom/requirements.txt (hashes checked; JupyterHub, JupyterLab, nbgitpuller, the
# idle culler) and .classroom/proxy with configurable-http-proxy from package-lock.json
# (npm ci checks each package's integrity hash). Run by make: UV=... PYTHON_VERSION=3.11
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${UV:?set UV to the uv executable}"
: "${PYTHON_VERSION:?set PYTHON_VERSION, as the Makefile does}"
env=.classroom
python=$env/venv/bin/python
if ! command -v npm >/dev/null 2>&1; then
    echo "make classroom needs Node.js and npm (JupyterHub's proxy, configurable-http-proxy):" >&2
    echo "  Debian/Ubuntu: sudo apt-get install -y nodejs npm; macOS: brew install node" >&2
    exit 1
fi
if ! "$python" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$PYTHON_VERSION')" 2>/dev/null; then
    rm -rf "$env/venv"
    "$UV" venv --quiet --python "$PYTHON_VERSION" "$env/venv"
fi
echo "Installing the hub (tools/classroom/requirements.txt, hashes checked) into $env/venv"
"$UV" pip sync --quiet --python "$python" --require-hashes tools/classroom/requirements.txt
mkdir -p "$env/proxy"
cp tools/classroom/package.json tools/classroom/package-lock.json "$env/proxy/"
npm ci --prefix "$env/proxy" --no-audit --no-fund --loglevel=error >/dev/null
touch "$env/.installed"
