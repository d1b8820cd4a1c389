"""Checkers for the coding exercises: run a student's function and say what is likely wrong.

Ng's public tests, with diagnoses. ``check_<name>(student_function)`` calls the student's
function, which has the signature of labcode's function of the same name (the reference), on
two or more inputs, so that a hard-coded answer fails, and compares the results:

- all right: one pass line is printed, ``<name>: all N tests passed.``;
- still the skeleton, raising ``NotImplementedError``: ``<name>: not implemented yet.`` is
  printed and nothing is raised, so an exercise notebook runs from top to bottom;
- wrong: an ``AssertionError`` says which test failed and names the likely mistake (a missing
  1/m, a flipped sign, sigma' where tanh' belongs, a transposed shape, an ignored learning rate,
  a tape that watches nothing, ...), found by comparing the result with the reference's and
  with planted mistakes computed from it. An exception raised by the student's function, and
  a result of the wrong type or shape, become an ``AssertionError`` too: a student's bug is
  the normal case, and the checker itself never fails with another exception.

Messages carry shapes, counts and formulas; the pass and skeleton lines carry no computed
number at all, so an executed notebook prints the same text on every machine.
"""

import math
import warnings

import numpy as np

from labcode import calculus, engine, logreg, losses, nn, tapes
from labcode.tfsetup import import_tensorflow

# --- the machinery shared by every checker ---------------------------------------------------


class _Skeleton(Exception):
    """The student's function still raises NotImplementedError."""


