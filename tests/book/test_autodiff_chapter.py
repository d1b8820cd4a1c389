"""The derivatives chapter 2 (chapters/02_autodiff.md) states as formulas, checked against
gradient tapes at points other than the chapter's own.

nbval pins every output of the chapter, including what TensorFlow does with constants,
integers and tf.function; what it cannot tell is whether a formula the text states is right,
since the chapter prints the formula next to the tape at one point only. Equations
eq-ad-3x2 and eq-ad-xsinx are checked in test_tapes.py.
"""

import math

import numpy as np
import pytest


def variables(tf, *values):
    return [tf.Variable(v, dtype=tf.float64) for v in values]


@pytest.mark.parametrize("x0, y0", [(1.0, -3.0), (0.5, 4.0)])
def test_eq_ad_persist(tf, float64, x0, y0):
    """z = x^2 + yx: dz/dx = 2x + y, dz/dy = x."""
    x, y = variables(tf, x0, y0)
    with tf.GradientTape() as tape:
        z = x**2 + y * x
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    assert (float(dz_dx), float(dz_dy)) == float64((2 * x0 + y0, x0))


@pytest.mark.parametrize("w0, b0, x_in, t", [(-1.0, 3.0, 0.5, 2.0), (2.0, -0.5, 1.5, 0.25)])
def test_eq_ad_dict(tf, float64, w0, b0, x_in, t):
    """L = (wx + b - t)^2: dL/dw = 2(wx + b - t) x, dL/db = 2(wx + b - t)."""
    w, b = variables(tf, w0, b0)
    with tf.GradientTape() as tape:
        L = (w * x_in + b - t) ** 2
    grads = tape.gradient(L, {"w": w, "b": b})
    r = w0 * x_in + b0 - t
    assert (float(grads["w"]), float(grads["b"])) == float64((2 * r * x_in, 2 * r))


@pytest.mark.parametrize("x0", [0.3, -2.5])
def test_third_derivative_of_x_sin_x(tf, float64, x0):
    """Exercise ad-ex-third: (x sin x)''' = -3 sin x - x cos x, by three nested tapes."""
    x = tf.constant(x0, tf.float64)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x * tf.sin(x)
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert float(d3) == float64(-3 * math.sin(x0) - x0 * math.cos(x0))


@pytest.mark.parametrize("W0", [[[1.0, -2.0], [0.5, 3.0], [4.0, 0.0]], [[2.0, 1.0, -1.0]]])
def test_gradient_of_Wx_is_column_sums_and_its_jacobian_is_W(tf, W0):
    """Exercise ad-ex-jacobian: tape.gradient(Wx) = W^T 1 and tape.jacobian(Wx) = W."""
    W = tf.constant(W0, tf.float64)
    x = tf.constant(np.arange(1.0, W.shape[1] + 1), tf.float64)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.linalg.matvec(W, x)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), np.sum(W0, axis=0))
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), W0)


@pytest.mark.parametrize("x0, y0", [(1.5, -0.5), (-2.0, 3.0)])
def test_partials_of_the_calculus_review_function(tf, float64, x0, y0):
    """Exercise ad-ex-partials: f = x^2 y + x y^3, df/dx = 2xy + y^3, df/dy = x^2 + 3xy^2."""
    x, y = variables(tf, x0, y0)
    with tf.GradientTape() as tape:
        f = x**2 * y + x * y**3
    df_dx, df_dy = tape.gradient(f, [x, y])
    assert (float(df_dx), float(df_dy)) == float64((2 * x0 * y0 + y0**3, x0**2 + 3 * x0 * y0**2))
