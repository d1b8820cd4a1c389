"""Unit tests of labcode.nn, each function on a small example worked out by hand.

The hand example: one input, one hidden unit, two examples. With W1 = 1, b1 = 0 and
X = [ln 2, ln 3], tanh gives A1 = [3/5, 4/5] (tanh(ln a) = (a^2 - 1) / (a^2 + 1)); with
W2 = 10 ln 3 and b2 = -7 ln 3, Z2 = [-ln 3, ln 3] and the sigmoid gives A2 = [1/4, 3/4].
"""

import math

import numpy as np
import pytest

from labcode import nn

LN2, LN3 = math.log(2), math.log(3)
HAND = {
    "W1": np.array([[1.0]]),
    "b1": np.array([[0.0]]),
    "W2": np.array([[10 * LN3]]),
    "b2": np.array([[-7 * LN3]]),
}
X_HAND = np.array([[LN2, LN3]])  # A1 = [0.6, 0.8], A2 = [1/4, 3/4]
X_SWAP = np.array([[LN3, LN2]])  # A1 = [0.8, 0.6], A2 = [3/4, 1/4]


def random_problem(n_x, n_h, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.int64)
    p = {
        "W1": rng.normal(size=(n_h, n_x)),
        "b1": rng.normal(size=(n_h, 1)),
        "W2": rng.normal(size=(1, n_h)),
        "b2": rng.normal(size=(1, 1)),
    }
    return X, Y, p


# layer_sizes -------------------------------------------------------------------------------


@pytest.mark.parametrize("shape, n_h", [((2, 150), 4), ((3, 5), 7)])
def test_layer_sizes_reads_n_x_from_rows_of_X(shape, n_h):
    X, Y = np.ones(shape), np.ones((1, shape[1]))
    assert nn.layer_sizes(X, Y, n_h) == (shape[0], n_h, 1), (
        "layer_sizes must return (rows of X, n_h, rows of Y)"
    )


def test_layer_sizes_default_hidden_size_is_the_handouts_4():
    assert nn.layer_sizes(np.ones((2, 3)), np.ones((1, 3)))[1] == 4


# initialize_parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("sizes", [(2, 4, 1), (3, 5, 1)])
def test_initialize_parameters_shapes_and_zero_biases(sizes):
    n_x, n_h, n_y = sizes
    p = nn.initialize_parameters(n_x, n_h, n_y)
    assert {k: p[k].shape for k in p} == {
        "W1": (n_h, n_x),
        "b1": (n_h, 1),
        "W2": (n_y, n_h),
        "b2": (n_y, 1),
    }
    assert not p["b1"].any() and not p["b2"].any(), "biases must start at zero"


@pytest.mark.parametrize("seed", [2, 7])
def test_initialize_parameters_draws_W1_then_W2_from_RandomState(seed):
    p = nn.initialize_parameters(3, 5, 1, seed=seed)
    rng = np.random.RandomState(seed)
    np.testing.assert_array_equal(p["W1"], 0.01 * rng.randn(5, 3), "W1 = 0.01 randn(n_h, n_x)")
    np.testing.assert_array_equal(p["W2"], 0.01 * rng.randn(1, 5), "then W2 = 0.01 randn(n_y, n_h)")


def test_initialize_parameters_leaves_the_global_generator_alone():
    state = np.random.get_state()[1].copy()
    nn.initialize_parameters(2, 4, 1)
    assert np.array_equal(np.random.get_state()[1], state), (
        "initialize_parameters must not reseed np.random's global generator"
    )


# forward_propagation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "X, A1, A2", [(X_HAND, [0.6, 0.8], [0.25, 0.75]), (X_SWAP, [0.8, 0.6], [0.75, 0.25])]
)
def test_forward_propagation_hand_example(X, A1, A2):
    out, cache = nn.forward_propagation(X, HAND)
    np.testing.assert_allclose(cache["A1"], [A1], rtol=1e-14, err_msg="A1 = tanh(W1 X + b1)")
    np.testing.assert_allclose(out, [A2], rtol=1e-14, err_msg="A2 = sigmoid(W2 A1 + b2)")
    assert cache["A2"] is out


