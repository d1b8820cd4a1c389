"""What the nbval runs compare the twins against besides the twins: it must be about them.

The portability gate compares every number a twin prints with the value the twin was made with,
kept in values/ beside the twin (tests/harness/nbval_plugin.py): a values file that is missing,
or left from another version of the chapter, would compare the wrong runs. A figure may differ
by more pixels than others only if tests/nbval_figures.toml names it: a name no chapter uses any
more would be a tolerance nobody reviews.
"""

import json

import nbformat
import pytest
import tomllib

from tests.harness import roundoff
from tools.bookpaths import ROOT, chapter_sources

CHAPTERS = chapter_sources()


@pytest.mark.parametrize("md", CHAPTERS, ids=[md.stem for md in CHAPTERS])
def test_values_file_is_from_the_twins_run(md):
    twin = md.with_suffix(".ipynb")
    path = roundoff.values_file(twin)
    remake = f"make notebooks NB={md.relative_to(ROOT)} writes both"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: {remake}"
    cells = {roundoff.cell_key(cell.source) for cell in nbformat.read(twin, 4).cells}
    logged = [key for key, values in json.loads(path.read_text())["cells"]]
    assert logged and set(logged) <= cells, (
        f"{path.relative_to(ROOT)} logs {len(set(logged) - cells)} cells that are not in "
        f"{twin.name}: it is from another version of the chapter; {remake}"
    )


def test_every_figure_tolerance_names_a_figure_of_a_chapter():
    names = {
        cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
        for md in CHAPTERS
        for cell in nbformat.read(md.with_suffix(".ipynb"), 4).cells
    }
    tolerances = tomllib.loads((ROOT / "tests" / "nbval_figures.toml").read_text())
    assert set(tolerances) <= names, f"no chapter has the figures {sorted(set(tolerances) - names)}"
    assert all(entry.get("why") for entry in tolerances.values()), "each tolerance says why"
