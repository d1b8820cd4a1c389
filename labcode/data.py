"""The iris data set, shipped inside scikit-learn, as binary tasks (chapters 4 and 5).

Arrays follow the handout's convention: one example per column, X is (n_x, m), Y is (1, m).
"""

import numpy as np
from numpy.typing import ArrayLike

SPECIES = ("setosa", "versicolor", "virginica")
FEATURES = ("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)")


def load_iris_binary(
    positive: str | tuple[str, ...] = ("versicolor", "virginica"),
    features: tuple[int, ...] = (0, 1),
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` (len(features), 150) and ``Y`` (1, 150) with 1 for the ``positive`` species.

    The default is the handout's task: the first two features, setosa (0) against the rest (1).
    """
    # Imported here, not with this module: importing scikit-learn draws from Python's global
    # random generator (rich, which it imports, takes getrandbits(24)), and importing labcode
    # must leave the global generators alone.
    from sklearn import datasets

    positive = (positive,) if isinstance(positive, str) else tuple(positive)
    unknown = [name for name in positive if name not in SPECIES]
    if unknown or not positive or len(positive) == len(SPECIES):
        raise ValueError(f"positive must name one or two of {SPECIES}, got {positive!r}")
    features = tuple(features)
    if not features or any(not 0 <= f < len(FEATURES) for f in features):
        raise ValueError(f"features must be column indices in 0..3, got {features!r}")
    iris = datasets.load_iris()
    codes = [SPECIES.index(name) for name in positive]
    X = iris.data[:, features].T.astype(np.float64)
    Y = np.isin(iris.target, codes).astype(np.int64).reshape(1, -1)
    return X, Y


def standardise(X: ArrayLike) -> np.ndarray:
    """Each feature (row) of ``X`` shifted to mean 0 and scaled to standard deviation 1."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D with one feature per row, got shape {X.shape}")
    sd = X.std(axis=1, keepdims=True)
    if np.any(sd == 0):
        raise ValueError("X has a constant feature (standard deviation 0): cannot standardise it")
    return (X - X.mean(axis=1, keepdims=True)) / sd
