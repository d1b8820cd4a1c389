"""tools/check_precision.py: what counts as a machine-dependent stored output, and what does not."""

import json

import pytest

from tools.check_precision import MAX_DIGITS, problems, significant_digits


@pytest.mark.parametrize(
    "token, digits",
    [
        ("0.00125", 3),
        ("1.50e-3", 3),
        ("-2.4226907411659142e-36", 17),
        ("100.0", 4),
        ("42", None),
        ("0.0", 1),
        ("+3.", 1),
    ],
)
def test_significant_digits_of_a_literal(token, digits):
    assert significant_digits(token) == digits


def notebook(tmp_path, *outputs, metadata=None):
    """A one-cell notebook with ``outputs``, written where problems() can read it."""
    cell = {
        "cell_type": "code",
        "metadata": metadata or {},
        "outputs": list(outputs),
        "source": "",
        "execution_count": 1,
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def markdown(text):
    return {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": text}}


def test_a_formatted_number_passes_and_a_full_repr_fails(tmp_path):
    assert not list(problems(notebook(tmp_path, stream("cost 0.546721\n"))))
    found = list(problems(notebook(tmp_path, stream("cost 0.5467212303254891\n"))))
    assert len(found) == 1 and f"at most {MAX_DIGITS}" in found[0]


def test_a_glued_float_must_be_stored_as_text(tmp_path):
    glued = {
        "output_type": "display_data",
        "metadata": {"scrapbook": {"name": "x"}},
        "data": {"application/papermill.record/text/plain": "0.5"},
    }
    assert "not as text" in next(problems(notebook(tmp_path, glued)))


def test_a_numpy_scalar_repr_fails(tmp_path):
    assert "NumPy scalar" in next(problems(notebook(tmp_path, stream("np.float64(1.5)\n"))))


def test_code_shown_from_labcode_is_not_a_result_but_markdown_around_it_is(tmp_path):
    code = "```python\ndef f(x):\n    return np.array([x]) * 0.1234567890123\n```"
    assert not list(problems(notebook(tmp_path, markdown(code))))
    found = list(problems(notebook(tmp_path, markdown(code + "\nratio 3.14159265358979\n"))))
    assert len(found) == 1 and "3.14159265358979" in found[0]


def test_figure_alt_text_is_checked_too(tmp_path):
    meta = {"mystnb": {"image": {"alt": "a curve through 0.30000000000000004"}}}
    assert "image alt" in next(problems(notebook(tmp_path, metadata=meta)))
