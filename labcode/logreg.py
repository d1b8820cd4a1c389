"""Logistic regression trained by gradient descent, vectorised over examples (chapter 4).

The handout's convention: X is (n_x, m) with one example per column, Y is (1, m) with labels
0 or 1, w is (n_x, 1) and b is a float, so Z = w^T X + b is (1, m).
"""

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks
from labcode.losses import bce_with_logits, sigmoid


def _weights(w: ArrayLike, b: Any, n_x: int) -> tuple[np.ndarray, float]:
    """w as a float64 column (n_x, 1) and b as a float."""
    w = checks.array("w", w, f"(n_x, 1) = ({n_x}, 1)")
    if w.shape != (n_x, 1):
        raise ValueError(
            f"w must be a numeric column of shape (n_x, 1) = ({n_x}, 1) to match "
            f"X, got shape {w.shape}"
        )
    b = checks.array("b", b, "()")
    if b.size != 1:
        raise ValueError(f"b must be a single number, got shape {b.shape}")
    return w, float(b.reshape(()))


def _linear_model(w: ArrayLike, b: Any, X: ArrayLike) -> tuple[np.ndarray, float, np.ndarray]:
    """w (n_x, 1), b and the examples X (n_x, m) it is applied to."""
    X = checks.examples(X)
    return (*_weights(w, b, X.shape[0]), X)


def _regression(
    w: ArrayLike, b: Any, X: ArrayLike, Y: ArrayLike
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """w (n_x, 1), b, the examples X (n_x, m) and their labels Y (1, m)."""
    X, Y = checks.data(X, Y)
    return (*_weights(w, b, X.shape[0]), X, Y)


def initialize_with_zeros(n_x: int) -> tuple[np.ndarray, float]:
    """Return w = zeros of shape (n_x, 1) and b = 0.0.

    Zeros are fine here (unlike in a hidden layer): the cost is convex, and the inputs break
    every symmetry between the weights.
    """
    n_x = checks.count("n_x", n_x)
    return np.zeros((n_x, 1)), 0.0


def predict_proba(w: ArrayLike, b: float, X: ArrayLike) -> np.ndarray:
    """The predicted probabilities A = sigma(w^T X + b), shape (1, m)."""
    w, b, X = _linear_model(w, b, X)
    return sigmoid(w.T @ X + b)


def propagate(
    w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike
) -> tuple[dict[str, np.ndarray | float], float]:
    """Cost J, eq. (eq-lr-cost), and its gradients, eqs. (eq-lr-dw) and (eq-lr-db).

    Returns ``(grads, cost)`` with ``grads = {"dw": (n_x, 1) array, "db": float}``: the
    gradients of the cost averaged over the m examples. The cost is computed from the logits
    Z, so it stays finite.
    """
    w, b, X, Y = _regression(w, b, X, Y)
    m = X.shape[1]
    Z = w.T @ X + b
    A = sigmoid(Z)
    cost = bce_with_logits(Z, Y)
    dZ = A - Y
    dw = X @ dZ.T / m
    db = float(np.sum(dZ) / m)
    return {"dw": dw, "db": db}, cost


def optimize(
    w: ArrayLike,
    b: float,
    X: ArrayLike,
    Y: ArrayLike,
    num_iterations: int,
    learning_rate: float,
    print_cost: bool = False,
    print_every: int = 100,
) -> tuple[dict[str, np.ndarray | float], dict[str, np.ndarray | float], list[float]]:
    """Run ``num_iterations`` steps of gradient descent, eq. (eq-lr-update), from (w, b).

    Returns ``(params, grads, costs)``: ``params = {"w", "b"}`` after the last step;
    ``grads`` evaluated at those final parameters; ``costs`` a list of num_iterations + 1
    floats where ``costs[i]`` is the cost after i steps (``costs[0]`` at the start,
    ``costs[-1]`` at the returned parameters). Every iteration is recorded so the cost curve
    can be drawn in full. With ``print_cost``, prints "Cost after iteration i: c" to stdout
    every ``print_every`` steps.
    """
    w, b, X, Y = _regression(w, b, X, Y)
    num_iterations, learning_rate, print_every = checks.descent(
        num_iterations, learning_rate, print_every
    )
    costs = []
    for i in range(num_iterations + 1):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        if print_cost and i % print_every == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
        if i < num_iterations:
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w: ArrayLike, b: float, X: ArrayLike) -> np.ndarray:
    """Labels 0/1 of shape (1, m): 1 where the predicted probability exceeds 0.5.

    sigma(z) > 0.5 exactly when z > 0, and the test is made on z, which does not round.
    """
    w, b, X = _linear_model(w, b, X)
    return (w.T @ X + b > 0).astype(np.int64)


def accuracy(Y_pred: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of the columns where the labels ``Y_pred`` equal ``Y`` (both (1, m))."""
    Y_pred, Y = checks.rows("Y_pred", Y_pred, "Y", Y)
    return float(np.mean(Y_pred == Y))


def logistic_regression(
    X: ArrayLike,
    Y: ArrayLike,
    num_iterations: int = 2000,
    learning_rate: float = 0.1,
    print_cost: bool = False,
    print_every: int = 100,
) -> dict:
    """Train logistic regression from zeros by gradient descent on (X, Y).

    Prints the cost every ``print_every`` steps when ``print_cost``. Returns a dict with
    ``w`` (n_x, 1), ``b`` (float), ``costs`` (as in :func:`optimize`),
    ``grads`` (at the final parameters), ``Y_prediction`` (training-set labels, (1, m)),
    ``train_accuracy``, ``learning_rate`` and ``num_iterations``.
    """
    X, Y = checks.data(X, Y)
    w, b = initialize_with_zeros(X.shape[0])
    params, grads, costs = optimize(
        w, b, X, Y, num_iterations, learning_rate, print_cost, print_every
    )
    Y_prediction = predict(params["w"], params["b"], X)
    return {
        "w": params["w"],
        "b": params["b"],
        "costs": costs,
        "grads": grads,
        "Y_prediction": Y_prediction,
        "train_accuracy": accuracy(Y_prediction, Y),
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
