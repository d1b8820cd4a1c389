"""Planted chapters for the negative tests: a small golden twin made the way `make notebooks`
makes one, and the Makefile's own targets run on it."""

import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import nbformat

from tools import twin_values

ROOT = Path(__file__).resolve().parents[2]

FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def workdir(name):
    """An empty folder for planted twins inside the repository (under _build/), so that nbval's
    reports name each notebook by its path (it names those outside the repository "")."""
    folder = ROOT / "_build" / "negative" / name
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def golden_twin(folder, *cells, name="planted"):
    """A chapter of these code cells and its executed twin, with its values/ file: executed in
    the chapter's folder as the build executes a chapter, its streams merged as nbval merges
    them, and its numbers' values recorded as `make notebooks` records them (a planted twin
    needs no prose, so no book is built for it)."""
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / f"{name}.md"
    body = "".join(f"\n```{{code-cell}} ipython3\n{code}```\n" for code in cells)
    md.write_text(FRONT_MATTER + "\n# Planted\n" + body)
    twin = md.with_suffix(".ipynb")
    nbformat.write(twin_values.record(jupytext.read(md), twin), twin)
    return twin


def make(target, *twins):
    """(exit code, output) of `make target` on these twins."""
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            target,
            f"TWINS={' '.join(map(str, twins))}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def failed_cells(log, twin):
    """The cells of ``twin`` that an nbval run's log reports as failed (nbval's numbering)."""
    return {int(n) for n in re.findall(rf"FAILED \S*{re.escape(Path(twin).name)}::Cell (\d+)", log)}


def failure(log, twin, cell):
    """The report of one failed cell in an nbval run's log ("" if it passed)."""
    sections = re.split(r"\n_{5,} (.+?) _{5,}\n", log)
    for title, text in zip(sections[1::2], sections[2::2]):
        if title.endswith(f"{Path(twin).name}::Cell {cell}"):
            return text
    return ""
