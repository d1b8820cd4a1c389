"""labcode.checks, the input checks several labcode modules share: what each accepts and returns,
and that each refusal says what was expected. A module's own tests only show, in one small
table, that its functions call these (and test the checks that live in the module itself)."""

import math
import re
from fractions import Fraction

import numpy as np
import pytest

from labcode import checks

# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(2, 2.0), (np.float64(-0.5), -0.5)])
def test_real_returns_a_float(value, expected):
    got = checks.real("x", value)
    assert type(got) is float and got == expected, f"real({value!r}) should be {expected!r}"


@pytest.mark.parametrize("value", [Fraction(1, 3), Fraction(-7, 2)])
def test_real_keeps_a_fraction_exact(value):
    assert checks.real("x", value) is value, "a Fraction must stay exact"


@pytest.mark.parametrize("value, keeps", [(3, True), (3.0, False)])
def test_real_keeps_ints_exact_only_when_asked(value, keeps):
    assert (type(checks.real("c", value, exact_ints=True)) is int) is keeps
    assert type(checks.real("c", value)) is float, "without exact_ints an int becomes a float"


@pytest.mark.parametrize("value", [True, "1", None, 1j, [1.0]])
def test_real_refuses_what_is_not_a_real_number(value):
    with pytest.raises(ValueError, match=r"x must be a real number \(int, float or Fraction\)"):
        checks.real("x", value)


@pytest.mark.parametrize("value", [math.nan, -math.inf])
def test_real_refuses_non_finite_numbers(value):
    with pytest.raises(ValueError, match=rf"x must be finite, got {value!r}"):
        checks.real("x", value)


@pytest.mark.parametrize("value", [1e-300, 7])
def test_positive_returns_a_float(value):
    assert checks.positive("h", value) == float(value)


@pytest.mark.parametrize("value", [0, -1e-3, math.inf, math.nan, True, "0.1", None, 1j])
def test_positive_refuses_anything_but_a_positive_finite_number(value):
    with pytest.raises(ValueError, match="learning_rate must be a positive finite number"):
        checks.positive("learning_rate", value)


@pytest.mark.parametrize("value, at_least", [(1, 1), (0, 0), (np.int64(5), 2)])
def test_count_returns_an_int(value, at_least):
    got = checks.count("n", value, at_least)
    assert type(got) is int and got == value


@pytest.mark.parametrize("value", [0, -2, 2.0, True, "3"])
def test_count_refuses_what_is_not_a_positive_integer(value):
    with pytest.raises(ValueError, match=rf"n_h must be a positive integer, got {value!r}"):
        checks.count("n_h", value)


@pytest.mark.parametrize("value", [1, -1])
def test_count_says_the_smallest_allowed_value(value):
    with pytest.raises(ValueError, match=r"resolution must be an integer >= 2"):
        checks.count("resolution", value, at_least=2)


def test_function_names_what_it_should_be():
    assert checks.function("f", abs) is abs
    with pytest.raises(ValueError, match="predict must be a function from X, got str"):
        checks.function("predict", "no", " from X")


# --- arrays ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [[1, 2], np.array([True, False])])
def test_array_makes_a_float64_array(value):
    a = checks.array("v", value, "(2,)")
    assert a.dtype == np.float64 and a.tolist() == [1.0, float(value[1])]


def test_array_refuses_non_numeric_data():
    with pytest.raises(ValueError, match=r"v must be a numeric array of shape \(1, m\), got dtype"):
        checks.array("v", [["a", "b"]], "(1, m)")


@pytest.mark.parametrize("shape", [(3,), (3, 1), (2, 3), (1, 0), (1, 1, 3)])
def test_row_refuses_arrays_that_are_not_rows(shape):
    expected = r"a must have shape \(1, m\).*got shape " + re.escape(str(shape))
    with pytest.raises(ValueError, match=expected):
        checks.row("a", np.zeros(shape))


def test_rows_must_match():
    with pytest.raises(ValueError, match=r"a and y must have the same shape .*\(1, 3\) and \(1, 4"):
        checks.rows("a", np.zeros((1, 3)), "y", np.zeros((1, 4)))


