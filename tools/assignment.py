"""Write Lab 02's nbgrader course directory: ``python -m tools.assignment [DIR]``.

DIR (by default _build/assignment, what `make assignment` writes) receives

- ``nbgrader_config.py``: nbgrader runs the notebooks in the kernel "lab02", the project's
  .venv (tools/nbgrader/setup.sh installs it), with the book's per-cell timeout;
- ``source/lab02/NN_name_exercises.ipynb``, one notebook per chapter: the chapter's exercise
  notebook (tools/exercise_notebooks.py) with its solutions, and nbgrader's cell metadata
  (schema 3). A code cell holding ``### BEGIN SOLUTION`` is a solution cell (grade_id: the
  function it defines); a check cell ``check_<name>(<name>)`` becomes a graded, locked test
  cell worth POINTS[name] (1 by default) that calls ``check_<name>(<name>, strict=True)``,
  which fails on a skeleton too, so an untouched notebook scores 0; every other cell (the
  instructions, the setup, the statements) is locked and read-only, so autograding puts back
  what a student changed there.

``nbgrader generate_assignment lab02`` then writes release/lab02/, the notebooks to hand out,
with every solution region replaced by ``# YOUR CODE HERE`` / ``raise NotImplementedError()``.
"""

import re
import sys
from pathlib import Path

import nbformat

from tools import exercise_notebooks as generator
from tools.bookpaths import ROOT, chapter_sources

ASSIGNMENT = "lab02"
KERNEL = "lab02"
POINTS: dict[str, int] = {}  # points of a check other than 1, by function name
CHECK = re.compile(r"check_(\w+)\((\w+)\)")
DEFINED = re.compile(r"^def (\w+)\(", re.M)

CONFIG = f'''"""nbgrader's configuration of the Lab 02 course (written by `make assignment`)."""

c = get_config()  # noqa: F821 (nbgrader provides it)
# The kernel of the project's .venv (numpy, TensorFlow, labcode), which
# tools/nbgrader/setup.sh installs into .venv-nbgrader. On a JupyterHub whose default
# kernel has the lab's packages, delete this line.
c.Execute.kernel_name = "{KERNEL}"
# As the book allows a cell (_config.yml, execute.timeout): TensorFlow's first import is slow.
c.Execute.timeout = 300
'''

INTRO = (
    "This notebook is graded. Write each function in the cell that says `# YOUR CODE HERE`, "
    "in place of `raise NotImplementedError()` (delete that line), and run the check below "
    "it: it says whether your function is right and, when it is not, what the likely mistake "
    "is.\n\n"
    "When your notebook is graded, it is run from the top in a fresh kernel and each check "
    "is run again, as written here, on your functions: a check that passes earns its points, "
    "one that fails (or still finds `raise NotImplementedError()`) earns none. The other "
    "cells are read-only: grading restores them as they are here. Before you submit, "
    "restart the kernel and run all cells, and look at each check's message."
)


def metadata(grade_id, *, solution=False, grade=False, locked=False, points=None):
    """nbgrader's cell metadata, schema 3."""
    cell = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        cell["points"] = points
    return {"nbgrader": cell}


def graded_check(source, where):
    """``check_x(x)`` as the graded cell calls it, ``check_x(x, strict=True)``, and ``x``."""
    match = CHECK.fullmatch(source.strip())
    if not match or match.group(1) != match.group(2):
        raise ValueError(
            f"{where}: a check cell must be exactly check_<name>(<name>), got {source!r}"
        )
    name = match.group(1)
    return f"check_{name}({name}, strict=True)", name


def source_notebook(md):
    """The nbgrader source notebook of chapter ``md``, or None if it has no coding exercise."""
    nb = generator.exercise_notebook(md, solutions=True)
    if nb is None:
        return None
    heading, _, _ = nb.cells[0].source.partition("\n")
    if nb.cells[0].cell_type != "markdown" or not heading.startswith("# "):
        raise ValueError(f"{md.name}: the exercise notebook does not start with its title")
    nb.cells[0].source = f"{heading}\n\n{INTRO}"
    solutions, checks = [], []
    for cell in nb.cells:
        where = f"{md.name}, cell {cell.id}"
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            names = DEFINED.findall(cell.source)
            if len(names) != 1:
                raise ValueError(f"{where}: a solution cell must define one function")
            solutions.append(names[0])
            cell.metadata.update(metadata(names[0], solution=True))
        elif cell.cell_type == "code" and CHECK.search(cell.source):
            cell.source, name = graded_check(cell.source, where)
            checks.append(name)
            points = POINTS.get(name, 1)
            cell.metadata.update(metadata(f"check_{name}", grade=True, locked=True, points=points))
        else:
            cell.metadata.update(metadata(cell.id, locked=True))
    if sorted(solutions) != sorted(checks):
        raise ValueError(
            f"{md.name}: every solution needs one check and every check one solution; "
            f"solutions {solutions}, checks {checks}"
        )
    nbformat.validate(nb)
    return nb


def write(course):
    """Write the course directory ``course`` (a Path); return the source notebooks' paths."""
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    for old in source.glob("*.ipynb"):
        old.unlink()
    (course / "nbgrader_config.py").write_text(CONFIG)
    paths = []
    for md in chapter_sources():
        nb = source_notebook(md)
        if nb is not None:
            paths.append(source / generator.notebook_path(md).name)
            nbformat.write(nb, paths[-1])
    return paths


if __name__ == "__main__":
    course = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "assignment").resolve()
    for path in write(course):
        print(f"  wrote {path.relative_to(course)}")
    print(f"nbgrader course directory: {course}")
