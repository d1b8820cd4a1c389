"""labcode.book: glue stores the text the page shows; show_source shows labcode's code."""

import inspect
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labcode.book import glue, glue_text, show_source

FORMATS = [".3f", ".1e", ".2%", ".0e", ".6f", ".2E", ".0f"]


def shown(text):
    """The number a glued text stands for, exactly."""
    return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)


@pytest.mark.parametrize("value", [1.0043978394351956, np.float64(0.5), np.float32(1.2)])
def test_a_float_without_a_format_is_refused(value):
    with pytest.raises(ValueError, match="a float needs a format"):
        glue_text(value)


@pytest.mark.parametrize(
    "value, fmt, text",
    [
        (1.0043978394351956, ".3f", "1.004"),
        (1.0043978394351953, ".3f", "1.004"),  # the other machine's last digits: same text
        (2.4226907411659142e-36, ".1e", "2.4e-36"),
        (0.9668333333333333, ".2%", "96.68%"),
        (np.float64(1e-08), ".0e", "1e-08"),
    ],
)
def test_a_float_is_stored_as_its_formatted_text(value, fmt, text):
    assert glue_text(value, fmt) == text


@pytest.mark.parametrize(
    "value, text",
    [(150, "150"), (np.int64(7), "7"), (Fraction(-1, 3), "-1/3"), ("1 and -1/2", "1 and -1/2")],
)
def test_exact_values_need_no_format(value, text):
    assert glue_text(value) == text


@pytest.mark.parametrize(
    "value, fmt, up, down",
    [
        (9.309778151002748e-11, ".1e", "9.4e-11", "9.3e-11"),  # chapter 4's "at most"
        (2.2908e-05, ".0e", "3e-05", "2e-05"),
        (1.3322676295501878e-15, ".1e", "1.4e-15", "1.3e-15"),
        (5.44, ".1f", "5.5", "5.4"),
        (0.7133333333333334, ".1%", "71.4%", "71.3%"),
        (-0.3333333333333333, ".2f", "-0.33", "-0.34"),
    ],
)
def test_bounds_round_outward(value, fmt, up, down):
    assert glue_text(value, fmt, rounding="up") == up
    assert glue_text(value, fmt, rounding="down") == down


@given(
    # |x| <= 1e9: there even "%", which multiplies by 100 in float, is exact to its 2 decimals
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda x: abs(x) > 1e-200),
    st.sampled_from(FORMATS),
)
def test_an_upper_bound_is_never_below_the_value_and_is_the_nearest_or_next(x, fmt):
    up, down, nearest = (glue_text(x, fmt, rounding=r) for r in ("up", "down", "nearest"))
    assert shown(down) <= Decimal(x) <= shown(up), f"{down} <= {x!r} <= {up} fails"
    assert nearest in (up, down), f"{nearest} is neither the rounding up {up} nor down {down}"


@pytest.mark.parametrize(
    "args, message",
    [
        ((True,), "bool"),
        ((np.array([1.0]), ".2f"), "got ndarray"),
        ((math.nan, ".2f"), "non-finite"),
        (("text", ".2f"), "string is glued as it is"),
        ((1.0, ".2f", "ceil"), "rounding must be one of"),
        ((1.0, "f"), "with a precision"),
        ((1.0, ".3g", "up"), "bound is written with"),
    ],
)
def test_bad_input_says_what_was_expected(args, message):
    with pytest.raises(ValueError, match=message):
        glue_text(*args)


def test_glue_refuses_a_bare_float_outside_a_notebook_too():
    # Colab has no MyST-NB: glue then stores nothing, but the rule still holds
    with pytest.raises(ValueError, match="a float needs a format"):
        glue("x", 0.1 + 0.2)


def shown_source(monkeypatch, *objects):
    """The Markdown that show_source displays, as a notebook stores it."""
    import IPython.display
    from IPython.core.formatters import format_display_data

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj: shown.append(format_display_data(obj)[0])
    )
    show_source(*objects)
    assert len(shown) == 1, "show_source displays exactly one output"
    return shown[0]["text/markdown"]


def test_show_source_shows_the_function_as_written_in_labcode(monkeypatch):
    from labcode import nn

    text = shown_source(monkeypatch, nn.compute_cost)
    assert text.startswith("```python\ndef compute_cost(") and text.endswith("\n```")
    assert inspect.getsource(nn.compute_cost).rstrip() in text


def test_show_source_dedents_a_method_and_puts_several_objects_in_one_block(monkeypatch):
    from labcode.graph import Value

    text = shown_source(monkeypatch, Value.backward, glue_text)
    assert "\ndef backward(self" in text, "a method is shown dedented, as a def at column 0"
    assert "def glue_text(" in text
    assert text.count("```") == 2, "one code block for all the objects"


@pytest.mark.parametrize("bad", [print, np.tanh, "compute_cost", math.log])
def test_show_source_refuses_what_is_not_labcode(bad):
    with pytest.raises(ValueError, match="labcode's functions"):
        show_source(bad)
