"""Tests of labcode.logreg: logistic regression by gradient descent (chapter 4)."""

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from labcode.calculus import numerical_gradient
from labcode.data import load_iris_binary, standardise
from labcode.gradcheck import relative_difference
from labcode.logreg import (
    accuracy,
    initialize_with_zeros,
    logistic_regression,
    optimize,
    predict,
    predict_proba,
    propagate,
)


def standardised(positive):
    X, Y = load_iris_binary(positive=positive)
    return standardise(X), Y


def small_problem(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, 8))
    Y = rng.integers(0, 2, size=(1, 8))
    w = rng.normal(size=(3, 1))
    b = float(rng.normal())
    return w, b, X, Y


def hessian(w, b, X):
    """(1/m) X~ diag(a (1 - a)) X~^T with X~ = X and a row of ones: the Hessian of the cost."""
    Xt = np.vstack([X, np.ones((1, X.shape[1]))])
    a = predict_proba(w, b, X)
    return (Xt * (a * (1 - a))) @ Xt.T / X.shape[1]


# --- initialisation --------------------------------------------------------------------


@pytest.mark.parametrize("n_x", [2, 5])
def test_initialize_with_zeros_gives_zero_column_and_zero_bias(n_x):
    w, b = initialize_with_zeros(n_x)
    assert w.shape == (n_x, 1), f"w should have shape ({n_x}, 1), got {w.shape}"
    assert not w.any() and b == 0.0 and isinstance(b, float), "w and b should be zero, b a float"


# --- propagate ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_propagate_matches_an_explicit_loop_over_examples(seed):
    w, b, X, Y = small_problem(seed)
    m = X.shape[1]
    cost, dw, db = 0.0, np.zeros(3), 0.0
    for i in range(m):
        z = float(w[:, 0] @ X[:, i]) + b
        a = 1 / (1 + math.exp(-z))
        cost += -(Y[0, i] * math.log(a) + (1 - Y[0, i]) * math.log(1 - a)) / m
        dw += (a - Y[0, i]) * X[:, i] / m
        db += (a - Y[0, i]) / m
    grads, J = propagate(w, b, X, Y)
    assert J == pytest.approx(cost, rel=1e-12, abs=0), "cost differs from the per-example formula"
    np.testing.assert_allclose(
        grads["dw"],
        dw.reshape(3, 1),
        rtol=1e-12,
        err_msg="dw differs from (1/m) sum (a_i - y_i) x_i",
    )
    assert grads["db"] == pytest.approx(db, rel=1e-12, abs=0), (
        "db differs from (1/m) sum (a_i - y_i)"
    )
    assert grads["dw"].shape == (3, 1) and isinstance(grads["db"], float)
    assert isinstance(J, float), "the cost should be a Python float"


@pytest.mark.parametrize("case", ["iris", "random"])
def test_propagate_gradients_match_central_differences(case):
    if case == "iris":
        X, Y = standardised(("versicolor", "virginica"))
        w, b = np.array([[0.8], [-0.6]]), 0.3
    else:
        w, b, X, Y = small_problem(7)
    grads, _ = propagate(w, b, X, Y)

    def cost(*theta):
        return propagate(np.array(theta[:-1]).reshape(-1, 1), theta[-1], X, Y)[1]

    numeric = numerical_gradient(cost, np.append(w.ravel(), b), h=1e-6)
    analytic = np.append(grads["dw"].ravel(), grads["db"])
    # float64 central differences with h = 1e-6 are good to ~1e-10 relative; 1e-7 leaves margin
    # yet fails for any real mistake (a missing 1/m or sign gives a relative difference >= 0.3).
    assert relative_difference(analytic, numeric) < 1e-7, (analytic, numeric)


def test_propagate_at_zero_parameters_costs_log_2():
    X, Y = load_iris_binary()
    grads, J = propagate(np.zeros((2, 1)), 0.0, X, Y)
    assert J == pytest.approx(math.log(2), rel=1e-15, abs=0), "with w = 0, b = 0 every a is 1/2"
    assert grads["db"] == pytest.approx(0.5 - Y.mean(), rel=1e-14, abs=0)


