"""A network with one tanh hidden layer and a sigmoid output, in NumPy (chapter 5).

The handout's functions, with its names and call shapes, after Ng's "Planar data classification
with one hidden layer". One example per column: X is (n_x, m), Y is (1, m) with labels 0 or 1,
W1 is (n_h, n_x), b1 is (n_h, 1), W2 is (n_y, n_h), b2 is (n_y, 1), and

    Z1 = W1 X + b1,  A1 = tanh(Z1),  Z2 = W2 A1 + b2,  A2 = sigmoid(Z2)          (eq-nn-forward)
    J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))                               (eq-nn-cost)
    dZ2 = A2 - Y,  dW2 = dZ2 A1^T / m,  db2 = sum_columns(dZ2) / m
    dZ1 = W2^T dZ2 * (1 - A1^2),  dW1 = dZ1 X^T / m,  db1 = sum_columns(dZ1) / m   (eq-nn-backward)
"""

import numbers

import numpy as np

from labcode.losses import _row, bce, check_labels, sigmoid

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")


def _check_size(name, n):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")
    return int(n)


def _numeric(name, v, shape_text):
    v = np.asarray(v)
    if v.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a numeric array of shape {shape_text}, "
                         f"got dtype {v.dtype}")
    return v


def _check_X(X, n_x=None, W1_shape=None):
    """X as float64 (n_x, m); with ``n_x`` given, its rows must match W1's columns."""
    X = _numeric("X", X, "(n_x, m)")
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array of shape (n_x, m), one example per column, "
                         f"got shape {X.shape}")
    if n_x is not None and X.shape[0] != n_x:
        hint = " (use X.T)" if X.shape[1] == n_x else ""
        raise ValueError(f"X must have one example per column: expected shape (n_x, m) with "
                         f"n_x = {n_x} to match W1 {W1_shape}, got {X.shape}{hint}")
    if not np.isfinite(X).all():
        raise ValueError("X must hold finite numbers; it contains inf or nan")
    return X.astype(np.float64)


def _check_Y(Y, m, what="X"):
    """Y as float64 (1, m) of labels 0/1, one column per column of X (or of A2)."""
    Y = np.asarray(Y)
    if Y.shape != (1, m):
        hint = " (use Y.reshape(1, -1))" if Y.size == m else ""
        raise ValueError(f"Y must be a row of labels, one column per example: expected shape "
                         f"(1, m) with m = {m} to match {what}, got {Y.shape}{hint}")
    Y = _row("Y", Y)
    check_labels(Y)
    return Y


def _check_parameters(parameters):
    """The four arrays as float64, with shapes that fit together; returns (n_x, n_h, n_y)."""
    if not isinstance(parameters, dict):
        raise ValueError(f"parameters must be a dict with keys {PARAMETER_KEYS}, "
                         f"got {type(parameters).__name__}")
    missing = [k for k in PARAMETER_KEYS if k not in parameters]
    if missing:
        raise ValueError(f"parameters must have keys {PARAMETER_KEYS}; missing {missing}")
    W1 = _numeric("W1", parameters["W1"], "(n_h, n_x)")
    if W1.ndim != 2 or 0 in W1.shape:
        raise ValueError(f"W1 must be a 2-D array of shape (n_h, n_x), got {W1.shape}")
    n_h, n_x = W1.shape
    W2 = _numeric("W2", parameters["W2"], "(n_y, n_h)")
    if W2.ndim != 2 or W2.shape[0] == 0 or W2.shape[1] != n_h:
        raise ValueError(f"W2 must have shape (n_y, n_h) with n_h = {n_h} to match W1 "
                         f"{W1.shape}, got {W2.shape}")
    n_y = W2.shape[0]
    for name, rows, ref in (("b1", n_h, "W1"), ("b2", n_y, "W2")):
        b = _numeric(name, parameters[name], f"({rows}, 1)")
        if b.shape != (rows, 1):
            raise ValueError(f"{name} must be a column of shape ({rows}, 1) to match {ref} "
                             f"{parameters[ref].shape}, got {b.shape}")
    if n_y != 1:
        raise ValueError(f"W2 must have one row (a single sigmoid output, n_y = 1) since Y is "
                         f"(1, m), got {W2.shape}")
    return n_x, n_h, n_y