class _Check:
    """One checker run: ``with _Check(name, fn) as c:``, then ``c.test(...)`` and ``c.call(...)``.

    Leaving the block prints the pass line, or "not implemented yet" for a skeleton (and
    swallows it); an unexpected exception of the checker's own becomes an AssertionError.
    """

    def __init__(self, name, function):
        if not callable(function):
            raise AssertionError(
                f"check_{name} takes your function itself, as in "
                f"check_{name}({name}); got {type(function).__name__}"
            )
        self.name, self.function = name, function
        self.tests, self.where = 0, ""

    def __enter__(self):
        return self

    def test(self, description):
        """Start the next test; ``description`` says what its input is."""
        self.tests += 1
        self.where = f"test {self.tests} ({description})"

    def fail(self, message):
        raise AssertionError(f"{self.name}, {self.where}: {message}")

    def call(self, *args, **kwargs):
        """The student's function on ``args``, NumPy's warnings silenced (the checks judge)."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return self.function(*args, **kwargs)
        except NotImplementedError:
            raise _Skeleton() from None
        except Exception as exc:
            hint = next((h for pattern, h in _HINTS if pattern in str(exc)), "")
            raise AssertionError(
                f"{self.name}, {self.where}: raised {type(exc).__name__}: {exc}{hint}"
            ) from exc

    def __exit__(self, kind, exc, traceback):
        if kind is None:
            print(f"{self.name}: all {self.tests} tests passed.")
            return False
        if issubclass(kind, _Skeleton):
            print(f"{self.name}: not implemented yet.")
            return True
        if issubclass(kind, Exception) and not issubclass(kind, AssertionError):
            raise AssertionError(
                f"{self.name}, {self.where}: returned something the check "
                f"cannot read ({kind.__name__}: {exc})"
            ) from exc
        return False


# Hints for the messages of exceptions a wrong function typically raises.
_PRODUCT = " (a matrix product of shapes that do not fit: check which factor is transposed)"
_HINTS = (
    ("matmul", _PRODUCT),
    ("not aligned", _PRODUCT),
    ("could not be broadcast", " (arrays of shapes that do not fit: check the shapes)"),
    ("non-persistent", " (a tape gives one gradient: nest a second tape around the first)"),
    (
        "but received None",
        " (an inner gradient was None: a tape that watches nothing? A "
        "constant x needs tape.watch(x) on every tape)",
    ),
    ("required positional argument", " (the signature should be labcode's, defaults included)"),
)


def _array(c, value, what):
    """``value`` as a float64 array, or the check fails saying what came back instead."""
    if value is None:
        c.fail(f"{what} is None: a `return` is missing?")
    if isinstance(value, (str, bytes)):
        c.fail(f"{what} should be numbers, got {type(value).__name__}")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        c.fail(f"{what} should be numbers, got {type(value).__name__}")


def _number(c, value, what):
    """``value`` as a float; a one-element array fails with a hint."""
    a = _array(c, value, what)
    if a.ndim != 0:
        c.fail(
            f"{what} should be a single number, got an array of shape {a.shape} "
            f"(float(...) or np.squeeze(...) turns a one-element array into a number)"
        )
    return float(a)


def _dict(c, value, keys, what):
    if not isinstance(value, dict):
        c.fail(f"{what} should be a dict with keys {', '.join(keys)}; got {type(value).__name__}")
    missing = [k for k in keys if k not in value]
    if missing:
        c.fail(f"{what} has no key {', '.join(repr(k) for k in missing)}")
    return value


def _pair(c, value, what):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        c.fail(
            f"should return the pair {what}, got {type(value).__name__}"
            + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        )
    return value


def _close(got, expected, rtol):
    return got.shape == expected.shape and np.allclose(got, expected, rtol=rtol, atol=rtol * 1e-3)


def _shown(a):
    return (
        np.array2string(a, precision=4, suppress_small=True)
        if a.size <= 8
        else f"an array of shape {a.shape}"
    )


def _compare(c, got, expected, what, mistakes=(), rtol=1e-7):
    """Fail unless ``got`` equals ``expected`` (relative tolerance ``rtol``).

    ``mistakes`` are pairs (value, diagnosis): the value a planted mistake gives. The first one
    ``got`` matches names the mistake; shapes are diagnosed first.
    """
    got = _array(c, got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            c.fail(f"{what} has shape {got.shape}, expected {expected.shape}: it is transposed")
        if got.size == expected.size:
            c.fail(
                f"{what} has shape {got.shape}, expected {expected.shape}: it is flattened "
                f"or reshaped (keepdims=True keeps a sum a column or a row)"
            )
        c.fail(f"{what} has shape {got.shape}, expected {expected.shape}")
    if _close(got, expected, rtol):
        return
    for value, diagnosis in mistakes:
        if _close(got, np.asarray(value, dtype=np.float64), rtol):
            c.fail(f"{what} {diagnosis}")
    if not np.isfinite(got).all():
        c.fail(f"{what} contains inf or nan")
    c.fail(f"{what} is wrong: expected {_shown(expected)}, got {_shown(got)}")


def _unchanged(c, before, after, what):
    for key, value in before.items():
        if not np.array_equal(value, after[key]):
            c.fail(
                f"changed {what}['{key}'] in place: compute new arrays and leave the "
                f"input as it was (x = x - ..., not x -= ...)"
            )


# --- chapter 1: finite differences ------------------------------------------------------------


def _cube(x):
    return x**3


def check_central_difference(central_difference):
    """Check ``central_difference(f, x, h)``, (f(x + h) - f(x - h)) / (2h) (chapter 1)."""
    cases = [
        (_cube, "x^3", 2.0, 0.5, 12.0),
        (np.exp, "exp", -1.0, 0.1, math.exp(-1.0)),
        (np.sin, "sin", 1.0, 0.25, math.cos(1.0)),
    ]
    with _Check("central_difference", central_difference) as c:
        for f, name, x, h, exact in cases:
            c.test(f"f = {name}, x = {x:g}, h = {h:g}")
            got = _number(c, c.call(f, x, h), "the result")
            forward = (f(x + h) - f(x)) / h
            backward = (f(x) - f(x - h)) / h
            central = calculus.central_difference(f, x, h)
            if math.isclose(got, exact, rel_tol=1e-5) and not math.isclose(
                got, central, rel_tol=1e-7
            ):
                c.fail(f"returned f'(x) as for a tiny step: the step h = {h:g} was ignored")
            _compare(
                c,
                got,
                central,
                "the result",
                [
                    (
                        forward,
                        "is the forward difference (f(x + h) - f(x)) / h: the central "
                        "difference steps both ways, (f(x + h) - f(x - h)) / (2h)",
                    ),
                    (
                        backward,
                        "is the backward difference (f(x) - f(x - h)) / h: the central "
                        "difference steps both ways, (f(x + h) - f(x - h)) / (2h)",
                    ),
                    (2 * central, "is twice the central difference: divide by 2h, not by h"),
                    (-central, "has the wrong sign: f(x + h) comes first in the numerator"),
                ],
                rtol=1e-9,
            )


def _f_xy(x, y):
    return x**2 * y + x * y**3


def _f_xyz(x, y, z):
    return x * y * z + np.exp(x) * y**2 - np.sin(z)


def check_numerical_gradient(numerical_gradient):
    """Check ``numerical_gradient(f, point, h)``, central differences (chapter 1)."""
    cases = [
        (_f_xy, "x^2 y + x y^3", (1.0, 2.0), 0.1),
        (_f_xyz, "x y z + exp(x) y^2 - sin(z)", np.array([0.5, -1.0, 2.0]), 0.01),
    ]
    with _Check("numerical_gradient", numerical_gradient) as c:
        for f, name, point, h in cases:
            c.test(f"f = {name} at {tuple(float(v) for v in point)}, h = {h:g}")
            given = np.array(point, dtype=np.float64)
            got = c.call(f, point, h)
            if not np.array_equal(np.asarray(point, dtype=np.float64), given):
                c.fail("changed the point it was given: nudge a copy of it")
            p = given
            n = p.size
            e = np.eye(n) * h
            expected = calculus.numerical_gradient(f, p, h)
            ones = (f(*(p + h)) - f(*(p - h))) / (2 * h)
            forward = np.array([(f(*(p + e[i])) - f(*p)) / h for i in range(n)])
            moved, unrestored = p.copy(), []
            for i in range(n):
                moved[i] += h
                up = f(*moved)
                moved[i] -= 2 * h
                unrestored.append((up - f(*moved)) / (2 * h))
            _compare(
                c,
                got,
                expected,
                "the gradient",
                [
                    (
                        np.full(n, ones),
                        "has every entry equal: all coordinates were nudged at once. "
                        "Nudge coordinate i alone, by h e_i, holding the others fixed",
                    ),
                    (
                        forward,
                        "holds forward differences: use central differences, "
                        "(f(p + h e_i) - f(p - h e_i)) / (2h)",
                    ),
                    (2 * expected, "is twice the gradient: divide by 2h, not by h"),
                    (-expected, "has the wrong sign: f(p + h e_i) comes first in the numerator"),
                    (
                        expected[::-1],
                        "lists the partial derivatives in reverse order: entry i is "
                        "the derivative in coordinate i",
                    ),
                    (
                        unrestored,
                        "was taken at a moving point: after nudging coordinate i, put it "
                        "back before the next one",
                    ),
                ],
                rtol=1e-9,
            )


# --- chapter 2: gradient tapes ----------------------------------------------------------------


def _tape_cases(tf):
    return [
        (lambda x: x**3, "f(x) = x^3", tf.constant(1.5)),
        (lambda x: x * tf.sin(x), "f(x) = x sin(x)", tf.constant([0.5, 1.0, 2.0])),
    ]


_NO_WATCH = (
    "is None for a tf.constant x: a tape that watches nothing. A tape records "
    "trainable tf.Variables by itself; a constant needs tape.watch(x) before f(x)"
)
_NOT_RECORDED = (
    "is None: the tape recorded nothing that connects f(x) to x. Compute "
    "y = f(x) inside the `with tf.GradientTape() as tape:` block, after "
    "tape.watch(x), and return tape.gradient(y, x) (target first, then source)"
)


def _none_diagnosis(c, tf, f, x):
    """Why a tape function gave None: does it work on a variable, which is watched anyway?"""
    try:
        with tapes.captured_tf_log(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            on_variable = c.function(f, tf.Variable(x))
    except Exception:
        return _NOT_RECORDED
    first = on_variable[0] if isinstance(on_variable, (tuple, list)) else on_variable
    return _NO_WATCH if first is not None else _NOT_RECORDED


def _tape_calls(c, tf):
    """(f, x, the student's result) for each tape test, with TensorFlow's log kept quiet."""
    for f, name, x in _tape_cases(tf):
        c.test(f"{name} at x = {np.array2string(x.numpy())}")
        with tapes.captured_tf_log():
            got = c.call(f, x)
        yield f, x, got


def check_get_derivative(get_derivative):
    """Check ``get_derivative(f, x)``, f'(x) by one ``tf.GradientTape`` (chapter 2)."""
    with _Check("get_derivative", get_derivative) as c:
        tf = import_tensorflow()
        for f, x, got in _tape_calls(c, tf):
            if got is None:
                c.fail("the result " + _none_diagnosis(c, tf, f, x))
            _compare(
                c,
                got,
                tapes.get_derivative(f, x),
                "the result",
                [
                    (f(x), "is f(x) itself: return the gradient, tape.gradient(y, x)"),
                ],
                rtol=1e-5,
            )


def check_get_second_derivative(get_second_derivative):
    """Check ``get_second_derivative(f, x)``, (f'(x), f''(x)) by nested tapes (chapter 2)."""
    with _Check("get_second_derivative", get_second_derivative) as c:
        tf = import_tensorflow()
        for f, x, got in _tape_calls(c, tf):
            got = _pair(c, got, "(f'(x), f''(x))")
            first, second = tapes.get_second_derivative(f, x)
            if got[0] is None:
                c.fail("f'(x) " + _none_diagnosis(c, tf, f, x))
            if got[1] is None:
                c.fail(
                    "f''(x) is None: the outer tape did not record how f'(x) was computed. "
                    "Let the outer tape watch x too, and call inner.gradient(y, x) inside "
                    "the outer `with` block"
                )
            swapped = "is f''(x): the pair is (f'(x), f''(x)), in this order"
            _compare(c, got[0], first, "f'(x)", [(second, swapped)], rtol=1e-5)
            _compare(
                c,
                got[1],
                second,
                "f''(x)",
                [
                    (
                        first,
                        "is f'(x) again: differentiate the first derivative once more, "
                        "outer.gradient(dy_dx, x)",
                    ),
                ],
                rtol=1e-5,
            )


# --- chapter 3: the reverse-mode engine ---------------------------------------------------------


def _equation3():
    """The handout's equation 3 (at x = 2, y = 1: at x = 1 its three paths cancel)."""
    x, y = engine.Value(2.0, "x"), engine.Value(1.0, "y")
    return ((2 * x + 1 / x) / (x + y)).named("z")


def _shared_square():
    """A node used twice by one operation (a * a) and once more by another."""
    x, y = engine.Value(0.5, "x"), engine.Value(-1.5, "y")
    a = (x * y).named("a")
    return (a * a + a).tanh().named("z")


_GRAPHS = [
    (_equation3, "z = (2x + 1/x) / (x + y), x = 2, y = 1"),
    (_shared_square, "z = tanh(a * a + a), a = x y, x = 0.5, y = -1.5"),
]


def check_topological_order(topological_order):
    """Check ``topological_order(root)``, every node once, parents first (chapter 3)."""
    with _Check("topological_order", topological_order) as c:
        for build, name in _GRAPHS:
            c.test(name)
            root = build()
            got = c.call(root)
            if isinstance(got, (set, frozenset, dict)) or not hasattr(got, "__iter__"):
                c.fail(
                    f"should return a list of nodes, got {type(got).__name__} (a set has no order)"
                )
            got = list(got)
            strangers = [v for v in got if not isinstance(v, engine.Value)]
            if strangers:
                c.fail(f"should list Value nodes, but it lists a {type(strangers[0]).__name__}")
            nodes = engine.topological_order(root)
            ids = [id(v) for v in got]
            listed = set(ids)
            if len(listed) < len(ids):
                twice = next(v for v in got if ids.count(id(v)) > 1)
                c.fail(
                    f"lists node {twice.expr()} more than once: a node reached along two "
                    f"paths must be listed once (remember the visited nodes in a set)"
                )
            missing = [v for v in nodes if id(v) not in listed]
            if missing:
                c.fail(
                    f"misses {len(missing)} of the {len(nodes)} nodes, e.g. "
                    f"{missing[0].expr()}: follow the parents recursively, down to the inputs"
                )
            if len(got) > len(nodes):
                c.fail("lists nodes that are not part of this graph")
            position = {id(v): i for i, v in enumerate(got)}
            edges = [(p, v) for v in nodes for p in v.parents]
            late = [(p, v) for p, v in edges if position[id(p)] > position[id(v)]]
            if late and len(late) == len(edges):
                c.fail(
                    "lists every node before its parents: that is the reverse of a "
                    "topological order (add a node after its parents, or reverse the list)"
                )
            if late:
                p, v = late[0]
                c.fail(
                    f"lists {v.expr()} before its parent {p.expr()}: a node may only "
                    f"come after all its parents"
                )


def _grads(root):
    return [v.grad for v in engine.topological_order(root)]


def check_backward(backward):
    """Check ``backward(root)``, which sets ``grad`` = d root / d node on every node (chapter 3).

    It must work like ``Value.backward``: reset the gradients, seed the root with 1, then
    apply the chain rule in reverse topological order, adding where paths meet.
    """
    with _Check("backward", backward) as c:
        for build, name in _GRAPHS:
            c.test(name)
            root = build()
            c.call(root)
            nodes = engine.topological_order(root)
            got = [_number(c, v.grad, f"the grad of {v.expr()}") for v in nodes]
            reference = build()
            reference.backward()
            expected = _grads(reference)
            wrong = [
                i
                for i, (g, e) in enumerate(zip(got, expected))
                if not math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12)
            ]
            if not wrong:
                continue
            if wrong[-1] == len(nodes) - 1:
                c.fail(
                    f"the output's grad is {got[-1]:g}: seed it with 1 (dz/dz = 1) before "
                    f"the backward sweep"
                )
            node = nodes[wrong[-1]]  # the wrong node nearest the output: its children are right
            uses = sum(p is node for v in nodes for p in v.parents)
            if got[wrong[-1]] == 0:
                c.fail(
                    f"the grad of {node.expr()} is 0 although the nodes it feeds have the "
                    f"right grads: it handed its gradient on before receiving it. Visit "
                    f"the nodes in reverse topological order, children before parents"
                )
            if uses > 1:
                c.fail(
                    f"the grad of {node.expr()}, which feeds {uses} operations, is wrong: "
                    f"gradients add where paths meet (parent.grad += local * node.grad)"
                )
            c.fail(
                f"the grad of {node.expr()} is wrong although the nodes it feeds have the "
                f"right grads: each node adds local derivative * its child's grad"
            )
        c.test("two calls on the graph of test 1")
        root = _equation3()
        c.call(root)
        c.call(root)
        reference = _equation3()
        reference.backward()
        if not np.allclose(_grads(root), _grads(reference), rtol=1e-9, atol=1e-12):
            c.fail(
                "a second call changed the gradients: set every node's grad to 0 "
                "before the sweep, as Value.backward does"
            )


