"""Unit tests of labcode.tapes (chapter 2): derivatives by gradient tapes and the log capture.

Inputs are float64 (NumPy floats), so the tapes agree with the formulas to round-off; a plain
Python float would become a float32 tensor.
"""

import logging
import math

import numpy as np
import pytest

from labcode.tapes import captured_tf_log, get_derivative, get_second_derivative


@pytest.fixture
def x_sin_x(tf):
    return lambda x: x * tf.sin(x)


@pytest.mark.parametrize("x", [2.0, -1.5])
def test_get_derivative_of_3x2_is_6x(float64, x):
    got = float(get_derivative(lambda t: 3 * t**2, np.float64(x)))
    assert got == float64(6 * x), f"(3x^2)' at x={x} should be 6x = {6 * x}, got {got}"


@pytest.mark.parametrize("x", [1.0, 2.0])
def test_get_derivative_of_x_sin_x(float64, x_sin_x, x):
    want = math.sin(x) + x * math.cos(x)
    got = float(get_derivative(x_sin_x, np.float64(x)))
    assert got == float64(want), f"(x sin x)' at x={x} should be {want:.6f}, got {got}"


def test_get_derivative_is_elementwise_on_an_array():
    x = np.array([-1.0, 0.5, 3.0])
    got = get_derivative(lambda t: t**3, x).numpy()
    np.testing.assert_allclose(
        got,
        3 * x**2,
        rtol=1e-12,
        err_msg="on an array, get_derivative should give f' at each element",
    )


@pytest.mark.parametrize("x", [0.0, 4.0])
def test_get_derivative_of_a_constant_is_zero_not_none(x):
    got = get_derivative(lambda t: 5.0, x)
    assert got is not None, "a target that does not depend on x should give 0, not None"
    assert float(got) == 0.0, f"the derivative of a constant should be 0, got {float(got)}"


def test_get_derivative_rejects_integers_with_a_clear_message():
    with pytest.raises(ValueError, match="floating-point"):
        get_derivative(lambda t: t * t, 3)


@pytest.mark.parametrize("tape", [get_derivative, get_second_derivative])
def test_tapes_want_a_function(tape):
    with pytest.raises(ValueError, match="f must be a function of one tensor, got float"):
        tape(3.0, 2.0)


@pytest.mark.parametrize("x", [2.0, 3.0])
def test_get_second_derivative_of_parabola(float64, x):
    d1, d2 = get_second_derivative(lambda t: t**2 + t, np.float64(x))
    assert float(d1) == float64(2 * x + 1), f"y' of x^2 + x at x={x} should be 2x + 1"
    assert float(d2) == float64(2.0), f"y'' of x^2 + x at x={x} should be 2"


@pytest.mark.parametrize("x", [1.0, -2.5])
def test_get_second_derivative_of_x_sin_x(float64, x_sin_x, x):
    d1, d2 = get_second_derivative(x_sin_x, np.float64(x))
    want1 = math.sin(x) + x * math.cos(x)
    want2 = 2 * math.cos(x) - x * math.sin(x)
    assert float(d1) == float64(want1), f"f' at x={x} should be {want1:.6f}"
    assert float(d2) == float64(want2), f"f'' at x={x} should be {want2:.6f}"


@pytest.mark.parametrize("x", [0.0, 7.0])
def test_second_derivative_of_a_linear_function_is_zero_not_none(x):
    d1, d2 = get_second_derivative(lambda t: 2 * t, x)
    assert float(d1) == 2.0, f"(2x)' should be 2, got {float(d1)}"
    assert d2 is not None and float(d2) == 0.0, "(2x)'' should be 0, not None"


def test_second_derivative_on_the_chapter_grid_matches_analytic_to_1e_12(x_sin_x):
    x = np.linspace(-2 * np.pi, 2 * np.pi, 33)  # the grid of the chapter's figure (float64)
    d1, d2 = get_second_derivative(x_sin_x, x)
    np.testing.assert_allclose(d1.numpy(), np.sin(x) + x * np.cos(x), rtol=0, atol=1e-12)
    np.testing.assert_allclose(d2.numpy(), 2 * np.cos(x) - x * np.sin(x), rtol=0, atol=1e-12)


def test_get_second_derivative_rejects_integers():
    with pytest.raises(ValueError, match="floating-point"):
        get_second_derivative(lambda t: t * t, np.arange(3))


def test_captured_tf_log_collects_the_integer_watch_warning(tf, capfd):
    # TensorFlow logs this warning only the first 5 times per process: keep this the only
    # test that triggers it.
    with captured_tf_log() as log:
        x = tf.constant(3)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        grad = tape.gradient(y, x)
    assert grad is None, "an integer source should have no gradient"
    assert len(log) == 1 and log[0].startswith("WARNING: The dtype of the watched tensor"), (
        f"expected one captured dtype warning, got {log!r}"
    )
    out, err = capfd.readouterr()
    assert "dtype of the watched tensor" not in out + err, "the captured warning leaked to a stream"


def test_captured_tf_log_restores_the_logger(tf):
    logger = logging.getLogger("tensorflow")
    before = logger.handlers[:], logger.propagate
    with captured_tf_log() as log:
        logger.warning("inside")
    assert (logger.handlers, logger.propagate) == before, "the logger's handlers were not restored"
    assert log == ["WARNING: inside"], f"expected the one message logged inside, got {log!r}"
