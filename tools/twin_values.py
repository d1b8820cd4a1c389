"""Record the raw value behind every number a twin prints: ``python -m tools.twin_values X.ipynb``.

The portability gate compares each number its perturbed run prints with the value the twin
printed it from (tests/harness/nbval_plugin.py), kept in values/ beside the twin. `make
notebooks` writes the twins from the build; this runs each twin once more, unperturbed, in a
kernel that logs every float the cells format (tests/harness/roundoff.py), in the twin's folder
as the build and nbval run it, and writes values/NN_name.json.
"""

import copy
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.harness import roundoff
from tools.bookpaths import ROOT


def record(nb, twin):
    """Execute ``nb`` as ``twin`` (a path), logging its values; write them; return ``nb`` run."""
    twin = Path(twin).resolve()
    log = roundoff.log_file(ROOT / "_build", twin, run="twin")
    env = {**os.environ, **roundoff.kernel_env(ROOT / "_build", log=log)}
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": str(twin.parent)}},
    ).execute(env=env)
    roundoff.write_values(twin, log)
    return nb


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        twin = Path(arg)
        record(copy.deepcopy(nbformat.read(twin, as_version=4)), twin)
        print(f"  wrote {roundoff.values_file(twin)}", flush=True)
