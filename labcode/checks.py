"""Input checks of every labcode function, in one place (all chapters).

A public function starts with one line that calls in here, then does its math. Each check
returns its input in the form the math needs (a float, an int, a float64 array) or raises
ValueError with a message that names the argument, says what was expected and shows what was
given. ``bool`` is refused wherever a number is expected: ``learning_rate=True`` is a bug, not
a rate of 1.
"""

import math
import numbers
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")

# --- numbers and functions ----------------------------------------------------------------


def is_real(value: Any) -> bool:
    """True for an int, float or Fraction (NumPy's too), False for bool, complex and the rest."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(name: str, value: Any, exact_ints: bool = False) -> float | Fraction | int:
    """``value`` as a finite float; a Fraction, and with ``exact_ints`` an int, stays exact."""
    if not is_real(value):
        raise ValueError(f"{name} must be a real number (int, float or Fraction), got {value!r}")
    if isinstance(value, Fraction) or (exact_ints and isinstance(value, int)):
        return value
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def positive(name: str, value: Any) -> float:
    """A positive finite number as a float: a learning rate, a step h, an epsilon."""
    if not (is_real(value) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def count(name: str, value: Any, at_least: int = 1) -> int:
    """An integer >= ``at_least`` as an int: a size, a number of iterations, a grid resolution."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < at_least:
        expected = "a positive integer" if at_least == 1 else f"an integer >= {at_least}"
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return int(value)


def index(name: str, value: Any, size: int) -> int:
    """An integer index into a sequence of ``size`` items."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value < size:
        raise ValueError(f"{name} must be an integer index in 0..{size - 1}, got {value!r}")
    return int(value)


def function(name: str, value: Any, signature: str = "") -> Callable:
    """A callable; ``signature`` says in the message what it should take and return."""
    if not callable(value):
        raise ValueError(f"{name} must be a function{signature}, got {type(value).__name__}")
    return value


def scalar_function(name: str, f: Any) -> Callable[..., float]:
    """``f`` wrapped so that every call returns a float, or raises if f returns a non-scalar."""
    function(name, f)

    def checked(*args):
        y = f(*args)
        if not (is_real(y) or (np.ndim(y) == 0 and np.asarray(y).dtype.kind in "iuf")):
            raise ValueError(f"{name} must return a real scalar, got {y!r}")
        return float(y)

    return checked


def pair_of_names(
    name: str, value: Sequence[str] | None, default: tuple[str, str]
) -> tuple[str, str]:
    """Two strings (axis labels, class names), or ``default`` for None."""
    if value is None:
        return default
    value = tuple(value)
    if len(value) != 2 or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be two strings, got {value!r}")
    return value


def interval(name: str, value: Any) -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high, such as a plot's xlim."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{name} must be finite with low < high, got {value!r}")
    return low, high


def descent(num_iterations: Any, learning_rate: Any, print_every: Any) -> tuple[int, float, int]:
    """A gradient-descent loop's settings: iterations >= 0, a rate > 0, print every k >= 1."""
    return (
        count("num_iterations", num_iterations, at_least=0),
        positive("learning_rate", learning_rate),
        count("print_every", print_every),
    )


# --- arrays -------------------------------------------------------------------------------


def array(name: str, value: ArrayLike, shape: str) -> np.ndarray:
    """``value`` as a float64 array (itself, if it is one), if it is numeric; ``shape`` is the
    expected shape, for the message. labcode never changes an input array in place."""
    a = np.asarray(value)
    if a.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a numeric array of shape {shape}, got dtype {a.dtype}")
    return a.astype(np.float64, copy=False)


def _first_bad(values: np.ndarray, ok: np.ndarray) -> str:
    bad = values[~ok]
    return f"{bad.size} value(s) are not, e.g. {bad.flat[0].item()!r}"


def finite(name: str, a: np.ndarray, what: str = "finite numbers") -> np.ndarray:
    """The numeric array ``a`` unchanged, if every entry is finite."""
    ok = np.isfinite(a)
    if not ok.all():
        raise ValueError(f"{name} must hold {what}; {_first_bad(a, ok)}")
    return a


