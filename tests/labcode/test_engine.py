"""labcode.engine, the reverse-mode engine of chapter 3, against exact derivatives, finite
differences and tf.GradientTape, and its error messages."""

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings

from labcode.calculus import numerical_gradient
from labcode.engine import Value, jacobian_reverse, topological_order
from tests.helpers.graph_expressions import (
    EQUATIONS,
    POINTS,
    RULE_IDS,
    RULES,
    FloatOps,
    MethodOps,
    coordinates,
    equation3,
    evaluate,
    expressions,
    tf_ops,
)


def grads(f, x0, y0):
    """Value and both partials of f at (x0, y0) from the engine."""
    x, y = Value(x0, "x"), Value(y0, "y")
    z = f(x, y)
    z.backward()
    return z.data, x.grad, y.grad


def tape_grads(tf, tree, x0, y0):
    """Value and both partials of an expression tree at (x0, y0) from tf.GradientTape."""
    x, y = tf.Variable(float(x0), dtype=tf.float64), tf.Variable(float(y0), dtype=tf.float64)
    with tf.GradientTape() as tape:
        z = evaluate(tree, x, y, tf_ops(tf))
    dx, dy = tape.gradient(z, [x, y], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return float(z), float(dx), float(dy)


# --- the handout's three equations -------------------------------------------------------


@pytest.mark.parametrize("name", EQUATIONS)
@pytest.mark.parametrize("point", POINTS, ids=["handout-point", "second-point"])
def test_equation_partials_are_exact(name, point):
    f, dfdx, dfdy = EQUATIONS[name]
    z, dx, dy = grads(f, *point)
    assert (z, dx, dy) == (f(*point), dfdx(*point), dfdy(*point)), (
        f"{name} at (x, y) = {point}: the engine gives z, dz/dx, dz/dy = {z}, {dx}, {dy}; "
        f"exact arithmetic gives {f(*point)}, {dfdx(*point)}, {dfdy(*point)}"
    )


def test_handout_point_values():
    # Worked out in chapter 3; equation 3 is where the handout's arithmetic goes wrong.
    expected = {"eq1": (3, 1, 1), "eq2": (-1, -1, Fraction(-1, 3)), "eq3": (1, 0, Fraction(-1, 3))}
    for name, (f, _, _) in EQUATIONS.items():
        assert grads(f, Fraction(1), Fraction(2)) == expected[name], (
            f"{name} at x = 1, y = 2 should give z, dz/dx, dz/dy = {expected[name]}"
        )


# --- random expressions ------------------------------------------------------------------


def safe_float_eval(tree, x0, y0):
    try:
        value = evaluate(tree, x0, y0, FloatOps)
    except (ValueError, OverflowError):
        return None
    return value if abs(value) < 1e6 else None


@settings(max_examples=50, deadline=None, derandomize=True)
@given(tree=expressions, x0=coordinates, y0=coordinates)
def test_random_expressions_match_gradient_tape(tf, tree, x0, y0):
    assume(safe_float_eval(tree, x0, y0) is not None)
    try:
        ours = grads(lambda x, y: evaluate(tree, x, y, MethodOps) + 0 * x + 0 * y, x0, y0)
    except ValueError:  # an overflowing local derivative: the engine refuses, as it should
        assume(False)
    theirs = tape_grads(tf, tree, x0, y0)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9), (
        f"expression {tree} at x={x0}, y={y0}: engine {ours}, tf.GradientTape {theirs}"
    )


@settings(max_examples=50, deadline=None, derandomize=True)
@given(tree=expressions, x0=coordinates, y0=coordinates)
def test_random_expressions_match_finite_differences(tree, x0, y0):
    assume(safe_float_eval(tree, x0, y0) is not None)
    try:
        _, dx, dy = grads(lambda x, y: evaluate(tree, x, y, MethodOps) + 0 * x + 0 * y, x0, y0)
    except ValueError:
        assume(False)
    assume(max(abs(dx), abs(dy)) < 1e4)
    fd = numerical_gradient(lambda a, b: evaluate(tree, a, b, FloatOps), (x0, y0), h=1e-5)
    assert (dx, dy) == pytest.approx(fd, rel=1e-4, abs=1e-5), (
        f"expression {tree} at x={x0}, y={y0}: engine {(dx, dy)}, central differences {fd}"
    )


# --- each operation's backward rule ------------------------------------------------------


@pytest.mark.parametrize("name, f, df, points", RULES, ids=RULE_IDS)
def test_backward_rule_of_each_operation(name, f, df, points):
    for t in points:
        v = Value(t, "v")
        f(v).backward()
        assert v.grad == pytest.approx(df(t), rel=1e-12, abs=1e-15), (
            f"d/dv {name} at v = {t}: engine {v.grad}, analytic {df(t)}"
        )


# (name, function of two Values, d/du, d/dv as functions of floats)
BINARY_RULES = [
    ("u + v", lambda u, v: u + v, lambda a, b: 1.0, lambda a, b: 1.0),
    ("u - v", lambda u, v: u - v, lambda a, b: 1.0, lambda a, b: -1.0),
    ("u * v", lambda u, v: u * v, lambda a, b: b, lambda a, b: a),
    ("u / v", lambda u, v: u / v, lambda a, b: 1 / b, lambda a, b: -a / b**2),
]


