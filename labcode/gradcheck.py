"""Gradient checking: backpropagation against two-sided finite differences (chapter 5).

After Ng's "Gradient Checking" assignment. Every parameter of the network of
:mod:`labcode.nn` is nudged by +-h in turn; the central differences

    g~_i = (J(theta + h e_i) - J(theta - h e_i)) / (2h)

are compared with the analytic gradient g through the relative difference

    ||g - g~|| / (||g|| + ||g~||),

which does not depend on the scale of the cost and is 1 when the two are unrelated: the two
lines of chapter 5's (eq-nn-gradcheck).
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from labcode import checks
from labcode.checks import GRADIENT_KEYS, PARAMETER_KEYS
from labcode.nn import Parameters, backward_propagation, compute_cost, forward_propagation

H = 1e-7
"""The step of the central differences, Ng's choice: see THRESHOLD."""

THRESHOLD = 1e-7
"""A correct float64 backward pass stays below this relative difference at h = H = 1e-7.

The central difference has two errors. Truncation: J'''(theta) h^2 / 6, 1e-14 to 1e-12 here.
Round-off: each cost carries an error of a few units in the last place, about eps |J| with
eps = 2^-52 = 2.2e-16 (machine epsilon), and dividing by 2h turns it into about
eps |J| / (2h) = 1e-9 per component for a cost near 0.7. Over a few dozen parameters, and a
gradient norm of 0.1 to 1 (as at initialisation), that gives a relative difference of 1e-9 to
1e-8: ten times or more below 1e-7. A real bug (a missing factor 1 - A1^2, a wrong 1/m, a
transposed product) changes the gradient by a relative 1e-4 or, usually, far more. Round-off
grows like 1/||g||: on a trained network with ||g|| near 0.01 a correct backward pass reaches
about 7e-8 (chapter 5). So check where the gradient is not small, or near a minimum use
h = 1e-5, close to the optimal step eps^(1/3) (there it stays at or below about 1e-9). And check
in float64: in float32 eps is 1.2e-7 and the round-off alone would exceed any useful threshold.
"""


def parameters_to_vector(parameters: Parameters) -> np.ndarray:
    """W1, b1, W2, b2 flattened (row by row) and concatenated into one float64 vector theta."""
    return np.concatenate([p.ravel() for p in checks.parameters(parameters)])


def gradients_to_vector(grads: Parameters) -> np.ndarray:
    """dW1, db1, dW2, db2 flattened in the order of :func:`parameters_to_vector`."""
    grads = checks.gradient_dict(grads)
    return np.concatenate([np.asarray(grads[k], dtype=np.float64).ravel() for k in GRADIENT_KEYS])


def vector_to_parameters(theta: ArrayLike, like: Parameters) -> Parameters:
    """The inverse of :func:`parameters_to_vector`: a new dict shaped like ``like``."""
    shapes = [p.shape for p in checks.parameters(like)]
    sizes = [int(np.prod(shape)) for shape in shapes]
    theta = np.asarray(theta, dtype=np.float64)
    if theta.ndim != 1 or theta.size != sum(sizes):
        raise ValueError(
            f"theta must be a vector of {sum(sizes)} numbers (the sizes of "
            f"W1, b1, W2, b2: {sizes}), got shape {theta.shape}"
        )
    parts = np.split(theta, np.cumsum(sizes)[:-1])
    return {k: part.reshape(shape) for k, part, shape in zip(PARAMETER_KEYS, parts, shapes)}


def relative_difference(g: ArrayLike, g_approx: ArrayLike) -> float:
    """||g - g_approx|| / (||g|| + ||g_approx||) (eq-nn-gradcheck); 0 when both are 0."""
    g, g_approx = np.asarray(g, dtype=np.float64), np.asarray(g_approx, dtype=np.float64)
    if g.shape != g_approx.shape:
        raise ValueError(
            f"g and g_approx must have the same shape, got {g.shape} and {g_approx.shape}"
        )
    denominator = np.linalg.norm(g) + np.linalg.norm(g_approx)
    return 0.0 if denominator == 0 else float(np.linalg.norm(g - g_approx) / denominator)


def numerical_gradients(
    parameters: Parameters, X: ArrayLike, Y: ArrayLike, h: float = H
) -> Parameters:
    """Central differences (eq-nn-gradcheck) of the cost for every parameter, a grads dict."""
    h = checks.positive("h", h)
    theta = parameters_to_vector(parameters)

    def J(t):
        return compute_cost(forward_propagation(X, vector_to_parameters(t, parameters))[0], Y)

    g = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        g[i] = (J(theta + step) - J(theta - step)) / (2 * h)
    return {"d" + k: v for k, v in vector_to_parameters(g, parameters).items()}


def gradient_check(
    parameters: Parameters,
    X: ArrayLike,
    Y: ArrayLike,
    h: float = H,
    backward: Callable = backward_propagation,
) -> float:
    """Relative difference between ``backward``'s gradients and central differences.

    ``backward(parameters, cache, X, Y)`` has the signature of
    :func:`labcode.nn.backward_propagation` (the default). Compare the result with
    :data:`THRESHOLD`.
    """
    _, cache = forward_propagation(X, parameters)
    g = gradients_to_vector(backward(parameters, cache, X, Y))
    g_approx = gradients_to_vector(numerical_gradients(parameters, X, Y, h))
    return relative_difference(g, g_approx)
