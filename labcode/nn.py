"""A network with one tanh hidden layer and a sigmoid output, in NumPy (chapter 5).

The handout's functions, with its names and call shapes, after Ng's "Planar data classification
with one hidden layer". One example per column: X is (n_x, m), Y is (1, m) with labels 0 or 1,
W1 is (n_h, n_x), b1 is (n_h, 1), W2 is (n_y, n_h), b2 is (n_y, 1), and

    Z1 = W1 X + b1,  A1 = tanh(Z1),  Z2 = W2 A1 + b2,  A2 = sigmoid(Z2)          (eq-nn-forward)
    J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))                               (eq-nn-cost)
    dZ2 = A2 - Y,  dW2 = dZ2 A1^T / m,  db2 = sum_columns(dZ2) / m
    dZ1 = W2^T dZ2 * (1 - A1^2),  dW1 = dZ1 X^T / m,  db1 = sum_columns(dZ1) / m   (eq-nn-backward)
"""

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks
from labcode.checks import GRADIENT_KEYS, PARAMETER_KEYS
from labcode.losses import bce, sigmoid

__all__ = [
    "GRADIENT_KEYS",
    "PARAMETER_KEYS",
    "accuracy",
    "backward_propagation",
    "compute_cost",
    "forward_propagation",
    "initialize_parameters",
    "layer_sizes",
    "nn_model",
    "predict",
    "predict_proba",
    "train",
    "update_parameters",
]

Parameters = dict[str, np.ndarray]
"""W1, b1, W2, b2 by name (the handout's ``parameters``); gradients are dW1, db1, dW2, db2."""


def layer_sizes(X: ArrayLike, Y: ArrayLike, n_h: int = 4) -> tuple[int, int, int]:
    """Return ``(n_x, n_h, n_y)``: X's rows, the hidden size ``n_h``, Y's rows (1)."""
    X, Y = checks.data(X, Y)
    return X.shape[0], checks.count("n_h", n_h), Y.shape[0]


