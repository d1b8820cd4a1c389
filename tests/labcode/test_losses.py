"""Tests of labcode.losses: the sigmoid and binary cross-entropy (chapter 4).

pyproject.toml turns every warning into an error, so a test that calls a function at an
extreme input also checks that NumPy raised no overflow or invalid-value warning.
"""

import math

import numpy as np
import pytest

from labcode.losses import EPS, bce, bce_with_logits, sigmoid, sigmoid_derivative

BIG = np.finfo(np.float64).max
EXTREME_Z = np.array([[-BIG, -1e308, -1e3, -745.0, -40.0, 0.0, 40.0, 745.0, 1e3, 1e308, BIG]])


def textbook_bce(a, y):
    """-(1/m) sum(y log a + (1 - y) log(1 - a)) with Python floats, one example at a time."""
    terms = [
        yi * math.log(ai) + (1 - yi) * math.log(1 - ai) for ai, yi in zip(a.ravel(), y.ravel())
    ]
    return -sum(terms) / len(terms)


# --- sigmoid -------------------------------------------------------------------------------


def test_sigmoid_matches_textbook_formula_at_moderate_logits():
    z = np.linspace(-30, 30, 61).reshape(1, -1)
    expected = np.array([[1 / (1 + math.exp(-v)) for v in z.ravel()]])
    np.testing.assert_allclose(
        sigmoid(z),
        expected,
        rtol=1e-14,
        atol=0,
        err_msg="sigmoid(z) should equal 1 / (1 + exp(-z))",
    )


def test_sigmoid_is_finite_and_in_unit_interval_at_extreme_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = sigmoid(EXTREME_Z)
    assert np.all(np.isfinite(a)), f"sigmoid returned non-finite values {a}"
    assert np.all((a >= 0) & (a <= 1)), f"sigmoid left [0, 1]: {a}"
    assert a[0, 0] == 0.0 and a[0, -1] == 1.0, "sigmoid(-max float) should be 0, sigmoid(+max) 1"


def test_sigmoid_keeps_relative_precision_for_very_negative_logits():
    # sigma(-50) = e^-50 / (1 + e^-50); computing it as 1 - sigma(50) would give exactly 0.
    for z in (-50.0, -700.0):
        expected = math.exp(z) / (1 + math.exp(z))
        assert sigmoid(z) == pytest.approx(expected, rel=1e-14, abs=0), (
            f"sigmoid({z}) lost its precision"
        )


def test_sigmoid_is_symmetric():
    z = np.array([[-7.5, -1.0, 0.25, 3.0]])
    np.testing.assert_allclose(
        sigmoid(-z), 1 - sigmoid(z), rtol=1e-14, err_msg="sigmoid(-z) should equal 1 - sigmoid(z)"
    )


def test_sigmoid_of_a_scalar_is_a_scalar():
    assert np.ndim(sigmoid(0.0)) == 0 and sigmoid(0.0) == 0.5, (
        "sigmoid(0.0) should be the scalar 0.5"
    )


# --- sigmoid_derivative -------------------------------------------------------------------


@pytest.mark.parametrize("z", [-1.3, 2.7])
def test_sigmoid_derivative_matches_central_difference(z):
    h = 1e-5
    numeric = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
    # Central difference: truncation ~ h^2 |sigma'''| / 6 < 1e-11, round-off ~ 1e-16 / h = 1e-11.
    assert sigmoid_derivative(z) == pytest.approx(numeric, abs=1e-9), (
        f"sigmoid_derivative({z}) disagrees with the central difference {numeric}"
    )


def test_sigmoid_derivative_equals_sigma_times_one_minus_sigma():
    z = np.array([[-4.0, -0.5, 0.0, 1.5, 6.0]])
    s = sigmoid(z)
    np.testing.assert_allclose(
        sigmoid_derivative(z),
        s * (1 - s),
        rtol=1e-13,
        err_msg="sigma'(z) should equal sigma(z) (1 - sigma(z))",
    )


def test_sigmoid_derivative_is_finite_and_accurate_at_extreme_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        d = sigmoid_derivative(EXTREME_Z)
    assert np.all(np.isfinite(d)) and np.all(d >= 0), f"sigmoid_derivative gave {d}"
    # At z = 40, sigma(z) has rounded to 1, so sigma (1 - sigma) would give 0; the true value
    # is about e^-40.
    assert sigmoid_derivative(40.0) == pytest.approx(math.exp(-40), rel=1e-12, abs=0)


# --- bce (from probabilities) ---------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_bce_matches_textbook_formula(seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.01, 0.99, size=(1, 7))
    y = rng.integers(0, 2, size=(1, 7))
    assert bce(a, y) == pytest.approx(textbook_bce(a, y), rel=1e-13, abs=0), (
        "bce differs from the formula"
    )


