"""Unit tests of labcode.calculus: finite differences against exact derivatives (chapter 1)."""

import math

import numpy as np
import pytest

from labcode.calculus import (
    H_CENTRAL,
    H_FORWARD,
    central_difference,
    directional_derivative,
    forward_difference,
    limit_table,
    loglog_slope,
    numerical_gradient,
    partial_derivative,
)

# (name, f, f', x): functions of one variable with their exact derivatives
ONE_VARIABLE = [
    ("3x^2 at 2", lambda x: 3 * x**2, lambda x: 6 * x, 2.0),
    ("sin at 1", math.sin, math.cos, 1.0),
    ("exp at -0.5", math.exp, math.exp, -0.5),
    (
        "sin(3x^2 + x) at 0.7",
        lambda x: math.sin(3 * x**2 + x),
        lambda x: math.cos(3 * x**2 + x) * (6 * x + 1),
        0.7,
    ),
]
IDS = [case[0] for case in ONE_VARIABLE]


def square(x):
    return x * x


def f_xy(x, y):
    return x**2 * y + x * y**3


def grad_xy(x, y):
    return np.array([2 * x * y + y**3, x**2 + 3 * x * y**2])


def g_xyz(x, y, z):
    return x * math.sin(y) + z**2 * x


def grad_xyz(x, y, z):
    return np.array([math.sin(y) + z**2, x * math.cos(y), 2 * z * x])


# (f, gradient, point): functions of several variables with their exact gradients
SEVERAL_VARIABLES = [
    (f_xy, grad_xy, (1.0, 2.0)),
    (f_xy, grad_xy, (-1.5, 0.5)),
    (g_xyz, grad_xyz, (0.3, -1.2, 2.0)),
]


@pytest.mark.parametrize("name, f, df, x", ONE_VARIABLE, ids=IDS)
def test_forward_difference_approximates_the_derivative(name, f, df, x):
    estimate = forward_difference(f, x)
    assert estimate == pytest.approx(df(x), rel=1e-6, abs=1e-7), (
        f"forward difference of {name} should be close to f'(x) = {df(x):.10f}, got {estimate:.10f}"
    )


@pytest.mark.parametrize("name, f, df, x", ONE_VARIABLE, ids=IDS)
def test_central_difference_approximates_the_derivative(name, f, df, x):
    estimate = central_difference(f, x)
    assert estimate == pytest.approx(df(x), rel=1e-9, abs=1e-9), (
        f"central difference of {name} should match f'(x) = {df(x):.12f} to ~1e-9, "
        f"got {estimate:.12f}"
    )


def test_forward_and_central_differences_use_the_given_step():
    # on x^2 the forward difference is exactly 2x + h and the central one exactly 2x
    square = lambda x: x * x  # noqa: E731
    assert forward_difference(square, 3.0, 0.5) == 6.5, "forward difference of x^2 at 3 is 6 + h"
    assert central_difference(square, 3.0, 0.5) == 6.0, "central difference of x^2 at 3, h=0.5 is 6"


@pytest.mark.parametrize(
    "method, default", [(forward_difference, H_FORWARD), (central_difference, H_CENTRAL)]
)
@pytest.mark.parametrize("name, f, df, x", ONE_VARIABLE[1:3], ids=IDS[1:3])
def test_default_step_beats_steps_100_times_larger_or_smaller(method, default, name, f, df, x):
    # Larger steps lose to truncation, smaller ones to round-off: the default balances them.
    error = {h: abs(method(f, x, h) - df(x)) for h in (default / 100, default, default * 100)}
    assert error[default] < min(error[default / 100], error[default * 100]), (
        f"{method.__name__} of {name}: the default step {default:.1e} gives error "
        f"{error[default]:.1e}, worse than a step 100 times smaller or larger: {error}"
    )


@pytest.mark.parametrize("f, grad, point", SEVERAL_VARIABLES)
def test_partial_derivative_matches_each_exact_partial(f, grad, point):
    exact = grad(*point)
    for i in range(len(point)):
        estimate = partial_derivative(f, point, i)
        assert estimate == pytest.approx(exact[i], rel=1e-8, abs=1e-8), (
            f"partial derivative {i} at {point} should be {exact[i]:.8f}, got {estimate:.8f}"
        )


@pytest.mark.parametrize("f, grad, point", SEVERAL_VARIABLES)
def test_numerical_gradient_matches_exact_gradient(f, grad, point):
    estimate = numerical_gradient(f, point)
    assert estimate.shape == (len(point),), (
        f"gradient at a point with {len(point)} coordinates should have shape ({len(point)},), "
        f"got {estimate.shape}"
    )
    np.testing.assert_allclose(
        estimate,
        grad(*point),
        rtol=1e-8,
        atol=1e-8,
        err_msg=f"numerical gradient at {point} differs from the exact gradient",
    )


@pytest.mark.parametrize("f, grad, point", SEVERAL_VARIABLES)
def test_directional_derivative_is_gradient_dot_unit_direction(f, grad, point):
    direction = np.arange(1.0, len(point) + 1.0)  # deliberately not a unit vector
    u = direction / np.linalg.norm(direction)
    estimate = directional_derivative(f, point, direction)
    assert estimate == pytest.approx(grad(*point) @ u, rel=1e-8, abs=1e-8), (
        "directional derivative should equal grad f . u with u the direction scaled to length 1"
    )


