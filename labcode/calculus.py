"""Numerical derivatives by finite differences (chapter 1, Calculus review).

Functions of several variables take their coordinates as separate arguments, ``f(x, y)``,
as in the text; a ``point`` is a sequence of coordinates such as ``(1.0, 2.0)``.
"""

import numbers

import numpy as np

EPS = float(np.finfo(np.float64).eps)

# Steps near the optimum of each formula for well-scaled f (chapter 1 derives them).
H_FORWARD = EPS ** (1 / 2)
H_CENTRAL = EPS ** (1 / 3)


def _check_function(f):
    if not callable(f):
        raise ValueError(f"f must be a callable function, got {type(f).__name__}")


def _check_step(h):
    # bool is an Integral; a step of True is a bug, not a step of 1
    if isinstance(h, bool) or not isinstance(h, numbers.Real):
        raise ValueError(f"h must be a positive finite float, got {h!r}")
    h = float(h)
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a positive finite float, got {h!r}")
    return h


def _check_scalar(x):
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"x must be a finite real number, got {x!r}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"x must be a finite real number, got {x!r}")
    return x


def _check_point(point):
    try:
        p = np.asarray(point, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"point must be a sequence of finite numbers, got {point!r}") from None
    if p.ndim != 1 or p.size == 0:
        raise ValueError(
            f"point must be a non-empty 1-D sequence of coordinates, got shape {p.shape}"
        )
    if not np.all(np.isfinite(p)):
        raise ValueError(f"point must contain only finite numbers, got {point!r}")
    return p


def _value(f, *args):
    y = f(*args)
    try:
        if np.ndim(y) == 0 and not np.iscomplexobj(y):
            return float(y)
    except (TypeError, ValueError):
        pass
    raise ValueError(f"f must return a real scalar, got {y!r}")


def forward_difference(f, x, h=H_FORWARD):
    """Forward difference (f(x + h) - f(x)) / h, eq. eq-calc-forward: error O(h)."""
    _check_function(f)
    x, h = _check_scalar(x), _check_step(h)
    return (_value(f, x + h) - _value(f, x)) / h


def central_difference(f, x, h=H_CENTRAL):
    """Central difference (f(x + h) - f(x - h)) / (2h), eq. eq-calc-central: error O(h^2)."""
    _check_function(f)
    x, h = _check_scalar(x), _check_step(h)
    return (_value(f, x + h) - _value(f, x - h)) / (2 * h)


def partial_derivative(f, point, i, h=H_CENTRAL):
    """Central difference of f(*point) in coordinate i, the others held fixed (eq-calc-partials)."""
    _check_function(f)
    p, h = _check_point(point), _check_step(h)
    if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < p.size:
        raise ValueError(f"i must be an integer index in 0..{p.size - 1}, got {i!r}")
    e = np.zeros_like(p)
    e[i] = h
    return (_value(f, *(p + e)) - _value(f, *(p - e))) / (2 * h)


def numerical_gradient(f, point, h=H_CENTRAL):
    """Gradient of f at point, one central difference per coordinate (eq-calc-gradient)."""
    p = _check_point(point)
    return np.array([partial_derivative(f, p, i, h) for i in range(p.size)])


def directional_derivative(f, point, direction, h=H_CENTRAL):
    """Central difference of f along the unit vector u = direction / |direction|: grad f . u."""
    _check_function(f)
    p, h = _check_point(point), _check_step(h)
    d = _check_point(direction)
    if d.shape != p.shape:
        raise ValueError(
            f"direction must have {p.size} coordinates like point, got {d.size}"
        )
    norm = np.linalg.norm(d)
    if norm == 0:
        raise ValueError("direction must be a non-zero vector")
    u = d / norm
    return (_value(f, *(p + h * u)) - _value(f, *(p - h * u))) / (2 * h)


def limit_table(f, x, exact, hs=None):
    """Rows (h, forward, |forward - exact|, central, |central - exact|) for shrinking h.

    The default steps are h = 10^-1, ..., 10^-15 (chapter 1's table of the derivative as a limit).
    """
    _check_function(f)
    x, exact = _check_scalar(x), _check_scalar(exact)
    if hs is None:
        # parsed decimals are correctly rounded everywhere; a SIMD pow() may differ in the last bit
        hs = [float(f"1e-{k}") for k in range(1, 16)]
    rows = []
    for h in np.atleast_1d(hs).tolist():
        fwd, cen = forward_difference(f, x, h), central_difference(f, x, h)
        rows.append((h, fwd, abs(fwd - exact), cen, abs(cen - exact)))
    return np.array(rows)


def loglog_slope(hs, errors):
    """Least-squares slope of log10(error) against log10(h): the observed order p in error ~ h^p."""
    h = np.asarray(hs, dtype=np.float64)
    e = np.asarray(errors, dtype=np.float64)
    if h.ndim != 1 or h.shape != e.shape or h.size < 2:
        raise ValueError(
            f"hs and errors must be 1-D arrays of the same length >= 2, got {h.shape} and {e.shape}"
        )
    if not (np.all(np.isfinite(h)) and np.all(h > 0) and np.all(np.isfinite(e)) and np.all(e > 0)):
        raise ValueError("hs and errors must be positive and finite to take logarithms")
    return float(np.polyfit(np.log10(h), np.log10(e), 1)[0])
