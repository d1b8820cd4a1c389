"""Import TensorFlow quietly, and seed it where a chapter or test asks (chapters 2, 3, 5).

TensorFlow's C++ logger reads its level when the library loads, so the variables have to
be set before the first import; after that they change nothing. Importing labcode never
seeds anything: a chapter that wants repeatable draws calls ``import_tensorflow(seed=0)``.
"""

import os
import types


def import_tensorflow(seed: int | None = None) -> types.ModuleType:
    """Return the ``tensorflow`` module with its C++ log lines off.

    With a ``seed``, also seed every generator Keras knows (Python's ``random``, NumPy's
    global one and TensorFlow's) and make TensorFlow's ops deterministic.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # drop INFO and WARNING lines
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice, bitwise-stable sums
    import tensorflow as tf

    if seed is not None:
        tf.keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
    return tf