def test_propagate_cost_is_finite_for_huge_logits():
    X = np.array([[1.0, -1.0]])
    grads, J = propagate(np.array([[1e4]]), 0.0, X, np.array([[0, 1]]))
    assert J == pytest.approx(1e4, rel=1e-12, abs=0), (
        "both examples are 1e4 logits on the wrong side"
    )
    assert np.isfinite(grads["dw"]).all()


# --- optimize --------------------------------------------------------------------------


def test_optimize_takes_gradient_steps_and_records_every_cost():
    w, b, X, Y = small_problem(3)
    grads0, J0 = propagate(w, b, X, Y)
    params, grads, costs = optimize(w, b, X, Y, num_iterations=1, learning_rate=0.5)
    np.testing.assert_allclose(params["w"], w - 0.5 * grads0["dw"], rtol=1e-15)
    assert params["b"] == pytest.approx(b - 0.5 * grads0["db"], rel=1e-15, abs=0)
    assert len(costs) == 2 and costs[0] == J0, "costs[0] should be the cost before any step"
    g_end, J_end = propagate(params["w"], params["b"], X, Y)
    assert costs[-1] == J_end and grads["db"] == g_end["db"], (
        "costs[-1] and grads should belong to the returned parameters"
    )


def test_optimize_does_not_modify_its_inputs():
    w, b, X, Y = small_problem(4)
    w_before = w.copy()
    optimize(w, b, X, Y, num_iterations=5, learning_rate=0.1)
    np.testing.assert_array_equal(w, w_before)


def test_optimize_cost_decreases_with_a_small_learning_rate():
    X, Y = standardised("versicolor")
    w, b = initialize_with_zeros(2)
    _, _, costs = optimize(w, b, X, Y, num_iterations=50, learning_rate=0.5)
    assert len(costs) == 51
    assert np.all(np.diff(costs) < 0), "gradient descent on a convex cost should go downhill"


def test_optimize_prints_costs_every_print_every_steps(capsys):
    X, Y = load_iris_binary()
    w, b = initialize_with_zeros(2)
    optimize(w, b, X, Y, num_iterations=250, learning_rate=0.1, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0",
        "Cost after iteration 100",
        "Cost after iteration 200",
    ]
    assert lines[0] == "Cost after iteration 0: 0.693147"


def test_optimize_is_silent_by_default(capsys):
    w, b, X, Y = small_problem(5)
    optimize(w, b, X, Y, num_iterations=200, learning_rate=0.1)
    assert capsys.readouterr().out == ""


# --- predict -----------------------------------------------------------------------------


def test_predict_thresholds_the_logit_at_zero():
    X = np.array([[-1e-300, 0.0, 1e-300, -3.0, 3.0]])
    Y_pred = predict(np.array([[1.0]]), 0.0, X)
    assert Y_pred.shape == (1, 5) and Y_pred.dtype.kind == "i"
    np.testing.assert_array_equal(
        Y_pred, [[0, 0, 1, 0, 1]], err_msg="predict should give 1 exactly where z > 0"
    )


def test_predict_agrees_with_probabilities_above_one_half():
    w, b, X, _ = small_problem(8)
    np.testing.assert_array_equal(predict(w, b, X), (predict_proba(w, b, X) > 0.5).astype(int))


def test_accuracy_counts_matching_columns():
    assert accuracy(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 0]])) == 0.5
    with pytest.raises(ValueError, match="same shape"):
        accuracy(np.array([[1, 0]]), np.array([[1, 0, 1]]))


# --- against scikit-learn ----------------------------------------------------------------