@pytest.mark.parametrize("point", [(1.0, 1.0), (-1.5, 0.5)])
def test_directional_derivative_is_largest_along_the_gradient(point):
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    slopes = [directional_derivative(f_xy, point, (np.cos(a), np.sin(a))) for a in angles]
    g = grad_xy(*point)
    best = angles[int(np.argmax(slopes))]
    gap = abs((best - math.atan2(g[1], g[0]) + np.pi) % (2 * np.pi) - np.pi)
    assert gap <= angles[1], f"steepest direction should be the gradient's, off by {gap:.4f} rad"
    # the best sampled angle is within half a step of the gradient's: cos(step) <= max/|g| <= 1
    norm = np.linalg.norm(g)
    assert norm * math.cos(angles[1]) <= max(slopes) <= norm * (1 + 1e-8), (
        f"the largest directional derivative should be |grad f| = {norm:.6f}, got {max(slopes):.6f}"
    )


# Truncation dominates for these steps: round-off ~ eps/h is many orders below h or h^2.
@pytest.mark.parametrize(
    "method, order, hs",
    [
        (forward_difference, 1, np.logspace(-5, -2, 7)),
        (central_difference, 2, np.logspace(-4, -2, 5)),
    ],
)
@pytest.mark.parametrize("name, f, df, x", ONE_VARIABLE[1:], ids=IDS[1:])
def test_error_falls_like_h_to_the_order_of_the_formula(method, order, hs, name, f, df, x):
    slope = loglog_slope(hs, [abs(method(f, x, h) - df(x)) for h in hs])
    assert slope == pytest.approx(order, abs=0.1), (
        f"{method.__name__} error of {name} should fall like h^{order} (log-log slope "
        f"{order}), slope {slope:.3f}"
    )


@pytest.mark.parametrize("method", [forward_difference, central_difference])
@pytest.mark.parametrize("name, f, df, x", ONE_VARIABLE, ids=IDS)
def test_round_off_dominates_for_tiny_steps(method, name, f, df, x):
    tiny = abs(method(f, x, 1e-13) - df(x))
    moderate = abs(method(f, x, 1e-5) - df(x))
    assert tiny > moderate, (
        f"{method.__name__} of {name}: round-off should make h=1e-13 ({tiny:.2e}) worse than "
        f"h=1e-5 ({moderate:.2e})"
    )


def test_limit_table_default_steps_are_powers_of_ten():
    table = limit_table(math.sin, 1.0, math.cos(1.0))
    assert table.shape == (15, 5), f"default table has 15 rows of 5 columns, got {table.shape}"
    assert table[:, 0].tolist() == [float(f"1e-{k}") for k in range(1, 16)], "h = 1e-1..1e-15"


@pytest.mark.parametrize("x", [3.0, -1.5])
def test_limit_table_columns_on_a_square(x):
    # On x^2 with steps exact in binary, forward = 2x + h and central = 2x, both exactly.
    table = limit_table(square, x, 2 * x, hs=[0.5, 0.25])
    expected = [[h, 2 * x + h, h, 2 * x, 0.0] for h in (0.5, 0.25)]
    assert table.tolist() == expected, (
        "columns are h, forward, |forward - exact|, central, |central - exact|: "
        f"expected {expected}, got {table.tolist()}"
    )


@pytest.mark.parametrize("p, c", [(1.0, 3.0), (3.0, 0.5)])
def test_loglog_slope_recovers_power(p, c):
    hs = np.logspace(-5, 0, 6)
    assert loglog_slope(hs, c * hs**p) == pytest.approx(p), f"error c*h^{p} has slope {p}"


# --- the checks that live in calculus --------------------------------------------------------


@pytest.mark.parametrize("returns", [np.array([1.0, 2.0]), 1j, True, "1"])
def test_f_must_return_a_real_scalar(returns):
    with pytest.raises(ValueError, match="f must return a real scalar"):
        central_difference(lambda x: returns, 1.0)


def test_f_returning_a_numpy_scalar_gives_a_float():
    got = forward_difference(lambda x: np.array(x) ** 2, 1.0, 0.5)
    assert type(got) is float and got == 2.5, f"expected the float 2.5, got {got!r}"


@pytest.mark.parametrize("i", [-1, 3, 1.0, True])
def test_the_coordinate_must_be_an_index_of_the_point(i):
    with pytest.raises(ValueError, match=r"i must be an integer index in 0\.\.2"):
        partial_derivative(g_xyz, (1.0, 2.0, 3.0), i)


@pytest.mark.parametrize(
    "point, message",
    [
        ((1.0, math.nan), "finite"),
        ((), "non-empty 1-D"),
        ([[1.0, 2.0]], "non-empty 1-D"),
        (("a", "b"), "finite numbers"),
    ],
)
def test_the_point_must_be_a_sequence_of_finite_numbers(point, message):
    with pytest.raises(ValueError, match=f"point must .*{message}"):
        numerical_gradient(f_xy, point)


@pytest.mark.parametrize(
    "direction, message", [((0.0, 0.0), "non-zero"), ((1.0, 0.0, 0.0), "2 coordinates")]
)
def test_the_direction_must_be_non_zero_and_of_the_points_size(direction, message):
    with pytest.raises(ValueError, match=f"direction must .*{message}"):
        directional_derivative(f_xy, (1.0, 1.0), direction)


@pytest.mark.parametrize(
    "hs, errors", [([1e-1], [1e-2]), ([1e-1, 1e-2], [1e-2, 0.0]), ([1e-1, -1e-2], [1e-2, 1e-3])]
)
def test_loglog_slope_needs_two_positive_finite_points(hs, errors):
    with pytest.raises(ValueError, match="hs and errors"):
        loglog_slope(hs, errors)


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: forward_difference(square, 1.0, 0.0), "h must be a positive finite number"),
        (lambda: central_difference(square, float("nan")), "x must be finite"),
        (lambda: forward_difference("sin", 1.0), "f must be a function"),
        (lambda: limit_table(square, 1.0, float("nan")), "exact must be finite"),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
