"""Logistic regression trained by gradient descent, vectorised over examples (chapter 4).

The handout's convention: X is (n_x, m) with one example per column, Y is (1, m) with labels
0 or 1, w is (n_x, 1) and b is a float, so Z = w^T X + b is (1, m).
"""

import numbers

import numpy as np

from labcode.losses import _bce_with_logits, _row, check_labels, sigmoid


def _check_X(X):
    X = np.asarray(X)
    if X.dtype.kind not in "biuf" or X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(
            f"X must be a numeric array of shape (n_x, m), one example per column, "
            f"got shape {X.shape} and dtype {X.dtype}"
        )
    if not np.isfinite(X).all():
        raise ValueError("X must hold finite numbers; it contains inf or nan")
    return X.astype(np.float64)


def _check_params(w, b, n_x):
    w = np.asarray(w)
    if w.dtype.kind not in "biuf" or w.shape != (n_x, 1):
        raise ValueError(
            f"w must be a numeric column of shape (n_x, 1) = ({n_x}, 1) to match X, "
            f"got shape {w.shape}"
        )
    b = np.asarray(b)
    if b.dtype.kind not in "biuf" or b.size != 1:
        raise ValueError(f"b must be a single number, got shape {b.shape}")
    return w.astype(np.float64), float(b.reshape(()))


def _check_XY(X, Y):
    X = _check_X(X)
    Y = _row("Y", Y)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(
            f"X and Y must have one column per example: X has {X.shape[1]} columns, "
            f"Y has shape {Y.shape}"
        )
    check_labels(Y)
    return X, Y


def initialize_with_zeros(n_x):
    """Return w = zeros of shape (n_x, 1) and b = 0.0.

    Zeros are fine here (unlike in a hidden layer): the cost is convex, and the inputs break
    every symmetry between the weights.
    """
    if isinstance(n_x, bool) or not isinstance(n_x, numbers.Integral) or n_x < 1:
        raise ValueError(f"n_x must be a positive integer (the number of features), got {n_x!r}")
    return np.zeros((int(n_x), 1)), 0.0


def predict_proba(w, b, X):
    """The predicted probabilities A = sigma(w^T X + b), shape (1, m)."""
    X = _check_X(X)
    w, b = _check_params(w, b, X.shape[0])
    return sigmoid(w.T @ X + b)


def propagate(w, b, X, Y):
    """Cost J, eq. (eq-lr-cost), and its gradients, eqs. (eq-lr-dw) and (eq-lr-db).

    Returns ``(grads, cost)`` with ``grads = {"dw": (n_x, 1) array, "db": float}``: the
    gradients of the cost averaged over the m examples, dw = X (A - Y)^T / m and
    db = sum(A - Y) / m. The cost is computed from the logits, so it stays finite.
    """
    X, Y = _check_XY(X, Y)
    w, b = _check_params(w, b, X.shape[0])
    return _propagate(w, b, X, Y)


def _propagate(w, b, X, Y):
    m = X.shape[1]
    Z = w.T @ X + b
    A = sigmoid(Z)
    cost = _bce_with_logits(Z, Y)
    dZ = A - Y
    grads = {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}
    return grads, cost


def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False, print_every=100):
    """Run ``num_iterations`` steps of gradient descent, eq. (eq-lr-update), from (w, b).

    Returns ``(params, grads, costs)``: ``params = {"w", "b"}`` after the last step;
    ``grads`` evaluated at those final parameters; ``costs`` a list of num_iterations + 1
    floats where ``costs[i]`` is the cost after i steps (``costs[0]`` at the start,
    ``costs[-1]`` at the returned parameters). Every iteration is recorded so the cost curve
    can be drawn in full. With ``print_cost``, prints "Cost after iteration i: c" to stdout
    every ``print_every`` steps.
    """
    X, Y = _check_XY(X, Y)
    w, b = _check_params(w, b, X.shape[0])
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, numbers.Integral) \
            or num_iterations < 0:
        raise ValueError(f"num_iterations must be an integer >= 0, got {num_iterations!r}")
    if not (isinstance(learning_rate, numbers.Real) and np.isfinite(learning_rate)
            and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    if isinstance(print_every, bool) or not isinstance(print_every, numbers.Integral) \
            or print_every < 1:
        raise ValueError(f"print_every must be a positive integer, got {print_every!r}")
    w = w.copy()
    costs = []
    for i in range(num_iterations + 1):
        grads, cost = _propagate(w, b, X, Y)
        costs.append(cost)
        if print_cost and i % print_every == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
        if i < num_iterations:
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Labels 0/1 of shape (1, m): 1 where the predicted probability exceeds 0.5.

    sigma(z) > 0.5 exactly when z > 0, and the test is made on z, which does not round.
    """
    X = _check_X(X)
    w, b = _check_params(w, b, X.shape[0])
    return (w.T @ X + b > 0).astype(np.int64)


def accuracy(Y_pred, Y):
    """Fraction of the columns where the labels ``Y_pred`` equal ``Y`` (both (1, m))."""
    Y_pred, Y = _row("Y_pred", Y_pred), _row("Y", Y)
    if Y_pred.shape != Y.shape:
        raise ValueError(
            f"Y_pred and Y must have the same shape (1, m), got {Y_pred.shape} and {Y.shape}"
        )
    return float(np.mean(Y_pred == Y))


def logistic_regression(X, Y, num_iterations=2000, learning_rate=0.1, print_cost=False,
                        print_every=100):
    """Train logistic regression from zeros by gradient descent on (X, Y).

    Prints the cost every ``print_every`` steps when ``print_cost``. Returns a dict with
    ``w`` (n_x, 1), ``b`` (float), ``costs`` (as in :func:`optimize`),
    ``grads`` (at the final parameters), ``Y_prediction`` (training-set labels, (1, m)),
    ``train_accuracy``, ``learning_rate`` and ``num_iterations``.
    """
    X, Y = _check_XY(X, Y)
    w, b = initialize_with_zeros(X.shape[0])
    params, grads, costs = optimize(w, b, X, Y, num_iterations, learning_rate, print_cost,
                                    print_every)
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