def test_bce_of_sigmoid_matches_tensorflow_at_moderate_logits(tf):
    z = np.array([[-3.0, -0.2, 0.0, 0.7, 4.0]])
    y = np.array([[1, 0, 1, 1, 0]])
    expected = float(
        tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(
                labels=tf.constant(y, tf.float64), logits=tf.constant(z)
            )
        )
    )
    assert bce(sigmoid(z), y) == pytest.approx(expected, rel=1e-13, abs=0)


def test_bce_clips_certain_wrong_predictions_to_a_finite_cap():
    cap = -math.log(EPS)
    assert bce(np.array([[0.0]]), np.array([[1]])) == pytest.approx(cap, rel=1e-12, abs=0), (
        "a = 0 with y = 1 should cost -log(EPS), not inf"
    )
    assert bce(np.array([[1.0]]), np.array([[0]])) == pytest.approx(cap, rel=1e-4, abs=0), (
        "a = 1 with y = 0 should cost about -log(EPS), not inf"
    )


def test_bce_of_certain_right_predictions_is_nearly_zero():
    loss = bce(np.array([[0.0, 1.0]]), np.array([[0, 1]]))
    assert 0 <= loss < 1e-14, f"certain and right predictions should cost ~0, got {loss}"


@pytest.mark.parametrize("a", [-0.1, 1.2, np.nan])
def test_bce_rejects_values_that_are_not_probabilities(a):
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        bce(np.array([[0.5, a]]), np.array([[1, 0]]))


# --- bce_with_logits ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_bce_with_logits_matches_tensorflow_op_averaged(tf, seed):
    rng = np.random.default_rng(seed)
    z = np.concatenate([rng.normal(0, 5, size=(1, 20)), [[-1e3, -40.0, 40.0, 1e3]]], axis=1)
    y = rng.uniform(0, 1, size=z.shape)  # soft labels, which TensorFlow accepts too
    y[0, ::3] = np.round(y[0, ::3])
    expected = float(
        tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(y), logits=tf.constant(z))
        )
    )
    assert bce_with_logits(z, y) == pytest.approx(expected, rel=1e-13, abs=0), (
        "bce_with_logits should equal tf.nn.sigmoid_cross_entropy_with_logits averaged over m"
    )


@pytest.mark.parametrize("seed", [2, 3])
def test_bce_with_logits_matches_textbook_formula_at_moderate_logits(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, size=(1, 9))
    y = rng.integers(0, 2, size=(1, 9))
    a = np.array([[1 / (1 + math.exp(-v)) for v in z.ravel()]])
    assert bce_with_logits(z, y) == pytest.approx(textbook_bce(a, y), rel=1e-12, abs=0)


def test_bce_with_logits_is_finite_and_exact_at_extreme_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for z in EXTREME_Z.ravel():
            for y in (0, 1):
                loss = bce_with_logits(np.array([[z]]), np.array([[y]]))
                wrong_side = (z > 0 and y == 0) or (z < 0 and y == 1)
                expected = (
                    abs(z) + math.log1p(math.exp(-abs(z)))
                    if wrong_side
                    else math.log1p(math.exp(-abs(z)))
                )
                assert math.isfinite(loss), f"loss at z={z}, y={y} is {loss}"
                assert loss == pytest.approx(expected, rel=1e-15, abs=0), f"loss at z={z}, y={y}"


def test_bce_with_logits_mean_does_not_overflow():
    z = np.array([[-BIG, -BIG, BIG]])
    loss = bce_with_logits(z, np.array([[1, 1, 0]]))
    assert loss == pytest.approx(BIG, rel=1e-15, abs=0), (
        "averaging three losses of ~1.8e308 overflowed"
    )


def test_bce_with_logits_accepts_soft_labels_and_rejects_labels_outside_0_1():
    assert math.isfinite(bce_with_logits(np.array([[0.3]]), np.array([[0.25]])))
    with pytest.raises(ValueError, match=r"target probabilities in \[0, 1\]"):
        bce_with_logits(np.array([[0.3, 0.1]]), np.array([[1.5, 0]]))


@pytest.mark.parametrize("z", [np.inf, -np.inf, np.nan])
def test_bce_with_logits_rejects_non_finite_logits(z):
    with pytest.raises(ValueError, match="finite logits"):
        bce_with_logits(np.array([[0.0, z]]), np.array([[1, 0]]))


# The shared checks are tested in test_checks.py; here, that each loss calls them.
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: bce(np.full((3, 1), 0.5), np.zeros((1, 3))), r"a must have shape \(1, m\)"),
        (lambda: bce(np.full((1, 2), 0.5), np.array([[1, 2]])), "y must hold labels 0 or 1"),
        (
            lambda: bce_with_logits(np.zeros((1, 3)), np.zeros((1, 4))),
            r"z and y must have the same shape",
        ),
    ],
)
def test_losses_call_the_shared_checks(call, message):
    with pytest.raises(ValueError, match=message):
        call()
