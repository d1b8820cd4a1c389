"""The build-time repairs of _ext/lab_site.py, each on a small case of the problem it fixes, and
the guard that stops the build when a repaired package moves to another version.

`make test` builds the book without its execution cache, so the cache repair is exercised
here rather than by the built site."""

import importlib.util
import types

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from nbformat.v4 import new_code_cell, new_notebook, new_output
from sphinx.errors import ExtensionError

from tests.helpers import lockfile
from tools.bookpaths import ROOT

_spec = importlib.util.spec_from_file_location("lab_site", ROOT / "_ext" / "lab_site.py")
lab_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_site)


class Script:
    """Stands for sphinx.builders.html._assets._JavaScript."""

    def __init__(self, filename, priority=500, **attributes):
        self.filename, self.priority, self.attributes = filename, priority, attributes


def test_duplicate_inline_script_is_written_once():
    thebe = "const THEBE_JS_URL = 'x'"
    scripts = [
        Script("_static/a.js"),
        Script(None, body=thebe),
        Script("", body=thebe),
        Script("", body="other"),
    ]
    context = {"script_files": scripts}
    lab_site.drop_duplicate_scripts(None, "page", "page.html", context, None)
    assert [s.attributes.get("body", s.filename) for s in context["script_files"]] == [
        "_static/a.js",
        thebe,
        "other",
    ]
    assert context["script_files"] is scripts, "the list must change in place"


def test_bibliography_entries_become_listitems():
    context = {"body": '<div role="list"><div role="doc-biblioentry">A</div></div>'}
    lab_site.bibliography_entries_are_listitems(None, "references", "page.html", context, None)
    assert context["body"] == '<div role="list"><div role="listitem">A</div></div>'


def _notebook(outputs):
    nb = new_notebook(cells=[new_code_cell("print(1)"), new_code_cell("x = 2")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    if outputs:
        nb.cells[0].outputs = [new_output("stream", name="stdout", text="1\n")]
        nb.cells[0].execution_count, nb.cells[1].execution_count = 1, 2
    return nb


@pytest.fixture
def cached_build(tmp_path):
    """A build folder whose execution cache holds the executed chapter, while MyST-NB wrote
    the chapter to jupyter_execute/ without outputs (its behaviour on a cache hit)."""
    cache = tmp_path / ".jupyter_cache"
    get_cache(str(cache)).cache_notebook_bundle(
        CacheBundleIn(_notebook(outputs=True), str(tmp_path / "chapters" / "01_x.md")),
        check_validity=False,
    )
    written = tmp_path / "jupyter_execute" / "chapters" / "01_x.ipynb"
    written.parent.mkdir(parents=True)
    nbformat.write(_notebook(outputs=False), written)
    config = types.SimpleNamespace(
        execution_mode="cache",
        execution_cache_path=str(cache),
        output_folder=str(tmp_path / "jupyter_execute"),
    )
    return types.SimpleNamespace(env=types.SimpleNamespace(mystnb_config=config)), written


def test_cached_chapter_notebook_gets_its_outputs_back(cached_build):
    app, written = cached_build
    lab_site.executed_notebooks_keep_their_outputs(app, "chapters/01_x", "page.html", {}, None)
    nb = nbformat.read(written, as_version=4)
    assert nb.cells[0].outputs and nb.cells[0].outputs[0].text == "1\n"
    assert [c.execution_count for c in nb.cells] == [1, 2]


def test_notebook_executed_in_the_build_is_left_alone(cached_build):
    app, written = cached_build
    nb = _notebook(outputs=True)
    nb.cells[0].outputs[0].text = "fresh\n"
    nbformat.write(nb, written)
    lab_site.executed_notebooks_keep_their_outputs(app, "chapters/01_x", "page.html", {}, None)
    assert nbformat.read(written, as_version=4).cells[0].outputs[0].text == "fresh\n"


# --- the version guard -----------------------------------------------------------------------


def test_every_repair_is_guarded_and_names_its_upstream_report():
    repairs = [
        lab_site.drop_duplicate_scripts,
        lab_site.bibliography_entries_are_listitems,
        lab_site.executed_notebooks_keep_their_outputs,
    ]
    assert set(lab_site.REPAIRED) == set(repairs), "every repair needs its versions in REPAIRED"
    for repair in repairs:
        doc = repair.__doc__
        assert "https://github.com/" in doc or "No upstream report was found" in doc, (
            f"{repair.__name__} must link its upstream bug, or say that none was found"
        )


def test_repaired_versions_are_the_locked_ones():
    locked = lockfile.pins()
    moved = {
        f"{package} {wanted} (locked: {locked.get(package)})"
        for packages in lab_site.REPAIRED.values()
        for package, wanted in packages.items()
        if locked.get(package) != wanted
    }
    assert not moved, (
        f"requirements.txt moved packages that _ext/lab_site.py repairs: {sorted(moved)}; "
        f"re-examine those repairs and update REPAIRED"
    )


def test_version_guard_stops_the_build_and_names_the_repair():
    repaired = {p: v for packages in lab_site.REPAIRED.values() for p, v in packages.items()}
    lab_site.check_versions(installed=repaired.get)  # the written-for versions pass
    moved = {**repaired, "docutils": "0.22"}
    with pytest.raises(ExtensionError) as error:
        lab_site.check_versions(installed=moved.get)
    message = str(error.value)
    assert "bibliography_entries_are_listitems" in message and "docutils 0.22" in message, message
    assert "drop_duplicate_scripts" not in message, f"only the moved repair is named: {message}"
