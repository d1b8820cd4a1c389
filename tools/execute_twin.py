"""Make the executed golden twin of each chapter: ``python tools/execute_twin.py chapters/X.md``.

jupytext converts the MyST source to a notebook, nbclient executes it with chapters/ as the
working directory (as the book build and nbval do) and merges each cell's stream outputs
(``coalesce_streams``, as nbval does before comparing), and cell ids and timing metadata are
made deterministic, so that a regenerated twin differs from the committed one only where a
result changed. The kernel logs the raw value behind every number the twin prints
(tests/harness/roundoff.py), kept beside the twin in values/ for the portability gate.
"""

import importlib.util
import os
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "roundoff", ROOT / "tests" / "harness" / "roundoff.py"
)
roundoff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(roundoff)


def execute(md):
    nb = jupytext.read(md)
    log = roundoff.log_file(ROOT / "_build", md, run="twin")
    env = {**os.environ, **roundoff.kernel_env(ROOT / "_build", log=log)}
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": str(md.parent)}},
    ).execute(env=env)
    for i, cell in enumerate(nb.cells):
        cell.id = f"{md.stem}-{i}"
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    twin = md.with_suffix(".ipynb")
    nbformat.write(nb, twin)
    roundoff.write_values(twin, log)
    return twin


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"executing {arg}", flush=True)
        print(f"  wrote {execute(Path(arg).resolve()).relative_to(Path.cwd())}", flush=True)