def test_logistic_regression_matches_scikit_learn_where_the_optimum_exists():
    # Versicolor vs rest is not linearly separable, so the cost has a unique minimiser.
    X, Y = standardised("versicolor")
    ours = logistic_regression(X, Y, num_iterations=2000, learning_rate=1.0)
    sk = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(X.T, Y.ravel())
    w_sk, b_sk = sk.coef_.T, float(sk.intercept_[0])
    g_sk, _ = propagate(w_sk, b_sk, X, Y)
    # With mu the smallest eigenvalue of the Hessian, ||theta - theta*|| <= ||grad J|| / mu for
    # each of the two solutions; add float64 round-off of the parameters.
    mu = np.linalg.eigvalsh(hessian(w_sk, b_sk, X))[0]
    grad_norms = [np.linalg.norm(np.append(g["dw"], g["db"])) for g in (ours["grads"], g_sk)]
    tolerance = sum(grad_norms) / mu + 1e-12
    gap = np.linalg.norm(np.append(ours["w"] - w_sk, ours["b"] - b_sk))
    assert gap <= tolerance, f"parameters differ by {gap:.3g}, more than the bound {tolerance:.3g}"
    assert tolerance < 1e-6, "both optimisers should have converged tightly"
    np.testing.assert_array_equal(ours["Y_prediction"], sk.predict(X.T).reshape(1, -1))


def test_on_separable_data_weights_grow_and_predictions_match_scikit_learn():
    X, Y = standardised(("versicolor", "virginica"))
    short = logistic_regression(X, Y, num_iterations=1000, learning_rate=1.0)
    long = logistic_regression(X, Y, num_iterations=4000, learning_rate=1.0)
    assert np.linalg.norm(long["w"]) > np.linalg.norm(short["w"]) + 1, (
        "on separable data the weights should keep growing (no finite optimum)"
    )
    assert long["costs"][-1] < short["costs"][-1]
    sk = LogisticRegression(C=np.inf, tol=1e-8, max_iter=1000).fit(X.T, Y.ravel())
    assert long["train_accuracy"] == 1.0 and sk.score(X.T, Y.ravel()) == 1.0
    u = np.append(long["w"], long["b"])
    v = np.append(sk.coef_, sk.intercept_)
    cosine = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    # No finite optimum, so no exact tolerance: both directions drift (logarithmically slowly)
    # towards the max-margin one and are a few degrees apart here (4.5 when written). 10 degrees
    # leaves room for other BLAS/solver builds yet fails for any unrelated line.
    assert cosine > math.cos(math.radians(10)), "the two boundaries should point the same way"


# --- the checks that live in logreg, and the shared ones ---------------------------------


@pytest.mark.parametrize(
    "w, b, match",
    [
        (np.zeros((1, 2)), 0.0, r"w must be .*\(2, 1\)"),
        (np.zeros(2), 0.0, r"w must be .*\(2, 1\)"),
        (np.zeros((2, 1)), np.zeros(2), "b must be a single number"),
    ],
)
def test_w_and_b_must_fit_X(w, b, match):
    X, Y = np.zeros((2, 3)), np.zeros((1, 3))
    with pytest.raises(ValueError, match=match):
        propagate(w, b, X, Y)
    with pytest.raises(ValueError, match=match):
        predict(w, b, X)


# The shared checks are tested in test_checks.py; here, that each function calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: initialize_with_zeros(0), "n_x must be a positive integer"),
        (lambda: predict_proba(np.zeros((2, 1)), 0.0, np.zeros(4)), "X must be a 2-D array"),
        (
            lambda: propagate(np.zeros((2, 1)), 0.0, np.zeros((2, 4)), np.zeros((4, 1))),
            r"Y must be a row .*\(use Y.reshape\(1, -1\)\)",
        ),
        (
            lambda: optimize(np.zeros((2, 1)), 0.0, np.zeros((2, 3)), np.zeros((1, 3)), 10, 0.0),
            "learning_rate must be a positive finite number",
        ),
        (
            lambda: logistic_regression(np.zeros((3, 2)), np.zeros((1, 3))),
            r"\(use X.T\)",
        ),
    ],
)
def test_functions_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