# --- chapter 4: logistic regression ----------------------------------------------------------


def _logreg_case(seed, n_x, m):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    w = rng.randn(n_x, 1)
    b = float(rng.randn())
    Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
    return w, b, X, Y


def check_propagate(propagate):
    """Check ``propagate(w, b, X, Y)``, which returns ``({"dw", "db"}, cost)`` (chapter 4)."""
    with _Check("propagate", propagate) as c:
        for seed, n_x, m in [(1, 2, 5), (2, 3, 8)]:
            c.test(f"n_x = {n_x}, m = {m}")
            w, b, X, Y = _logreg_case(seed, n_x, m)
            got = _pair(c, c.call(w.copy(), b, X.copy(), Y.copy()), "(grads, cost)")
            grads = _dict(c, got[0], ("dw", "db"), "grads")
            ref, cost = logreg.propagate(w, b, X, Y)
            A = losses.sigmoid(w.T @ X + b)
            Z = w.T @ X + b
            no_sigmoid = X @ (Z - Y).T / m
            _compare(
                c,
                grads["dw"],
                ref["dw"],
                "dw",
                [
                    (
                        m * ref["dw"],
                        f"is m = {m} times too large: the 1/m of the average is "
                        f"missing, dw = X (A - Y)^T / m",
                    ),
                    (-ref["dw"], "has the wrong sign: dZ = A - Y, not Y - A"),
                    (no_sigmoid, "uses Z - Y: the error is A - Y, with A = sigmoid(Z)"),
                ],
            )
            db = _array(c, grads["db"], "db")
            if db.size != 1:
                c.fail(
                    f"db has shape {db.shape}: it is one number, the sum of A - Y over the "
                    f"examples divided by m"
                )
            _compare(
                c,
                float(db.reshape(())),
                ref["db"],
                "db",
                [
                    (m * ref["db"], f"is m = {m} times too large: db = sum(A - Y) / m"),
                    (-ref["db"], "has the wrong sign: dZ = A - Y, not Y - A"),
                ],
            )
            only_y = float(-np.mean(Y * np.log(A)))
            _compare(
                c,
                _number(c, got[1], "the cost"),
                cost,
                "the cost",
                [
                    (m * cost, f"is m = {m} times too large: the cost averages over the examples"),
                    (-cost, "has the wrong sign: J = -(1/m) sum(Y log A + (1 - Y) log(1 - A))"),
                    (only_y, "misses the term (1 - Y) log(1 - A): examples with label 0 count too"),
                ],
            )


