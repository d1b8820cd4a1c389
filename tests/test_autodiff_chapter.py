"""Every derivative chapter 2 (chapters/02_autodiff.md) prints, checked against its analytic
value at two points, with the same TensorFlow code the chapter runs."""

import math

import numpy as np
import pytest

from labcode.tapes import captured_tf_log, get_derivative
from labcode.tfsetup import import_tensorflow

tf = import_tensorflow(seed=0)

TOL = dict(rel=1e-5, abs=1e-6)  # float32 scalars
ZERO = tf.UnconnectedGradients.ZERO


def f(x):
    return x * tf.sin(x)


def df(x):
    return math.sin(x) + x * math.cos(x)


# --- A first gradient, constants, trainable and non-trainable variables --------------------


@pytest.mark.parametrize("x0", [2.0, -1.5])
def test_variable_is_watched_automatically(x0):
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = 3 * x**2
    got = float(tape.gradient(y, x))
    assert got == pytest.approx(6 * x0, **TOL), f"d(3x^2)/dx at x={x0} should be 6x = {6 * x0}"


@pytest.mark.parametrize("a0, b0", [(1.0, 2.0), (-4.0, 0.5)])
def test_variables_are_watched_when_read(a0, b0):
    a, b = tf.Variable(a0, name="a"), tf.Variable(b0, name="b")
    with tf.GradientTape() as tape:
        assert list(tape.watched_variables()) == [], "nothing is watched before a read"
        u = 3 * a
        assert [v.name for v in tape.watched_variables()] == ["a:0"], "reading a should watch a"
        w = u + b
    dw_da, dw_db = tape.gradient(w, [a, b])
    assert (float(dw_da), float(dw_db)) == (3.0, 1.0), "w = 3a + b has dw/da = 3, dw/db = 1"


@pytest.mark.parametrize("x0", [2.0, 0.5])
def test_constant_needs_watch(x0):
    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        y = 3 * x**2
    assert tape.gradient(y, x) is None, "an unwatched constant should give None"
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = 3 * x**2
    got = float(tape.gradient(y, x))
    assert got == pytest.approx(6 * x0, **TOL), f"watched: d(3x^2)/dx at x={x0} should be {6 * x0}"


def _four_sources(value):
    x0 = tf.Variable(value, name="x0")
    x1 = tf.Variable(value, name="x1", trainable=False)
    x2 = tf.Variable(value - 1.0, name="x2") + 1.0
    x3 = tf.constant(value, name="x3")
    return x0, x1, x2, x3


def _handout_y(x0, x1, x2, x3):
    """The handout's In[16]: y from the first three values; x3 is asked about but unused."""
    return x0**2 + x1**2 + x2**2


@pytest.mark.parametrize("value", [3.0, -2.0])
def test_only_the_trainable_variable_gets_a_gradient(value):
    sources = _four_sources(value)
    with tf.GradientTape() as tape:
        y = _handout_y(*sources)
    g0, *rest = tape.gradient(y, list(sources))
    assert float(g0) == pytest.approx(2 * value, **TOL), f"dy/dx0 should be 2 x0 = {2 * value}"
    assert rest == [None, None, None], "non-trainable variable, tensor and constant give None"
    assert [v.name for v in tape.watched_variables()] == ["x0:0"], "only x0 should be watched"


@pytest.mark.parametrize("value", [3.0, -2.0])
def test_variable_plus_constant_is_a_tensor(value):
    x2 = tf.Variable(value) + 1.0
    assert not isinstance(x2, tf.Variable), "Variable + constant should not be a Variable"
    assert isinstance(x2, tf.Tensor), "Variable + constant should be a Tensor"


@pytest.mark.parametrize("value", [3.0, -2.0])
def test_watching_gives_gradients_to_the_used_values_only(value):
    x0, x1, x2, x3 = sources = _four_sources(value)
    with tf.GradientTape() as tape:
        tape.watch([x1, x2, x3])
        y = _handout_y(*sources)
    *used, unused = tape.gradient(y, list(sources))
    assert [float(g) for g in used] == pytest.approx([2 * value] * 3, **TOL), (
        f"dy/dx0, dy/dx1 and dy/dx2 should each be 2 * {value}"
    )
    assert unused is None, "x3 is watched but y does not use it: its gradient should be None"


# --- Persistent tapes and several sources ---------------------------------------------------


def test_second_gradient_call_on_a_non_persistent_tape_raises():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x**2
    assert float(tape.gradient(y, x)) == 4.0, "the first call should work: d(x^2)/dx = 4 at 2"
    with pytest.raises(RuntimeError, match="A non-persistent GradientTape can only be used to"):
        tape.gradient(y, x)


