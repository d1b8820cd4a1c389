"""The checkers of chapter 2 (chapters/02_autodiff.md): derivatives by gradient tapes."""

import warnings

import numpy as np

from labcode import tapes
from labcode.exercises._check import Check, compare, pair
from labcode.tfsetup import import_tensorflow


def _tape_cases(tf):
    return [
        (lambda x: x**3, "f(x) = x^3", tf.constant(1.5)),
        (lambda x: x * tf.sin(x), "f(x) = x sin(x)", tf.constant([0.5, 1.0, 2.0])),
    ]


_NO_WATCH = (
    "is None for a tf.constant x: a tape that watches nothing. A tape records "
    "trainable tf.Variables by itself; a constant needs tape.watch(x) before f(x)"
)
_NOT_RECORDED = (
    "is None: the tape recorded nothing that connects f(x) to x. Compute "
    "y = f(x) inside the `with tf.GradientTape() as tape:` block, after "
    "tape.watch(x), and return tape.gradient(y, x) (target first, then source)"
)


def _none_diagnosis(c, tf, f, x):
    """Why a tape function gave None: does it work on a variable, which is watched anyway?"""
    try:
        with tapes.captured_tf_log(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            on_variable = c.function(f, tf.Variable(x))
    except Exception:
        return _NOT_RECORDED
    first = on_variable[0] if isinstance(on_variable, (tuple, list)) else on_variable
    return _NO_WATCH if first is not None else _NOT_RECORDED


def _tape_calls(c, tf):
    """(f, x, the student's result) for each tape test, with TensorFlow's log kept quiet."""
    for f, name, x in _tape_cases(tf):
        c.test(f"{name} at x = {np.array2string(x.numpy())}")
        with tapes.captured_tf_log():
            got = c.call(f, x)
        yield f, x, got


def check_get_derivative(get_derivative, *, strict=False):
    """Check ``get_derivative(f, x)``, f'(x) by one ``tf.GradientTape`` (chapter 2)."""
    with Check("get_derivative", get_derivative, tapes.get_derivative, strict) as c:
        tf = import_tensorflow()
        for f, x, got in _tape_calls(c, tf):
            if got is None:
                c.fail("the result " + _none_diagnosis(c, tf, f, x))
            compare(
                c,
                got,
                tapes.get_derivative(f, x),
                "the result",
                [
                    (f(x), "is f(x) itself: return the gradient, tape.gradient(y, x)"),
                ],
                rtol=1e-5,
            )


def check_get_second_derivative(get_second_derivative, *, strict=False):
    """Check ``get_second_derivative(f, x)``, (f'(x), f''(x)) by nested tapes (chapter 2)."""
    with Check(
        "get_second_derivative", get_second_derivative, tapes.get_second_derivative, strict
    ) as c:
        tf = import_tensorflow()
        for f, x, got in _tape_calls(c, tf):
            got = pair(c, got, "(f'(x), f''(x))")
            first, second = tapes.get_second_derivative(f, x)
            if got[0] is None:
                c.fail("f'(x) " + _none_diagnosis(c, tf, f, x))
            if got[1] is None:
                c.fail(
                    "f''(x) is None: the outer tape did not record how f'(x) was computed. "
                    "Let the outer tape watch x too, and call inner.gradient(y, x) inside "
                    "the outer `with` block"
                )
            swapped = "is f''(x): the pair is (f'(x), f''(x)), in this order"
            compare(c, got[0], first, "f'(x)", [(second, swapped)], rtol=1e-5)
            compare(
                c,
                got[1],
                second,
                "f''(x)",
                [
                    (
                        first,
                        "is f'(x) again: differentiate the first derivative once more, "
                        "outer.gradient(dy_dx, x)",
                    ),
                ],
                rtol=1e-5,
            )
