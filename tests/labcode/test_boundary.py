"""Tests of labcode.boundary.plot_decision_boundary (chapters 4 and 5)."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet

from labcode.boundary import COLORS, plot_decision_boundary
from labcode.losses import sigmoid

pytestmark = pytest.mark.usefixtures("close_figures")

X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 0.0, 2.0, 1.0, 3.0, 2.0]])
Y = np.array([[0, 0, 0, 1, 1, 1]])


def vertical_split(c):
    """A classifier that says 1 right of the line x_1 = c."""
    return lambda G: (G[0:1] > c).astype(int)


def boundary_vertices(ax):
    lines = [cs for cs in ax.collections if isinstance(cs, ContourSet) and cs.filled is False]
    assert len(lines) == 1, f"expected one boundary line (an unfilled contour), found {len(lines)}"
    return np.vstack([p.vertices for p in lines[0].get_paths()])


def test_returns_the_axes_it_drew_on():
    fig, ax = plt.subplots()
    assert plot_decision_boundary(vertical_split(2.5), X, Y, ax=ax) is ax


def test_draws_filled_regions_and_one_scatter_per_class():
    _, ax = plt.subplots()
    plot_decision_boundary(vertical_split(2.5), X, Y, ax=ax)
    filled = [cs for cs in ax.collections if isinstance(cs, ContourSet) and cs.filled]
    assert len(filled) == 1, "expected one filled contour set for the two regions"
    scatters = [
        c for c in ax.collections if isinstance(c, PathCollection) and not isinstance(c, ContourSet)
    ]
    assert [len(s.get_offsets()) for s in scatters] == [3, 3], (
        "one scatter per class, 3 points each"
    )
    np.testing.assert_allclose(
        scatters[1].get_offsets(),
        X[:, 3:].T,
        err_msg="the class-1 scatter should hold the class-1 points",
    )
    assert matplotlib.colors.to_hex(scatters[0].get_facecolor()[0]) == COLORS[0].lower()


@pytest.mark.parametrize("c", [1.5, 3.2])
def test_boundary_line_sits_where_the_prediction_changes(c):
    _, ax = plt.subplots()
    plot_decision_boundary(vertical_split(c), X, Y, ax=ax, resolution=101)
    x = boundary_vertices(ax)[:, 0]
    spacing = (5 + 2 * 0.5 - 0) / 100  # the grid covers [-0.5, 5.5]: a 10% margin on a range of 5
    assert np.all(np.abs(x - c) <= spacing), f"boundary should be the line x_1 = {c}"


def test_probabilities_are_split_at_one_half():
    _, ax = plt.subplots()
    plot_decision_boundary(lambda G: sigmoid(4 * (G[0:1] - 2.2)), X, Y, ax=ax)
    # Probabilities are interpolated linearly between grid points, so the line lands far
    # closer than the grid spacing (0.03): sigmoid is nearly linear around 0.5.
    np.testing.assert_allclose(
        boundary_vertices(ax)[:, 0],
        2.2,
        atol=1e-4,
        err_msg="with probabilities the boundary is the 0.5 level",
    )


def test_legend_and_axis_labels_use_the_given_names():
    _, ax = plt.subplots()
    plot_decision_boundary(
        vertical_split(2.5),
        X,
        Y,
        ax=ax,
        feature_names=("length", "width"),
        class_names=("setosa", "other"),
    )
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["setosa", "other", "decision boundary"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("length", "width")


def test_no_boundary_line_when_one_class_fills_the_window():
    _, ax = plt.subplots()
    plot_decision_boundary(lambda G: np.zeros((1, G.shape[1])), X, Y, ax=ax)
    assert not [cs for cs in ax.collections if isinstance(cs, ContourSet) and not cs.filled]
    assert "decision boundary" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_draws_on_the_current_axes_by_default():
    fig, ax = plt.subplots()
    assert plot_decision_boundary(vertical_split(2.5), X, Y) is ax


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"predict": "not callable"}, "predict must be a function"),
        ({"predict": lambda G: G}, r"shape \(1, k\)"),
        ({"predict": lambda G: np.full((1, G.shape[1]), 2.0)}, r"probabilities in \[0, 1\]"),
        ({"X": np.zeros((3, 6))}, r"expected shape \(n_x, m\) with n_x = 2 \(two features\)"),
        ({"Y": np.zeros((1, 5))}, r"Y must be a row .*m = 6 to match X, got \(1, 5\)"),
        ({"resolution": 1}, "resolution must be an integer >= 2"),
        ({"class_names": ("a",)}, "class_names must be two strings"),
        ({"feature_names": (1, 2)}, "feature_names must be two strings"),
    ],
)
def test_rejects_bad_input_with_a_clear_message(kwargs, match):
    args = {"predict": vertical_split(2.5), "X": X, "Y": Y} | kwargs
    with pytest.raises(ValueError, match=match):
        plot_decision_boundary(**args)
