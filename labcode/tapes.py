"""Derivatives with ``tf.GradientTape`` (chapter 2): first and second derivatives by nested
tapes, and a capture of the messages TensorFlow logs from Python.

TensorFlow is imported lazily, the quiet way of :mod:`labcode.tfsetup`, so importing this
module costs nothing until a tape is needed (and seeds nothing, ever).
"""

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from labcode import checks
from labcode.tfsetup import import_tensorflow


def _floating_input(x):
    """``x`` as a floating-point tensor; a tape gives no gradient for integer inputs."""
    tf = import_tensorflow()
    x = tf.convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError(
            f"x must be a floating-point value (e.g. 2.0 or a tf.float32 tensor), "
            f"got dtype {x.dtype.name}: a tape gives no gradient for integers"
        )
    return x


def get_derivative(f: Callable, x: Any) -> Any:
    """Return f'(x) by one gradient tape (eq-ad-tape).

    ``x`` is a float, an array or a tensor; for an array, ``f`` must act element-wise and the
    result holds f' at each element (the tape differentiates the sum of the outputs). A target
    that does not depend on ``x`` has derivative 0, not ``None``.
    """
    f, x = checks.function("f", f, " of one tensor"), _floating_input(x)
    tf = import_tensorflow()
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.convert_to_tensor(f(x))  # a constant f may return a plain float
    return tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def get_second_derivative(f: Callable, x: Any) -> tuple[Any, Any]:
    """Return the pair (f'(x), f''(x)) by two nested tapes (eq-ad-nested).

    The inner tape computes f' while the outer tape records that computation, so the outer
    tape can differentiate f' once more. Same input rules as :func:`get_derivative`.
    """
    f, x = checks.function("f", f, " of one tensor"), _floating_input(x)
    tf = import_tensorflow()
    zero = tf.UnconnectedGradients.ZERO
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.convert_to_tensor(f(x))
        dy_dx = inner.gradient(y, x, unconnected_gradients=zero)
    d2y_dx2 = outer.gradient(dy_dx, x, unconnected_gradients=zero)
    return dy_dx, d2y_dx2


@contextlib.contextmanager
def captured_tf_log() -> Iterator[list[str]]:
    """Collect what TensorFlow logs from Python inside the block, instead of printing it.

    Yields a list that fills with ``"LEVEL: message"`` strings. TensorFlow's logger writes to
    stderr in a script and to stdout in a notebook; inside the block it writes nowhere else.
    """
    logger = import_tensorflow().get_logger()  # configures its handlers first, if not yet done
    messages = []

    class _ListHandler(logging.Handler):
        def emit(self, record):
            messages.append(f"{record.levelname}: {record.getMessage()}")

    saved = logger.handlers[:], logger.propagate
    logger.handlers = [_ListHandler()]
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.handlers, logger.propagate = saved