@pytest.mark.parametrize("bad", [2, 0.5, -1])
def test_labels_must_be_0_or_1(bad):
    expected = rf"Y must hold labels 0 or 1; 1 value\(s\) are not, e\.g\. {float(bad)}"
    with pytest.raises(ValueError, match=expected):
        checks.labels(np.array([[1, bad]]))


@pytest.mark.parametrize("Y", [np.ones(4), np.ones((4, 1))])
def test_labels_of_another_shape_get_a_reshape_hint(Y):
    with pytest.raises(ValueError, match=r"m = 4 to match X, got \(4.*\(use Y\.reshape\(1, -1\)\)"):
        checks.labels(Y, 4)


# --- data, and the network's parameters ---------------------------------------------------


@pytest.mark.parametrize(
    "X, message",
    [
        (np.zeros(4), r"X must be a 2-D array of shape \(n_x, m\)"),
        (np.zeros((2, 0)), r"X must be a 2-D array of shape \(n_x, m\)"),
        (np.full((2, 3), np.inf), "X must hold finite numbers"),
    ],
)
def test_examples_refuses_bad_X(X, message):
    with pytest.raises(ValueError, match=message):
        checks.examples(X)


@pytest.mark.parametrize("shape, hint", [((7, 2), " (use X.T)"), ((7, 3), "")])
def test_examples_of_the_wrong_height_say_what_they_should_match(shape, hint):
    with pytest.raises(ValueError) as error:
        checks.examples(np.zeros(shape), 2, " to match W1 (4, 2)")
    assert str(error.value) == (
        f"X must have one example per column: expected shape (n_x, m) "
        f"with n_x = 2 to match W1 (4, 2), got {shape}{hint}"
    )


def test_data_detects_a_transposed_X_from_Y():
    with pytest.raises(ValueError, match=r"m = 150 to match Y \(1, 150\), got \(150, 2\) \(use X"):
        checks.data(np.ones((150, 2)), np.ones((1, 150)))


def network(n_x=2, n_h=4):
    return {
        "W1": np.zeros((n_h, n_x)),
        "b1": np.zeros((n_h, 1)),
        "W2": np.zeros((1, n_h)),
        "b2": np.zeros((1, 1)),
    }


@pytest.mark.parametrize(
    "key, bad, message",
    [
        ("b1", np.zeros(4), r"b1 must be a column of shape \(4, 1\) to match W1 \(4, 2\)"),
        ("W2", np.zeros((1, 3)), r"W2 must have shape \(n_y, n_h\) with n_h = 4"),
        ("W2", np.zeros((2, 4)), r"W2 must have one row"),
        ("W1", np.zeros(4), r"W1 must be a 2-D array of shape \(n_h, n_x\)"),
    ],
)
def test_parameters_must_fit_together(key, bad, message):
    p = dict(network(), **{key: bad})
    if key == "W2" and bad.shape[0] == 2:
        p["b2"] = np.zeros((2, 1))
    with pytest.raises(ValueError, match=message):
        checks.parameters(p)


@pytest.mark.parametrize(
    "p, message",
    [
        ([1, 2], "parameters must be a dict"),
        ({"W1": 1}, r"missing \['b1', 'W2', 'b2'\]"),
    ],
)
def test_parameters_must_be_the_dict_of_four(p, message):
    with pytest.raises(ValueError, match=message):
        checks.parameters(p)


@pytest.mark.parametrize(
    "settings, message",
    [
        ((-1, 0.1, 1), "num_iterations must be an integer >= 0"),
        ((1.5, 0.1, 1), "num_iterations must be an integer >= 0"),
        ((10, True, 1), "learning_rate must be a positive finite number"),
        ((10, 0.1, 0), "print_every must be a positive integer"),
    ],
)
def test_descent_settings(settings, message):
    with pytest.raises(ValueError, match=message):
        checks.descent(*settings)


@pytest.mark.parametrize("grads", [[1], {"dW1": 1, "db1": 1, "dW2": 1}])
def test_gradients_come_as_the_dict_of_four(grads):
    with pytest.raises(ValueError, match=r"grads must be a dict with keys \('dW1', 'db1'"):
        checks.gradient_dict(grads)