@pytest.mark.parametrize("name, f, du, dv", BINARY_RULES, ids=[r[0] for r in BINARY_RULES])
def test_backward_rule_of_each_binary_operation(name, f, du, dv):
    for a, b in [(1.5, -2.0), (-0.25, 3.0)]:
        u, v = Value(a, "u"), Value(b, "v")
        f(u, v).backward()
        assert (u.grad, v.grad) == pytest.approx((du(a, b), dv(a, b)), rel=1e-12), (
            f"{name} at u={a}, v={b}: engine (d/du, d/dv) = {(u.grad, v.grad)}, "
            f"analytic {(du(a, b), dv(a, b))}"
        )


def test_sigmoid_is_finite_at_extreme_inputs():
    for t, expected in [(1000.0, 1.0), (-1000.0, 0.0)]:
        v = Value(t)
        s = v.sigmoid()
        s.backward()
        assert s.data == expected and v.grad == 0.0, (
            f"sigmoid({t}) should saturate at {expected} with gradient 0, got {s.data}, {v.grad}"
        )


# --- chain rule bookkeeping --------------------------------------------------------------


def test_each_node_caches_its_local_derivatives_in_the_forward_pass():
    x, y, a, b, c, d, z = equation3(Fraction(1), Fraction(2))
    assert z.parents == (d, c) and z.local == (Fraction(1, 3), Fraction(-1, 3)), (
        f"z = d / c at d = c = 3 should record dz/dd = 1/3 and dz/dc = -1/3, got {z.local}"
    )
    assert b.parents == (x,) and b.local == (-1,), f"b = 1/x at x = 1: db/dx = -1, got {b.local}"


def test_backward_twice_gives_the_same_gradients():
    x, y, *_, z = equation3()
    z.backward()
    first = (x.grad, y.grad)
    z.backward()
    assert (x.grad, y.grad) == first, (
        f"backward() must reset gradients, not accumulate across calls: {first} then "
        f"{(x.grad, y.grad)}"
    )


def test_backward_from_an_intermediate_node():
    x, y, a, b, c, d, z = equation3()
    z.backward()
    d.backward()
    assert x.grad == 1.0, f"d = 2x + 1/x at x = 1: dd/dx = 1, got {x.grad}"
    assert y.grad == pytest.approx(-1 / 3), (
        "y is not in d's graph, so d.backward() leaves the dz/dy = -1/3 of z.backward() (as "
        f"documented), got {y.grad}"
    )


def test_topological_order_puts_parents_first():
    *_, z = equation3()
    order = topological_order(z)
    position = {id(n): i for i, n in enumerate(order)}
    assert order[-1] is z and len(order) == 7, [n.label for n in order]
    for node in order:
        for p in node.parents:
            assert position[id(p)] < position[id(node)], f"{p.label} after {node.label}"


def test_deep_graph_needs_no_recursion():
    x = Value(0.5, "x")
    v = x
    for _ in range(5000):
        v = v * 1.0001
    v.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-9)


def test_jacobian_reverse_needs_one_pass_per_output():
    J, passes = jacobian_reverse(lambda x, y: (x * y, x + y, x.exp()), [2.0, 3.0])
    assert passes == 3, f"three outputs need three backward passes, counted {passes}"
    assert sum(J, []) == pytest.approx([3.0, 2.0, 1.0, 1.0, math.exp(2.0), 0.0]), J
    _, passes = jacobian_reverse(lambda *xs: sum(xs[1:], xs[0] * xs[0]), [1.0] * 10)
    assert passes == 1, f"one scalar output of ten inputs needs one backward pass, got {passes}"


# --- construction and errors -------------------------------------------------------------


def test_value_keeps_fractions_exact_and_makes_other_numbers_float():
    assert type(Value(Fraction(1, 3)).data) is Fraction
    assert type(Value(2).data) is float and Value(2).data == 2.0
    assert type((2 * Value(Fraction(1, 3))).data) is Fraction, "int constants must stay exact"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Value(float("nan")), r"Value data must be finite, got nan"),
        (lambda: Value(1.0, "x") / Value(0.0, "y"), r"division by zero in x / y"),
        (lambda: Value(1.0, "x") / 0, r"division by zero in x / 0"),
        (lambda: 1 / Value(0.0, "x"), r"division by zero in 1 / x: x = 0"),
        (
            lambda: (Value(2.0, "x") + 1) / (Value(2.0, "x") ** 2 - 4),
            r"division by zero in \(x \+ 1\) / \(\(x \*\* 2\) - 4\): "
            r"x \+ 1 = 3, \(x \*\* 2\) - 4 = 0$",
        ),
        (lambda: Value(0.0, "x").log(), r"log\(x\) needs a positive argument, got x = 0"),
        (lambda: Value(-1.0, "x").log(), r"log\(x\) needs a positive argument, got x = -1"),
        (lambda: Value(2.0, "x") ** Value(3.0, "y"), r"x \*\* .*the exponent must be a constant"),
        (lambda: 2 ** Value(3.0, "x"), r"2 \*\* x: the exponent must be a constant"),
        (lambda: Value(-8.0, "x") ** 0.5, r"x \*\* 0.5: a negative base"),
        (lambda: Value(0.0, "x") ** -1, r"division by zero in x \*\* \(-1\): x = 0"),
        (lambda: Value(1000.0, "x").exp(), r"exp\(x\) overflows a float at x = 1000"),
        (lambda: Value(1e200, "x") * Value(1e200, "y"), r"x \* y: the value is not a finite real"),
        (lambda: Value(1.0, "x") + float("inf"), r"the constant in x \+ inf must be finite"),
    ],
)
def test_invalid_operations_raise_value_error(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_non_numbers_are_refused_by_python():
    with pytest.raises(TypeError):
        Value(1.0) + "1"
