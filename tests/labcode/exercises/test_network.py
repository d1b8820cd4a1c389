"""labcode.exercises.network, the checkers of chapter 5: the network's forward pass, cost, backward
pass and update. Each planted mistake is written the way a student would write it, one bug each,
and must be rejected with the diagnosis a student needs."""

import copy
import re

import numpy as np
import pytest

from labcode import exercises, losses, nn
from labcode.losses import sigmoid

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_forward_propagation": nn.forward_propagation,
    "check_compute_cost": nn.compute_cost,
    "check_backward_propagation": nn.backward_propagation,
    "check_update_parameters": nn.update_parameters,
}


# Right functions as students write them, none of them labcode's (which the checkers
# refuse): the chapter's solution first, then other right ways.


def forward_propagation_solution(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def forward_propagation_dot(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = (np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost_solution(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


def compute_cost_loop(A2, Y):
    total = 0.0
    for a, y in zip(A2[0], Y[0]):
        total -= np.log(a) if y == 1 else np.log(1 - a)
    return total / Y.shape[1]


def backward_propagation_solution(parameters, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_propagation_einsum(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.einsum("ij,ik->jk", parameters["W2"], dZ2) * (1 - np.tanh(cache["Z1"]) ** 2)
    return {
        "dW1": np.einsum("ik,jk->ij", dZ1, X) / m,
        "db1": dZ1.mean(axis=1, keepdims=True),
        "dW2": np.einsum("ik,jk->ij", dZ2, cache["A1"]) / m,
        "db2": dZ2.mean(axis=1, keepdims=True),
    }


def update_parameters_solution(parameters, grads, learning_rate=1.2):
    return {k: parameters[k] - learning_rate * grads["d" + k] for k in ("W1", "b1", "W2", "b2")}


def update_parameters_deepcopy(parameters, grads, learning_rate=1.2):
    new = copy.deepcopy(parameters)
    for key in new:
        new[key] -= learning_rate * grads["d" + key]  # in place, but on the copy
    return new


RIGHT = {
    "check_forward_propagation": [forward_propagation_solution, forward_propagation_dot],
    "check_compute_cost": [compute_cost_solution, compute_cost_loop],
    "check_backward_propagation": [backward_propagation_solution, backward_propagation_einsum],
    "check_update_parameters": [update_parameters_solution, update_parameters_deepcopy],
}


def forward_variant(hidden=np.tanh, output=losses.sigmoid, b1=True, b2=True, cache_keys=None):
    def forward_propagation(X, parameters):
        Z1 = parameters["W1"] @ X + (parameters["b1"] if b1 else 0)
        A1 = hidden(Z1)
        Z2 = parameters["W2"] @ A1 + (parameters["b2"] if b2 else 0)
        A2 = output(Z2)
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        return A2, {k: cache[k] for k in (cache_keys or cache)}

    return forward_propagation


def forward_transposed_W1(X, parameters):
    Z1 = parameters["W1"].T @ X + parameters["b1"]
    return nn.forward_propagation(X, parameters)[0], Z1


@pytest.mark.parametrize(
    "student, phrases",
    [
        (forward_variant(hidden=losses.sigmoid), ["sigmoid in the hidden layer"]),
        (forward_variant(output=np.tanh), ["tanh at the output"]),
        (forward_variant(output=lambda Z: Z), ["A2 is Z2"]),
        (forward_variant(hidden=lambda Z: Z), ["skips the hidden activation"]),
        (forward_variant(b1=False), ["misses the bias b1"]),
        (forward_variant(b2=False), ["misses the bias b2"]),
        (
            forward_variant(output=lambda Z: losses.sigmoid(Z).ravel()),
            ["A2 has shape (5,)", "flattened"],
        ),
        (
            forward_variant(output=lambda Z: losses.sigmoid(Z).T),
            ["A2 has shape (5, 1)", "transposed"],
        ),
        (forward_variant(cache_keys=["A1", "A2"]), ["the cache has no key 'Z1', 'Z2'"]),
        (forward_transposed_W1, ["ValueError", "matmul", "transposed"]),
        (lambda X, parameters: nn.forward_propagation(X, parameters)[0], ["the pair (A2, cache)"]),
    ],
)
def test_forward_propagation_mistakes(student, phrases, rejects):
    rejects(exercises.check_forward_propagation, student, *phrases)


def test_forward_propagation_that_changes_its_parameters(rejects):
    def forward_propagation(X, parameters):
        parameters["W1"] *= 2
        return nn.forward_propagation(X, parameters)

    rejects(
        exercises.check_forward_propagation,
        forward_propagation,
        "changed parameters['W1'] in place",
    )


@pytest.mark.parametrize(
    "student, phrase",
    [
        (
            lambda A2, Y: -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))),
            "m = 5 times too large",
        ),
        (lambda A2, Y: float(np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))), "wrong sign"),
        (lambda A2, Y: -float(np.mean(Y * np.log(A2))), "misses the term (1 - Y) log(1 - A2)"),
        (lambda A2, Y: -float(np.mean(Y * np.log(1 - A2) + (1 - Y) * np.log(A2))), "swapped"),
        (
            lambda A2, Y: -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)).mean(axis=1, keepdims=True),
            "single number",
        ),
        (lambda A2, Y: "0.69", "should be numbers, got str"),
    ],
)
def test_compute_cost_mistakes(student, phrase, rejects):
    rejects(exercises.check_compute_cost, student, phrase)


