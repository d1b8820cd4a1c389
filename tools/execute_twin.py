"""Make the executed golden twin of each chapter: ``python tools/execute_twin.py chapters/X.md``.

jupytext converts the MyST source to a notebook, nbclient executes it with chapters/ as the
working directory (as the book build and nbval do) and merges each cell's stream outputs
(``coalesce_streams``, as nbval does before comparing), and cell ids and timing metadata are
made deterministic, so that a regenerated twin differs from the committed one only where a
result changed.
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient


def execute(md):
    nb = jupytext.read(md)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": str(md.parent)}},
    ).execute()
    for i, cell in enumerate(nb.cells):
        cell.id = f"{md.stem}-{i}"
    nb.metadata.pop("widgets", None)
    nbformat.validate(nb)
    twin = md.with_suffix(".ipynb")
    nbformat.write(nb, twin)
    return twin


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"executing {arg}", flush=True)
        print(f"  wrote {execute(Path(arg).resolve()).relative_to(Path.cwd())}", flush=True)
