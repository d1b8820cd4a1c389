"""labcode.dual: forward mode with dual numbers (chapter 3) against exact derivatives and
against the reverse-mode engine, pass counts, and error messages."""

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings

from labcode.dual import Dual, jacobian_forward
from labcode.engine import jacobian_reverse
from tests.helpers.graph_expressions import (
    EQUATIONS,
    POINTS,
    RULE_IDS,
    RULES,
    FloatOps,
    MethodOps,
    coordinates,
    evaluate,
    expressions,
)


def test_dual_multiplication_drops_epsilon_squared():
    p = Dual(3.0, 2.0) * Dual(5.0, 7.0)
    assert (p.value, p.deriv) == (15.0, 3.0 * 7.0 + 2.0 * 5.0), (
        f"(3 + 2ε)(5 + 7ε) = 15 + 31ε because ε² = 0, got {p}"
    )


@pytest.mark.parametrize("name", EQUATIONS)
@pytest.mark.parametrize("point", POINTS, ids=["handout-point", "second-point"])
def test_equation_partials_are_exact(name, point):
    f, dfdx, dfdy = EQUATIONS[name]
    (row,), passes = jacobian_forward(f, list(point))
    assert row == [dfdx(*point), dfdy(*point)], (
        f"{name} at {point}: forward mode gives {row}, exact arithmetic "
        f"{[dfdx(*point), dfdy(*point)]}"
    )
    assert passes == 2, f"two inputs need two forward passes, counted {passes}"


@pytest.mark.parametrize("name, f, df, points", RULES, ids=RULE_IDS)
def test_derivative_rule_of_each_operation(name, f, df, points):
    for t in points:
        out = f(Dual(t, 1.0))
        assert out.deriv == pytest.approx(df(t), rel=1e-12, abs=1e-15), (
            f"d/dv {name} at v = {t}: forward mode {out.deriv}, analytic {df(t)}"
        )


@settings(max_examples=50, deadline=None, derandomize=True)
@given(tree=expressions, x0=coordinates, y0=coordinates)
def test_forward_mode_equals_reverse_mode_on_random_expressions(tree, x0, y0):
    try:
        value = evaluate(tree, x0, y0, FloatOps)
        assume(abs(value) < 1e6)
        f = lambda x, y: evaluate(tree, x, y, MethodOps) + 0 * x + 0 * y  # noqa: E731
        (forward,), _ = jacobian_forward(f, [x0, y0])
        (reverse,), _ = jacobian_reverse(f, [x0, y0])
    except (ValueError, OverflowError):
        assume(False)
    assert forward == pytest.approx(reverse, rel=1e-9, abs=1e-12), (
        f"expression {tree} at x={x0}, y={y0}: forward {forward}, reverse {reverse}"
    )


@pytest.mark.parametrize("n", [1, 3, 8])
def test_pass_counts_for_many_inputs_one_output(n):
    f = lambda *xs: sum((x * x for x in xs[1:]), xs[0] * xs[0])  # noqa: E731
    point = [0.5 * (i + 1) for i in range(n)]
    (forward,), forward_passes = jacobian_forward(f, point)
    (reverse,), reverse_passes = jacobian_reverse(f, point)
    assert (forward_passes, reverse_passes) == (n, 1), (
        f"f: R^{n} -> R needs {n} forward passes and 1 reverse pass, counted "
        f"{forward_passes} and {reverse_passes}"
    )
    assert forward == pytest.approx([2 * p for p in point]) == reverse


@pytest.mark.parametrize("m", [1, 4])
def test_pass_counts_for_one_input_many_outputs(m):
    g = lambda x: tuple(x ** (k + 1) for k in range(m))  # noqa: E731
    forward, forward_passes = jacobian_forward(g, [2.0])
    reverse, reverse_passes = jacobian_reverse(g, [2.0])
    assert (forward_passes, reverse_passes) == (1, m), (
        f"g: R -> R^{m} needs 1 forward pass and {m} reverse passes, counted "
        f"{forward_passes} and {reverse_passes}"
    )
    expected = [(k + 1) * 2.0**k for k in range(m)]
    assert [r[0] for r in forward] == pytest.approx(expected) == [r[0] for r in reverse]


def test_fractions_stay_exact():
    out = (2 * Dual(Fraction(1, 3), 1) + 1) / Dual(Fraction(1, 2), 0)
    assert (out.value, out.deriv) == (Fraction(10, 3), 4), out
    assert type(out.value) is Fraction and type(out.deriv) is Fraction


def test_sigmoid_is_finite_at_extreme_inputs():
    for t, expected in [(1000.0, 1.0), (-1000.0, 0.0)]:
        s = Dual(t, 1.0).sigmoid()
        assert (s.value, s.deriv) == (expected, 0.0), f"sigmoid({t}) = {s}"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Dual(float("nan")), r"Dual value must be finite, got nan"),
        (lambda: Dual(1.0, float("inf")), r"Dual deriv must be finite, got inf"),
        (lambda: Dual(1.0, 1.0) / Dual(0.0, 1.0), r"division by zero in 1.0 / 0.0"),
        (lambda: 1 / Dual(0.0, 1.0), r"division by zero in 1.0 / 0.0"),
        (lambda: Dual(0.0, 1.0).log(), r"log needs a positive argument, got 0.0"),
        (lambda: Dual(-2.0, 1.0).log(), r"log needs a positive argument, got -2.0"),
        (lambda: Dual(2.0, 1.0) ** Dual(3.0, 0.0), r"the exponent must be a constant"),
        (lambda: 2 ** Dual(3.0, 1.0), r"the exponent must be a constant"),
        (lambda: Dual(-8.0, 1.0) ** 0.5, r"a negative base needs an integer exponent"),
        (lambda: Dual(1000.0, 1.0).exp(), r"exp\(1000.0\) overflows a float"),
        (
            lambda: Dual(1e200, 1.0) * Dual(1e200, 1.0),
            r"1e\+200 \* 1e\+200: Dual value must be finite",
        ),
    ],
)
def test_invalid_operations_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()
