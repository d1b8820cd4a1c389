"""The safety nets fail when they should: each case breaks one thing in a temporary copy.

A strict build that passes a failing cell, or an nbval run that passes an altered output, would
let a wrong result reach the site; these tests prove the nets have no holes of those kinds.
Each failing case has a control that differs only in the broken part, so a failure for any other
reason (a missing file, a bad config) cannot make a test pass.
"""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.helpers.smallbook import small_book
from tools.bookpaths import ROOT, chapter_sources

from .planted import FRONT_MATTER, golden_twin, make

GOOD_BODY = """
# A small chapter

Its value is {glue:text}`neg-value`, by {eq}`eq-neg`; see the {term}`gradient`.

$$ y = 2x $$ (eq-neg)

```{code-cell} ipython3
from labcode.book import glue
glue("neg-value", 2.0, ".2f")
print("ok")
```
"""

BROKEN = {
    "failing cell": (
        "\n```{code-cell} ipython3\n1 / 0\n```\n",
        "ZeroDivisionError",
    ),
    "broken cross-reference": (
        "\nAs shown in {ref}`sec-does-not-exist` and {eq}`eq-does-not-exist`.\n",
        "does-not-exist",
    ),
    "output on stderr": (
        "\n```{code-cell} ipython3\nimport sys\nprint('a warning', file=sys.stderr)\n```\n",
        "stderr was found in the cell outputs",
    ),
    "Going further region left open": (
        "\n```{going-further} An open region\n```\n\nIt never closes.\n",
        "has no {going-further-end}",
    ),
    "equation label in shown code that names no equation": (
        "\n```{code-cell} ipython3\nfrom IPython.display import Markdown\n"
        'Markdown("```python\\ny = 2 * x  # (eq-does-not-exist)\\n```")\n```\n',
        "(eq-does-not-exist), which is no equation of the book",
    ),
}


def make_book(path, body):
    """A one-chapter book with the site's own configuration, glossary and bibliography."""
    return small_book(path, {"chapter": FRONT_MATTER + body})


def strict_build(book):
    """Build ``book`` with exactly the command `make book` uses."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "strict-build", f"BOOK={book}"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_control_book_builds_strictly(tmp_path):
    result = strict_build(make_book(tmp_path / "book", GOOD_BODY))
    assert result.returncode == 0, (
        "the unbroken control book must build, or the failing cases prove nothing:\n"
        + result.stdout[-3000:]
        + result.stderr[-3000:]
    )


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_strict_build_fails_on(case, tmp_path):
    extra, expected = BROKEN[case]
    result = strict_build(make_book(tmp_path / "book", GOOD_BODY + extra))
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"a {case} did not fail the strict build:\n{log[-3000:]}"
    assert expected in log, f"the build failed, but not because of the {case}:\n{log[-3000:]}"
    # The build is incremental: the unchanged broken page must not pass by being skipped.
    again = strict_build(tmp_path / "book")
    log = again.stdout + again.stderr
    assert again.returncode != 0 and expected in log, (
        f"built again unchanged, the book with a {case} passed:\n{log[-3000:]}"
    )


def first_stream_output(nb):
    """(index among code cells, as nbval numbers them; the first printed output)."""
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    for i, cell in enumerate(code):
        for out in cell["outputs"]:
            if out["output_type"] == "stream" and out["name"] == "stdout":
                return i, out
    raise AssertionError("the golden notebook has no printed output to alter")


def nbval(notebook, junit):
    """Run nbval on one notebook; return the names of the cells it failed."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests/nbval_sanitize.cfg"),
            f"--junitxml={junit}",
            "-q",
            str(notebook),
        ],
        capture_output=True,
        text=True,
        cwd=notebook.parent,
        timeout=600,
    )
    cases = list(ET.parse(junit).iter("testcase"))
    assert cases, f"nbval collected no cell of {notebook.name}"
    return {
        case.get("name")
        for case in cases
        if case.find("failure") is not None or case.find("error") is not None
    }


def test_nbval_fails_on_an_altered_stored_output(tmp_path):
    twin = chapter_sources()[0].with_suffix(".ipynb")
    intact, altered = tmp_path / "intact.ipynb", tmp_path / "altered.ipynb"
    shutil.copy(twin, intact)
    nb = json.loads(twin.read_text())
    index, out = first_stream_output(nb)
    text = "".join(out["text"])
    last = text.rstrip()[-1]
    out["text"] = text.replace(last, "9" if last != "9" else "8")
    altered.write_text(json.dumps(nb))

    failed = nbval(intact, tmp_path / "intact.xml")
    assert not failed, f"nbval failed on the unaltered copy, so this test proves nothing: {failed}"
    failed = nbval(altered, tmp_path / "altered.xml")
    assert failed == {f"Cell {index}"}, (
        f"nbval should flag exactly the altered cell {index}; it flagged {failed or 'nothing'}"
    )


# --- the portability gate: its precision check (its re-run: test_roundoff_gate.py)

FULL_REPR = "print(0.1 + 0.2)\n"  # 0.30000000000000004: the last digits are anyone's


def test_precision_check_fails_on_a_full_precision_float(tmp_path):
    code, log = make("portability", golden_twin(tmp_path / "nb", FULL_REPR))
    assert code != 0, f"a full float repr passed the portability gate:\n{log[-3000:]}"
    assert "0.30000000000000004 has 17 significant digits" in log, (
        f"the gate failed, but not on the full-precision float:\n{log[-3000:]}"
    )


# --- code shown from labcode (labcode.book.show_source) follows labcode

SHOWS_CODE = """\
from labcode.book import show_source
from labcode.nn import compute_cost
show_source(compute_cost)
"""


def labcode_with_a_changed_compute_cost(folder):
    """A copy of labcode whose compute_cost has one more line, for PYTHONPATH to find first."""
    shutil.copytree(ROOT / "labcode", folder / "labcode")
    nn = folder / "labcode" / "nn.py"
    source = nn.read_text()
    body = "    A2, Y = _predictions(A2, Y)\n"
    assert source.count(body) == 1, "compute_cost's check line moved: update this test"
    nn.write_text(source.replace(body, body + "    A2 = A2  # a changed line\n"))
    return folder


def test_changing_a_shown_labcode_function_changes_the_stored_page_and_fails_nbval(tmp_path):
    twin = golden_twin(tmp_path / "nb", SHOWS_CODE)
    shown = json.loads(twin.read_text())["cells"][-1]["outputs"][0]["data"]["text/markdown"]
    assert "def compute_cost(" in "".join(shown), "the planted cell shows no code"
    code, log = make("nbval", twin)
    assert code == 0, f"the unchanged labcode must reproduce the shown code:\n{log[-3000:]}"

    changed = labcode_with_a_changed_compute_cost(tmp_path / "changed")
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "nbval", f"TWINS={twin}"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(changed)},
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, (
        f"a changed labcode function left the shown code as it was:\n{log[-3000:]}"
    )
    assert "a changed line" in log, f"nbval failed, but not on the changed code:\n{log[-3000:]}"