def check_bce_with_logits(bce_with_logits):
    """Check ``bce_with_logits(z, y)``, the stable cross-entropy from logits (chapter 4)."""
    cases = [np.array([[-2.0, -0.5, 0.3, 1.7, 3.0]]), np.array([[-800.0, -40.0, 0.0, 40.0, 800.0]])]
    labels = [np.array([[0.0, 1.0, 1.0, 0.0, 1.0]]), np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])]
    with _Check("bce_with_logits", bce_with_logits) as c:
        for z, y in zip(cases, labels):
            c.test(f"logits from {z.min():g} to {z.max():g}")
            got = _number(c, c.call(z.copy(), y.copy()), "the cost")
            expected = losses.bce_with_logits(z, y)
            if not math.isfinite(got):
                c.fail(
                    "the cost is not finite at large logits: exp overflowed or a probability "
                    "rounded to 0 or 1. Compute max(z, 0) - z y + log(1 + exp(-|z|)): exp "
                    "then only sees -|z| <= 0"
                )
            m = z.shape[1]
            per_example = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
            _compare(
                c,
                got,
                expected,
                "the cost",
                [
                    (m * expected, f"is m = {m} times too large: average the losses, not sum them"),
                    (
                        float(np.mean(per_example + z * y)),
                        "has the wrong sign of z y: the loss is "
                        "max(z, 0) - z y + log(1 + exp(-|z|))",
                    ),
                    (
                        float(np.mean(per_example - np.maximum(z, 0) - z * y)),
                        "misses max(z, 0): the loss is max(z, 0) - z y + log(1 + exp(-|z|))",
                    ),
                    (
                        losses.bce(losses.sigmoid(z), y),
                        "is the clipped cross-entropy of sigmoid(z): take the logs of the logits, "
                        "max(z, 0) - z y + log(1 + exp(-|z|)), not of rounded probabilities",
                    ),
                ],
                rtol=1e-9,
            )


