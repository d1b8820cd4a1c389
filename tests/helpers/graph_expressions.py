"""Shared by the tests of labcode.engine, labcode.graph and labcode.dual: the handout's three
equations, the derivative rule of every operation, random expression trees over x and y with
safe domains, and ways to evaluate one tree with several engines."""

import math
from fractions import Fraction

from hypothesis import strategies as st

from labcode.engine import Value

# The handout's equations (chapter 3) and their derivatives worked out by hand, as
# (f, df/dx, df/dy); the derivatives are exact when x, y are Fractions.
EQUATIONS = {
    "eq1": (
        lambda x, y: x * y + 1 / x,
        lambda x, y: y - 1 / x**2,
        lambda x, y: x,
    ),
    "eq2": (
        lambda x, y: (x + y) / (x**2 - 4),
        lambda x, y: ((x**2 - 4) - (x + y) * 2 * x) / (x**2 - 4) ** 2,
        lambda x, y: 1 / (x**2 - 4),
    ),
    "eq3": (
        lambda x, y: (2 * x + 1 / x) / (x + y),
        lambda x, y: ((2 - 1 / x**2) * (x + y) - (2 * x + 1 / x)) / (x + y) ** 2,
        lambda x, y: -(2 * x + 1 / x) / (x + y) ** 2,
    ),
}

# The handout's point and a second one, so that a hard-coded answer fails.
POINTS = [(Fraction(1), Fraction(2)), (Fraction(-1, 2), Fraction(3))]


def equation3(x0=1.0, y0=2.0):
    """The handout's equation 3 as a graph of named nodes: x, y, a = 2x, b = 1/x, c = x + y,
    d = a + b, z = d / c."""
    x, y = Value(x0, "x"), Value(y0, "y")
    a = (2 * x).named("a")
    b = (1 / x).named("b")
    c = (x + y).named("c")
    d = (a + b).named("d")
    z = (d / c).named("z")
    return x, y, a, b, c, d, z


# (name, function of one variable v (a Value or a Dual), its derivative at a float, two points)
RULES = [
    ("v + 3", lambda v: v + 3, lambda t: 1.0, (0.5, -2.0)),
    ("3 + v", lambda v: 3 + v, lambda t: 1.0, (0.5, -2.0)),
    ("v - 3", lambda v: v - 3, lambda t: 1.0, (0.5, -2.0)),
    ("3 - v", lambda v: 3 - v, lambda t: -1.0, (0.5, -2.0)),
    ("v * 3", lambda v: v * 3, lambda t: 3.0, (0.5, -2.0)),
    ("3 * v", lambda v: 3 * v, lambda t: 3.0, (0.5, -2.0)),
    ("v / 4", lambda v: v / 4, lambda t: 0.25, (0.5, -2.0)),
    ("4 / v", lambda v: 4 / v, lambda t: -4 / t**2, (0.5, -2.0)),
    ("-v", lambda v: -v, lambda t: -1.0, (0.5, -2.0)),
    ("v ** 3", lambda v: v**3, lambda t: 3 * t**2, (0.5, -2.0)),
    ("v ** -2", lambda v: v**-2, lambda t: -2 * t**-3, (0.5, -2.0)),
    ("v ** 0.5", lambda v: v**0.5, lambda t: 0.5 * t**-0.5, (0.5, 2.0)),
    ("v ** 0", lambda v: v**0, lambda t: 0.0, (0.0, -2.0)),
    ("exp(v)", lambda v: v.exp(), math.exp, (0.5, -2.0)),
    ("log(v)", lambda v: v.log(), lambda t: 1 / t, (0.5, 2.0)),
    ("tanh(v)", lambda v: v.tanh(), lambda t: 1 - math.tanh(t) ** 2, (0.5, -2.0)),
    (
        "sigmoid(v)",
        lambda v: v.sigmoid(),
        lambda t: math.exp(-t) / (1 + math.exp(-t)) ** 2,
        (0.5, -2.0),
    ),
    ("v * v", lambda v: v * v, lambda t: 2 * t, (0.5, -2.0)),
    ("v + v", lambda v: v + v, lambda t: 2.0, (0.5, -2.0)),
    ("v / v", lambda v: v / v, lambda t: 0.0, (0.5, -2.0)),
    ("v * v / v", lambda v: v * v / v, lambda t: 1.0, (0.5, -2.0)),
]
RULE_IDS = [rule[0] for rule in RULES]


