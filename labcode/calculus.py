"""Numerical derivatives by finite differences (chapter 1, Calculus review).

Functions of several variables take their coordinates as separate arguments, ``f(x, y)``,
as in the text; a ``point`` is a sequence of coordinates such as ``(1.0, 2.0)``.
"""

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks

EPS = float(np.finfo(np.float64).eps)

# Steps near the optimum of each formula for well-scaled f (chapter 1 derives them).
H_FORWARD = EPS ** (1 / 2)
H_CENTRAL = EPS ** (1 / 3)


def _scalar_function(name: str, f: Any) -> Callable[..., float]:
    """``f`` wrapped so that every call returns a float, or raises if f returns a non-scalar."""
    checks.function(name, f)

    def checked(*args):
        y = f(*args)
        if not (checks.is_real(y) or (np.ndim(y) == 0 and np.asarray(y).dtype.kind in "iuf")):
            raise ValueError(f"{name} must return a real scalar, got {y!r}")
        return float(y)

    return checked


def forward_difference(f: Callable[[float], float], x: float, h: float = H_FORWARD) -> float:
    """Forward difference (f(x + h) - f(x)) / h, eq. eq-calc-forward: error O(h)."""
    f, x, h = _scalar_function("f", f), checks.real("x", x), checks.positive("h", h)
    return (f(x + h) - f(x)) / h


def central_difference(f: Callable[[float], float], x: float, h: float = H_CENTRAL) -> float:
    """Central difference (f(x + h) - f(x - h)) / (2h), eq. eq-calc-central: error O(h^2)."""
    f, x, h = _scalar_function("f", f), checks.real("x", x), checks.positive("h", h)
    return (f(x + h) - f(x - h)) / (2 * h)


def _vector(name: str, value: ArrayLike) -> np.ndarray:
    """A non-empty 1-D sequence of finite numbers (a point, a direction) as float64."""
    try:
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of finite numbers, got {value!r}") from None
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {v.shape}")
    return checks.finite(name, v)


def _index(i: Any, size: int) -> int:
    """The coordinate i, an integer index into a point of ``size`` coordinates."""
    if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < size:
        raise ValueError(f"i must be an integer index in 0..{size - 1}, got {i!r}")
    return int(i)


def partial_derivative(
    f: Callable[..., float], point: Sequence[float], i: int, h: float = H_CENTRAL
) -> float:
    """Central difference of f(*point) in coordinate i, the others held fixed (eq-calc-partials)."""
    f, p, h = _scalar_function("f", f), _vector("point", point), checks.positive("h", h)
    e = np.zeros_like(p)
    e[_index(i, p.size)] = h
    return (f(*(p + e)) - f(*(p - e))) / (2 * h)


def numerical_gradient(
    f: Callable[..., float], point: Sequence[float], h: float = H_CENTRAL
) -> np.ndarray:
    """Gradient of f at point, one central difference per coordinate (eq-calc-gradient)."""
    p = _vector("point", point)
    return np.array([partial_derivative(f, p, i, h) for i in range(p.size)])


def _direction(value: ArrayLike, size: int) -> np.ndarray:
    """A non-zero vector of ``size`` finite coordinates (a direction at a point)."""
    d = _vector("direction", value)
    if d.size != size:
        raise ValueError(f"direction must have {size} coordinates like point, got {d.size}")
    if not d.any():
        raise ValueError("direction must be a non-zero vector")
    return d


def directional_derivative(
    f: Callable[..., float],
    point: Sequence[float],
    direction: Sequence[float],
    h: float = H_CENTRAL,
) -> float:
    """Central difference of f along the unit vector u = direction / |direction|: grad f . u."""
    f, p, h = _scalar_function("f", f), _vector("point", point), checks.positive("h", h)
    d = _direction(direction, p.size)
    u = d / np.linalg.norm(d)
    return (f(*(p + h * u)) - f(*(p - h * u))) / (2 * h)


def limit_table(
    f: Callable[[float], float], x: float, exact: float, hs: ArrayLike | None = None
) -> np.ndarray:
    """Rows (h, forward, |forward - exact|, central, |central - exact|) for shrinking h.

    The default steps are h = 10^-1, ..., 10^-15 (chapter 1's table of the derivative as a limit).
    """
    exact = checks.real("exact", exact)
    if hs is None:
        # parsed decimals are correctly rounded everywhere; a SIMD pow() may differ in the last bit
        hs = [float(f"1e-{k}") for k in range(1, 16)]
    rows = []
    for h in np.atleast_1d(hs).tolist():
        fwd, cen = forward_difference(f, x, h), central_difference(f, x, h)
        rows.append((h, fwd, abs(fwd - exact), cen, abs(cen - exact)))
    return np.array(rows)


def _loglog_data(hs: ArrayLike, errors: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Steps and errors: 1-D, of one length >= 2, positive and finite (to take logarithms)."""
    h, e = np.asarray(hs, dtype=np.float64), np.asarray(errors, dtype=np.float64)
    if h.ndim != 1 or h.shape != e.shape or h.size < 2:
        raise ValueError(
            f"hs and errors must be 1-D arrays of the same length >= 2, got {h.shape} and {e.shape}"
        )
    if not (np.isfinite(h).all() and (h > 0).all() and np.isfinite(e).all() and (e > 0).all()):
        raise ValueError("hs and errors must be positive and finite to take logarithms")
    return h, e


def loglog_slope(hs: ArrayLike, errors: ArrayLike) -> float:
    """Least-squares slope of log10(error) against log10(h): the observed order p in error ~ h^p."""
    h, e = _loglog_data(hs, errors)
    return float(np.polyfit(np.log10(h), np.log10(e), 1)[0])