# --- chapter 5: the one-hidden-layer network --------------------------------------------------


def _network_case(seed, n_x, n_h, m):
    """Parameters with every entry of order 1 (so tanh is far from linear), X and Y."""
    rng = np.random.RandomState(seed)
    parameters = {
        "W1": rng.randn(n_h, n_x),
        "b1": 0.5 * rng.randn(n_h, 1),
        "W2": rng.randn(1, n_h),
        "b2": 0.5 * rng.randn(1, 1),
    }
    X = rng.randn(n_x, m)
    Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
    return parameters, X, Y


_NETWORK_CASES = [(1, 2, 4, 5), (2, 3, 2, 7)]


def _copy(parameters):
    return {k: np.array(v) for k, v in parameters.items()}


def check_forward_propagation(forward_propagation):
    """Check ``forward_propagation(X, parameters)``, ``(A2, cache)`` (chapter 5)."""
    with _Check("forward_propagation", forward_propagation) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, _ = _network_case(seed, n_x, n_h, m)
            given = _copy(p)
            got = _pair(c, c.call(X.copy(), given), "(A2, cache)")
            _unchanged(c, p, given, "parameters")
            A2, cache = nn.forward_propagation(X, p)
            Z1, A1, Z2 = cache["Z1"], cache["A1"], cache["Z2"]
            sigmoid_hidden = losses.sigmoid(p["W2"] @ losses.sigmoid(Z1) + p["b2"])
            no_b1 = losses.sigmoid(p["W2"] @ np.tanh(p["W1"] @ X) + p["b2"])
            _compare(
                c,
                got[0],
                A2,
                "A2",
                [
                    (sigmoid_hidden, "uses the sigmoid in the hidden layer: A1 = tanh(Z1)"),
                    (np.tanh(Z2), "uses tanh at the output: A2 = sigmoid(Z2), a probability"),
                    (Z2, "is Z2: apply the sigmoid, A2 = sigmoid(Z2)"),
                    (
                        losses.sigmoid(p["W2"] @ Z1 + p["b2"]),
                        "skips the hidden activation: A1 = tanh(Z1)",
                    ),
                    (no_b1, "misses the bias b1: Z1 = W1 X + b1"),
                    (losses.sigmoid(p["W2"] @ A1), "misses the bias b2: Z2 = W2 A1 + b2"),
                ],
            )
            got_cache = _dict(c, got[1], ("Z1", "A1", "Z2", "A2"), "the cache")
            for key in ("Z1", "A1", "Z2", "A2"):
                _compare(c, got_cache[key], cache[key], f"cache['{key}']")


