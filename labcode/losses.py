"""The sigmoid and binary cross-entropy, finite and warning-free at any finite logit (chapter 4).

Losses take row vectors of shape (1, m), one example per column, and return the cost: the
loss averaged over the m examples. ``sigmoid`` and ``sigmoid_derivative`` are element-wise
and take any shape.
"""

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks

EPS = 1e-15
"""Probabilities are clipped to [EPS, 1 - EPS] before the log in :func:`bce`.

``sigmoid(z)`` rounds to exactly 1.0 in float64 once z exceeds about 37, and log(1 - 1.0)
is -inf. EPS is a few times the gap between 1 and the float below it (1.1e-16), so 1 - EPS
is still a float below 1, and the loss of one example is capped at -log(EPS) = 34.5.
"""


def sigmoid(z: ArrayLike) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-z)), eq. (eq-lr-model), element-wise.

    exp is only ever taken of -|z| <= 0, so it never overflows: for z < 0 the equivalent
    form exp(z) / (1 + exp(z)) is used.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    """sigma'(z) = sigma(z) (1 - sigma(z)), eq. (eq-lr-dsigmoid), element-wise.

    Computed as e / (1 + e)^2 with e = exp(-|z|) (the derivative is even in z), which keeps
    its tiny values for large |z| where 1 - sigma(z) has rounded to 0.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return (e / (1.0 + e) ** 2)[()]


def _within(name: str, values: np.ndarray, what: str) -> np.ndarray:
    """``values`` unchanged if every entry lies in [0, 1] (nan does not)."""
    ok = (values >= 0) & (values <= 1)
    if not ok.all():
        raise ValueError(f"{name} must hold {what} in [0, 1]; {checks.offenders(values, ok)}")
    return values


def _probabilities_and_labels(a: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Rows (1, m) of probabilities in [0, 1] and of labels 0 or 1."""
    a, y = checks.rows("a", a, "y", y)
    return _within("a", a, "probabilities"), checks.labels(y, name="y")


def bce(a: ArrayLike, y: ArrayLike) -> float:
    """Binary cross-entropy of probabilities ``a`` for labels ``y`` in {0, 1}, averaged over m.

    J = -(1/m) sum(y log a + (1 - y) log(1 - a)), eq. (eq-lr-cost). ``a`` is clipped to
    [EPS, 1 - EPS] first (see :data:`EPS`), so a probability that rounded to 0 or 1 gives a
    large finite loss instead of inf or nan. Prefer :func:`bce_with_logits` when the logits
    are at hand: it needs no clipping.
    """
    a, y = _probabilities_and_labels(a, y)
    a = np.clip(a, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log1p(-a)))


def _logits_and_targets(z: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Rows (1, m) of finite logits and of target probabilities in [0, 1] (soft labels too)."""
    z, y = checks.rows("z", z, "y", y)
    return checks.finite("z", z, "finite logits"), _within("y", y, "target probabilities")


def bce_with_logits(z: ArrayLike, y: ArrayLike) -> float:
    """Binary cross-entropy computed from logits ``z``, averaged over m, eq. (eq-lr-stable).

    Per example max(z, 0) - z y + log(1 + exp(-|z|)), the form TensorFlow documents for
    ``tf.nn.sigmoid_cross_entropy_with_logits``: exp never overflows and log1p keeps the
    small terms. Finite for every finite ``z``. Like TensorFlow, ``y`` may be any target
    probability in [0, 1] (soft labels), not only 0 or 1; ``z`` must be finite.
    """
    z, y = _logits_and_targets(z, y)
    losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    top = losses.max()
    if top <= np.finfo(np.float64).max / (2 * losses.size):
        return float(np.mean(losses))
    # Losses near 1e308 would overflow the sum: average them relative to the largest one
    # (the mean cannot exceed it; min() removes a rounding excess).
    return float(top * min(np.mean(losses / top), 1.0))