def stable_sigmoid(t):
    return 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t))


class FloatOps:
    """Elementary functions on plain floats (for finite differences)."""

    exp, log, tanh, sigmoid = math.exp, math.log, math.tanh, staticmethod(stable_sigmoid)


class MethodOps:
    """Elementary functions as methods, as labcode's Value and Dual provide them (constant
    subtrees stay plain floats)."""

    exp = staticmethod(lambda v: v.exp() if hasattr(v, "exp") else math.exp(v))
    log = staticmethod(lambda v: v.log() if hasattr(v, "log") else math.log(v))
    tanh = staticmethod(lambda v: v.tanh() if hasattr(v, "tanh") else math.tanh(v))
    sigmoid = staticmethod(lambda v: v.sigmoid() if hasattr(v, "sigmoid") else stable_sigmoid(v))


def tf_ops(tf):
    def f64(fn):
        return staticmethod(lambda v: fn(tf.convert_to_tensor(v, dtype=tf.float64)))

    class TFOps:
        exp, log, tanh, sigmoid = f64(tf.exp), f64(tf.math.log), f64(tf.tanh), f64(tf.sigmoid)

    return TFOps


def evaluate(tree, x, y, ops):
    """Evaluate an expression tree; every domain is safe by construction (log(u² + 1) ...)."""
    op, *args = tree
    if op == "x":
        return x
    if op == "y":
        return y
    if op == "const":
        return args[0]
    if op in ("neg", "exp", "tanh", "sigmoid", "log", "square", "pow"):
        u = evaluate(args[0], x, y, ops)
        if op == "neg":
            return -u
        if op == "log":
            return ops.log(u * u + 1)
        if op == "square":
            return u**2
        if op == "pow":
            return (u * u + 1) ** args[1]
        return getattr(ops, op)(u)
    if op in ("radd", "rsub", "rmul", "rdiv"):  # a constant on the left
        c, u = args[0], evaluate(args[1], x, y, ops)
        return {
            "radd": lambda: c + u,
            "rsub": lambda: c - u,
            "rmul": lambda: c * u,
            "rdiv": lambda: c / (u * u + 1),
        }[op]()
    u, v = evaluate(args[0], x, y, ops), evaluate(args[1], x, y, ops)
    return {
        "add": lambda: u + v,
        "sub": lambda: u - v,
        "mul": lambda: u * v,
        "div": lambda: u / (v * v + 0.5),
    }[op]()


constants = st.sampled_from([0.5, 1.5, 2.0, 3.0, -1.0, -2.5])
leaves = st.one_of(st.just(("x",)), st.just(("y",)), constants.map(lambda c: ("const", c)))


def _extend(children):
    unary = st.sampled_from(["neg", "exp", "tanh", "sigmoid", "log", "square"])
    binary = st.sampled_from(["add", "sub", "mul", "div"])
    reflected = st.sampled_from(["radd", "rsub", "rmul", "rdiv"])
    return st.one_of(
        st.tuples(unary, children),
        st.tuples(st.just("pow"), children, st.sampled_from([-1.5, -1, 0.5, 3])),
        st.tuples(binary, children, children),
        st.tuples(reflected, constants, children),
    )


# Trees that use x and y at least once between them, a handful of operations deep.
expressions = st.recursive(leaves, _extend, max_leaves=6).filter(
    lambda t: "'x'" in repr(t) or "'y'" in repr(t)
)
coordinates = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False, allow_infinity=False)