def layer_sizes(X, Y, n_h=4):
    """Return ``(n_x, n_h, n_y)``: X's rows, the hidden size ``n_h``, Y's rows (1)."""
    X = _check_X(X)
    if np.ndim(Y) == 2 and np.shape(Y)[1] == X.shape[0] != X.shape[1]:
        raise ValueError(f"X must have one example per column, shape (n_x, m) with m = "
                         f"{np.shape(Y)[1]} to match Y {np.shape(Y)}, got {X.shape} (use X.T)")
    _check_Y(Y, X.shape[1])
    return X.shape[0], _check_size("n_h", n_h), 1


def initialize_parameters(n_x, n_h, n_y, seed=2):
    """Small random weights and zero biases, drawn as the handout draws them.

    W1 = 0.01 randn(n_h, n_x), then W2 = 0.01 randn(n_y, n_h), from NumPy's legacy generator
    ``RandomState(seed)`` (the handout reseeds the global one with 2; this leaves it alone).
    Random weights break the symmetry between hidden units: with equal weights every unit
    would compute, and keep learning, the same function. Small ones keep tanh near its
    linear part, where its slope is 1.
    """
    n_x, n_h, n_y = (_check_size(k, v) for k, v in (("n_x", n_x), ("n_h", n_h), ("n_y", n_y)))
    rng = np.random.RandomState(seed)
    W1 = 0.01 * rng.randn(n_h, n_x)
    W2 = 0.01 * rng.randn(n_y, n_h)
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def _forward(X, p):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def forward_propagation(X, parameters):
    """Eq. (eq-nn-forward). Returns ``(A2, cache)``, A2 of shape (1, m), cache Z1, A1, Z2, A2."""
    _check_parameters(parameters)
    X = _check_X(X, parameters["W1"].shape[1], parameters["W1"].shape)
    return _forward(X, parameters)


def compute_cost(A2, Y):
    """The cross-entropy cost (eq-nn-cost) of the probabilities ``A2`` (1, m), as a float.

    Computed by :func:`labcode.losses.bce`, which clips A2 to [1e-15, 1 - 1e-15] so that a
    probability rounded to 0 or 1 gives a large finite cost, not inf.
    """
    A2 = _row("A2", A2)
    _check_Y(Y, A2.shape[1], what=f"A2 {A2.shape}")
    return bce(A2, Y)


def _backward(p, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)   # tanh'(Z1) = 1 - tanh(Z1)^2
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_propagation(parameters, cache, X, Y):
    """Eq. (eq-nn-backward): the gradients of J, a dict ``dW1, db1, dW2, db2``.

    ``cache`` is the one :func:`forward_propagation` returned for these parameters and X;
    only A1 and A2 are read. Each gradient has its parameter's shape.
    """
    _, n_h, _ = _check_parameters(parameters)
    X = _check_X(X, parameters["W1"].shape[1], parameters["W1"].shape)
    m = X.shape[1]
    Y = _check_Y(Y, m)
    if not isinstance(cache, dict) or "A1" not in cache or "A2" not in cache:
        raise ValueError("cache must be the dict forward_propagation returned, with A1 and A2")
    for name, shape in (("A1", (n_h, m)), ("A2", (1, m))):
        if np.shape(cache[name]) != shape:
            raise ValueError(f"cache['{name}'] must have shape {shape} for these parameters and "
                             f"X, got {np.shape(cache[name])}: was it computed from another X?")
    return _backward(parameters, cache, X, Y)


def _check_rate(learning_rate):
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) \
            or not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    return float(learning_rate)


def _update(p, grads, lr):
    return {k: p[k] - lr * grads["d" + k] for k in PARAMETER_KEYS}


