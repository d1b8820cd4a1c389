"""Claims of the prose that no executed cell prints, each checked against the code or against the
handout's own text: the notation page's dZ, chapter 2's quotation of the handout's tape example,
chapter 4's quotation of the handout's assumptions and its argument for a unique optimum, and
chapter 5's ReLU solution."""

import re

import jupytext
import numpy as np
import pytest

from labcode import nn
from labcode.data import load_iris_binary, standardise
from labcode.logreg import predict_proba
from tools.bookpaths import ROOT


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


def _gradients_wrt_Z(tf, parameters, X, Y):
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


def test_notation_dZ_is_the_dZ_of_the_code(tf, network_point):
    """The code forms dW = dZ A^T / m and db = sum(dZ) / m (eq-nn-backward); with those, dZ
    must be the gradient the notation page names. dJ/dZ itself is m times too small."""
    parameters, X, Y = network_point
    m = X.shape[1]
    meaning = _notation_meaning("$dZ$")
    if r"\partial (mJ)" in meaning:
        scale = m
    elif r"\partial J" in meaning:
        scale = 1
    else:
        raise AssertionError(f"notation.md's dZ row names neither dJ/dZ nor d(mJ)/dZ: {meaning}")
    dJ_dZ1, dJ_dZ2, A1 = _gradients_wrt_Z(tf, parameters, X, Y)
    dZ1, dZ2 = scale * dJ_dZ1, scale * dJ_dZ2
    grads = nn.backward_propagation(parameters, nn.forward_propagation(X, parameters)[1], X, Y)
    for name, want in [
        ("dW1", dZ1 @ X.T / m),
        ("db1", dZ1.sum(axis=1, keepdims=True) / m),
        ("dW2", dZ2 @ A1.T / m),
        ("db2", dZ2.sum(axis=1, keepdims=True) / m),
    ]:
        np.testing.assert_allclose(
            grads[name],
            want,
            rtol=1e-9,
            atol=1e-15,
            err_msg=(
                f"with dZ as notation.md defines it ({meaning}), {name} = dZ ... / m is not the "
                f"code's {name}"
            ),
        )


