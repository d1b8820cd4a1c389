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


def test_statements_link_terms_and_equations_to_the_site():
    equations = {"eq-a": ("(5.1)", "https://site/ch.html#equation-eq-a", "y = 2x")}
    glossary = generator.site() + "notation.html#term-"
    assert generator.plain(
        "compute {eq}`eq-a` of a {term}`hidden layer` and {term}`units <hidden unit>`",
        equations,
        "here",
    ) == (
        f"compute [(5.1)](https://site/ch.html#equation-eq-a) of a [hidden layer]({glossary}"
        f"hidden-layer) and [units]({glossary}hidden-unit)"
    )
    with pytest.raises(ValueError, match="the role {numref} cannot be shown"):
        generator.plain("see {numref}`fig-x`", equations, "here")
    with pytest.raises(ValueError, match="names no numbered equation"):
        generator.plain("see {eq}`eq-b`", equations, "here")


def test_cited_equations_are_written_out_with_their_numbers():
    equations = {
        "eq-a": ("(5.1)", "u#a", "y = 2x"),
        "eq-b": ("(5.2)", "u#b", "z = y^2"),
        "eq-c": ("(5.3)", "u#c", "w = 0"),
    }
    text = generator.cited_equations(["uses {eq}`eq-b`", "and {eq}`eq-a`, {eq}`eq-b`"], equations)
    assert text.count("$$") == 4 and "\\tag{5.2}" in text and "\\tag{5.1}" in text
    assert text.index("z = y^2") < text.index("y = 2x") and "w = 0" not in text
    assert generator.cited_equations(["no equation"], equations) is None


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_equation_numbers_are_the_ones_the_chapter_shows(md):
    """The exercise notebook numbers equations from the .md; the chapter's notebook has the
    numbers Sphinx gave them: each cited (N.k) must link where the chapter's does."""
    link = re.compile(r"\[(\(\d+\.\d+\))\]\(([^)]+)\)")
    exercise = nbformat.read(generator.notebook_path(md), as_version=4)
    chapter = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    shown = {url: number for c in chapter.cells for number, url in link.findall(c.source)}
    for cell in exercise.cells:
        for number, url in link.findall(cell.source):
            assert shown.get(url) == number, (
                f"{md.stem}'s exercise notebook calls {url} {number}, the chapter {shown.get(url)}"
            )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_notebook_stands_alone(md):
    """A link to the chapter, the instruction to delete the stub, the equations the tasks cite."""
    nb = nbformat.read(generator.notebook_path(md), as_version=4)
    intro = nb.cells[0].source
    assert generator.chapter_url(md) in intro, f"{md.stem}'s exercise notebook has no chapter link"
    assert "delete the `raise NotImplementedError()`" in intro
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for number in re.findall(r"\[\((\d+\.\d+)\)\]\(", markdown):
        assert f"\\tag{{{number}}}" in markdown, (
            f"{md.stem}'s exercise notebook cites equation ({number}) without writing it out"
        )
