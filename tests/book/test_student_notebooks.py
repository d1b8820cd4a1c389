"""The notebooks students open read as plain Jupyter Markdown, rendered by a real CommonMark parser.

The launch buttons and the download open chapters/NN_name.ipynb, the exercise links open
chapters/exercises/NN_name_exercises.ipynb. JupyterLab, Notebook 7, VS Code and Colab render
CommonMark with dollar math, tables and strikethrough, and nothing of MyST. Every Markdown cell
is parsed here by markdown-it-py with exactly those extensions, and what a student would see
as MyST syntax (a role, a directive fence, an option line, a target, a labelled $$...$$, a glue
placeholder) fails, as does a solution outside its <details>. Planted faults prove the check
fails when it should.
"""

import re

import jupytext
import nbformat
import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from tools.bookpaths import ROOT, chapter_sources

CHAPTERS = chapter_sources()
EXERCISES = sorted((ROOT / "chapters" / "exercises").glob("*.ipynb"))
STUDENT_NOTEBOOKS = [md.with_suffix(".ipynb") for md in CHAPTERS] + EXERCISES
IDS = [path.relative_to(ROOT).as_posix() for path in STUDENT_NOTEBOOKS]

JUPYTER_MARKDOWN = (
    MarkdownIt("commonmark")
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=True)
)
ROLE_BEFORE_CODE = re.compile(r"\{[a-z][\w.-]*(?::[\w.-]+)*\}$")  # {term} right before `x`
LINE_SYNTAX = {
    re.compile(r"^:{3,}\s*\{"): "a colon-fenced directive",
    re.compile(r"^:[\w-]+:(\s|$)"): "a directive option line",
    re.compile(r"^\([\w.-]+\)=\s*$"): "a MyST target",
    re.compile(r"^\+\+\+"): "a MyST cell break",
}
LABELLED_MATH = re.compile(r"\$\$[ \t]*\([\w.-]+\)")
SUMMARY = re.compile(r"<summary>\s*Solution to\b")


def leftovers(markdown):
    """What a Jupyter client would show as MyST syntax in ``markdown``, and solutions in view."""
    found = []
    depth = 0  # of <details>
    for token in JUPYTER_MARKDOWN.parse(markdown):
        if token.type == "fence" and token.info.strip().startswith("{"):
            found.append(f"a directive fence ```{token.info.strip()}")
        if token.type in ("html_block", "html_inline") or token.type == "inline":
            pieces = [token] if token.type != "inline" else token.children
            for piece in pieces:
                if piece.type in ("html_block", "html_inline"):
                    depth += len(re.findall(r"<details\b", piece.content))
                    depth -= len(re.findall(r"</details>", piece.content))
                    if SUMMARY.search(piece.content) and depth <= 0:
                        found.append("a solution's <summary> outside <details>")
        if token.type != "inline":
            continue
        children = token.children
        for k, child in enumerate(children):
            if child.type != "text":
                continue
            if "{glue" in child.content:
                found.append(f"a glue placeholder in {child.content!r}")
            following = children[k + 1].type if k + 1 < len(children) else ""
            if following == "code_inline" and ROLE_BEFORE_CODE.search(child.content):
                found.append(f"a MyST role {ROLE_BEFORE_CODE.search(child.content).group()}")
            if depth <= 0 and re.search(r"\bSolution to\b", child.content):
                found.append(f"a solution outside <details>: {child.content[:60]!r}")
        for line in token.content.split("\n"):
            for pattern, what in LINE_SYNTAX.items():
                if pattern.search(line):
                    found.append(f"{what}: {line!r}")
    without_code = re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)
    found += [
        f"a labelled display equation {m.group()!r}" for m in LABELLED_MATH.finditer(without_code)
    ]
    return found


def markdown_cells(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=IDS)
def test_markdown_is_plain_jupyter_markdown(path):
    problems = [
        f"Markdown cell {k}: {problem}"
        for k, source in enumerate(markdown_cells(path))
        for problem in leftovers(source)
    ]
    assert not problems, (
        f"{path.relative_to(ROOT)} shows MyST syntax in Jupyter clients (fix "
        f"_ext/student_notebook.py or tools/exercise_notebooks.py, then `make notebooks`):\n  "
        + "\n  ".join(problems)
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=[md.stem for md in CHAPTERS])
def test_every_solution_starts_collapsed(md):
    solutions = len(re.findall(r"^`{3,}\{solution(?:-start)?\}", md.read_text(), re.M))
    summaries = sum(
        len(SUMMARY.findall(source)) for source in markdown_cells(md.with_suffix(".ipynb"))
    )
    assert summaries == solutions, (
        f"{md.name} has {solutions} solutions, and its notebook {summaries} collapsed "
        f"<details> blocks titled 'Solution to ...'"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=[md.stem for md in CHAPTERS])
