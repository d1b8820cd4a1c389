"""Hidden cells (tagged remove-cell) check what the prose states and stay out of the lesson: they
show nothing (their stored outputs are empty, or glued values that the prose shows), and the
visible cells never depend on them, so a notebook without them (a student's) runs the same."""

import ast
import builtins

import jupytext
import nbformat
import pytest

from tools.bookpaths import chapter_sources

GLUE_MIME = "application/papermill.record/"


def hidden(cell):
    return cell.cell_type == "code" and "remove-cell" in cell.metadata.get("tags", [])


def python(source):
    """The cell as Python, IPython's % and ! lines read as ``pass``."""
    lines = [
        line[: len(line) - len(line.lstrip())] + "pass"
        if line.lstrip().startswith(("%", "!"))
        else line
        for line in source.splitlines()
    ]
    return ast.parse("\n".join(lines))


def assigned(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def read(tree):
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


@pytest.mark.parametrize("md", chapter_sources(), ids=lambda p: p.stem)
def test_hidden_cells_show_nothing(md):
    twin = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    for index, cell in enumerate(twin.cells):
        if not hidden(cell) or index == 0:  # the first cell installs labcode on Colab
            continue
        shown = [
            out.output_type
            for out in cell.outputs
            if not all(mime.startswith(GLUE_MIME) for mime in out.get("data", {"": 0}))
        ]
        assert not shown, (
            f"{md.stem}.ipynb cell {index} is hidden but stores outputs {shown}: a hidden "
            f"check must print nothing (a failing one fails the build and nbval anyway)"
        )


@pytest.mark.parametrize("md", chapter_sources(), ids=lambda p: p.stem)
def test_visible_cells_do_not_depend_on_hidden_ones(md):
    """A name a hidden cell assigns is never read by a later visible cell unless a visible cell
    assigned it first (then the hidden cell must not change it: prefix its own names with _)."""
    visible_names = set(dir(builtins))
    hidden_names = {}
    for index, cell in enumerate(jupytext.read(md).cells):
        if cell.cell_type != "code":
            continue
        tree = python(cell.source)
        if hidden(cell):
            for name in assigned(tree) - {"_"}:
                if not name.startswith("_"):
                    hidden_names[name] = index
            continue
        needs = (read(tree) - assigned(tree)) & set(hidden_names)
        assert not needs, (
            f"{md.name}: visible cell {index} reads {sorted(needs)}, which hidden cell(s) "
            f"{sorted({hidden_names[n] for n in needs})} assign: without the hidden cells (a "
            f"student's notebook) it would fail or differ"
        )
        visible_names |= assigned(tree)