def backward_variant(
    dZ2_sign=1,
    per=None,
    activation_derivative=lambda A1: 1 - A1**2,
    transpose_dW1=False,
    flat_db1=False,
    sum_db1=True,
    input_of_1="X",
    input_of_2="A1",
):
    def backward_propagation(parameters, cache, X, Y):
        inputs = {"X": X, "A1": cache["A1"]}
        m = X.shape[1]
        k = m if per is None else per
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = dZ2_sign * (A2 - Y)
        dW2 = dZ2 @ inputs[input_of_2].T / k
        db2 = np.sum(dZ2, axis=1, keepdims=True) / k
        dZ1 = (parameters["W2"].T @ dZ2) * activation_derivative(A1)
        x = inputs[input_of_1]
        dW1 = (x @ dZ1.T if transpose_dW1 else dZ1 @ x.T) / k
        db1 = np.sum(dZ1, axis=1, keepdims=not flat_db1) / k if sum_db1 else dZ1 / k
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    return backward_propagation


@pytest.mark.parametrize(
    "student, phrases",
    [
        (backward_variant(per=1), ["dW2 is m = 5 times too large", "1/m"]),
        (backward_variant(per=25), ["dW2 is m = 5 times too small", "divided by m twice"]),
        (
            backward_variant(activation_derivative=lambda A1: 1 - np.arctanh(A1) ** 2),
            ["dW1 uses 1 - Z1^2", "wrong variable", "tanh'(Z1) = 1 - A1^2"],
        ),
        (
            backward_variant(activation_derivative=lambda A1: 1 - np.tanh(A1) ** 2),
            ["dW1 applies tanh twice", "A1 already is tanh(Z1)"],
        ),
        (
            backward_variant(
                activation_derivative=lambda A1: (
                    losses.sigmoid(np.arctanh(A1)) * (1 - losses.sigmoid(np.arctanh(A1)))
                )
            ),
            ["dW1 uses sigma'(Z1) = sigmoid(Z1) (1 - sigmoid(Z1))"],
        ),
        (backward_variant(input_of_1="A1"), ["dW1 uses A1 where X belongs", "dZ1 X^T"]),
        (backward_variant(input_of_2="X"), ["dW2 uses X where A1 belongs", "dZ2 A1^T"]),
        (backward_variant(dZ2_sign=-1), ["dW2 has the wrong sign", "A2 - Y"]),
        (
            backward_variant(activation_derivative=lambda A1: A1 * (1 - A1)),
            ["dW1 uses sigma'(Z1)", "tanh'(Z1) = 1 - A1^2"],
        ),
        (backward_variant(activation_derivative=lambda A1: 1), ["misses the factor tanh'(Z1)"]),
        (backward_variant(transpose_dW1=True), ["dW1 has shape (2, 4)", "transposed"]),
        (backward_variant(flat_db1=True), ["db1 has shape (4,)", "keepdims=True"]),
        (backward_variant(sum_db1=False), ["db1 has shape (4, 5)", "sum dZ1 over the examples"]),
    ],
)
def test_backward_propagation_mistakes(student, phrases, rejects):
    rejects(exercises.check_backward_propagation, student, *phrases)