@pytest.mark.parametrize("x0, y0", [(2.0, 2.0), (1.0, -3.0)])
def test_persistent_tape_gives_both_partials(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape(persistent=True) as tape:
        z = x**2 + y * x
    dz_dx, dz_dy = tape.gradient(z, x), tape.gradient(z, y)
    del tape
    assert float(dz_dx) == pytest.approx(2 * x0 + y0, **TOL), "dz/dx should be 2x + y"
    assert float(dz_dy) == pytest.approx(x0, **TOL), "dz/dy should be x"


@pytest.mark.parametrize("x0, y0", [(2.0, 2.0), (1.0, -3.0)])
def test_list_of_sources_in_one_call(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        z = x**2 + y * x
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    assert float(dz_dx) == pytest.approx(2 * x0 + y0, **TOL), "dz/dx should be 2x + y"
    assert float(dz_dy) == pytest.approx(x0, **TOL), "dz/dy should be x"


@pytest.mark.parametrize("w0, b0, x_in, t", [(0.5, 0.25, 2.0, 1.0), (-1.0, 3.0, 0.5, 2.0)])
def test_dict_of_sources_gives_dict_of_gradients(w0, b0, x_in, t):
    params = {"w": tf.Variable(w0), "b": tf.Variable(b0)}
    with tf.GradientTape() as tape:
        L = (params["w"] * x_in + params["b"] - t) ** 2
    grads = tape.gradient(L, params)
    r = w0 * x_in + b0 - t
    assert set(grads) == {"w", "b"}, "gradients should come back under the keys of params"
    assert float(grads["w"]) == pytest.approx(2 * r * x_in, **TOL), "dL/dw should be 2(wx+b-t)x"
    assert float(grads["b"]) == pytest.approx(2 * r, **TOL), "dL/db should be 2(wx+b-t)"


# --- Nested tapes (the chapter's inline code; the helpers are tested in test_tapes.py) -----


@pytest.mark.parametrize("x0", [3.0, 2.0])
def test_inline_nested_tapes_on_parabola(x0):
    x = tf.constant(x0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = x**2 + x
        dy_dx = inner.gradient(y, x)
    d2y_dx2 = outer.gradient(dy_dx, x)
    assert float(dy_dx) == pytest.approx(2 * x0 + 1, **TOL), "y' of x^2 + x should be 2x + 1"
    assert float(d2y_dx2) == pytest.approx(2.0, **TOL), "y'' of x^2 + x should be 2"


# --- None gradients ------------------------------------------------------------------------


@pytest.mark.parametrize("x0, y0", [(2.0, 5.0), (-1.0, 0.5)])
def test_unconnected_source_gives_none_by_default(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        z = x**2
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    assert float(dz_dx) == pytest.approx(2 * x0, **TOL), "dz/dx of x^2 should be 2x"
    assert dz_dy is None, "y is not used, so its gradient should be None"


@pytest.mark.parametrize("x0, y0", [(2.0, 5.0), (-1.0, 0.5)])
def test_unconnected_zero_gives_zero(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        z = x**2
    dz_dx, dz_dy = tape.gradient(z, [x, y], unconnected_gradients=ZERO)
    assert float(dz_dx) == pytest.approx(2 * x0, **TOL), "dz/dx of x^2 should be 2x"
    assert dz_dy is not None and float(dz_dy) == 0.0, "with ZERO, the unused y should give 0"


@pytest.mark.parametrize("x0, y0", [(2.0, 5.0), (-1.0, 0.5)])
def test_connected_zero_gradient_is_zero_not_none(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        z = x**2 + 0 * y
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    assert float(dz_dx) == pytest.approx(2 * x0, **TOL), "dz/dx of x^2 + 0y should be 2x"
    assert dz_dy is not None and float(dz_dy) == 0.0, "y is used (times 0): gradient 0, not None"


# --- Traps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n0", [3, -2])
def test_watched_integer_constant_gives_none_and_logs_a_warning(n0):
    # TensorFlow logs this only the first 5 times per process: these are its only 2 triggers
    # in this file (test_tapes.py has 1).
    with captured_tf_log() as log:
        x = tf.constant(n0)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        grad = tape.gradient(y, x)
    assert grad is None, "an int32 source should have no gradient"
    assert log == [
        "WARNING: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32"
    ], f"expected TensorFlow's dtype warning, got {log!r}"


@pytest.mark.parametrize("n0", [3, -2])
def test_integer_variable_is_watched_but_silently_gives_none(n0):
    n = tf.Variable(n0, name="n")
    with captured_tf_log() as log:
        with tf.GradientTape(persistent=True) as tape:
            y = n * n
            y_cast = tf.cast(n, tf.float32) ** 2
        watched = [v.name for v in tape.watched_variables()]
        grads = tape.gradient(y, n), tape.gradient(y_cast, n)
    assert watched == ["n:0"], "an int variable is trainable and watched"
    assert grads == (None, None), "an int variable gets no gradient, even through a cast"
    assert log == [], "TensorFlow logs nothing for an int variable"


@pytest.mark.parametrize("x0", [3.0, -0.5])
def test_float_fix_gives_2x(x0):
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = x * x
    assert float(tape.gradient(y, x)) == pytest.approx(2 * x0, **TOL), "d(x*x)/dx should be 2x"


@pytest.mark.parametrize("x0", [2.0, -4.0])
def test_x_equals_x_plus_1_loses_the_variable(x0):
    x = tf.Variable(x0)
    x = x + 1
    with tf.GradientTape() as tape:
        y = x**2
    assert not isinstance(x, tf.Variable), "x = x + 1 should rebind x to a Tensor"
    assert tape.gradient(y, x) is None, "the tensor x is not watched, so the gradient is None"


@pytest.mark.parametrize("x0", [2.0, -4.0])
def test_computing_outside_the_tape_gives_none(x0):
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = 3 * x**2
    z = y + 1
    assert tape.gradient(z, x) is None, "z is computed after the with block: not on the tape"


# --- tf.function ----------------------------------------------------------------------------


def _make_traced_derivative(log):
    @tf.function
    def traced_derivative(x):
        x = tf.convert_to_tensor(x)
        log.append((x.dtype.name, tuple(x.shape)))  # Python side effect: runs while tracing only
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        return tape.gradient(y, x)

    return traced_derivative


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
@pytest.mark.parametrize("x0", [1.0, 2.0])
def test_tf_function_equals_eager_equals_analytic(x0, dtype):
    traced = _make_traced_derivative([])
    x = tf.constant(x0, dtype)
    graph_value, eager_value = float(traced(x)), float(get_derivative(f, x))
    assert graph_value == eager_value, f"tf.function and eager should agree exactly at x={x0}"
    assert graph_value == pytest.approx(df(x0), **TOL), f"(x sin x)' at x={x0} should be {df(x0)}"


def test_tf_function_traces_once_per_input_signature():
    traces = []
    traced = _make_traced_derivative(traces)
    for value in (1.0, 2.0):
        traced(tf.constant(value))
    for value in (1.0, 2.0):
        traced(tf.constant(value, tf.float64))
    assert traces == [("float32", ()), ("float64", ())], f"want one trace per dtype, got {traces}"
    assert traced.experimental_get_tracing_count() == 2, "4 calls with 2 signatures: 2 traces"


def test_tf_function_retraces_for_each_new_python_float():
    traces = []
    traced = _make_traced_derivative(traces)
    traced(tf.constant(1.0))
    traced(1.0)
    traced(3.0)
    assert len(traces) == 3, f"each new Python float should trace again, got {len(traces)} traces"


# --- Exercise solutions ---------------------------------------------------------------------


def third_derivative(f, x):
    x = tf.constant(x)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = f(x)
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    return t3.gradient(d2, x)


@pytest.mark.parametrize("x0", [1.0, 2.0])
def test_third_derivative_of_x_sin_x(x0):
    want = -3 * math.sin(x0) - x0 * math.cos(x0)
    got = float(third_derivative(f, x0))
    assert got == pytest.approx(want, **TOL), f"f''' at x={x0} should be -3 sin x - x cos x"


@pytest.mark.parametrize("x0", [[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]])
def test_gradient_of_vector_output_is_column_sums_and_jacobian_is_W(x0):
    W = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    x = tf.constant(x0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.linalg.matvec(W, x)
    grad, jac = tape.gradient(y, x), tape.jacobian(y, x)
    del tape
    np.testing.assert_allclose(grad.numpy(), W.numpy().sum(axis=0),
                               err_msg="gradient of a vector output should be W^T 1")
    np.testing.assert_allclose(jac.numpy(), W.numpy(), err_msg="the Jacobian of Wx should be W")


@pytest.mark.parametrize("x0", [2.0, -5.0])
def test_assign_add_keeps_the_variable(x0):
    x = tf.Variable(x0)
    for _ in range(2):
        x.assign_add(1.0)
        with tf.GradientTape() as tape:
            y = x**2
        assert isinstance(x, tf.Variable), "assign_add should keep x a tf.Variable"
        got = float(tape.gradient(y, x))
        assert got == pytest.approx(2 * float(x), **TOL), f"d(x^2)/dx should be 2x at x={float(x)}"


@pytest.mark.parametrize("x0, y0", [(1.0, 2.0), (2.0, -1.0)])
def test_partials_of_the_calculus_review_function(x0, y0):
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        fxy = x**2 * y + x * y**3
    df_dx, df_dy = tape.gradient(fxy, [x, y])
    assert float(df_dx) == pytest.approx(2 * x0 * y0 + y0**3, **TOL), "df/dx should be 2xy + y^3"
    want_dy = x0**2 + 3 * x0 * y0**2
    assert float(df_dy) == pytest.approx(want_dy, **TOL), "df/dy should be x^2 + 3xy^2"
