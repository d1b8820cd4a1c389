"""Claims of the prose that no executed cell prints, each checked against the code or against the
handout's own text: the notation page's dZ and chapter 2's quotation of the handout's tape
example."""

import re

import jupytext
import numpy as np
import pytest

from conftest import ROOT
from labcode import nn
from labcode.data import load_iris_binary, standardise
from labcode.tfsetup import import_tensorflow

tf = import_tensorflow(seed=0)


def _normalise(text):
    return re.sub(r"\s+", " ", text).strip().lower()


# --- notation.md: dW and db are gradients of J, dZ is the gradient of mJ ---------------------


def _notation_meaning(symbol):
    """The meaning column of the notation table's row for ``symbol`` (such as "$dZ$")."""
    for line in (ROOT / "notation.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] == symbol:
            return cells[1]
    raise AssertionError(f"notation.md has no table row for {symbol}")


def _handout_start():
    X, Y = load_iris_binary()
    return nn.initialize_parameters(2, 4, 1), X, Y


def _versicolor_midway():
    X, Y = load_iris_binary(positive="versicolor")
    X = standardise(X)
    return nn.train(X, Y, 3, 1.2, num_iterations=30, seed=5)[0], X, Y


def _gradients_wrt_Z(parameters, X, Y):
    """dJ/dZ1 and dJ/dZ2 from GradientTape, and A1, for the network of eq-nn-forward."""
    p = {k: tf.constant(v) for k, v in parameters.items()}
    Z1 = tf.Variable(p["W1"] @ X + p["b1"])
    with tf.GradientTape() as tape:
        A1 = tf.tanh(Z1)
        Z2 = p["W2"] @ A1 + p["b2"]
        A2 = tf.sigmoid(Z2)
        J = -tf.reduce_mean(Y * tf.math.log(A2) + (1 - Y) * tf.math.log(1 - A2))
    dJ_dZ1, dJ_dZ2 = tape.gradient(J, [Z1, Z2])
    return dJ_dZ1.numpy(), dJ_dZ2.numpy(), A1.numpy()


@pytest.mark.parametrize("point", [_handout_start, _versicolor_midway])
def test_notation_dZ_is_the_dZ_of_the_code(point):
    """The code forms dW = dZ A^T / m and db = sum(dZ) / m (eq-nn-backward); with those, dZ
    must be the gradient the notation page names. dJ/dZ itself is m times too small."""
    parameters, X, Y = point()
    m = X.shape[1]
    meaning = _notation_meaning("$dZ$")
    if r"\partial (mJ)" in meaning:
        scale = m
    elif r"\partial J" in meaning:
        scale = 1
    else:
        raise AssertionError(f"notation.md's dZ row names neither dJ/dZ nor d(mJ)/dZ: {meaning}")
    dJ_dZ1, dJ_dZ2, A1 = _gradients_wrt_Z(parameters, X, Y)
    dZ1, dZ2 = scale * dJ_dZ1, scale * dJ_dZ2
    grads = nn.backward_propagation(parameters, nn.forward_propagation(X, parameters)[1], X, Y)
    for name, want in [("dW1", dZ1 @ X.T / m), ("db1", dZ1.sum(axis=1, keepdims=True) / m),
                       ("dW2", dZ2 @ A1.T / m), ("db2", dZ2.sum(axis=1, keepdims=True) / m)]:
        np.testing.assert_allclose(grads[name], want, rtol=1e-9, atol=1e-15, err_msg=(
            f"with dZ as notation.md defines it ({meaning}), {name} = dZ ... / m is not the "
            f"code's {name}"))


def test_notation_dW_and_db_are_gradients_of_J():
    meaning = _notation_meaning("$dW$, $db$")
    assert r"\frac{\partial J}{\partial W}" in meaning and r"\frac{\partial J}{\partial b}" in meaning, (
        f"notation.md should define dW and db as the gradients of J, not {meaning!r} "
        f"(test_nn_crosscheck.py checks the code's against GradientTape)"
    )


# --- chapter 2: the handout's tape example (In[16]) ---------------------------------------

# Transcribed from the handout's In[16]: y is built from three of the four values; the gradient
# is asked for all four.
HANDOUT_IN16_Y = "y = (x0**2) + (x1**2) + (x2**2)"
HANDOUT_IN16_SOURCES = "tape.gradient(y, [x0, x1, x2, x3])"


def _code(text):
    """Code without spaces, parentheses or comments, to compare expressions."""
    return re.sub(r"[\s()]", "", "\n".join(line.split("#")[0] for line in text.splitlines()))


def _chapter2_handout_cell():
    cells = [c.source for c in jupytext.read(ROOT / "chapters" / "02_autodiff.md").cells
             if c.cell_type == "code" and 'x3 = tf.constant(3.0, name="x3")' in c.source]
    assert cells, "chapter 2 no longer has the handout's cell with x0, x1, x2 and x3"
    return cells[0]


def test_chapter2_computes_the_handouts_y():
    ys = [line.strip() for line in _chapter2_handout_cell().splitlines()
          if line.strip().startswith("y = ")]
    assert ys and _code(ys[0]) == _code(HANDOUT_IN16_Y), (
        f"chapter 2 computes {ys[:1]}, the handout's In[16] {HANDOUT_IN16_Y!r} (x3 unused)"
    )


def test_chapter2_asks_for_all_four_gradients_like_the_handout():
    assert _code(HANDOUT_IN16_SOURCES) in _code(_chapter2_handout_cell()), (
        f"the handout asks for {HANDOUT_IN16_SOURCES}: x3 is watched for but unused"
    )