def initialize_parameters(n_x: int, n_h: int, n_y: int, seed: int = 2) -> Parameters:
    """Small random weights and zero biases, drawn as the handout draws them.

    W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), from NumPy's legacy generator
    ``RandomState(seed)`` (the handout reseeds the global one with 2; this leaves it alone).
    Random weights break the symmetry between hidden units: with equal weights every unit
    would compute, and keep learning, the same function. Small ones keep tanh near its
    linear part, where its slope is 1.
    """
    n_x, n_h, n_y = checks.count("n_x", n_x), checks.count("n_h", n_h), checks.count("n_y", n_y)
    rng = np.random.RandomState(seed)
    W1 = 0.01 * rng.randn(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = 0.01 * rng.randn(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(
    X: ArrayLike, parameters: Parameters
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Eq. (eq-nn-forward). Returns ``(A2, cache)``, A2 of shape (1, m), cache Z1, A1, Z2, A2."""
    W1, b1, W2, b2, X = checks.network(parameters, X)
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _predictions(A2: ArrayLike, Y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The network's output A2 (1, m) and the labels Y (1, m) it is scored against."""
    A2 = checks.row("A2", A2)
    return A2, checks.labels(Y, A2.shape[1], match="A2")


def compute_cost(A2: ArrayLike, Y: ArrayLike) -> float:
    """The cross-entropy cost (eq-nn-cost) of the probabilities ``A2`` (1, m), as a float.

    Computed by :func:`labcode.losses.bce`, which clips A2 to [1e-15, 1 - 1e-15] so that a
    probability rounded to 0 or 1 gives a large finite cost, not inf.
    """
    A2, Y = _predictions(A2, Y)
    return bce(A2, Y)


def _backward_inputs(
    parameters: Any, cache: Any, X: ArrayLike, Y: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the backward pass reads: W2, A1 (n_h, m) and A2 (1, m) of the cache, X and Y."""
    W1, _, W2, _, X = checks.network(parameters, X)
    m = X.shape[1]
    Y = checks.labels(Y, m)
    if not isinstance(cache, dict) or "A1" not in cache or "A2" not in cache:
        raise ValueError("cache must be the dict forward_propagation returned, with A1 and A2")
    for name, shape in (("A1", (W1.shape[0], m)), ("A2", (1, m))):
        if np.shape(cache[name]) != shape:
            raise ValueError(
                f"cache['{name}'] must have shape {shape} for these parameters and "
                f"X, got {np.shape(cache[name])}: was it computed from another X?"
            )
    A1, A2 = checks.array("A1", cache["A1"], "(n_h, m)"), checks.array("A2", cache["A2"], "(1, m)")
    return W2, A1, A2, X, Y


def backward_propagation(
    parameters: Parameters, cache: dict[str, np.ndarray], X: ArrayLike, Y: ArrayLike
) -> Parameters:
    """Eq. (eq-nn-backward): the gradients of J, a dict ``dW1, db1, dW2, db2``.

    ``cache`` is the one :func:`forward_propagation` returned for these parameters and X;
    only A1 and A2 are read. Each gradient has its parameter's shape.
    """
    W2, A1, A2, X, Y = _backward_inputs(parameters, cache, X, Y)
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1**2)  # tanh'(Z1) = 1 - tanh(Z1)^2 = 1 - A1^2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _step(
    parameters: Any, grads: Any, learning_rate: Any
) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...], float]:
    """One gradient-descent step's inputs: W1, b1, W2, b2, then dW1, db1, dW2, db2 (each of
    its parameter's shape), all float64, and the rate."""
    params, grads = checks.parameters(parameters), checks.gradient_dict(grads)
    for k, param in zip(PARAMETER_KEYS, params):
        if np.shape(grads["d" + k]) != param.shape:
            raise ValueError(
                f"grads['d{k}'] must have the shape of {k}, {param.shape}, "
                f"got {np.shape(grads['d' + k])}"
            )
    gradients = tuple(checks.array(k, grads[k], "of its parameter") for k in GRADIENT_KEYS)
    return params, gradients, checks.positive("learning_rate", learning_rate)


def update_parameters(
    parameters: Parameters, grads: Parameters, learning_rate: float = 1.2
) -> Parameters:
    """One gradient-descent step, theta - learning_rate * dtheta, as a new dict.

    The arrays of ``parameters`` are left unchanged.
    """
    (W1, b1, W2, b2), (dW1, db1, dW2, db2), rate = _step(parameters, grads, learning_rate)
    W1 = W1 - rate * dW1
    b1 = b1 - rate * db1
    W2 = W2 - rate * dW2
    b2 = b2 - rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _start(parameters: Any, n_x: int, n_h: int) -> Parameters:
    """Starting parameters for a network of n_x inputs and n_h hidden units."""
    if checks.parameters(parameters)[0].shape != (n_h, n_x):
        raise ValueError(
            f"the starting parameters have W1 {np.shape(parameters['W1'])}; expected "
            f"(n_h, n_x) = ({n_h}, {n_x}) for n_h and X"
        )
    return parameters


def nn_model(
    X: ArrayLike,
    Y: ArrayLike,
    n_h: int,
    learning_rate: float = 1.2,
    num_iterations: int = 10000,
    print_cost: bool = False,
    *,
    parameters: Parameters | None = None,
    seed: int = 2,
    costs: list[float] | None = None,
    cost_every: int = 1,
    print_every: int = 1000,
) -> Parameters:
    """The handout's ``model``: gradient descent from :func:`initialize_parameters`.

    Returns the parameters after ``num_iterations`` steps; with ``print_cost``, prints
    "Cost after iteration i: c" (c with %f) every ``print_every`` iterations, from i = 0.
    Beyond the handout, by keyword: start from ``parameters`` (hidden size ``n_h``) instead of
    ``initialize_parameters(n_x, n_h, 1, seed)``, and append to the list ``costs`` the cost at
    every ``cost_every``-th iteration, before that iteration's update (what the handout
    prints). The cost takes about a third of an iteration's time, and is computed only when
    recorded or printed.
    """
    n_x, n_h, n_y = layer_sizes(X, Y, n_h)
    num_iterations, _, print_every = checks.descent(num_iterations, learning_rate, print_every)
    cost_every = checks.count("cost_every", cost_every)
    if parameters is None:
        parameters = initialize_parameters(n_x, n_h, n_y, seed)
    parameters = _start(parameters, n_x, n_h)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        recording = costs is not None and i % cost_every == 0
        printing = print_cost and i % print_every == 0
        if recording or printing:
            cost = compute_cost(A2, Y)
            if recording:
                costs.append(cost)
            if printing:
                print("Cost after iteration %i: %f" % (i, cost))
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters


def train(*args: Any, **kwargs: Any) -> tuple[Parameters, list[float]]:
    """:func:`nn_model` with the same arguments, returning ``(parameters, costs)``:
    ``costs[k]`` is the cost at iteration ``k * cost_every`` (every iteration by default)."""
    costs: list[float] = []
    return nn_model(*args, costs=costs, **kwargs), costs


def predict_proba(parameters: Parameters, X: ArrayLike) -> np.ndarray:
    """A2, the predicted probability of class 1 for each column of X, shape (1, m)."""
    return forward_propagation(X, parameters)[0]


def predict(parameters: Parameters, X: ArrayLike) -> np.ndarray:
    """Labels 0/1 (int64) of shape (1, m): 1 where the probability A2 exceeds 0.5.

    A2 > 0.5 exactly when Z2 > 0; the test is made on Z2, which does not round to 0.5.
    """
    A2, cache = forward_propagation(X, parameters)
    return (cache["Z2"] > 0).astype(np.int64)


def accuracy(parameters: Parameters, X: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of the examples (columns of X) whose predicted label equals Y's."""
    Y_pred = predict(parameters, X)
    return float(np.mean(Y_pred == checks.labels(Y, Y_pred.shape[1])))