@pytest.mark.parametrize("n_x, n_h, m", [(3, 5, 7), (1, 2, 1)])
def test_forward_propagation_shapes(n_x, n_h, m):
    X, _, p = random_problem(n_x, n_h, m, seed=n_h)
    A2, cache = nn.forward_propagation(X, p)
    assert A2.shape == (1, m)
    assert {k: v.shape for k, v in cache.items()} == {
        "Z1": (n_h, m),
        "A1": (n_h, m),
        "Z2": (1, m),
        "A2": (1, m),
    }


def test_forward_propagation_is_finite_for_huge_weights():
    X, _, p = random_problem(2, 3, 5, seed=0)
    p = {k: 1e6 * v for k, v in p.items()}
    A2, cache = nn.forward_propagation(X, p)  # warnings are errors in this suite
    assert np.isfinite(A2).all() and ((A2 >= 0) & (A2 <= 1)).all()


# compute_cost ------------------------------------------------------------------------------


@pytest.mark.parametrize("Y, cost", [([[0, 1]], math.log(4 / 3)), ([[1, 0]], math.log(4))])
def test_compute_cost_hand_example(Y, cost):
    c = nn.compute_cost(np.array([[0.25, 0.75]]), np.array(Y))
    assert type(c) is float, "compute_cost must return a Python float"
    assert c == pytest.approx(cost, rel=1e-14), "J = -mean(y log a + (1 - y) log(1 - a))"


@pytest.mark.parametrize("A2, Y", [([[0.0, 1.0]], [[1, 0]]), ([[1.0, 0.5]], [[0, 1]])])
def test_compute_cost_is_finite_when_a_probability_rounded_to_0_or_1(A2, Y):
    c = nn.compute_cost(np.array(A2), np.array(Y))
    assert np.isfinite(c) and c > 10, "a wrong certain prediction costs a large finite amount"


def test_compute_cost_wants_labels_of_A2s_shape():
    with pytest.raises(ValueError, match=r"Y must be a row.*m = 3 to match A2, got \(3,\)"):
        nn.compute_cost(np.full((1, 3), 0.5), np.array([0, 1, 1]))


# backward_propagation ----------------------------------------------------------------------


@pytest.mark.parametrize("Y, dZ2", [([[0, 1]], [0.25, -0.25]), ([[1, 0]], [-0.75, 0.75])])
def test_backward_propagation_hand_example(Y, dZ2):
    Y = np.array(Y)
    _, cache = nn.forward_propagation(X_HAND, HAND)
    g = nn.backward_propagation(HAND, cache, X_HAND, Y)
    A1, x, m = np.array([0.6, 0.8]), X_HAND[0], 2
    dZ1 = 10 * LN3 * np.array(dZ2) * (1 - A1**2)
    expected = {
        "dW2": np.dot(dZ2, A1) / m,
        "db2": sum(dZ2) / m,
        "dW1": np.dot(dZ1, x) / m,
        "db1": dZ1.sum() / m,
    }
    for k, v in expected.items():
        assert g[k].shape == (1, 1)
        assert g[k][0, 0] == pytest.approx(v, rel=1e-12, abs=1e-15), f"{k} is wrong"


@pytest.mark.parametrize("n_x, n_h, m", [(3, 5, 7), (2, 1, 4)])
def test_backward_propagation_gradients_have_the_parameters_shapes(n_x, n_h, m):
    X, Y, p = random_problem(n_x, n_h, m, seed=m)
    g = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
    assert {k: g["d" + k].shape for k in p} == {k: v.shape for k, v in p.items()}


def test_backward_propagation_wants_the_cache_forward_propagation_returned():
    X, Y, p = random_problem(2, 3, 5, seed=1)
    with pytest.raises(ValueError, match="cache must be the dict forward_propagation returned"):
        nn.backward_propagation(p, {"A2": np.zeros((1, 5))}, X, Y)


