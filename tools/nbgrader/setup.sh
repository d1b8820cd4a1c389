#!/usr/bin/env bash
# The instructors' grading tool: nbgrader in its own venv, .venv-nbgrader, exactly
# tools/nbgrader/requirements.txt (hashes checked), and a kernel "lab02" that runs the
# project's .venv. Run by make (`make assignment`, `make test`):
#   UV=path/to/uv PYTHON_VERSION=3.11 tools/nbgrader/setup.sh
#
# Why not in the site's lock: requirements.txt is what students get (Binder and JupyterHub
# images install it), and nbgrader 0.9.6 would put its JupyterLab extensions (formgrader,
# course list, "create assignment" toolbar) into every student's JupyterLab, and hold
# jupyter-server, jupyterlab and notebook to its own ranges. Graders need it on their machine
# only. Its ~100 packages install in seconds from uv's cache.
#
# nbgrader runs the notebooks in the kernel "lab02": the project's .venv (numpy, TensorFlow,
# labcode), named by absolute path. A kernel whose argv says just "python" would run this
# venv's python instead (jupyter_client swaps a bare "python" for its own interpreter), which
# has none of the lab's packages. The course directory's nbgrader_config.py selects it.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${UV:?set UV to the uv executable}"
: "${PYTHON_VERSION:?set PYTHON_VERSION, as the Makefile does}"
venv=${NBGRADER_VENV:-.venv-nbgrader}
python=$venv/bin/python
if ! "$python" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$PYTHON_VERSION')" 2>/dev/null; then
    rm -rf "$venv"
    "$UV" venv --quiet --python "$PYTHON_VERSION" "$venv"
fi
echo "Installing nbgrader (tools/nbgrader/requirements.txt, hashes checked) into $venv"
"$UV" pip sync --quiet --python "$python" --require-hashes tools/nbgrader/requirements.txt
kernel=$venv/share/jupyter/kernels/lab02
mkdir -p "$kernel"
"$python" - "$PWD/.venv/bin/python" tools/jupyter/kernels/python3/kernel.json "$kernel/kernel.json" <<'PY'
import json, sys
project_python, template, target = sys.argv[1:]
spec = json.load(open(template))
spec["argv"][0] = project_python
spec["display_name"] = "Lab 02 (the project's .venv)"
json.dump(spec, open(target, "w"), indent=2)
PY
"$venv/bin/nbgrader" --version >/dev/null
touch "$venv/.installed"
