"""labcode.tfsetup: TensorFlow's random draws repeat for a seed, and are left alone without one.
(That it loads without log lines is in test_imports.py.)"""

import random

import numpy as np

from labcode.tfsetup import import_tensorflow


def test_seeded_draws_repeat():
    tf = import_tensorflow(seed=3)
    first = tf.random.normal([4]).numpy()
    tf = import_tensorflow(seed=3)
    assert (tf.random.normal([4]).numpy() == first).all(), "same seed, same draws"
    tf = import_tensorflow(seed=4)
    assert (tf.random.normal([4]).numpy() != first).any(), "another seed, other draws"


def test_no_seed_leaves_the_global_generators_alone():
    import_tensorflow(seed=5)
    numpy_draw, python_draw = np.random.random(), random.random()
    import_tensorflow(seed=5)
    import_tensorflow()
    assert (np.random.random(), random.random()) == (numpy_draw, python_draw), (
        "import_tensorflow() without a seed reseeded NumPy's or Python's generator"
    )
