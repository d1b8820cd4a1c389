"""NumPy ``nn_model`` vs the same network in Keras, for the same full-batch training (chapter 5).

The handout's In[52] run: the handout's data (150 flowers, two raw features), 10 hidden
units, learning rate 0.3, 10,000 full-batch gradient-descent steps from the same initial
weights, done three ways: ``labcode.nn.nn_model``; ``model.fit`` on the Keras model of
``labcode.keras_net`` (one batch of all 150 examples per step, verbose=0); and a
``tf.function`` loop over the same model (tape, gradients, update, all in one graph).
Each time includes its own start-up (Keras traces its training step on the first call).
``python -m benchmarks.nn_vs_keras`` prints a table; ``make bench`` records ``run()``.
"""

import time

import numpy as np

from labcode import nn
from labcode.data import load_iris_binary

N_H, RATE = 10, 0.3


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def run(steps=10000):
    """Time the three ways; return seconds, ratios to NumPy and how far the results agree."""
    from labcode import keras_net  # imports TensorFlow: not counted in any time below

    X, Y = load_iris_binary()
    start = nn.initialize_parameters(2, N_H, 1)
    numpy_s, ours = _timed(lambda: nn.nn_model(X, Y, N_H, RATE, num_iterations=steps))
    fit_model = keras_net.keras_model(start, RATE)
    fit_s, _ = _timed(lambda: keras_net.fit_full_batch(fit_model, X, Y, steps))
    loop_model = keras_net.keras_model(start, RATE)
    loop_s, _ = _timed(lambda: keras_net.train_tf_function(loop_model, X, Y, steps))

    def gap(model):
        theirs = keras_net.keras_parameters(model)
        return float(max(np.abs(theirs[k] - ours[k]).max() for k in nn.PARAMETER_KEYS))

    return {
        "steps": steps,
        "examples": int(X.shape[1]),
        "hidden_units": N_H,
        "numpy_nn_model_s": round(numpy_s, 3),
        "keras_fit_s": round(fit_s, 3),
        "tf_function_loop_s": round(loop_s, 3),
        "keras_fit_over_numpy": round(fit_s / numpy_s, 2),
        "tf_function_over_numpy": round(loop_s / numpy_s, 2),
        # Not zero: this run amplifies round-off (see tests/labcode/test_handout.py), so float64
        # implementations that differ in the last bit end about 1e-5 apart.
        "max_parameter_gap_fit": gap(fit_model),
        "max_parameter_gap_tf_function": gap(loop_model),
    }


def main():
    r = run()
    print(
        f"{r['steps']} full-batch steps, {r['examples']} examples, {r['hidden_units']} hidden units"
    )
    print(f"{'implementation':<28}{'seconds':>9}{'x NumPy':>9}")
    print(f"{'labcode.nn.nn_model':<28}{r['numpy_nn_model_s']:>9.2f}{1:>9.2f}")
    print(f"{'Keras model.fit':<28}{r['keras_fit_s']:>9.2f}{r['keras_fit_over_numpy']:>9.2f}")
    print(
        f"{'Keras model, tf.function':<28}{r['tf_function_loop_s']:>9.2f}"
        f"{r['tf_function_over_numpy']:>9.2f}"
    )
    print(
        f"largest parameter gap to NumPy: fit {r['max_parameter_gap_fit']:.1e}, "
        f"tf.function {r['max_parameter_gap_tf_function']:.1e}"
    )


if __name__ == "__main__":
    main()
