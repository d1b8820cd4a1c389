"""labcode.data: the iris tasks of chapters 4 and 5, in the one-example-per-column layout."""

import numpy as np
import pytest

from labcode.data import load_iris_binary, standardise


def test_default_is_the_handouts_task():
    X, Y = load_iris_binary()
    assert X.shape == (2, 150) and Y.shape == (1, 150), "X is (n_x, m) and Y is (1, m)"
    assert Y.sum() == 100, "setosa (50 flowers) is class 0, the other 100 are class 1"
    assert np.all(Y[0, :50] == 0), "the first 50 rows of iris are setosa"
    np.testing.assert_allclose(X[:, 0], [5.1, 3.5], err_msg="first flower: sepal 5.1 x 3.5 cm")


def test_other_positive_class_and_features():
    X, Y = load_iris_binary(positive="versicolor", features=(2, 3))
    assert X.shape == (2, 150)
    assert Y.sum() == 50 and np.all(Y[0, 50:100] == 1), "versicolor is rows 50-99"
    np.testing.assert_allclose(X[:, 0], [1.4, 0.2], err_msg="first flower: petal 1.4 x 0.2 cm")


@pytest.mark.parametrize("positive", ["rose", (), ("setosa", "versicolor", "virginica")])
def test_bad_positive_class_is_rejected(positive):
    with pytest.raises(ValueError, match="positive must name one or two of"):
        load_iris_binary(positive=positive)


@pytest.mark.parametrize("features", [(), (0, 4), (-1,)])
def test_bad_feature_index_is_rejected(features):
    with pytest.raises(ValueError, match="features must be column indices in 0..3"):
        load_iris_binary(features=features)


def test_standardise_gives_zero_mean_unit_spread_per_feature():
    X, _ = load_iris_binary()
    Z = standardise(X)
    np.testing.assert_allclose(Z.mean(axis=1), 0, atol=1e-12, err_msg="each row should have mean 0")
    np.testing.assert_allclose(Z.std(axis=1), 1, rtol=1e-12, err_msg="each row should have std 1")
    np.testing.assert_allclose(standardise([[1.0, 3.0], [10.0, 30.0]]), [[-1, 1], [-1, 1]])


@pytest.mark.parametrize(
    "X, message",
    [
        ([1.0, 2.0], "must be 2-D"),
        ([[1.0, 1.0], [0.0, 2.0]], "constant feature"),
    ],
)
def test_standardise_rejects_bad_input(X, message):
    with pytest.raises(ValueError, match=message):
        standardise(X)
