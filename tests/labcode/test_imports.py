"""What importing labcode does, in a fresh Python without TensorFlow's log variables set: the
engine and dual numbers load no Graphviz, no module reseeds NumPy's or Python's global random
generator (chapter 5 promises to leave them alone), and TensorFlow loads without log lines."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import importlib, json, pkgutil, random, sys
import numpy as np
import labcode

import labcode.engine, labcode.dual
graphviz_loaded = "graphviz" in sys.modules
reseeded = []
for info in pkgutil.iter_modules(labcode.__path__):
    numpy_state, python_state = np.random.get_state(), random.getstate()
    importlib.import_module(f"labcode.{info.name}")
    after = np.random.get_state()
    if not (all(np.array_equal(a, b) for a, b in zip(numpy_state, after))
            and random.getstate() == python_state):
        reseeded.append(info.name)
from labcode.tfsetup import import_tensorflow
tf = import_tensorflow()
print(json.dumps({"graphviz_loaded": graphviz_loaded, "reseeded": reseeded,
                  "modules": [i.name for i in pkgutil.iter_modules(labcode.__path__)],
                  "tensorflow_sum": float(tf.reduce_sum(tf.ones([3])))}))
"""


@pytest.fixture(scope="module")
def probe():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    run = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300
    )
    assert run.returncode == 0, f"importing labcode failed:\n{run.stderr[-3000:]}"
    return json.loads(run.stdout), run.stderr


def test_engine_and_dual_load_no_graphviz(probe):
    assert not probe[0]["graphviz_loaded"], (
        "importing labcode.engine and labcode.dual loaded graphviz: only labcode.graph draws"
    )


def test_no_labcode_module_reseeds_the_global_generators(probe):
    result = probe[0]
    assert "keras_net" in result["modules"], "the probe must import the TensorFlow module too"
    assert not result["reseeded"], (
        f"importing {result['reseeded']} changed NumPy's or Python's global random state; "
        f"seeding belongs where a chapter or test asks for it"
    )


def test_tensorflow_loads_without_log_lines(probe):
    result, stderr = probe
    assert result["tensorflow_sum"] == 3.0
    assert stderr == "", f"TensorFlow wrote to stderr on import: {stderr[:500]!r}"