def test_notation_dW_and_db_are_gradients_of_J():
    meaning = _notation_meaning("$dW$, $db$")
    assert (
        r"\frac{\partial J}{\partial W}" in meaning and r"\frac{\partial J}{\partial b}" in meaning
    ), (
        f"notation.md should define dW and db as the gradients of J, not {meaning!r} "
        f"(tests/labcode/test_keras_net.py checks the code's against GradientTape)"
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
    cells = [
        c.source
        for c in jupytext.read(ROOT / "chapters" / "02_autodiff.md").cells
        if c.cell_type == "code" and 'x3 = tf.constant(3.0, name="x3")' in c.source
    ]
    assert cells, "chapter 2 no longer has the handout's cell with x0, x1, x2 and x3"
    return cells[0]


def test_chapter2_computes_the_handouts_y():
    ys = [
        line.strip()
        for line in _chapter2_handout_cell().splitlines()
        if line.strip().startswith("y = ")
    ]
    assert ys and _code(ys[0]) == _code(HANDOUT_IN16_Y), (
        f"chapter 2 computes {ys[:1]}, the handout's In[16] {HANDOUT_IN16_Y!r} (x3 unused)"
    )


def test_chapter2_asks_for_all_four_gradients_like_the_handout():
    assert _code(HANDOUT_IN16_SOURCES) in _code(_chapter2_handout_cell()), (
        f"the handout asks for {HANDOUT_IN16_SOURCES}: x3 is watched for but unused"
    )


# --- chapter 4: the handout's assumptions, and a unique optimum ------------------------------

# Transcribed from the handout's "Binary Classification" list (typos kept out of the quotes).
HANDOUT_ASSUMPTIONS = {
    1: "There are 2 classes in the dataset. Each sample in the dataset belongs to one class or "
    "the other but not to both. For example, in classifying whether an image is a cat or "
    "dog, every image is either a cat or dog and not a girafe",
    2: "Each class is independent of the other class. For example, classifying an image as a "
    "cat, does not affect the classification of the next sample. (independent and "
    "identically distributed)",
    3: "All samples are generated from the same distribution. For example, if we train the "
    "network with images of cats and dogs, then all images should images of cats and dogs "
    "and not others from hotels and bridges",
}
CHAPTER4 = (ROOT / "chapters" / "04_logistic.md").read_text()


def _quoted_assumptions():
    """The numbered items of chapter 4's block quote of the handout."""
    quote = "\n".join(line[1:].strip() for line in CHAPTER4.splitlines() if line.startswith(">"))
    return {
        int(n): _normalise(text)
        for n, text in re.findall(r"(\d)\.\s+(.*?)(?=\s\d\.\s|$)", quote, re.S)
    }


def test_chapter4_quotes_the_handouts_assumptions_under_their_numbers():
    quoted = _quoted_assumptions()
    assert sorted(quoted) == [1, 2, 3], (
        f"chapter 4 should quote the handout's 3 assumptions: {quoted}"
    )
    for number, text in quoted.items():
        assert text in _normalise(HANDOUT_ASSUMPTIONS[number]), (
            f"chapter 4 quotes the handout's assumption {number} as {text!r}; the handout's "
            f"reads {HANDOUT_ASSUMPTIONS[number]!r}"
        )


def test_chapter4_quotes_the_independence_example_from_assumption_2():
    example = "classifying an image as a cat, does not affect the classification of the next sample"
    assert example in _normalise(CHAPTER4), "chapter 4 should quote the example of assumption 2"
    assert example in _normalise(HANDOUT_ASSUMPTIONS[2]), "the example belongs to assumption 2"


def _hessian(X, w, b):
    """The Hessian of the logistic cost, (1/m) X~ diag(a (1 - a)) X~^T, X~ with a row of ones."""
    Xt = np.vstack([X, np.ones((1, X.shape[1]))])
    a = predict_proba(w, b, X)
    return (Xt * (a * (1 - a))) @ Xt.T / X.shape[1]


POINTS = [(np.array([[0.0], [0.0]]), 0.0), (np.array([[-0.3], [0.5]]), -0.7)]


@pytest.mark.parametrize("w, b", POINTS, ids=["zero", "other"])
def test_versicolor_cost_is_strictly_convex_because_the_inputs_have_full_rank(w, b):
    X, _ = load_iris_binary(positive="versicolor")
    X = standardise(X)
    Xt = np.vstack([X, np.ones((1, X.shape[1]))])
    assert np.linalg.matrix_rank(Xt) == 3, "the inputs with a row of ones should have full rank 3"
    smallest = np.linalg.eigvalsh(_hessian(X, w, b))[0]
    assert smallest > 1e-3, (
        f"the Hessian should be positive definite, smallest eigenvalue {smallest}"
    )


@pytest.mark.parametrize("w, b", POINTS, ids=["zero", "other"])
def test_inseparable_data_with_a_repeated_feature_has_no_unique_optimum(w, b):
    """Non-separability does not make the cost strictly convex: with sepal length twice in the
    inputs (rank 2 with the ones), the Hessian is singular and moving weight from one copy to
    the other changes no prediction."""
    X, Y = load_iris_binary(positive="versicolor")
    X = standardise(X)
    X3 = np.vstack([X[:1], X])
    w3 = np.vstack([np.zeros((1, 1)), w])
    smallest, largest = np.linalg.eigvalsh(_hessian(X3, w3, b))[[0, -1]]
    assert smallest < 1e-12 * largest, (
        f"the Hessian should be singular, eigenvalues {smallest}, {largest}"
    )
    moved = w3 + np.array([[1.0], [-1.0], [0.0]])
    np.testing.assert_allclose(
        predict_proba(moved, b, X3),
        predict_proba(w3, b, X3),
        rtol=1e-12,
        err_msg="shifting weight between the copies should change nothing",
    )


# --- chapter 5: the ReLU exercise --------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_relu_is_positive_exactly_where_its_input_is(seed):
    Z1 = np.concatenate(
        [
            np.random.default_rng(seed).normal(size=(200,)),
            [0.0, -0.0, 5e-324, -5e-324, 1e300, -1e300],
        ]
    )
    A1 = np.maximum(Z1, 0)
    np.testing.assert_array_equal(A1 > 0, Z1 > 0, err_msg="the masks A1 > 0 and Z1 > 0 differ")


@pytest.mark.parametrize("seed", [3, 4])
def test_relu_backward_from_A1_equals_gradient_tape(tf, seed):
    """The solution's dZ1 = (W2^T dZ2) * (A1 > 0), on a point where some Z1 are exactly 0 (a
    column of zero inputs and zero biases): TensorFlow's ReLU also takes the derivative 0 there."""
    rng = np.random.default_rng(seed)
    X = np.hstack([rng.normal(size=(2, 9)), np.zeros((2, 1))])
    Y = (rng.random((1, 10)) < 0.5).astype(float)
    p = {
        "W1": rng.normal(size=(4, 2)),
        "b1": np.zeros((4, 1)),
        "W2": rng.normal(size=(1, 4)),
        "b2": np.zeros((1, 1)),
    }
    m = X.shape[1]
    A1 = np.maximum(p["W1"] @ X + p["b1"], 0)
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    dZ2 = A2 - Y
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    ours = {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ A1.T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }
    v = {k: tf.Variable(val) for k, val in p.items()}
    with tf.GradientTape() as tape:
        A2t = tf.sigmoid(v["W2"] @ tf.nn.relu(v["W1"] @ X + v["b1"]) + v["b2"])
        J = -tf.reduce_mean(Y * tf.math.log(A2t) + (1 - Y) * tf.math.log(1 - A2t))
    theirs = tape.gradient(J, v)
    for k in p:
        np.testing.assert_allclose(
            ours["d" + k],
            theirs[k].numpy(),
            rtol=1e-10,
            atol=1e-15,
            err_msg=f"d{k} from the mask A1 > 0 differs from GradientTape",
        )
