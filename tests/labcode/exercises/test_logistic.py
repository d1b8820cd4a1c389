"""labcode.exercises.logistic, the checkers of chapter 4: propagate and the stable cross-entropy.
Each planted mistake is written the way a student would write it, one bug each, and must be
rejected with the diagnosis a student needs."""

import numpy as np
import pytest

from labcode import exercises, logreg, losses
from labcode.losses import sigmoid

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_propagate": logreg.propagate,
    "check_bce_with_logits": losses.bce_with_logits,
}


# Right functions as students write them, none of them labcode's (which the checkers
# refuse): the chapter's solution first, then other right ways.


def bce_with_logits_solution(z, y):
    losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(losses))


def bce_with_logits_logaddexp(z, y):
    return float(np.mean(np.logaddexp(0, z) - z * y))


def propagate_solution(w, b, X, Y):
    m = X.shape[1]
    Z = w.T @ X + b
    A = sigmoid(Z)
    cost = bce_with_logits_solution(Z, Y)
    dZ = A - Y
    return {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}, cost


def propagate_einsum(w, b, X, Y):
    m = X.shape[1]
    Z = np.einsum("i,ij->j", w[:, 0], X)[None, :] + b
    A = 1 / (1 + np.exp(-Z))
    cost = float(np.mean(np.logaddexp(0, Z) - Z * Y))
    dZ = A - Y
    dw = np.einsum("ij,j->i", X, dZ[0])[:, None] / m
    return {"dw": dw, "db": dZ.mean()}, cost


RIGHT = {
    "check_bce_with_logits": [bce_with_logits_solution, bce_with_logits_logaddexp],
    "check_propagate": [propagate_solution, propagate_einsum],
}


def propagate_variant(dZ_of=lambda A, Y: A - Y, scale=None, cost_of=None, dw_shape=None):
    """propagate with one planted mistake in dZ, the averaging, the cost or dw's shape."""

    def propagate(w, b, X, Y):
        m = X.shape[1]
        Z = w.T @ X + b
        A = losses.sigmoid(Z)
        dZ = dZ_of(A, Y) if dZ_of is not None else Z - Y
        k = m if scale is None else scale
        dw = X @ dZ.T / k
        if dw_shape == "row":
            dw = dw.T
        elif dw_shape == "flat":
            dw = dw.ravel()
        cost = (cost_of or (lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))))(A, Y)
        return {"dw": dw, "db": float(np.sum(dZ) / k)}, cost

    return propagate


@pytest.mark.parametrize(
    "student, phrases",
    [
        (propagate_variant(scale=1), ["dw is m = 5 times too large", "1/m"]),
        (propagate_variant(scale=25), ["dw is m = 5 times too small", "divided by m twice"]),
        (propagate_variant(dZ_of=lambda A, Y: Y - A), ["dw has the wrong sign"]),
        (propagate_variant(dZ_of=None), ["uses Z - Y"]),
        (propagate_variant(dw_shape="row"), ["transposed"]),
        (propagate_variant(dw_shape="flat"), ["flattened"]),
        (
            propagate_variant(
                cost_of=lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            ),
            ["the cost is m = 5 times too large"],
        ),
        (
            propagate_variant(
                cost_of=lambda A, Y: np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            ),
            ["the cost has the wrong sign"],
        ),
        (propagate_variant(cost_of=lambda A, Y: -np.mean(Y * np.log(A))), ["(1 - Y) log(1 - A)"]),
        (propagate_variant(cost_of=lambda A, Y: np.array([[0.5]])), ["single number", "(1, 1)"]),
    ],
)
def test_propagate_mistakes(student, phrases, rejects):
    rejects(exercises.check_propagate, student, *phrases)


def test_propagate_db_as_an_array_of_one_number_is_accepted(capsys):
    def propagate(w, b, X, Y):
        grads, cost = propagate_solution(w, b, X, Y)
        return {"dw": grads["dw"], "db": np.array([[grads["db"]]])}, cost

    exercises.check_propagate(propagate)
    assert capsys.readouterr().out == "propagate: all 2 tests passed.\n"


def test_propagate_db_not_summed(rejects):
    def propagate(w, b, X, Y):
        grads, cost = logreg.propagate(w, b, X, Y)
        return {"dw": grads["dw"], "db": losses.sigmoid(w.T @ X + b) - Y}, cost

    rejects(exercises.check_propagate, propagate, "db has shape (1, 5)", "one number")


def bce_naive(z, y):
    a = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def bce_logits_unstable(z, y):
    return float(np.mean((1 - y) * z + np.log1p(np.exp(-z))))  # exact, but exp(800) = inf


@pytest.mark.parametrize(
    "student, phrase",
    [
        (bce_naive, "not finite at large logits"),
        (bce_logits_unstable, "not finite at large logits"),
        (
            lambda z, y: float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))),
            "average the losses",
        ),
        (
            lambda z, y: float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z))))),
            "wrong sign of z y",
        ),
        (lambda z, y: float(np.mean(-z * y + np.log1p(np.exp(-np.abs(z))))), "misses max(z, 0)"),
        (lambda z, y: losses.bce(losses.sigmoid(z), y), "clipped cross-entropy"),
    ],
)
def test_bce_with_logits_mistakes(student, phrase, rejects):
    rejects(exercises.check_bce_with_logits, student, phrase)


def test_propagate_returning_the_pair_in_the_wrong_order(rejects):
    def propagate(w, b, X, Y):
        grads, cost = propagate_solution(w, b, X, Y)
        return cost, grads

    rejects(exercises.check_propagate, propagate, "returns (cost, grads)", "(grads, cost)")


def test_bce_divided_by_m_twice(rejects):
    def bce_with_logits(z, y):
        m = z.shape[1]
        return float(np.mean(np.logaddexp(0, z) - z * y) / m)

    rejects(exercises.check_bce_with_logits, bce_with_logits, "m = 5 times too small")
