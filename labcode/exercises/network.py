"""The checkers of chapter 5 (chapters/05_network.md): the one-hidden-layer network."""

import numpy as np

from labcode import losses, nn
from labcode.exercises._check import Check, array, compare, keyed, number, pair, unchanged


def _network_case(seed, n_x, n_h, m):
    """Parameters with every entry of order 1 (so tanh is far from linear), X and Y."""
    rng = np.random.RandomState(seed)
    parameters = {
        "W1": rng.randn(n_h, n_x),
        "b1": 0.5 * rng.randn(n_h, 1),
        "W2": rng.randn(1, n_h),
        "b2": 0.5 * rng.randn(1, 1),
    }
    X = rng.randn(n_x, m)
    Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
    return parameters, X, Y


_NETWORK_CASES = [(1, 2, 4, 5), (2, 3, 2, 7)]


def _copy(parameters):
    return {k: np.array(v) for k, v in parameters.items()}


def check_forward_propagation(forward_propagation):
    """Check ``forward_propagation(X, parameters)``, ``(A2, cache)`` (chapter 5)."""
    with Check("forward_propagation", forward_propagation) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, _ = _network_case(seed, n_x, n_h, m)
            given = _copy(p)
            got = pair(c, c.call(X.copy(), given), "(A2, cache)")
            unchanged(c, p, given, "parameters")
            A2, cache = nn.forward_propagation(X, p)
            Z1, A1, Z2 = cache["Z1"], cache["A1"], cache["Z2"]
            sigmoid_hidden = losses.sigmoid(p["W2"] @ losses.sigmoid(Z1) + p["b2"])
            no_b1 = losses.sigmoid(p["W2"] @ np.tanh(p["W1"] @ X) + p["b2"])
            compare(
                c,
                got[0],
                A2,
                "A2",
                [
                    (sigmoid_hidden, "uses the sigmoid in the hidden layer: A1 = tanh(Z1)"),
                    (np.tanh(Z2), "uses tanh at the output: A2 = sigmoid(Z2), a probability"),
                    (Z2, "is Z2: apply the sigmoid, A2 = sigmoid(Z2)"),
                    (
                        losses.sigmoid(p["W2"] @ Z1 + p["b2"]),
                        "skips the hidden activation: A1 = tanh(Z1)",
                    ),
                    (no_b1, "misses the bias b1: Z1 = W1 X + b1"),
                    (losses.sigmoid(p["W2"] @ A1), "misses the bias b2: Z2 = W2 A1 + b2"),
                ],
            )
            got_cache = keyed(c, got[1], ("Z1", "A1", "Z2", "A2"), "the cache")
            for key in ("Z1", "A1", "Z2", "A2"):
                compare(c, got_cache[key], cache[key], f"cache['{key}']")


def check_compute_cost(compute_cost):
    """Check ``compute_cost(A2, Y)``, the cross-entropy cost as a number (chapter 5)."""
    with Check("compute_cost", compute_cost) as c:
        for seed, m in [(1, 5), (2, 8)]:
            c.test(f"m = {m}")
            rng = np.random.RandomState(seed)
            A2 = rng.uniform(0.05, 0.95, (1, m))
            Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
            got = number(c, c.call(A2.copy(), Y.copy()), "the cost")
            cost = nn.compute_cost(A2, Y)
            compare(
                c,
                got,
                cost,
                "the cost",
                [
                    (m * cost, f"is m = {m} times too large: the 1/m of the average is missing"),
                    (-cost, "has the wrong sign: J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))"),
                    (
                        -np.mean(Y * np.log(A2)),
                        "misses the term (1 - Y) log(1 - A2): examples with label 0 count too",
                    ),
                    (
                        -np.mean(Y * np.log(1 - A2) + (1 - Y) * np.log(A2)),
                        "has the two logs swapped: Y goes with log A2, 1 - Y with log(1 - A2)",
                    ),
                ],
            )


def check_backward_propagation(backward_propagation):
    """Check ``backward_propagation(parameters, cache, X, Y)``, the four gradients (chapter 5)."""
    with Check("backward_propagation", backward_propagation) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, Y = _network_case(seed, n_x, n_h, m)
            _, cache = nn.forward_propagation(X, p)
            got = keyed(
                c,
                c.call(_copy(p), _copy(cache), X.copy(), Y.copy()),
                nn.GRADIENT_KEYS,
                "the result",
            )
            ref = nn.backward_propagation(p, cache, X, Y)
            A1, dZ2 = cache["A1"], cache["A2"] - Y
            back = p["W2"].T @ dZ2
            wrong_dZ1 = {
                "uses sigma'(Z1) = A1 (1 - A1) where tanh'(Z1) = 1 - A1^2 belongs": back
                * A1
                * (1 - A1),
                "misses the factor tanh'(Z1) = 1 - A1^2": back,
            }
            for key in ("dW2", "db2", "dW1", "db1"):
                layer = key[-1]
                mistakes = [
                    (
                        m * ref[key],
                        f"is m = {m} times too large: the 1/m of the "
                        f"average is missing, {key} = ... / m",
                    ),
                    (-ref[key], "has the wrong sign: dZ2 = A2 - Y, not Y - A2"),
                ]
                if layer == "1":
                    for diagnosis, dZ1 in wrong_dZ1.items():
                        value = dZ1 @ X.T / m if key == "dW1" else dZ1.sum(1, keepdims=True) / m
                        mistakes.append((value, diagnosis))
                g = array(c, got[key], key)
                if key.startswith("db") and g.shape == (ref[key].shape[0], m):
                    c.fail(
                        f"{key} has shape {g.shape}: sum dZ{layer} over the examples, "
                        f"np.sum(dZ{layer}, axis=1, keepdims=True) / m"
                    )
                compare(c, g, ref[key], key, mistakes)


def check_update_parameters(update_parameters):
    """Check ``update_parameters(parameters, grads, learning_rate=1.2)`` (chapter 5)."""
    with Check("update_parameters", update_parameters) as c:
        for (seed, n_x, n_h, m), rate in zip(
            _NETWORK_CASES + _NETWORK_CASES[:1], (0.5, 0.01, None)
        ):
            c.test(
                f"n_x = {n_x}, n_h = {n_h}, "
                + ("the default learning_rate" if rate is None else f"learning_rate = {rate}")
            )
            p, X, Y = _network_case(seed, n_x, n_h, m)
            grads = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
            given = _copy(p)
            got = c.call(given, dict(grads)) if rate is None else c.call(given, dict(grads), rate)
            unchanged(c, p, given, "parameters")
            got = keyed(c, got, nn.PARAMETER_KEYS, "the result")
            ref = (
                nn.update_parameters(p, grads)
                if rate is None
                else nn.update_parameters(p, grads, rate)
            )
            used = 1.2 if rate is None else rate
            for key in nn.PARAMETER_KEYS:
                step = grads["d" + key]
                ignored = [
                    (
                        p[key] - r * step,
                        f"uses the learning rate {r:g} by default: the default is 1.2"
                        if rate is None
                        else f"ignores the learning rate ({used:g}): "
                        f"{key} - learning_rate * d{key}",
                    )
                    for r in (1.0, 1.2, 0.01, 0.5)
                    if r != used
                ]
                compare(
                    c,
                    got[key],
                    ref[key],
                    key,
                    ignored
                    + [
                        (
                            p[key] + used * step,
                            f"moved up the gradient: {key} - learning_rate * d{key}, with a minus",
                        ),
                    ],
                )
