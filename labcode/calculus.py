"""Numerical derivatives by finite differences (chapter 1, Calculus review).

Functions of several variables take their coordinates as separate arguments, ``f(x, y)``,
as in the text; a ``point`` is a sequence of coordinates such as ``(1.0, 2.0)``.
"""

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks

EPS = float(np.finfo(np.float64).eps)

# Steps near the optimum of each formula for well-scaled f (chapter 1 derives them).
H_FORWARD = EPS ** (1 / 2)
H_CENTRAL = EPS ** (1 / 3)


def forward_difference(f: Callable[[float], float], x: float, h: float = H_FORWARD) -> float:
    """Forward difference (f(x + h) - f(x)) / h (eq-calc-forward): error O(h)."""
    f, x, h = checks.scalar_function("f", f), checks.real("x", x), checks.positive("h", h)
    return (f(x + h) - f(x)) / h


def central_difference(f: Callable[[float], float], x: float, h: float = H_CENTRAL) -> float:
    """Central difference (f(x + h) - f(x - h)) / (2h) (eq-calc-central): error O(h^2)."""
    f, x, h = checks.scalar_function("f", f), checks.real("x", x), checks.positive("h", h)
    return (f(x + h) - f(x - h)) / (2 * h)


def partial_derivative(
    f: Callable[..., float], point: Sequence[float], i: int, h: float = H_CENTRAL
) -> float:
    """Central difference of f(*point) in coordinate i, the others held fixed (eq-calc-partials)."""
    f, p, h = checks.scalar_function("f", f), checks.vector("point", point), checks.positive("h", h)
    e = np.zeros_like(p)
    e[checks.index("i", i, p.size)] = h
    return (f(*(p + e)) - f(*(p - e))) / (2 * h)


def numerical_gradient(
    f: Callable[..., float], point: Sequence[float], h: float = H_CENTRAL
) -> np.ndarray:
    """Gradient of f at point, one central difference per coordinate (eq-calc-gradient)."""
    p = checks.vector("point", point)
    return np.array([partial_derivative(f, p, i, h) for i in range(p.size)])


def directional_derivative(
    f: Callable[..., float],
    point: Sequence[float],
    direction: Sequence[float],
    h: float = H_CENTRAL,
) -> float:
    """Central difference of f along the unit vector u = direction / |direction|: grad f . u."""
    f, p, h = checks.scalar_function("f", f), checks.vector("point", point), checks.positive("h", h)
    d = checks.direction(direction, p.size)
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


def loglog_slope(hs: ArrayLike, errors: ArrayLike) -> float:
    """Least-squares slope of log10(error) against log10(h): the observed order p in error ~ h^p."""
    h, e = checks.loglog_data(hs, errors)
    return float(np.polyfit(np.log10(h), np.log10(e), 1)[0])
