"""Decision regions of any two-feature binary classifier, with the data on top (chapters 4, 5).

Colours are from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness, and the classes also differ by marker shape.
"""

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from numpy.typing import ArrayLike

from labcode import checks

COLORS = ("#0072B2", "#E69F00")  # Okabe-Ito blue (class 0) and orange (class 1)
MARKERS = ("o", "^")
REGION_ALPHA = 0.25


def _pair_of_names(
    name: str, value: Sequence[str] | None, default: tuple[str, str]
) -> tuple[str, str]:
    """Two strings (axis labels, class names), or ``default`` for None."""
    if value is None:
        return default
    value = tuple(value)
    if len(value) != 2 or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be two strings, got {value!r}")
    return value


def plot_decision_boundary(
    predict: Callable,
    X: ArrayLike,
    Y: ArrayLike,
    ax: Axes | None = None,
    resolution: int = 200,
    feature_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
) -> Axes:
    """Draw the regions where ``predict`` says 0 and 1, the boundary, and the data; return ax.

    ``predict`` maps an array of shape (2, k), one point per column, to an array of shape
    (1, k) of labels 0/1 or of probabilities of class 1 in [0, 1]; the regions are split at
    0.5 either way, and the boundary (the 0.5 level) is drawn as a black line. ``X`` (2, m)
    and ``Y`` (1, m, labels 0/1) are the data, drawn as a scatter; the grid covers them with a
    10% margin at ``resolution`` x ``resolution`` points. ``feature_names`` label the axes
    (default x_1, x_2), ``class_names`` the legend (default y = 0, y = 1). Draws on ``ax``
    (default: the current Axes).
    """
    predict = checks.function("predict", predict, " from (2, k) arrays to (1, k) arrays")
    X = checks.examples(X, 2, " (two features)")
    Y = checks.labels(Y, X.shape[1])
    resolution = checks.count("resolution", resolution, at_least=2)
    feature_names = _pair_of_names("feature_names", feature_names, ("$x_1$", "$x_2$"))
    class_names = _pair_of_names("class_names", class_names, ("$y = 0$", "$y = 1$"))

    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.1 * np.where(hi > lo, hi - lo, 10.0)
    g1 = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    g2 = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    G1, G2 = np.meshgrid(g1, g2)
    grid = np.vstack([G1.ravel(), G2.ravel()])
    P = np.asarray(predict(grid))
    if P.shape != (1, grid.shape[1]):
        raise ValueError(
            f"predict must return shape (1, k) for k points; given "
            f"(2, {grid.shape[1]}) it returned shape {P.shape}"
        )
    if P.dtype.kind not in "biuf" or not ((P >= 0) & (P <= 1)).all():
        raise ValueError("predict must return labels 0/1 or probabilities in [0, 1]")
    P = P.astype(np.float64).reshape(G1.shape)

    ax = plt.gca() if ax is None else ax
    ax.contourf(G1, G2, P, levels=[0.0, 0.5, 1.0], cmap=ListedColormap(COLORS), alpha=REGION_ALPHA)
    handles = []
    if P.min() < 0.5 < P.max():  # the boundary crosses the plotted window
        ax.contour(G1, G2, P, levels=[0.5], colors="black", linewidths=1.5)
        handles.append(Line2D([], [], color="black", linewidth=1.5, label="decision boundary"))
    for k in (0, 1):
        on = Y[0] == k
        handles.insert(
            k,
            ax.scatter(
                X[0, on],
                X[1, on],
                c=COLORS[k],
                marker=MARKERS[k],
                s=30,
                edgecolors="black",
                linewidths=0.5,
                label=class_names[k],
            ),
        )
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.legend(handles=handles, loc="best", framealpha=0.9)
    return ax
