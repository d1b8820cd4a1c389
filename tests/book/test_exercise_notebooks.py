"""The exercise notebooks (chapters/exercises/), as students get them.

As committed, in a fresh kernel, a notebook runs from top to bottom without an error and every
check cell says "not implemented yet". And each committed notebook is what
tools/exercise_notebooks.py makes of its chapter now, so a chapter's exercise cannot change
without its notebook. That the chapters' solutions pass their checks is tested once, by
nbgrader's autograding of them (tests/book/test_assignment.py).
"""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from tools import exercise_notebooks as generator
from tools.bookpaths import ROOT, chapter_sources

CHAPTERS = chapter_sources()
IDS = [md.stem for md in CHAPTERS]
CHECK = re.compile(r"^check_(\w+)\(", re.M)


def checks_of(nb):
    """[(cell, name)] of the code cells that call a checker, name the function checked."""
    return [
        (cell, CHECK.search(cell.source).group(1))
        for cell in nb.cells
        if cell.cell_type == "code" and CHECK.search(cell.source)
    ]


def run(nb, md):
    """Execute ``nb`` in a fresh kernel, in chapters/exercises/ as Binder opens it."""
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(generator.notebook_path(md).parent)}},
    ).execute()
    return nb


def output_text(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert not errors, f"a cell raised {errors[0].ename}: {errors[0].evalue}\n{cell.source}"
    streams = [o for o in cell.outputs if o.output_type == "stream"]
    assert all(o.name == "stdout" for o in streams), f"a cell wrote to stderr:\n{cell.source}"
    return "".join(o.text for o in streams)


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_chapter_has_two_coding_exercises_at_least(md):
    nb = generator.exercise_notebook(md)
    assert nb is not None, f"{md.name} has no coding exercise (a solution with ### BEGIN SOLUTION)"
    assert len(checks_of(nb)) >= 2, f"{md.name} has fewer than two checked coding exercises"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_committed_notebook_is_up_to_date(md):
    path = generator.notebook_path(md)
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run `make exercises`"
    assert path.read_text() == nbformat.writes(generator.exercise_notebook(md)) + "\n", (
        f"{path.relative_to(ROOT)} is not what {md.name} makes now: run `make exercises`"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_notebook_holds_skeletons_not_solutions(md):
    text = generator.notebook_path(md).read_text()
    assert "BEGIN SOLUTION" not in text, f"a solution of {md.name} leaked into its notebook"
    assert text.count("raise NotImplementedError()") >= 2


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_fresh_kernel_runs_and_every_check_is_not_implemented_yet(md):
    nb = run(nbformat.read(generator.notebook_path(md), as_version=4), md)
    for cell in nb.cells:
        if cell.cell_type == "code":
            output_text(cell)
    for cell, name in checks_of(nb):
        assert output_text(cell) == f"{name}: not implemented yet.\n", (
            f"{md.stem}'s check of {name} printed {output_text(cell)!r} for the skeleton"
        )


def test_skeleton_replaces_each_solution_region_at_its_indentation():
    source = (
        'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    y = 2 * x\n'
        "    return y\n    ### END SOLUTION\n\n\ncheck_f(f)"
    )
    assert generator.skeleton(source) == (
        'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
        "\n\ncheck_f(f)"
    )


def test_statements_are_plain_text_for_jupyter():
    equations = {"eq-a": "(5.1)"}
    assert generator.plain(
        "compute {eq}`eq-a` of a {term}`hidden layer` and {term}`units <hidden unit>`",
        equations,
        "here",
    ) == ("compute (5.1) of a hidden layer and units")
    with pytest.raises(ValueError, match="the role {numref} cannot be shown"):
        generator.plain("see {numref}`fig-x`", equations, "here")
    with pytest.raises(ValueError, match="names no numbered equation"):
        generator.plain("see {eq}`eq-b`", equations, "here")