def check_compute_cost(compute_cost):
    """Check ``compute_cost(A2, Y)``, the cross-entropy cost as a number (chapter 5)."""
    with _Check("compute_cost", compute_cost) as c:
        for seed, m in [(1, 5), (2, 8)]:
            c.test(f"m = {m}")
            rng = np.random.RandomState(seed)
            A2 = rng.uniform(0.05, 0.95, (1, m))
            Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
            got = _number(c, c.call(A2.copy(), Y.copy()), "the cost")
            cost = nn.compute_cost(A2, Y)
            _compare(
                c,
                got,
                cost,
                "the cost",
                [
                    (m * cost, f"is m = {m} times too large: the 1/m of the average is missing"),
                    (-cost, "has the wrong sign: J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))"),
                    (
                        -np.mean(Y * np.log(A2)),
                        "misses the term (1 - Y) log(1 - A2): examples with label 0 count too",
                    ),
                    (
                        -np.mean(Y * np.log(1 - A2) + (1 - Y) * np.log(A2)),
                        "has the two logs swapped: Y goes with log A2, 1 - Y with log(1 - A2)",
                    ),
                ],
            )


def check_backward_propagation(backward_propagation):
    """Check ``backward_propagation(parameters, cache, X, Y)``, the four gradients (chapter 5)."""
    with _Check("backward_propagation", backward_propagation) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, Y = _network_case(seed, n_x, n_h, m)
            _, cache = nn.forward_propagation(X, p)
            got = _dict(
                c,
                c.call(_copy(p), _copy(cache), X.copy(), Y.copy()),
                nn.GRADIENT_KEYS,
                "the result",
            )
            ref = nn.backward_propagation(p, cache, X, Y)
            A1, dZ2 = cache["A1"], cache["A2"] - Y
            back = p["W2"].T @ dZ2
            wrong_dZ1 = {
                "uses sigma'(Z1) = A1 (1 - A1) where tanh'(Z1) = 1 - A1^2 belongs": back
                * A1
                * (1 - A1),
                "misses the factor tanh'(Z1) = 1 - A1^2": back,
            }
            for key in ("dW2", "db2", "dW1", "db1"):
                layer = key[-1]
                mistakes = [
                    (
                        m * ref[key],
                        f"is m = {m} times too large: the 1/m of the "
                        f"average is missing, {key} = ... / m",
                    ),
                    (-ref[key], "has the wrong sign: dZ2 = A2 - Y, not Y - A2"),
                ]
                if layer == "1":
                    for diagnosis, dZ1 in wrong_dZ1.items():
                        value = dZ1 @ X.T / m if key == "dW1" else dZ1.sum(1, keepdims=True) / m
                        mistakes.append((value, diagnosis))
                g = _array(c, got[key], key)
                if key.startswith("db") and g.shape == (ref[key].shape[0], m):
                    c.fail(
                        f"{key} has shape {g.shape}: sum dZ{layer} over the examples, "
                        f"np.sum(dZ{layer}, axis=1, keepdims=True) / m"
                    )
                _compare(c, g, ref[key], key, mistakes)


