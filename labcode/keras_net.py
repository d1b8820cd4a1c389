"""The network of :mod:`labcode.nn` in TensorFlow and Keras, to cross-check it (chapter 5).

TensorFlow is imported quietly (:func:`labcode.tfsetup.import_tensorflow`) by the first
function that needs it, not with this module: importing Keras draws from Python's global random
generator, and importing labcode must leave the global generators alone. Nothing here seeds
anything either: every model starts from the parameters it is given. Everything is float64,
like the NumPy code, and Keras's ``Dense`` layers compute ``x @ kernel + bias`` on rows, so
kernel = W^T.
"""

from typing import Any

from numpy.typing import ArrayLike

from labcode import checks
from labcode.checks import PARAMETER_KEYS
from labcode.nn import Parameters
from labcode.tfsetup import import_tensorflow


def _float64_rate(learning_rate):
    """A constant learning rate that reaches the update in float64.

    A float given to a Keras optimizer is stored in a float32 variable (Keras's floatx), so
    1.2 would become 1.2000000477 and drift from the NumPy run by 4e-8 of a step each step.
    """
    tf = import_tensorflow()

    class Constant(tf.keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            return tf.constant(learning_rate, dtype=tf.float64)

        def get_config(self):
            return {"learning_rate": learning_rate}

    return Constant()


def _rows(model, X, Y, steps):
    """X and Y as Keras wants them, one example per row, float64, and the number of steps."""
    n_x, n_h = model.layers[0].kernel.shape
    X = checks.examples(X, n_x, ("W1", (n_h, n_x)))
    Y = checks.labels(Y, X.shape[1])
    return X.T.copy(), Y.T.copy(), checks.count("steps", steps)


def tape_gradients(parameters: Parameters, X: ArrayLike, Y: ArrayLike) -> Parameters:
    """dW1, db1, dW2, db2 of the cost (eq-nn-cost) by ``tf.GradientTape``, as NumPy arrays.

    The forward pass (eq-nn-forward) is written with TensorFlow ops on float64 variables;
    the cost is taken from the logits Z2 (``tf.nn.sigmoid_cross_entropy_with_logits``).
    """
    *arrays, X = checks.network(parameters, X)
    tf = import_tensorflow()
    X, Y = tf.constant(X), tf.constant(checks.labels(Y, X.shape[1]))
    v = {k: tf.Variable(a, name=k) for k, a in zip(PARAMETER_KEYS, arrays)}
    with tf.GradientTape() as tape:
        A1 = tf.tanh(v["W1"] @ X + v["b1"])
        Z2 = v["W2"] @ A1 + v["b2"]
        cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z2))
    grads = tape.gradient(cost, v)
    return {"d" + k: grads[k].numpy() for k in PARAMETER_KEYS}


def keras_model(parameters: Parameters, learning_rate: float = 1.2) -> Any:
    """A compiled Keras model: Dense(n_h, tanh), Dense(1, sigmoid), starting at ``parameters``.

    Float64 throughout, loss ``BinaryCrossentropy``, plain SGD (no momentum) at
    ``learning_rate``, no XLA (``jit_compile=False``): XLA fuses operations and may round
    differently, and this model is here to agree with the NumPy one to round-off.
    """
    n_h, n_x = checks.parameters(parameters)[0].shape
    learning_rate = checks.positive("learning_rate", learning_rate)
    tf = import_tensorflow()
    model = tf.keras.Sequential(
        [
            tf.keras.Input(shape=(n_x,), dtype="float64"),
            tf.keras.layers.Dense(n_h, activation="tanh", dtype="float64", name="hidden"),
            tf.keras.layers.Dense(1, activation="sigmoid", dtype="float64", name="output"),
        ]
    )
    set_parameters(model, parameters)
    model.compile(
        optimizer=tf.keras.optimizers.SGD(learning_rate=_float64_rate(learning_rate)),
        loss=tf.keras.losses.BinaryCrossentropy(dtype="float64"),
        jit_compile=False,
    )
    return model


def set_parameters(model: Any, parameters: Parameters) -> None:
    """Load W1, b1, W2, b2 into ``model``'s two Dense layers (kernels are W^T)."""
    W1, b1, W2, b2 = checks.parameters(parameters)
    model.layers[0].set_weights([W1.T, b1[:, 0]])
    model.layers[1].set_weights([W2.T, b2[:, 0]])


def keras_parameters(model: Any) -> Parameters:
    """``model``'s weights as the dict of :mod:`labcode.nn` (W1 = kernel^T, b1 a column, ...)."""
    (k1, c1), (k2, c2) = model.layers[0].get_weights(), model.layers[1].get_weights()
    return {"W1": k1.T, "b1": c1.reshape(-1, 1), "W2": k2.T, "b2": c2.reshape(-1, 1)}


def fit_full_batch(model: Any, X: ArrayLike, Y: ArrayLike, steps: int) -> Any:
    """Train ``model`` in place by ``model.fit`` for ``steps`` full-batch SGD steps; return it.

    The data go in as a ``tf.data.Dataset`` repeating one batch of all m examples, ``steps``
    times, fitted as one epoch: given NumPy arrays, ``fit`` would cast float64 inputs to
    float32 (Keras's floatx), and one epoch per step would add Keras's per-epoch overhead to
    every step.
    """
    x, y, steps = _rows(model, X, Y, steps)
    tf = import_tensorflow()
    batches = tf.data.Dataset.from_tensors((x, y)).repeat(steps)
    model.fit(batches, epochs=1, shuffle=False, verbose=0)
    return model


def train_tf_function(model: Any, X: ArrayLike, Y: ArrayLike, steps: int) -> float:
    """``steps`` full-batch gradient-descent steps in one ``tf.function`` loop; the last cost.

    The loop (tape, gradients, update theta -= rate * g) is traced once into a TensorFlow graph,
    so no Python runs between steps. The rate is the one ``model`` was compiled with.
    """
    x, y, steps = _rows(model, X, Y, steps)
    tf = import_tensorflow()
    x, y = tf.constant(x), tf.constant(y)
    rate = tf.constant(float(model.optimizer.learning_rate), tf.float64)
    variables = model.trainable_variables

    @tf.function
    def loop(n):
        cost = tf.constant(0.0, tf.float64)
        for _ in tf.range(n):
            with tf.GradientTape() as tape:
                cost = model.loss(y, model(x, training=True))
            for var, g in zip(variables, tape.gradient(cost, variables)):
                var.assign_sub(rate * g)
        return cost

    return float(loop(tf.constant(steps)))