def test_backward_propagation_rejects_a_cache_from_another_X():
    X, Y, p = random_problem(2, 3, 5, seed=1)
    _, cache = nn.forward_propagation(X[:, :4], p)
    with pytest.raises(ValueError, match=r"cache\['A1'\] must have shape \(3, 5\)"):
        nn.backward_propagation(p, cache, X, Y)


# update_parameters -------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, rate", [({}, 1.2), ({"learning_rate": 0.5}, 0.5)])
def test_update_parameters_steps_against_the_gradient(kwargs, rate):
    X, Y, p = random_problem(2, 3, 5, seed=3)
    g = nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y)
    new = nn.update_parameters(p, g, **kwargs)
    for k in p:
        np.testing.assert_array_equal(
            new[k], p[k] - rate * g["d" + k], f"{k} must become {k} - learning_rate * d{k}"
        )


def test_update_parameters_does_not_change_its_input():
    X, Y, p = random_problem(2, 3, 5, seed=4)
    before = {k: v.copy() for k, v in p.items()}
    nn.update_parameters(p, nn.backward_propagation(p, nn.forward_propagation(X, p)[1], X, Y))
    for k in p:
        np.testing.assert_array_equal(p[k], before[k], f"update_parameters changed {k} in place")


def test_update_parameters_rejects_gradients_of_another_shape():
    p = nn.initialize_parameters(2, 3, 1)
    g = {"d" + k: np.zeros_like(v) for k, v in p.items()}
    g["dW1"] = g["dW1"].T
    with pytest.raises(ValueError, match=r"grads\['dW1'\] must have the shape of W1"):
        nn.update_parameters(p, g)


# train and nn_model ------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [1.2, 0.1])
def test_train_is_the_handout_loop(rate):
    X, Y, start = random_problem(2, 3, 6, seed=5)
    p, costs = nn.train(X, Y, 3, rate, num_iterations=3, parameters=start)
    q, expected = start, []
    for _ in range(3):
        A2, cache = nn.forward_propagation(X, q)
        expected.append(nn.compute_cost(A2, Y))
        q = nn.update_parameters(q, nn.backward_propagation(q, cache, X, Y), rate)
    assert costs == expected, "costs[i] must be the cost at iteration i, before its update"
    for k in p:
        np.testing.assert_array_equal(p[k], q[k])


@pytest.mark.parametrize("n_h, rate", [(4, 1.2), (2, 0.3)])
def test_nn_model_returns_the_parameters_train_reaches(n_h, rate):
    X, Y, _ = random_problem(2, n_h, 8, seed=n_h)
    p = nn.nn_model(X, Y, n_h, rate, num_iterations=20)
    q, costs = nn.train(X, Y, n_h, rate, num_iterations=20)
    assert set(p) == set(nn.PARAMETER_KEYS), "nn_model returns the parameters and nothing else"
    for k in p:
        np.testing.assert_array_equal(p[k], q[k])
    assert len(costs) == 20


def test_nn_model_prints_the_cost_every_1000_iterations(capsys):
    X, Y, _ = random_problem(2, 2, 4, seed=0)
    _, costs = nn.train(X, Y, 2, 1.2, num_iterations=1001)
    nn.nn_model(X, Y, 2, 1.2, num_iterations=1001, print_cost=True)
    assert capsys.readouterr().out.splitlines() == [
        "Cost after iteration 0: %f" % costs[0],
        "Cost after iteration 1000: %f" % costs[1000],
    ]