def check_update_parameters(update_parameters):
    """Check ``update_parameters(parameters, grads, learning_rate=1.2)`` (chapter 5)."""
    with _Check("update_parameters", update_parameters) as c:
        for (seed, n_x, n_h, m), rate in zip(
            _NETWORK_CASES + _NETWORK_CASES[:1], (0.5, 0.01, None)
        ):
            c.test(
                f"n_x = {n_x}, n_h = {n_h}, "
                + ("the default learning_rate" if rate is None else f"learning_rate = {rate}")
            )
            p, X, Y = _network_case(seed, n_x, n_h, m)
            grads = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
            given = _copy(p)
            got = c.call(given, dict(grads)) if rate is None else c.call(given, dict(grads), rate)
            _unchanged(c, p, given, "parameters")
            got = _dict(c, got, nn.PARAMETER_KEYS, "the result")
            ref = (
                nn.update_parameters(p, grads)
                if rate is None
                else nn.update_parameters(p, grads, rate)
            )
            used = 1.2 if rate is None else rate
            for key in nn.PARAMETER_KEYS:
                step = grads["d" + key]
                ignored = [
                    (
                        p[key] - r * step,
                        f"uses the learning rate {r:g} by default: the default is 1.2"
                        if rate is None
                        else f"ignores the learning rate ({used:g}): "
                        f"{key} - learning_rate * d{key}",
                    )
                    for r in (1.0, 1.2, 0.01, 0.5)
                    if r != used
                ]
                _compare(
                    c,
                    got[key],
                    ref[key],
                    key,
                    ignored
                    + [
                        (
                            p[key] + used * step,
                            f"moved up the gradient: {key} - learning_rate * d{key}, with a minus",
                        ),
                    ],
                )
