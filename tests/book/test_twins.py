"""Each chapter's committed golden twin (.ipynb) is the executed form of its .md source.

nbval only compares cells that were executed when the twin was made, so an unexecuted or stale
twin would let `make test` pass without checking anything: these tests close that gap.
"""

import json
import re

import jupytext
import pytest
import yaml

from tools import colab_setup
from tools.bookpaths import ROOT, chapter_sources

CHAPTERS = chapter_sources()
IDS = [md.stem for md in CHAPTERS]


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def twin_of(md):
    twin = md.with_suffix(".ipynb")
    assert twin.exists(), f"{twin.name} is missing: run `make notebooks NB={md.relative_to(ROOT)}`"
    return jupytext.read(twin)


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_chapter_is_an_executable_notebook(md):
    meta = yaml.safe_load(md.read_text().split("---")[1])
    assert meta.get("kernelspec", {}).get("name") == "python3", (
        f"{md.name} lacks the jupytext/kernelspec front matter: the book would not execute it"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_prose_shows_glued_text_as_it_was_glued(md):
    """labcode.book.glue formats a value once; a format in the prose would round it twice."""
    specs = re.findall(r"\{glue:text\}`([^`:]+):([^`]+)`", md.read_text())
    assert not specs, (
        f"{md.name}: give these formats to the glue calls instead, e.g. glue(name, x, '.3f'): "
        f"{specs}"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_twin_code_equals_source_code(md):
    source, twin = code_cells(jupytext.read(md)), code_cells(twin_of(md))
    assert [c.source for c in twin] == [c.source for c in source], (
        f"{md.stem}.ipynb is stale: its code differs from {md.name}; run `make notebooks`"
    )
    assert [c.metadata.get("tags", []) for c in twin] == [
        c.metadata.get("tags", []) for c in source
    ], f"{md.stem}.ipynb has other cell tags than {md.name}; run `make notebooks`"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_every_twin_cell_was_executed_in_order(md):
    cells = code_cells(twin_of(md))
    counts = [cell.execution_count for cell in cells]
    assert None not in counts, (
        f"{md.stem}.ipynb has unexecuted code cells (nbval would skip them): run `make notebooks`"
    )
    assert counts == list(range(1, len(cells) + 1)), (
        f"{md.stem}.ipynb was not executed top to bottom in one kernel: {counts}"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_twin_has_no_errors_except_tagged(md):
    for i, cell in enumerate(code_cells(twin_of(md))):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"{md.stem} code cell {i} is tagged raises-exception but raised nothing"
        else:
            assert not errors, f"{md.stem} code cell {i} raised {errors[0].ename}"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_twin_outputs_are_clean(md):
    for i, cell in enumerate(code_cells(twin_of(md))):
        for out in cell.outputs:
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"{md.stem} code cell {i} wrote to stderr: {out.text[:200]!r}"
            )
            text = json.dumps(out.get("data", {}).get("text/plain", "")) + out.get("text", "")
            assert not re.search(r" at 0x[0-9a-f]{6,}", text), (
                f"{md.stem} code cell {i} prints a memory address, which changes every run: "
                f"{text[:200]!r}"
            )


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_colab_setup_cell_installs_this_repository(md):
    """Colab opens the committed twin from GitHub, so the .md and the .ipynb must both install
    labcode from _config.yml's repository (`make notebooks` rewrites them: tools/colab_setup.py)."""
    wanted = colab_setup.target()
    for path, first in [
        (md, code_cells(jupytext.read(md))[0]),
        (md.with_suffix(".ipynb"), code_cells(twin_of(md))[0]),
    ]:
        installs = [
            (number, line.strip())
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if colab_setup.INSTALL.search(line)
        ]
        assert wanted in first.source, (
            f"the first code cell of {path.name} must install {wanted!r} for Colab; "
            f"{path.relative_to(ROOT)} has {installs or 'no install line'}: "
            f"run `{colab_setup.FIX}` and commit the chapters"
        )
        assert "remove-cell" in first.metadata.get("tags", []), (
            f"the Colab setup cell of {path.name} should be tagged remove-cell (hidden on the site)"
        )
