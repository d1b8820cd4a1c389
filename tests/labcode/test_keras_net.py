"""labcode.nn against TensorFlow: GradientTape's gradients, and the same network in Keras.

The training comparisons use standardised features, where the runs are well conditioned:
there NumPy and TensorFlow stay within 1e-12 of each other for hundreds of steps. (From the
raw features at rate 0.3 they drift apart by about 1e-5 in 200 steps, exactly as far as NumPy
drifts from itself when one initial weight is changed in its last bit: that run amplifies
round-off, see test_handout.py.)
"""

import numpy as np
import pytest

from labcode import keras_net, nn
from labcode.data import load_iris_binary, standardise

ROUND_OFF = 1e-12  # float64 agreement of two implementations after a few hundred steps


def assert_same_parameters(actual, expected, tol, what):
    for k in nn.PARAMETER_KEYS:
        assert actual[k].shape == expected[k].shape, f"{what}: {k} has shape {actual[k].shape}"
        gap = np.abs(actual[k] - expected[k]).max()
        assert gap <= tol, f"{what}: {k} differs from labcode.nn by {gap:.1e} (> {tol:.0e})"


def test_backward_propagation_equals_gradient_tape(network_point):
    p, X, Y = network_point
    ours = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
    tape = keras_net.tape_gradients(p, X, Y)
    for k, g in ours.items():
        np.testing.assert_allclose(
            tape[k],
            g,
            rtol=1e-12,
            atol=1e-16,
            err_msg=f"{k}: backward_propagation disagrees with the tape",
        )


@pytest.mark.parametrize("sizes", [(2, 4, 1), (2, 7, 1)])
def test_keras_model_holds_our_parameters_with_kernel_transposed(sizes):
    p = nn.initialize_parameters(*sizes)
    model = keras_net.keras_model(p)
    assert model.layers[0].kernel.shape == (sizes[0], sizes[1]), "a Dense kernel is W1^T"
    assert_same_parameters(keras_net.keras_parameters(model), p, 0.0, "round trip")


def test_keras_model_computes_our_forward_propagation(network_point):
    p, X, _ = network_point
    A2 = keras_net.keras_model(p)(X.T).numpy().T
    np.testing.assert_allclose(A2, nn.forward_propagation(X, p)[0], rtol=1e-14, atol=0)


@pytest.mark.parametrize(
    "positive, n_h, rate, steps",
    [
        (("versicolor", "virginica"), 4, 1.2, 200),
        ("versicolor", 3, 0.5, 100),
    ],
)
def test_keras_fit_ends_where_nn_train_ends(positive, n_h, rate, steps):
    X, Y = load_iris_binary(positive=positive)
    X = standardise(X)
    start = nn.initialize_parameters(2, n_h, 1)
    ours, _ = nn.train(X, Y, n_h, rate, num_iterations=steps)
    model = keras_net.fit_full_batch(keras_net.keras_model(start, rate), X, Y, steps)
    assert_same_parameters(keras_net.keras_parameters(model), ours, ROUND_OFF, "model.fit")


@pytest.mark.parametrize("n_h, rate, steps", [(4, 1.2, 200), (10, 0.3, 150)])
def test_tf_function_loop_ends_where_nn_train_ends(n_h, rate, steps):
    X, Y = load_iris_binary()
    X = standardise(X)
    start = nn.initialize_parameters(2, n_h, 1)
    ours, costs = nn.train(X, Y, n_h, rate, num_iterations=steps)
    model = keras_net.keras_model(start, rate)
    last = keras_net.train_tf_function(model, X, Y, steps)
    assert_same_parameters(keras_net.keras_parameters(model), ours, ROUND_OFF, "tf.function loop")
    assert last == pytest.approx(costs[-1], abs=1e-12), "the cost of the last step"


def _transposed_iris():
    X, Y = load_iris_binary()
    return X.T, Y


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: keras_net.keras_model(nn.initialize_parameters(2, 4, 1), 0.0),
            "learning_rate must be a positive finite number",
        ),
        (
            lambda: keras_net.fit_full_batch(
                keras_net.keras_model(nn.initialize_parameters(2, 4, 1)), *_transposed_iris(), 1
            ),
            r"one example per column.*W1 \(4, 2\), got \(150, 2\)",
        ),
        (
            lambda: keras_net.tape_gradients({"W1": np.zeros((4, 2))}, *load_iris_binary()),
            "parameters must have keys",
        ),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
