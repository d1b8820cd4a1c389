"""Fixtures shared by every folder of tests. Paths and the table of contents are in
tools.bookpaths; helpers shared by several folders are in tests.helpers."""

import functools

import matplotlib
import pytest

from labcode import nn
from labcode.data import load_iris_binary, standardise

matplotlib.use("Agg")  # no display: draw into memory


@pytest.fixture(scope="session")
def tf():
    """TensorFlow, imported quietly and seeded (the tests that use it ask for it)."""
    from labcode.tfsetup import import_tensorflow

    return import_tensorflow(seed=0)


@pytest.fixture(scope="session")
def float64():
    """pytest.approx for a float64 result that must match its formula to round-off."""
    return functools.partial(pytest.approx, rel=1e-12, abs=1e-12)


@pytest.fixture
def close_figures():
    """Close every Matplotlib figure a test opened."""
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _handout_start():
    """The handout's data and initial parameters (gradient norm 0.17)."""
    X, Y = load_iris_binary()
    return nn.initialize_parameters(2, 4, 1), X, Y


def _versicolor_midway():
    """Versicolor vs rest, standardised, after 20 steps from another seed (gradient norm 0.07)."""
    X, Y = load_iris_binary(positive="versicolor")
    X = standardise(X)
    return nn.train(X, Y, 3, 1.2, num_iterations=20, seed=1)[0], X, Y


@pytest.fixture(
    params=[_handout_start, _versicolor_midway], ids=["handout-start", "versicolor-midway"]
)
def network_point(request):
    """(parameters, X, Y): two points of chapter 5's network where the gradient is not small."""
    return request.param()
