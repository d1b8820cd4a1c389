"""Import TensorFlow quietly and deterministically (chapters 2, 3, 5 and their tests).

TensorFlow's C++ logger reads its level when the library loads, so the variables have to
be set before the first import; after that they change nothing.
"""

import os


def import_tensorflow(seed=0):
    """Return the ``tensorflow`` module with C++ log lines off and every RNG seeded."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")   # drop INFO and WARNING lines
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN notice, bitwise-stable sums
    import tensorflow as tf

    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    return tf
