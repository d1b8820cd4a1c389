"""labcode.gradcheck: the vector helpers, the relative difference, and that the check accepts
labcode.nn.backward_propagation and rejects two classic backpropagation bugs."""

import math

import numpy as np
import pytest

from labcode import gradcheck as gc
from labcode import nn

SMALL = {
    "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
    "b1": np.array([[5.0], [6.0]]),
    "W2": np.array([[7.0, 8.0]]),
    "b2": np.array([[9.0]]),
}


def without_tanh_derivative(parameters, cache, X, Y):
    """Bug: dZ1 = W2^T dZ2, the factor tanh'(Z1) = 1 - A1^2 forgotten."""
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = parameters["W2"].T @ dZ2
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }


def averaged_over_m_minus_1(parameters, cache, X, Y):
    """Bug: dW1 averaged with 1/(m - 1) instead of 1/m."""
    grads = nn.backward_propagation(parameters, cache, X, Y)
    m = X.shape[1]
    return dict(grads, dW1=grads["dW1"] * m / (m - 1))


def test_parameters_to_vector_orders_W1_b1_W2_b2_row_by_row():
    np.testing.assert_array_equal(gc.parameters_to_vector(SMALL), np.arange(1.0, 10.0))


def test_gradients_to_vector_uses_the_same_order():
    grads = {"d" + k: -v for k, v in SMALL.items()}
    np.testing.assert_array_equal(gc.gradients_to_vector(grads), -np.arange(1.0, 10.0))


@pytest.mark.parametrize("sizes", [(2, 4, 1), (3, 7, 1)])
def test_vector_to_parameters_undoes_parameters_to_vector(sizes):
    p = nn.initialize_parameters(*sizes, seed=sizes[1])
    back = gc.vector_to_parameters(gc.parameters_to_vector(p), p)
    for k in p:
        np.testing.assert_array_equal(back[k], p[k], f"{k} did not survive the round trip")


def test_vector_to_parameters_rejects_a_vector_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"theta must be a vector of 9 numbers"):
        gc.vector_to_parameters(np.zeros(8), SMALL)


@pytest.mark.parametrize(
    "g, g_approx, expected",
    [
        ([3.0, 4.0], [3.0, 4.0], 0.0),
        ([1.0, 0.0], [0.0, 1.0], math.sqrt(2) / 2),
        ([2.0, 0.0], [1.0, 0.0], 1 / 3),
        ([0.0, 0.0], [0.0, 0.0], 0.0),
    ],
)
def test_relative_difference(g, g_approx, expected):
    assert gc.relative_difference(g, g_approx) == pytest.approx(expected, rel=1e-15)


def test_relative_difference_rejects_vectors_of_different_shapes():
    with pytest.raises(ValueError, match="same shape"):
        gc.relative_difference(np.zeros(3), np.zeros(4))


def test_numerical_gradients_match_backward_propagation_entry_by_entry(network_point):
    p, X, Y = network_point
    exact = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
    approx = gc.numerical_gradients(p, X, Y, epsilon=1e-6)
    for k in exact:
        np.testing.assert_allclose(approx[k], exact[k], rtol=0, atol=1e-9, err_msg=k)


def test_gradient_check_accepts_backward_propagation_with_margin(network_point):
    """Round-off of the check is about u |J| / (epsilon |g|): 1e-8 at versicolor_midway (|g| =
    0.07), and its digits depend on the machine (8e-9 to 1.1e-8 on the kernels tried).
    A factor of 3 below THRESHOLD holds on every machine; a factor of 10 does not."""
    diff = gc.gradient_check(*network_point)
    assert diff < gc.THRESHOLD / 3, (
        f"relative difference {diff:.1e}: a correct backward pass stays well below THRESHOLD"
    )


@pytest.mark.parametrize("broken", [without_tanh_derivative, averaged_over_m_minus_1])
def test_gradient_check_rejects_a_broken_backward_pass(network_point, broken):
    diff = gc.gradient_check(*network_point, backward=broken)
    assert diff > 1000 * gc.THRESHOLD, (
        f"{broken.__doc__} gives relative difference {diff:.1e}, which should be far above"
    )


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: gc.gradient_check(SMALL, np.zeros((2, 3)), np.zeros((1, 3)), epsilon=0.0),
            "epsilon must be a positive finite number",
        ),
        (lambda: gc.parameters_to_vector([SMALL]), "parameters must be a dict"),
        (lambda: gc.gradients_to_vector(SMALL), "grads must be a dict with keys"),
        (lambda: gc.vector_to_parameters(np.zeros(9), {"W1": 1}), "parameters must have keys"),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
