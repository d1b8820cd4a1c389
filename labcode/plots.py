"""Plots of functions of two variables: surfaces, contours and gradient fields (chapter 1).

``f(X, Y)`` and ``grad(X, Y)`` are called on NumPy meshgrids, so they must be vectorised;
``grad`` returns the pair ``(df/dx, df/dy)``.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from labcode import checks


def _interval(name: str, value: Any) -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high: a plot's xlim or ylim."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{name} must be finite with low < high, got {value!r}")
    return low, high


def _grid_values(name: str, values: ArrayLike, shape: tuple[int, ...]) -> np.ndarray:
    """Values of a function on a grid of ``shape`` (a constant is broadcast), all finite."""
    a = checks.array(name, values, str(shape))
    try:
        a = np.broadcast_to(a, shape)
    except ValueError:
        raise ValueError(f"{name} must have the grid's shape {shape}, got {a.shape}") from None
    return checks.finite(name, a, "finite values on the whole grid")


def _grid(xlim, ylim, n):
    x = np.linspace(*_interval("xlim", xlim), n)
    y = np.linspace(*_interval("ylim", ylim), n)
    return np.meshgrid(x, y)


def plot_surface(
    f: Callable,
    xlim: Sequence[float],
    ylim: Sequence[float],
    title: str,
    ax: Axes | None = None,
    n: int = 50,
    labels: Sequence[str] = ("$x$", "$y$", "$z$"),
    cmap: str = "viridis",
) -> Axes:
    """Draw the surface z = f(x, y) over xlim x ylim on an n x n grid; return the 3-D Axes."""
    f = checks.function("f", f, " f(X, Y) of two meshgrids")
    X, Y = _grid(xlim, ylim, checks.count("n", n, at_least=2))
    Z = _grid_values("f(X, Y)", f(X, Y), X.shape)
    if ax is None:
        ax = plt.figure(figsize=(6, 4.5)).add_subplot(projection="3d")
    elif ax.name != "3d":
        raise ValueError("ax must be a 3-D Axes, made with projection='3d'")
    ax.plot_surface(X, Y, Z, cmap=cmap, rstride=1, cstride=1, linewidth=0, antialiased=False)
    ax.set_title(title)
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_zlabel(labels[2])
    return ax


def plot_contour_gradient(
    f: Callable,
    grad: Callable,
    xlim: Sequence[float],
    ylim: Sequence[float],
    title: str | None = None,
    ax: Axes | None = None,
    n: int = 100,
    n_arrows: int = 11,
    levels: int | Sequence[float] = 20,
    labels: Sequence[str] = ("$x$", "$y$"),
    cmap: str = "viridis",
    colorbar: str | None = None,
) -> Axes:
    """Filled contours of f with an n_arrows x n_arrows field of gradient arrows; return the Axes.

    The arrows sit at the centres of an n_arrows x n_arrows tiling of the box and have unit
    length: they show the direction of the gradient (steepest ascent), perpendicular to the
    contour lines, not its size. ``levels`` is a count or increasing contour values;
    ``colorbar``, if a string, adds a colour bar with that label.
    """
    f = checks.function("f", f, " f(X, Y) of two meshgrids")
    grad = checks.function("grad", grad, " grad(X, Y) -> (df/dx, df/dy)")
    n_arrows = checks.count("n_arrows", n_arrows)
    (x0, x1), (y0, y1) = _interval("xlim", xlim), _interval("ylim", ylim)
    X, Y = _grid(xlim, ylim, checks.count("n", n, at_least=2))
    Z = _grid_values("f(X, Y)", f(X, Y), X.shape)
    if ax is None:
        ax = plt.figure(figsize=(6, 5)).add_subplot()
    filled = ax.contourf(X, Y, Z, levels=levels, cmap=cmap, alpha=0.8)
    ax.contour(X, Y, Z, levels=levels, colors="k", linewidths=0.4)
    if colorbar is not None:
        ax.figure.colorbar(filled, ax=ax, label=colorbar)
    dx, dy = (x1 - x0) / n_arrows, (y1 - y0) / n_arrows
    centres = np.arange(n_arrows) + 0.5  # cell centres: no arrow is clipped at the border
    Xa, Ya = np.meshgrid(x0 + dx * centres, y0 + dy * centres)
    G = grad(Xa, Ya)
    if len(G) != 2:
        raise ValueError(f"grad must return two arrays (df/dx, df/dy), got {len(G)}")
    U, V = (_grid_values(name, g, Xa.shape) for name, g in zip(("df/dx", "df/dy"), G))
    norm = np.hypot(U, V)
    safe = np.where(norm > 0, norm, 1.0)  # zero gradient: a zero-length arrow, no 0/0
    # unit arrows drawn 0.7 cell widths long, so neighbours never overlap
    ax.quiver(
        Xa,
        Ya,
        U / safe,
        V / safe,
        color="k",
        pivot="mid",
        angles="xy",
        scale_units="xy",
        scale=1 / (0.7 * min(dx, dy)),
        width=0.004,
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    if title is not None:
        ax.set_title(title)
    return ax
