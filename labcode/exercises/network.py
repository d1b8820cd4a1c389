"""The checkers of chapter 5 (chapters/05_network.md): the one-hidden-layer network."""

import numpy as np

from labcode import losses, nn
from labcode.exercises._check import (
    Check,
    array,
    by_m,
    compare,
    given,
    keyed,
    number,
    pair,
    unchanged,
)


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


def check_forward_propagation(forward_propagation, *, strict=False):
    """Check ``forward_propagation(X, parameters)``, ``(A2, cache)`` (chapter 5)."""
    with Check("forward_propagation", forward_propagation, nn.forward_propagation, strict) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, _ = _network_case(seed, n_x, n_h, m)
            passed, arrays = given(p)
            got = pair(c, c.call(X.copy(), passed), "(A2, cache)")
            unchanged(c, p, passed, arrays, "parameters")
            if isinstance(got[0], dict) and not isinstance(got[1], dict):
                c.fail("returns (cache, A2): the pair is (A2, cache), in this order")
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


def check_compute_cost(compute_cost, *, strict=False):
    """Check ``compute_cost(A2, Y)``, the cross-entropy cost as a number (chapter 5)."""
    with Check("compute_cost", compute_cost, nn.compute_cost, strict) as c:
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
                    *by_m(cost, m, "J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))"),
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


def check_backward_propagation(backward_propagation, *, strict=False):
    """Check ``backward_propagation(parameters, cache, X, Y)``, the four gradients (chapter 5)."""
    with Check("backward_propagation", backward_propagation, nn.backward_propagation, strict) as c:
        for seed, n_x, n_h, m in _NETWORK_CASES:
            c.test(f"n_x = {n_x}, n_h = {n_h}, m = {m}")
            p, X, Y = _network_case(seed, n_x, n_h, m)
            _, cache = nn.forward_propagation(X, p)
            got = keyed(
                c,
                c.call(given(p)[0], given(cache)[0], X.copy(), Y.copy()),
                nn.GRADIENT_KEYS,
                "the result",
            )
            ref = nn.backward_propagation(p, cache, X, Y)
            Z1, A1, A2, dZ2 = cache["Z1"], cache["A1"], cache["A2"], cache["A2"] - Y
            back = p["W2"].T @ dZ2
            tanh_derivative = "tanh'(Z1) = 1 - A1^2"
            wrong_dZ1 = {
                f"uses sigma'(Z1) = A1 (1 - A1) where {tanh_derivative} belongs": back
                * A1
                * (1 - A1),
                f"uses sigma'(Z1) = sigmoid(Z1) (1 - sigmoid(Z1)) where {tanh_derivative} "
                f"belongs": back * losses.sigmoid(Z1) * (1 - losses.sigmoid(Z1)),
                f"uses 1 - Z1^2, the derivative taken of the wrong variable: {tanh_derivative}, "
                f"a function of A1 = tanh(Z1)": back * (1 - Z1**2),
                f"applies tanh twice, 1 - tanh(A1)^2: A1 already is tanh(Z1), so "
                f"{tanh_derivative}": back * (1 - np.tanh(A1) ** 2),
                f"uses 1 - A2^2: the hidden layer's derivative is {tanh_derivative}, of its "
                f"own output A1": back * (1 - A2**2),
                f"misses the factor {tanh_derivative}": back,
            }
            dZ1 = back * (1 - A1**2)
            wrong_input = {
                "dW1": (
                    dZ1 @ A1.T / m,
                    "uses A1 where X belongs: dW1 = dZ1 X^T / m, the hidden layer's input is X "
                    "(A1 is its output)",
                ),
                "dW2": (
                    dZ2 @ X.T / m,
                    "uses X where A1 belongs: dW2 = dZ2 A1^T / m, the output layer's input is A1",
                ),
            }
            for key in ("dW2", "db2", "dW1", "db1"):
                layer = key[-1]
                mistakes = [
                    *by_m(ref[key], m, f"{key} = ... / m"),
                    (-ref[key], "has the wrong sign: dZ2 = A2 - Y, not Y - A2"),
                ]
                if key in wrong_input:
                    mistakes.append(wrong_input[key])
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


def check_update_parameters(update_parameters, *, strict=False):
    """Check ``update_parameters(parameters, grads, learning_rate=1.2)`` (chapter 5)."""
    with Check("update_parameters", update_parameters, nn.update_parameters, strict) as c:
        for (seed, n_x, n_h, m), rate in zip(
            _NETWORK_CASES + _NETWORK_CASES[:1], (0.5, 0.01, None)
        ):
            c.test(
                f"n_x = {n_x}, n_h = {n_h}, "
                + ("the default learning_rate" if rate is None else f"learning_rate = {rate}")
            )
            p, X, Y = _network_case(seed, n_x, n_h, m)
            grads = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
            passed, arrays = given(p)
            got = c.call(passed, dict(grads)) if rate is None else c.call(passed, dict(grads), rate)
            unchanged(c, p, passed, arrays, "parameters")
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
