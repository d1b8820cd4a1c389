"""A failed check as Jupyter shows it: in a real kernel (nbclient, the client JupyterLab's
kernels and Colab's speak to), the error a notebook stores is the check's one line, with no
traceback through labcode, and it is still an AssertionError that a student's try catches."""

import re

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELLS = [
    "import numpy as np\nfrom labcode.exercises import check_compute_cost",
    # m times too large: a sum, not a mean
    "def compute_cost(A2, Y):\n"
    "    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))\n\n"
    "check_compute_cost(compute_cost)",
    "try:\n    check_compute_cost(compute_cost)\n"
    "except AssertionError as failure:\n    print('caught', type(failure).__name__)",
    "def compute_cost(A2, Y):\n    return A2[0, 9]\n\ncheck_compute_cost(compute_cost)",
]


@pytest.fixture(scope="module")
def executed():
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    return nb.cells


def error_of(cell):
    (error,) = [o for o in cell.outputs if o.output_type == "error"]
    return error


@pytest.mark.parametrize("index", [1, 3], ids=["wrong result", "raised in the function"])
def test_a_failed_check_shows_its_one_line(executed, index):
    error = error_of(executed[index])
    assert error.ename == "CheckFailed"
    lines = [ANSI.sub("", line) for line in error.traceback]
    assert lines == [f"CheckFailed: {error.evalue}"], f"more than the check's line: {lines}"
    assert "labcode" not in "\n".join(lines)


def test_the_line_names_the_mistake(executed):
    assert "the cost is m = 5 times too large" in error_of(executed[1]).evalue
    raised = error_of(executed[3]).evalue
    assert "raised IndexError" in raised and "line 2 of your code: return A2[0, 9]" in raised


def test_a_try_catches_it_as_an_assertion_error(executed):
    assert [o.text for o in executed[2].outputs] == ["caught CheckFailed\n"]