def grid_values(name: str, values: ArrayLike, shape: tuple[int, ...]) -> np.ndarray:
    """Values of a function on a grid of ``shape`` (a constant is broadcast), all finite."""
    a = array(name, values, str(shape))
    try:
        a = np.broadcast_to(a, shape)
    except ValueError:
        raise ValueError(f"{name} must have the grid's shape {shape}, got {a.shape}") from None
    return finite(name, a, "finite values on the whole grid")


def vector(name: str, value: ArrayLike) -> np.ndarray:
    """A non-empty 1-D sequence of finite numbers (a point, a direction) as float64."""
    try:
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of finite numbers, got {value!r}") from None
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {v.shape}")
    return finite(name, v)


def direction(value: ArrayLike, size: int) -> np.ndarray:
    """A non-zero vector of ``size`` finite coordinates (a direction at a point)."""
    d = vector("direction", value)
    if d.size != size:
        raise ValueError(f"direction must have {size} coordinates like point, got {d.size}")
    if not d.any():
        raise ValueError("direction must be a non-zero vector")
    return d


def loglog_data(hs: ArrayLike, errors: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Steps and errors: 1-D, of one length >= 2, positive and finite (to take logarithms)."""
    h, e = np.asarray(hs, dtype=np.float64), np.asarray(errors, dtype=np.float64)
    if h.ndim != 1 or h.shape != e.shape or h.size < 2:
        raise ValueError(
            f"hs and errors must be 1-D arrays of the same length >= 2, got {h.shape} and {e.shape}"
        )
    if not (np.isfinite(h).all() and (h > 0).all() and np.isfinite(e).all() and (e > 0).all()):
        raise ValueError("hs and errors must be positive and finite to take logarithms")
    return h, e


def row(name: str, value: ArrayLike) -> np.ndarray:
    """A float64 row of shape (1, m), m >= 1: one entry per example."""
    v = array(name, value, "(1, m)")
    if v.ndim != 2 or v.shape[0] != 1 or v.shape[1] == 0:
        raise ValueError(
            f"{name} must have shape (1, m) with one example per column, got shape {v.shape}"
        )
    return v


def rows(a_name: str, a: ArrayLike, b_name: str, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Two rows (1, m) of the same shape, such as predictions and labels."""
    a, b = row(a_name, a), row(b_name, b)
    if a.shape != b.shape:
        raise ValueError(
            f"{a_name} and {b_name} must have the same shape (1, m), got {a.shape} and {b.shape}"
        )
    return a, b


def within(name: str, values: np.ndarray, low: float, high: float, what: str) -> np.ndarray:
    """``values`` unchanged if every entry lies in [low, high] (nan does not)."""
    ok = (values >= low) & (values <= high)
    if not ok.all():
        raise ValueError(
            f"{name} must hold {what} in [{low:g}, {high:g}]; {_first_bad(values, ok)}"
        )
    return values


def labels(Y: ArrayLike, m: int | None = None, match: str = "X", name: str = "Y") -> np.ndarray:
    """A row (1, m) of labels 0 or 1 as float64; ``m`` is the number of columns of ``match``."""
    shape = np.shape(Y)
    if m is not None and shape != (1, m):
        hint = " (use Y.reshape(1, -1))" if math.prod(shape) == m else ""
        raise ValueError(
            f"{name} must be a row of labels, one column per example: expected "
            f"shape (1, m) with m = {m} to match {match}, got {shape}{hint}"
        )
    Y = row(name, Y)
    ok = (Y == 0) | (Y == 1)
    if not ok.all():
        raise ValueError(f"{name} must hold labels 0 or 1; {_first_bad(Y, ok)}")
    return Y


def probabilities_and_labels(a: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Rows (1, m) of probabilities in [0, 1] and of labels 0 or 1 (a cross-entropy's input)."""
    a, y = rows("a", a, "y", y)
    return within("a", a, 0, 1, "probabilities"), labels(y, name="y")


def logits_and_targets(z: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Rows (1, m) of finite logits and of target probabilities in [0, 1] (soft labels too)."""
    z, y = rows("z", z, "y", y)
    return finite("z", z, "finite logits"), within("y", y, 0, 1, "target probabilities")


# --- data: X (n_x, m), one example per column, and labels Y (1, m) ------------------------


def examples(X: ArrayLike, n_x: int | None = None, match: str | tuple = "") -> np.ndarray:
    """X of shape (n_x, m), finite, as float64; with ``n_x``, its rows must number n_x.

    ``match`` explains n_x in the message: a text, or (name, shape) of the array X must fit.
    """
    X = array("X", X, "(n_x, m)")
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(
            f"X must be a 2-D array of shape (n_x, m), one example per column, got shape {X.shape}"
        )
    if n_x is not None and X.shape[0] != n_x:
        hint = " (use X.T)" if X.shape[1] == n_x else ""
        if isinstance(match, tuple):
            match = f" to match {match[0]} {match[1]}"
        raise ValueError(
            f"X must have one example per column: expected shape (n_x, m) with "
            f"n_x = {n_x}{match}, got {X.shape}{hint}"
        )
    return finite("X", X)


def data(X: ArrayLike, Y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """X (n_x, m) and its labels Y (1, m), one column per example; a transposed X gets a hint."""
    X = examples(X)
    shape = np.shape(Y)
    if len(shape) == 2 and shape[1] == X.shape[0] != X.shape[1]:
        raise ValueError(
            f"X must have one example per column, shape (n_x, m) with m = "
            f"{shape[1]} to match Y {shape}, got {X.shape} (use X.T)"
        )
    return X, labels(Y, X.shape[1])


# --- logistic regression (chapter 4): w (n_x, 1), b a number --------------------------------


def weights(w: ArrayLike, b: Any, n_x: int) -> tuple[np.ndarray, float]:
    """w as a float64 column (n_x, 1) and b as a float."""
    w = array("w", w, f"(n_x, 1) = ({n_x}, 1)")
    if w.shape != (n_x, 1):
        raise ValueError(
            f"w must be a numeric column of shape (n_x, 1) = ({n_x}, 1) to match "
            f"X, got shape {w.shape}"
        )
    b = array("b", b, "()")
    if b.size != 1:
        raise ValueError(f"b must be a single number, got shape {b.shape}")
    return w, float(b.reshape(()))


def linear_model(w: ArrayLike, b: Any, X: ArrayLike) -> tuple[np.ndarray, float, np.ndarray]:
    """w (n_x, 1), b and the examples X (n_x, m) it is applied to."""
    X = examples(X)
    return (*weights(w, b, X.shape[0]), X)


def regression(
    w: ArrayLike, b: Any, X: ArrayLike, Y: ArrayLike
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """w (n_x, 1), b, the examples X (n_x, m) and their labels Y (1, m)."""
    X, Y = data(X, Y)
    return (*weights(w, b, X.shape[0]), X, Y)


# --- the network of chapter 5: W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1) --------


def parameters(parameters: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """W1, b1, W2, b2 as float64 arrays whose shapes fit together, with one output unit."""
    if not isinstance(parameters, dict):
        raise ValueError(
            f"parameters must be a dict with keys {PARAMETER_KEYS}, got {type(parameters).__name__}"
        )
    missing = [k for k in PARAMETER_KEYS if k not in parameters]
    if missing:
        raise ValueError(f"parameters must have keys {PARAMETER_KEYS}; missing {missing}")
    W1 = array("W1", parameters["W1"], "(n_h, n_x)")
    if W1.ndim != 2 or 0 in W1.shape:
        raise ValueError(f"W1 must be a 2-D array of shape (n_h, n_x), got {W1.shape}")
    n_h = W1.shape[0]
    W2 = array("W2", parameters["W2"], "(n_y, n_h)")
    if W2.ndim != 2 or W2.shape[0] == 0 or W2.shape[1] != n_h:
        raise ValueError(
            f"W2 must have shape (n_y, n_h) with n_h = {n_h} to match W1 {W1.shape}, got {W2.shape}"
        )
    b1 = array("b1", parameters["b1"], "(n_h, 1)")
    if b1.shape != (n_h, 1):
        raise ValueError(
            f"b1 must be a column of shape ({n_h}, 1) to match W1 {W1.shape}, got {b1.shape}"
        )
    b2 = array("b2", parameters["b2"], "(n_y, 1)")
    if b2.shape != (W2.shape[0], 1):
        raise ValueError(
            f"b2 must be a column of shape ({W2.shape[0]}, 1) to match W2 "
            f"{W2.shape}, got {b2.shape}"
        )
    if W2.shape[0] != 1:
        raise ValueError(
            f"W2 must have one row (a single sigmoid output, n_y = 1) since Y is "
            f"(1, m), got {W2.shape}"
        )
    return W1, b1, W2, b2


def network(
    p: Any, X: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The four parameters and X (n_x, m), whose rows must match W1's columns."""
    W1, b1, W2, b2 = parameters(p)
    return W1, b1, W2, b2, examples(X, W1.shape[1], ("W1", W1.shape))


def backpropagation(
    p: Any, cache: Any, X: ArrayLike, Y: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the backward pass reads: W2, A1 (n_h, m) and A2 (1, m) of the cache, X and Y."""
    W1, _, W2, _, X = network(p, X)
    m = X.shape[1]
    Y = labels(Y, m)
    if not isinstance(cache, dict) or "A1" not in cache or "A2" not in cache:
        raise ValueError("cache must be the dict forward_propagation returned, with A1 and A2")
    for name, shape in (("A1", (W1.shape[0], m)), ("A2", (1, m))):
        if np.shape(cache[name]) != shape:
            raise ValueError(
                f"cache['{name}'] must have shape {shape} for these parameters and "
                f"X, got {np.shape(cache[name])}: was it computed from another X?"
            )
    return W2, array("A1", cache["A1"], "(n_h, m)"), array("A2", cache["A2"], "(1, m)"), X, Y


def predictions(A2: ArrayLike, Y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The network's output A2 (1, m) and the labels Y (1, m) it is scored against."""
    A2 = row("A2", A2)
    return A2, labels(Y, A2.shape[1], match="A2")


def start(p: Any, n_x: int, n_h: int) -> dict:
    """Starting parameters for a network of n_x inputs and n_h hidden units."""
    if parameters(p)[0].shape != (n_h, n_x):
        raise ValueError(
            f"the starting parameters have W1 {np.shape(p['W1'])}; expected "
            f"(n_h, n_x) = ({n_h}, {n_x}) for n_h and X"
        )
    return p


def gradient_dict(grads: Any) -> dict:
    """A dict with the keys dW1, db1, dW2, db2 (what backward_propagation returns)."""
    if not isinstance(grads, dict) or any(k not in grads for k in GRADIENT_KEYS):
        raise ValueError(f"grads must be a dict with keys {GRADIENT_KEYS}")
    return grads


def step(
    p: Any, grads: Any, learning_rate: Any
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...], float]:
    """One gradient-descent step's inputs: W1, b1, W2, b2, then dW1, db1, dW2, db2 (each of
    its parameter's shape), all float64, and the rate."""
    params, grads = parameters(p), gradient_dict(grads)
    for k, param in zip(PARAMETER_KEYS, params):
        if np.shape(grads["d" + k]) != param.shape:
            raise ValueError(
                f"grads['d{k}'] must have the shape of {k}, {param.shape}, "
                f"got {np.shape(grads['d' + k])}"
            )
    gradients = tuple(array(k, grads[k], "of its parameter") for k in GRADIENT_KEYS)
    return params, gradients, positive("learning_rate", learning_rate)
