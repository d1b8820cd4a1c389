"""The checkers of chapter 4 (chapters/04_logistic.md): logistic regression, the stable
cross-entropy."""

import math

import numpy as np

from labcode import logreg, losses
from labcode.exercises._check import Check, array, by_m, compare, keyed, number, pair


def _logreg_case(seed, n_x, m):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    w = rng.randn(n_x, 1)
    b = float(rng.randn())
    Y = (np.arange(m) % 3 != 1).astype(np.float64).reshape(1, m)
    return w, b, X, Y


def check_propagate(propagate, *, strict=False):
    """Check ``propagate(w, b, X, Y)``, which returns ``({"dw", "db"}, cost)`` (chapter 4)."""
    with Check("propagate", propagate, logreg.propagate, strict) as c:
        for seed, n_x, m in [(1, 2, 5), (2, 3, 8)]:
            c.test(f"n_x = {n_x}, m = {m}")
            w, b, X, Y = _logreg_case(seed, n_x, m)
            got = pair(c, c.call(w.copy(), b, X.copy(), Y.copy()), "(grads, cost)")
            if isinstance(got[1], dict) and not isinstance(got[0], dict):
                c.fail("returns (cost, grads): the pair is (grads, cost), in this order")
            grads = keyed(c, got[0], ("dw", "db"), "grads")
            ref, cost = logreg.propagate(w, b, X, Y)
            A = losses.sigmoid(w.T @ X + b)
            Z = w.T @ X + b
            no_sigmoid = X @ (Z - Y).T / m
            compare(
                c,
                grads["dw"],
                ref["dw"],
                "dw",
                [
                    *by_m(ref["dw"], m, "dw = X (A - Y)^T / m"),
                    (-ref["dw"], "has the wrong sign: dZ = A - Y, not Y - A"),
                    (no_sigmoid, "uses Z - Y: the error is A - Y, with A = sigmoid(Z)"),
                ],
            )
            db = array(c, grads["db"], "db")
            if db.size != 1:
                c.fail(
                    f"db has shape {db.shape}: it is one number, the sum of A - Y over the "
                    f"examples divided by m"
                )
            compare(
                c,
                float(db.reshape(())),
                ref["db"],
                "db",
                [
                    *by_m(ref["db"], m, "db = sum(A - Y) / m"),
                    (-ref["db"], "has the wrong sign: dZ = A - Y, not Y - A"),
                ],
            )
            only_y = float(-np.mean(Y * np.log(A)))
            compare(
                c,
                number(c, got[1], "the cost"),
                cost,
                "the cost",
                [
                    *by_m(cost, m, "J = -(1/m) sum(Y log A + (1 - Y) log(1 - A))"),
                    (-cost, "has the wrong sign: J = -(1/m) sum(Y log A + (1 - Y) log(1 - A))"),
                    (only_y, "misses the term (1 - Y) log(1 - A): examples with label 0 count too"),
                ],
            )


def check_bce_with_logits(bce_with_logits, *, strict=False):
    """Check ``bce_with_logits(z, y)``, the stable cross-entropy from logits (chapter 4)."""
    cases = [np.array([[-2.0, -0.5, 0.3, 1.7, 3.0]]), np.array([[-800.0, -40.0, 0.0, 40.0, 800.0]])]
    labels = [np.array([[0.0, 1.0, 1.0, 0.0, 1.0]]), np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])]
    with Check("bce_with_logits", bce_with_logits, losses.bce_with_logits, strict) as c:
        for z, y in zip(cases, labels):
            c.test(f"logits from {z.min():g} to {z.max():g}")
            got = number(c, c.call(z.copy(), y.copy()), "the cost")
            expected = losses.bce_with_logits(z, y)
            if not math.isfinite(got):
                c.fail(
                    "the cost is not finite at large logits: exp overflowed or a probability "
                    "rounded to 0 or 1. Compute max(z, 0) - z y + log(1 + exp(-|z|)): exp "
                    "then only sees -|z| <= 0"
                )
            m = z.shape[1]
            per_example = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))
            compare(
                c,
                got,
                expected,
                "the cost",
                [
                    *by_m(expected, m, "average the losses over the m examples"),
                    (
                        float(np.mean(per_example + z * y)),
                        "has the wrong sign of z y: the loss is "
                        "max(z, 0) - z y + log(1 + exp(-|z|))",
                    ),
                    (
                        float(np.mean(per_example - np.maximum(z, 0) - z * y)),
                        "misses max(z, 0): the loss is max(z, 0) - z y + log(1 + exp(-|z|))",
                    ),
                    (
                        losses.bce(losses.sigmoid(z), y),
                        "is the clipped cross-entropy of sigmoid(z): take the logs of the logits, "
                        "max(z, 0) - z y + log(1 + exp(-|z|)), not of rounded probabilities",
                    ),
                ],
                rtol=1e-9,
            )
