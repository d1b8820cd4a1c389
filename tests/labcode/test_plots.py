"""Unit tests of labcode.plots: surfaces and gradient fields of f(x, y) (chapter 1)."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.quiver import Quiver

from labcode.plots import plot_contour_gradient, plot_surface

pytestmark = pytest.mark.usefixtures("close_figures")


def f_xy(x, y):
    return x**2 * y + x * y**3


def grad_xy(x, y):
    return 2 * x * y + y**3, x**2 + 3 * x * y**2


def bowl(x, y):
    return x**2 + 3 * y**2


def grad_bowl(x, y):
    return 2 * x, 6 * y


FUNCTIONS = [(f_xy, grad_xy), (bowl, grad_bowl)]


def quivers(ax):
    return [c for c in ax.collections if isinstance(c, Quiver)]


@pytest.mark.parametrize("f, grad", FUNCTIONS)
def test_plot_surface_labels_and_title(f, grad):
    labels = ("x axis", "y axis", "height")
    ax = plot_surface(f, (-2, 2), (-1, 3), title=r"$z = f(x, y)$", labels=labels)
    assert ax.name == "3d", "plot_surface should return a 3-D Axes"
    assert ax.get_title() == r"$z = f(x, y)$", f"title should be as given, got {ax.get_title()!r}"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == labels, (
        "axis labels should be the ones given"
    )


@pytest.mark.parametrize("f, grad", FUNCTIONS)
def test_plot_surface_spans_the_values_of_f(f, grad):
    x, y = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-1, 3, 30))
    Z = f(x, y)
    ax = plot_surface(f, (-2, 2), (-1, 3), title="f", n=30)
    low, high = ax.get_zlim()
    assert low <= Z.min() and high >= Z.max(), (
        f"z axis {low:.2f}..{high:.2f} should cover f's range {Z.min():.2f}..{Z.max():.2f}"
    )
    assert high - low <= 1.5 * (Z.max() - Z.min()), "z axis should be fitted to f's range"
    assert ax.get_xlim()[0] <= -2 and ax.get_xlim()[1] >= 2, "x axis should cover xlim"


def test_plot_surface_draws_on_the_given_axes():
    fig = plt.figure()
    ax = fig.add_subplot(1, 2, 2, projection="3d")
    assert plot_surface(bowl, (0, 1), (0, 1), title="bowl", ax=ax) is ax, (
        "plot_surface should draw on and return the Axes it is given"
    )


def test_contour_gradient_colorbar_is_labelled():
    ax = plot_contour_gradient(bowl, grad_bowl, (-1, 1), (-1, 1), colorbar="height")
    labels = [a.get_ylabel() for a in ax.figure.axes if a is not ax]
    assert labels == ["height"], f"expected one colour bar labelled 'height', got {labels}"


def test_plot_surface_rejects_flat_axes():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="3-D Axes"):
        plot_surface(bowl, (0, 1), (0, 1), title="bowl", ax=ax)


@pytest.mark.parametrize("n_arrows", [11, 4])
def test_contour_gradient_draws_one_arrow_per_grid_point(n_arrows):
    ax = plot_contour_gradient(f_xy, grad_xy, (-2, 2), (-2, 2), title="field", n_arrows=n_arrows)
    (q,) = quivers(ax)
    assert q.N == n_arrows**2, f"expected {n_arrows}x{n_arrows} = {n_arrows**2} arrows, got {q.N}"
    assert ax.get_title() == "field", f"title should be the one given, got {ax.get_title()!r}"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x$", "$y$"), "axes should be labelled x and y"


@pytest.mark.parametrize("f, grad", FUNCTIONS)
def test_contour_gradient_arrows_point_along_the_gradient(f, grad):
    ax = plot_contour_gradient(f, grad, (-1.5, 2), (-1, 1), n_arrows=6)
    (q,) = quivers(ax)
    gx, gy = grad(q.X, q.Y)
    norm = np.hypot(gx, gy)
    np.testing.assert_allclose(
        np.column_stack([q.U, q.V]),
        np.column_stack([gx / norm, gy / norm]),
        atol=1e-12,
        err_msg="each arrow should be the unit vector grad f / |grad f| at its own position",
    )
    # 6 x 6 cells of size 3.5/6 by 2/6: arrows at the cell centres, none on the border
    np.testing.assert_allclose(
        np.unique(q.X),
        -1.5 + 3.5 / 6 * (np.arange(6) + 0.5),
        err_msg="arrows should sit at the centres of an n_arrows x n_arrows tiling in x",
    )
    np.testing.assert_allclose(
        np.unique(q.Y),
        -1 + 2 / 6 * (np.arange(6) + 0.5),
        err_msg="arrows should sit at the centres of an n_arrows x n_arrows tiling in y",
    )


def test_contour_gradient_zero_gradient_gives_zero_arrow():
    # the bowl's gradient vanishes at the origin, the centre of the middle cell of 5 x 5
    ax = plot_contour_gradient(bowl, grad_bowl, (-2.5, 2.5), (-2.5, 2.5), n_arrows=5)
    (q,) = quivers(ax)
    at_origin = (q.X == 0) & (q.Y == 0)
    assert at_origin.sum() == 1, "the 5x5 arrows on [-2.5, 2.5]^2 sit at -2, -1, 0, 1, 2"
    assert q.U[at_origin][0] == 0 and q.V[at_origin][0] == 0, "a zero gradient is a zero arrow"


# --- the checks that live in plots -----------------------------------------------------------


@pytest.mark.parametrize(
    "lim, message",
    [
        ((1, 0), "finite with low < high"),
        ((0, math.inf), "finite with low < high"),
        ((0,), r"a pair \(low, high\)"),
        ("ab", r"a pair \(low, high\)"),
    ],
)
def test_limits_must_be_a_finite_increasing_pair(lim, message):
    with pytest.raises(ValueError, match=f"xlim must be {message}"):
        plot_surface(bowl, lim, (0, 1), title="bowl")


def test_values_must_be_finite_on_the_grid():
    with pytest.raises(ValueError, match=r"f\(X, Y\) must hold finite values"):
        plot_surface(lambda x, y: np.full_like(x, np.nan), (0, 1), (0, 1), title="nan")
    with pytest.raises(ValueError, match="df/dy must hold finite values"):
        plot_contour_gradient(bowl, lambda x, y: (x, np.full_like(y, np.inf)), (0, 1), (0, 1))


def test_values_must_have_the_grids_shape():
    with pytest.raises(ValueError, match=r"f\(X, Y\) must have the grid's shape \(50, 50\)"):
        plot_surface(lambda x, y: np.zeros(3), (0, 1), (0, 1), title="three values")


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plot_surface("bowl", (0, 1), (0, 1), title="f"), "f must be a function"),
        (lambda: plot_surface(bowl, (0, 1), (0, 1), title="f", n=1), "n must be an integer >= 2"),
        (
            lambda: plot_contour_gradient(bowl, None, (0, 1), (0, 1)),
            "grad must be a function",
        ),
        (
            lambda: plot_contour_gradient(bowl, grad_bowl, (0, 1), (0, 1), n_arrows=0),
            "n_arrows must be a positive integer",
        ),
        (lambda: plot_contour_gradient(bowl, grad_bowl, (0, 1), (1, 0)), "ylim must be"),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