def update_variant(rate=None, sign=-1, in_place=False):
    def update_parameters(parameters, grads, learning_rate=1.2):
        lr = learning_rate if rate is None else rate
        if in_place:
            for k in nn.PARAMETER_KEYS:
                parameters[k] -= lr * grads["d" + k]
            return parameters
        return {k: parameters[k] + sign * lr * grads["d" + k] for k in nn.PARAMETER_KEYS}

    return update_parameters


def update_default_0_01(parameters, grads, learning_rate=0.01):
    return nn.update_parameters(parameters, grads, learning_rate)


@pytest.mark.parametrize(
    "student, phrases",
    [
        (update_variant(rate=1.2), ["ignores the learning rate (0.5)"]),
        (update_variant(rate=1.0), ["ignores the learning rate (0.5)"]),
        (update_variant(sign=1), ["moved up the gradient"]),
        (update_variant(in_place=True), ["changed parameters['W1'] in place"]),
        (
            update_default_0_01,
            ["test 3", "uses the learning rate 0.01 by default", "the default is 1.2"],
        ),
        (
            lambda parameters, grads, learning_rate: nn.update_parameters(
                parameters, grads, learning_rate
            ),
            ["test 3", "TypeError", "defaults included"],
        ),
        (
            lambda parameters, grads, learning_rate=1.2: {"W1": parameters["W1"]},
            ["has no key 'b1', 'W2', 'b2'"],
        ),
    ],
)
def test_update_parameters_mistakes(student, phrases, rejects):
    rejects(exercises.check_update_parameters, student, *phrases)


def test_diagnoses_quote_no_computed_numbers(rejects):
    """A diagnosis names shapes and formulas, not floats whose last digits vary by machine."""
    message = rejects(
        exercises.check_backward_propagation,
        backward_variant(activation_derivative=lambda A1: A1 * (1 - A1)),
    )
    assert not re.search(r"\d\.\d", message), message
    generic = rejects(exercises.check_compute_cost, lambda A2, Y: 0.25)
    assert re.search(r"expected \d\.\d{4}, got 0\.25", generic), (
        f"a wrong value without a diagnosis is shown to 4 significant digits: {generic!r}"
    )


def test_backward_propagation_with_1_minus_A2_squared(rejects):
    def backward_propagation(parameters, cache, X, Y):
        grads = backward_propagation_solution(parameters, cache, X, Y)
        m, dZ2 = X.shape[1], cache["A2"] - Y
        dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A2"] ** 2)
        return {**grads, "dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m}

    rejects(exercises.check_backward_propagation, backward_propagation, "dW1 uses 1 - A2^2")


def test_forward_propagation_returning_the_pair_in_the_wrong_order(rejects):
    def forward_propagation(X, parameters):
        A2, cache = forward_propagation_solution(X, parameters)
        return cache, A2

    rejects(
        exercises.check_forward_propagation,
        forward_propagation,
        "returns (cache, A2)",
        "the pair is (A2, cache), in this order",
    )


def test_a_float32_result_is_named_with_its_largest_difference(rejects):
    def forward_propagation(X, parameters):
        p = {k: v.astype(np.float32) for k, v in parameters.items()}
        return forward_propagation_solution(X.astype(np.float32), p)

    message = rejects(
        exercises.check_forward_propagation,
        forward_propagation,
        "is right to about 6 digits only",
        "the largest difference",
        "it is float32: compute in float64",
    )
    assert re.search(
        r"the largest difference, \d\.\de-\d\d, is at \[\d, \d\]: expected", message
    ), message


def test_new_arrays_written_into_the_callers_dict(rejects):
    def update_parameters(parameters, grads, learning_rate=1.2):
        for key in ("W1", "b1", "W2", "b2"):
            parameters[key] = parameters[key] - learning_rate * grads["d" + key]
        return parameters

    rejects(
        exercises.check_update_parameters,
        update_parameters,
        "wrote into the caller's dict",
        "parameters['W1'] is another array",
        "copy.deepcopy(parameters)",
    )


def test_a_wrong_array_without_a_diagnosis_shows_where_it_differs_most(rejects):
    def forward_propagation(X, parameters):
        A2, cache = forward_propagation_solution(X, parameters)
        Z1 = cache["Z1"].copy()
        Z1[2, 3] += 1
        return A2, {**cache, "Z1": Z1}

    rejects(
        exercises.check_forward_propagation,
        forward_propagation,
        "cache['Z1'] is wrong in 1 of its 20 entries",
        "the largest difference, 1.0e+00, is at [2, 3]",
    )
