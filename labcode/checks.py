"""The input checks that several labcode modules share (all chapters).

A public function starts with one line of checks, then does its math. The checks here are the
shared ones (numbers, counts, the X and Y of one example per column, the network's parameters);
a check that guards the functions of one module only lives in that module, beside them. Each
check returns its input in the form the math needs (a float, an int, a float64 array) or raises
ValueError with a message that names the argument, says what was expected and shows what was
given. ``bool`` is refused wherever a number is expected: ``learning_rate=True`` is a bug, not
a rate of 1.
"""

import math
import numbers
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")

# --- numbers and functions ----------------------------------------------------------------


def is_real(value: Any) -> bool:
    """True for an int, float or Fraction (NumPy's too), False for bool, complex and the rest."""
    if type(value) is float or type(value) is int:  # the common case, without an ABC check
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(name: str, value: Any, exact_ints: bool = False) -> float | Fraction | int:
    """``value`` as a finite float; a Fraction, and with ``exact_ints`` an int, stays exact."""
    if type(value) is float and math.isfinite(value):  # the common case (the engine's nodes)
        return value
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


def function(name: str, value: Any, signature: str = "") -> Callable:
    """A callable; ``signature`` says in the message what it should take and return."""
    if not callable(value):
        raise ValueError(f"{name} must be a function{signature}, got {type(value).__name__}")
    return value


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


def offenders(values: np.ndarray, ok: np.ndarray) -> str:
    """How many entries of ``values`` are not ``ok``, and the first of them, for a message."""
    bad = values[~ok]
    return f"{bad.size} value(s) are not, e.g. {bad.flat[0].item()!r}"


def finite(name: str, a: np.ndarray, what: str = "finite numbers") -> np.ndarray:
    """The numeric array ``a`` unchanged, if every entry is finite."""
    ok = np.isfinite(a)
    if not ok.all():
        raise ValueError(f"{name} must hold {what}; {offenders(a, ok)}")
    return a


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
        raise ValueError(f"{name} must hold labels 0 or 1; {offenders(Y, ok)}")
    return Y


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


def gradient_dict(grads: Any) -> dict:
    """A dict with the keys dW1, db1, dW2, db2 (what backward_propagation returns)."""
    if not isinstance(grads, dict) or any(k not in grads for k in GRADIENT_KEYS):
        raise ValueError(f"grads must be a dict with keys {GRADIENT_KEYS}")
    return grads