def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient-descent step, theta - learning_rate * dtheta, as a new dict.

    The arrays of ``parameters`` are left unchanged.
    """
    _check_parameters(parameters)
    lr = _check_rate(learning_rate)
    if not isinstance(grads, dict) or any(k not in grads for k in GRADIENT_KEYS):
        raise ValueError(f"grads must be a dict with keys {GRADIENT_KEYS}")
    for k in PARAMETER_KEYS:
        if np.shape(grads["d" + k]) != np.shape(parameters[k]):
            raise ValueError(f"grads['d{k}'] must have the shape of {k}, "
                             f"{np.shape(parameters[k])}, got {np.shape(grads['d' + k])}")
    return _update(parameters, grads, lr)


def train(X, Y, n_h, learning_rate=1.2, num_iterations=10000, print_cost=False, seed=2,
          parameters=None, print_every=1000, cost_every=1):
    """Gradient descent from ``initialize_parameters(n_x, n_h, 1, seed)``; returns ``(parameters, costs)``.

    ``costs[k]`` is the cost at iteration ``k * cost_every``, before that iteration's update
    (what the handout prints); with the default ``cost_every=1`` there is one cost per
    iteration. Computing the cost takes about a third of an iteration's time, hence
    ``cost_every`` for long runs. ``parameters``, if given, is the starting point instead (its
    hidden size must be ``n_h``). With ``print_cost``, prints "Cost after iteration i: c"
    (c with %f) every ``print_every`` iterations, from i = 0.
    """
    n_x, n_h, _ = layer_sizes(X, Y, n_h)
    X, Y = _check_X(X), _check_Y(Y, np.shape(X)[1])
    lr = _check_rate(learning_rate)
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, numbers.Integral) \
            or num_iterations < 0:
        raise ValueError(f"num_iterations must be an integer >= 0, got {num_iterations!r}")
    print_every = _check_size("print_every", print_every)
    cost_every = _check_size("cost_every", cost_every)
    if parameters is None:
        parameters = initialize_parameters(n_x, n_h, 1, seed)
    else:
        if _check_parameters(parameters)[:2] != (n_x, n_h):
            raise ValueError(f"the starting parameters have W1 {parameters['W1'].shape}; "
                             f"expected (n_h, n_x) = ({n_h}, {n_x}) for n_h and X")
        parameters = {k: np.asarray(parameters[k], dtype=np.float64) for k in PARAMETER_KEYS}
    costs = []
    for i in range(num_iterations):
        A2, cache = _forward(X, parameters)
        printing = print_cost and i % print_every == 0
        if i % cost_every == 0 or printing:
            cost = bce(A2, Y)
            if i % cost_every == 0:
                costs.append(cost)
            if printing:
                print("Cost after iteration %i: %f" % (i, cost))
        parameters = _update(parameters, _backward(parameters, cache, X, Y), lr)
    return parameters, costs


def nn_model(X, Y, n_h, learning_rate=1.2, num_iterations=10000, print_cost=False):
    """The handout's ``model``: train and return the parameters (see :func:`train`)."""
    return train(X, Y, n_h, learning_rate, num_iterations, print_cost)[0]


def predict_proba(parameters, X):
    """A2, the predicted probability of class 1 for each column of X, shape (1, m)."""
    return forward_propagation(X, parameters)[0]


def predict(parameters, X):
    """Labels 0/1 (int64) of shape (1, m): 1 where the probability A2 exceeds 0.5.

    A2 > 0.5 exactly when Z2 > 0; the test is made on Z2, which does not round to 0.5.
    """
    _, cache = forward_propagation(X, parameters)
    return (cache["Z2"] > 0).astype(np.int64)


def accuracy(parameters, X, Y):
    """Fraction of the examples (columns of X) whose predicted label equals Y's."""
    Y_pred = predict(parameters, X)
    Y = _check_Y(Y, Y_pred.shape[1])
    return float(np.mean(Y_pred == Y))
