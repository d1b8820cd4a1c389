#!/usr/bin/env bash
# Create .venv with the project's Python and make it exactly the lock, then install labcode
# (editable). Run by `make setup`, which passes the uv and the Python version (the Makefile's
# PYTHON_VERSION): UV=path/to/uv PYTHON_VERSION=3.11 tools/setup.sh
# (VENV=dir sets another venv: `make bench` times a fresh one.)
# uv finds the machine's Python of that version or downloads a managed one, so every platform runs the one
# interpreter version the lock and its single NumPy are resolved for. The time it took is
# recorded in $VENV/.installed, which `make bench` reports.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${UV:?set UV to the uv executable}"
: "${PYTHON_VERSION:?set PYTHON_VERSION, as the Makefile does}"
export LC_NUMERIC=C
now() { echo "${EPOCHREALTIME:-$(date +%s)}"; }  # bash 5 has EPOCHREALTIME; macOS's bash 3 not
start=$(now)
version=$PYTHON_VERSION
venv=${VENV:-.venv}
python=$venv/bin/python
if ! "$python" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$version')" 2>/dev/null; then
    rm -rf "$venv"  # missing, or made with another Python
    "$UV" venv --quiet --python "$version" "$venv"
fi
echo "Installing the lock (requirements.txt, hashes checked) into $venv with $("$UV" --version)"
# Hash-checking covers the whole call, so labcode (which has no hash) is installed by a second one.
"$UV" pip sync --quiet --python "$python" --require-hashes requirements.txt
"$UV" pip install --quiet --python "$python" --no-deps -e .
# (TensorFlow is not imported here: its 3-4 s are spent again by every chapter that needs it.)
"$python" -c "import labcode, jupyter_book" 2>/dev/null || {
    echo "The environment in $venv did not install; see the uv output above." >&2; exit 1; }
end=$(now)
"$python" - "$start" "$end" "$("$UV" --version)" "$venv/.installed" <<'PY'
import json, platform, sys, time
start, end, uv, stamp = sys.argv[1:]
record = {"seconds": round(float(end) - float(start), 1), "uv": uv,
          "python": platform.python_version(), "recorded": time.strftime("%Y-%m-%d %H:%M")}
open(stamp, "w").write(json.dumps(record) + "\n")
print(f"Environment ready in {record['seconds']} s")
PY
