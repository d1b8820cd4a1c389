"""tools/student_notebooks.py: a stale committed notebook, or a link to no place on the site,
is named with what to do (`make notebooks-check`, a phase of `make test`, runs it)."""

import nbformat
import pytest

from tools import student_notebooks as tool
from tools.bookpaths import ROOT


@pytest.fixture
def book(tmp_path):
    """A chapter, the notebook the build wrote for it, and its committed copy."""
    md = tmp_path / "chapters" / "05_network.md"
    md.parent.mkdir()
    md.write_text("# A chapter\n")
    built = tmp_path / "_build" / "notebooks" / "chapters" / "05_network.ipynb"
    built.parent.mkdir(parents=True)
    built.write_text('{"cells": []}\n')
    md.with_suffix(".ipynb").write_text('{"cells": []}\n')
    return md


def test_the_built_notebook_committed_is_fresh(book):
    assert tool.stale(book, root=book.parents[1]) is None


def test_a_stale_notebook_is_named_with_the_command_that_regenerates_it(book):
    book.with_suffix(".ipynb").write_text('{"cells": [1]}\n')
    message = tool.stale(book, root=book.parents[1])
    assert message == (
        "chapters/05_network.md: chapters/05_network.ipynb is not what the build makes of it: "
        "run `make notebooks NB=chapters/05_network.md` and commit chapters/05_network.ipynb"
    )


def test_pixels_of_a_figure_may_differ_between_machines(book):
    figure = '{"cells": [{"outputs": [{"data": {"image/png": "%s", "text/plain": "F"}}]}]}\n'
    book.with_suffix(".ipynb").write_text(figure % "iVBORw0KGgoA")
    tool.built(book, root=book.parents[1]).write_text(figure % "iVBORw0KGgoB")
    assert tool.stale(book, root=book.parents[1]) is None
    tool.built(book, root=book.parents[1]).write_text(figure.replace('"F"', '"G"') % "iVBORw0KGgoB")
    assert "is not what the build makes of it" in tool.stale(book, root=book.parents[1])


def test_a_missing_notebook_is_named_too(book):
    book.with_suffix(".ipynb").unlink()
    assert (
        "chapters/05_network.ipynb is missing: run `make notebooks NB=chapters/05_network.md`"
        in (tool.stale(book, root=book.parents[1]))
    )


def test_links_to_no_page_or_anchor_of_the_site_are_named(tmp_path):
    import yaml

    base = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"].rstrip("/")
    site = tmp_path / "html"
    (site / "chapters").mkdir(parents=True)
    (site / "chapters" / "05_network.html").write_text('<p id="equation-eq-nn-cost">J</p>')
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                f"[(5.2)]({base}/chapters/05_network.html#equation-eq-nn-cost), "
                f"[(5.9)]({base}/chapters/05_network.html#equation-eq-gone), "
                f"[page]({base}/chapters/06_gone.html) and [elsewhere](https://example.org/x)"
            )
        ]
    )
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert tool.broken_links(path, site=site) == [
        f"{base}/chapters/05_network.html#equation-eq-gone (no #equation-eq-gone on that page)",
        f"{base}/chapters/06_gone.html (no chapters/06_gone.html in the site)",
    ]
