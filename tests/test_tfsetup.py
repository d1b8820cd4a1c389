"""labcode.tfsetup: TensorFlow loads quietly and its random draws repeat."""

import os
import subprocess
import sys

from labcode.tfsetup import import_tensorflow


def test_seeded_draws_repeat():
    tf = import_tensorflow(seed=3)
    first = tf.random.normal([4]).numpy()
    tf = import_tensorflow(seed=3)
    assert (tf.random.normal([4]).numpy() == first).all(), "same seed, same draws"
    tf = import_tensorflow(seed=4)
    assert (tf.random.normal([4]).numpy() != first).any(), "another seed, other draws"


def test_import_prints_no_log_lines():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    code = ("from labcode.tfsetup import import_tensorflow\n"
            "tf = import_tensorflow()\n"
            "print(float(tf.reduce_sum(tf.ones([3]))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3.0\n"
    assert result.stderr == "", f"TensorFlow wrote to stderr on import: {result.stderr[:500]!r}"