def test_every_figure_keeps_its_alt_text(md):
    """Jupyter clients show an output image without alt text: the notebook gives it in a
    collapsed description under the figure, or as the alt of a solution's image."""
    figures = sum(
        bool(cell.metadata.get("mystnb", {}).get("image", {}).get("alt"))
        for cell in jupytext.read(md).cells
        if cell.cell_type == "code"
    )
    text = "\n".join(markdown_cells(md.with_suffix(".ipynb")))
    described = text.count("<summary>Description of the figure</summary>")
    described += len(re.findall(r"!\[[^\]]+\]\(attachment:", text))
    assert described == figures, (
        f"{md.name} has {figures} figures with alt text, its notebook describes {described}"
    )


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=IDS)
def test_hidden_cells_stay_out_and_the_setup_cell_installs_this_repository(path):
    """What the page hides, the notebook hides; the Colab cell installs _config.yml's labcode."""
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    wanted = f"git+{repository['url'].rstrip('/')}@{repository.get('branch', 'main')}"
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert wanted in code[0].source, (
        f"the first code cell of {path.relative_to(ROOT)} must install labcode from {wanted} "
        f"(_config.yml's repository): run `make notebooks` and commit it"
    )
    for cell in code:
        tags = cell.metadata.get("tags", [])
        assert "remove-cell" not in tags or "keep-in-notebook" in tags, (
            f"{path.relative_to(ROOT)} holds a cell the page removes:\n{cell.source[:200]}"
        )


@pytest.mark.parametrize("md", CHAPTERS, ids=[md.stem for md in CHAPTERS])
def test_student_notebook_runs_the_code_the_page_shows(md):
    """The code cells are the chapter's, in order, less those the page removes."""
    shown = [
        cell.source
        for cell in jupytext.read(md).cells
        if cell.cell_type == "code"
        and (
            "remove-cell" not in cell.metadata.get("tags", [])
            or "keep-in-notebook" in cell.metadata.get("tags", [])
        )
    ]
    notebook = [
        c.source
        for c in nbformat.read(md.with_suffix(".ipynb"), as_version=4).cells
        if c.cell_type == "code"
    ]
    solution_code = "\n".join(markdown_cells(md.with_suffix(".ipynb")))
    outside = [source for source in shown if source not in notebook]
    assert notebook == [source for source in shown if source in notebook], (
        f"{md.stem}.ipynb runs other code than {md.name}: "
        f"run `make notebooks NB={md.relative_to(ROOT)}`"
    )
    assert all(source.strip() in solution_code for source in outside), (
        f"{md.stem}.ipynb lacks code that {md.name} shows outside its solutions: "
        f"run `make notebooks NB={md.relative_to(ROOT)}`"
    )


# --- the check fails when it should

SOLUTION = "<details>\n<summary>Solution to Exercise 5.1</summary>\n\nBecause (5.3).\n\n</details>"


@pytest.mark.parametrize(
    "planted, what",
    [
        ("The cost is {glue:text}`nn-cost0`.", "glue placeholder"),
        ("Costs are {glue}`nn-cost0` here.", "glue placeholder"),
        ("Apply {eq}`eq-nn-cost` now.", "MyST role {eq}"),
        ("See the {term}`gradient`.", "MyST role {term}"),
        ("```{note}\nRead this.\n```", "directive fence"),
        (":::{tip}\nRead this.\n:::", "colon-fenced directive"),
        (":label: nn-ex-symmetry", "option line"),
        ("(sec-data)=\n# Data", "MyST target"),
        ("$$\nJ = 1\n$$ (eq-nn-cost)", "labelled display equation"),
        ("Solution to Exercise 5.1\n\nBecause (5.3).", "solution outside <details>"),
        ("<summary>Solution to Exercise 5.1</summary>\n\nBecause.", "outside <details>"),
    ],
)
def test_the_check_finds_a_planted_fault(planted, what):
    assert any(what in problem for problem in leftovers(planted)), (
        f"the renderer check missed {what} in {planted!r}: {leftovers(planted)}"
    )


def test_the_check_passes_plain_markdown():
    clean = (
        "## 5.1. The data\n\nThe cost [(5.2)](https://x.org/c.html#equation-eq) is "
        "0.693147, see the [gradient](https://x.org/notation.html#term-gradient) and `code`.\n\n"
        "$$\nJ = 1 \\tag{5.2}\n$$\n\n> **Note.** Read this.\n\n```python\nx = {1: 2}\n```\n\n"
        + SOLUTION
    )
    assert leftovers(clean) == []