@pytest.mark.parametrize("every", [3, 7])
def test_train_records_every_kth_cost_and_still_prints_every_line(every, capsys):
    X, Y, _ = random_problem(2, 3, 6, seed=6)
    p_all, costs = nn.train(X, Y, 3, 1.2, num_iterations=20)
    capsys.readouterr()
    p_some, some = nn.train(
        X, Y, 3, 1.2, num_iterations=20, cost_every=every, print_cost=True, print_every=5
    )
    assert some == costs[::every], "costs[k] must be the cost at iteration k * cost_every"
    assert capsys.readouterr().out.splitlines() == [
        "Cost after iteration %i: %f" % (i, costs[i]) for i in (0, 5, 10, 15)
    ]
    for k in p_all:
        np.testing.assert_array_equal(p_some[k], p_all[k], "recording fewer costs changed training")


def test_train_lowers_the_cost_on_separable_data():
    X = np.array([[-2.0, -1.0, 1.0, 2.0], [0.5, -0.5, 0.5, -0.5]])
    Y = np.array([[0, 0, 1, 1]])
    _, costs = nn.train(X, Y, 2, 1.2, num_iterations=300)
    assert costs[-1] < 0.05 < costs[0], "gradient descent must fit four separable points"


def test_train_rejects_starting_parameters_of_another_size():
    X, Y, _ = random_problem(2, 3, 5, seed=0)
    with pytest.raises(ValueError, match=r"expected \(n_h, n_x\) = \(4, 2\)"):
        nn.train(X, Y, 4, parameters=nn.initialize_parameters(2, 3, 1))


# predict and accuracy ----------------------------------------------------------------------


@pytest.mark.parametrize("X, labels", [(X_HAND, [[0, 1]]), (X_SWAP, [[1, 0]])])
def test_predict_thresholds_the_probability_at_one_half(X, labels):
    pred = nn.predict(HAND, X)
    assert pred.dtype == np.int64 and pred.shape == (1, 2)
    np.testing.assert_array_equal(pred, labels)


def test_predict_says_0_at_probability_exactly_one_half():
    p = dict(HAND, W2=np.array([[0.0]]), b2=np.array([[0.0]]))
    np.testing.assert_array_equal(nn.predict(p, X_HAND), [[0, 0]], "A2 = 0.5 is not > 0.5")


@pytest.mark.parametrize("Y, acc", [([[0, 1]], 1.0), ([[0, 0]], 0.5)])
def test_accuracy_is_the_fraction_of_correct_labels(Y, acc):
    assert nn.accuracy(HAND, X_HAND, np.array(Y)) == acc


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: nn.layer_sizes(np.ones((150, 2)), np.ones((1, 150))),
            r"one example per column.*\(150, 2\).*X\.T",
        ),
        (lambda: nn.layer_sizes(np.ones((2, 3)), np.ones((1, 3)), 0), "n_h must be a positive"),
        (lambda: nn.initialize_parameters(2, 4, 1.5), "n_y must be a positive integer"),
        (
            lambda: nn.forward_propagation(np.ones((150, 2)), nn.initialize_parameters(2, 4, 1)),
            r"n_x = 2 to match W1 \(4, 2\), got \(150, 2\)",
        ),
        (
            lambda: nn.forward_propagation(np.ones((2, 3)), dict(HAND, b1=np.zeros(1))),
            r"b1 must be a column of shape \(1, 1\)",
        ),
        (
            lambda: nn.backward_propagation({"W1": HAND["W1"]}, {}, X_HAND, np.array([[0, 1]])),
            r"parameters must have keys",
        ),
        (
            lambda: nn.update_parameters(HAND, {"d" + k: v for k, v in HAND.items()}, 0),
            "learning_rate must be a positive finite number",
        ),
        (lambda: nn.update_parameters(HAND, {"dW1": 0}), "grads must be a dict with keys"),
        (
            lambda: nn.train(X_HAND, np.array([[0, 1]]), 1, num_iterations=-1),
            "num_iterations must be an integer >= 0",
        ),
        (
            lambda: nn.train(X_HAND, np.array([[0, 1]]), 1, num_iterations=1, cost_every=0),
            "cost_every must be a positive integer",
        ),
        (lambda: nn.accuracy(HAND, X_HAND, np.array([[0, 2]])), "Y must hold labels 0 or 1"),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
