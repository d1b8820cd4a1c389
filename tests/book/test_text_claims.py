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


# --- issue 19: each corrected sentence, computed -----------------------------------------------

CHAPTERS_MD = {md.stem: md for md in sorted((ROOT / "chapters").glob("0*.md"))}
# Transcribed from the handout: the passages a chapter quotes in double quotes.
HANDOUT_PASSAGES = [
    "Intuition: When x goes up by 1 unit, y goes by 6 units",
    "is the sum of losses of all samples where m is the total number of training samples in the "
    "dataset. We also the scale the loss by the number of training samples m",
    "Update w_1, w_2 and b for all m samples:",
]


def _prose(stem):
    """The chapter's Markdown cells, one string, whitespace collapsed."""
    cells = jupytext.read(CHAPTERS_MD[stem]).cells
    return " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())


def _chapter_code(stem):
    cells = jupytext.read(CHAPTERS_MD[stem]).cells
    return "\n".join(c.source for c in cells if c.cell_type == "code")


def _twin_outputs(stem):
    import nbformat

    twin = nbformat.read(CHAPTERS_MD[stem].with_suffix(".ipynb"), as_version=4)
    texts = []
    for cell in twin.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts += [v if isinstance(v, str) else "" for v in out.get("data", {}).values()]
    return "\n".join(texts)


def _step_limit(X):
    """2 / L for the logistic cost, L = lambda_max(X~ X~^T / m) / 4 (chapter 4)."""
    Xt = np.vstack([X, np.ones((1, X.shape[1]))])
    return 2 / (np.linalg.eigvalsh(Xt @ Xt.T / X.shape[1])[-1] / 4)


# Finding 1 (false): "alpha must stay below 0.178", "alpha = 1 can diverge" (chapter 4).


def test_a_rate_far_above_2_over_L_overshoots_and_still_converges_on_the_raw_features():
    from labcode.logreg import logistic_regression

    X, Y = load_iris_binary()
    assert _step_limit(X) < 0.5, "2/L on the raw features should be far below 1"
    default = logistic_regression(X, Y)
    for rate in (1.0, 0.8):
        fast = logistic_regression(X, Y, learning_rate=rate)
        costs = fast["costs"]
        assert max(costs) > 5 * costs[0], f"at rate {rate} the cost should first overshoot"
        assert costs[-1] < default["costs"][-1] < costs[0], (
            f"at rate {rate} (above 2/L = {_step_limit(X):.3f}) the cost should still end "
            f"below the default rate's: {costs[-1]:.4f} vs {default['costs'][-1]:.4f}"
        )
        assert fast["train_accuracy"] >= default["train_accuracy"]
    prose = _prose("04_logistic")
    assert "can diverge" not in prose and "must stay below" not in prose, (
        "chapter 4 still says a rate above 2/L diverges"
    )
    assert "sufficient" in prose, "chapter 4 should say 2/L is a sufficient condition"


# Finding 2 (false): one hidden unit "loses information" (chapter 5, section 5.5).


def _versicolor_split():
    from sklearn.model_selection import train_test_split

    Xv, Yv = load_iris_binary(positive="versicolor")
    X_tr, X_te, y_tr, y_te = train_test_split(
        Xv.T, Yv.ravel(), test_size=0.3, stratify=Yv.ravel(), random_state=0
    )
    X_tr, X_te = X_tr.T, X_te.T
    mu, sd = X_tr.mean(axis=1, keepdims=True), X_tr.std(axis=1, keepdims=True)
    return (X_tr - mu) / sd, y_tr.reshape(1, -1), (X_te - mu) / sd, y_te.reshape(1, -1)


@pytest.mark.parametrize("seed", [0, 1])
def test_one_tanh_unit_draws_a_straight_boundary(seed):
    """The output of one tanh unit is monotone in one score w.x + b: sorted by that score, the
    predicted labels change at most once, so the boundary is a line."""
    rng = np.random.default_rng(seed)
    p = {"W1": rng.normal(size=(1, 2)), "b1": rng.normal(size=(1, 1)),
         "W2": 3 * rng.normal(size=(1, 1)), "b2": rng.normal(size=(1, 1))}  # fmt: skip
    G = rng.uniform(-3, 3, size=(2, 5000))
    labels = nn.predict(p, G)[0][np.argsort((p["W1"] @ G + p["b1"])[0])]
    assert np.count_nonzero(np.diff(labels)) <= 1, "the labels change more than once"


def test_one_hidden_unit_beats_logistic_regression_on_cost_but_not_accuracy():
    from labcode import logreg

    S_tr, Y_tr, _, _ = _versicolor_split()
    lr = logreg.logistic_regression(S_tr, Y_tr, num_iterations=2000, learning_rate=1.0)
    for rate in (0.3, 1.2):
        one, _ = nn.train(S_tr, Y_tr, 1, rate, num_iterations=1000)
        cost = nn.compute_cost(nn.predict_proba(one, S_tr), Y_tr)
        assert cost < lr["costs"][-1], f"1 unit at rate {rate}: cost {cost:.3f} not lower"
        assert nn.accuracy(one, S_tr, Y_tr) < lr["train_accuracy"]
    assert "loses information" not in _prose("05_network")


# Finding 3 (misleading): "the measured round-off is a little larger than the model" (chapter 1),
# and the numerator's error, "about eps |f(x)|" in the text but 2 eps |f| / h in eq. (1.7).

EPS = float(np.finfo(np.float64).eps)


def _cube(x):
    return x * x * x


def test_measured_round_off_stays_below_the_error_model():
    from labcode.calculus import limit_table

    fine = limit_table(_cube, 1.0, exact=3.0, hs=np.logspace(-16, 0, 161))
    h = fine[:, 0]
    for errors, model, best in [
        (fine[:, 2], 3 * h + 2 * EPS / h, np.sqrt(EPS)),
        (fine[:, 4], h**2 + EPS / h, EPS ** (1 / 3)),
    ]:
        ratio = (errors / model)[h < best]
        assert ratio.max() < 1 and np.median(ratio) < 0.6, (ratio.max(), np.median(ratio))
    assert "larger than the model" not in _prose("01_calculus")


@pytest.mark.parametrize("x", [1.0, -2.5, 0.7])
def test_the_numerator_of_a_difference_is_off_by_at_most_about_2_eps_f(x):
    from fractions import Fraction

    worst = max(
        abs(
            Fraction(_cube(x + h) - _cube(x))
            - ((Fraction(x) + Fraction(h)) ** 3 - Fraction(x) ** 3)
        )
        / (EPS * abs(Fraction(_cube(x))))
        for h in np.logspace(-16, -4, 121)
    )
    assert 1 < worst <= 2, f"the numerator's error reaches {float(worst):.2f} eps |f(x)|"
    prose = _prose("01_calculus")
    assert r"$2 \varepsilon |f(x)|$" in prose and r"\frac{2 \varepsilon |f(x)|}{h}" in prose


# Finding 4 (misleading): "every number the handout prints is reproduced ... line by line".


def test_every_number_of_In52_and_In55_is_shown_beside_the_handouts():
    from labcode.handout import COSTS_55, FINAL_52

    shown = _twin_outputs("05_network")
    missing = [
        str(v) for rows in FINAL_52.values() for row in rows for v in row if str(v) not in shown
    ]
    assert not missing, f"chapter 5 does not show the handout's In[52] values {missing}"
    assert COSTS_55[0] in shown and COSTS_55[1] in shown and COSTS_55[-1] in shown
    for page in (_prose("05_network"), " ".join((ROOT / "intro.md").read_text().split())):
        assert "line by line" not in page and "printed numbers reproduced" not in page


# Finding 5 (misleading): "well above ... the bent boundary generalises" on 37 against 33.


def test_the_held_out_difference_of_4_units_and_logistic_regression_may_be_chance():
    from scipy.stats import binomtest

    from labcode import logreg

    S_tr, Y_tr, S_te, Y_te = _versicolor_split()
    lr = logreg.logistic_regression(S_tr, Y_tr, num_iterations=2000, learning_rate=1.0)
    lr_right = logreg.predict(lr["w"], lr["b"], S_te) == Y_te
    net, _ = nn.train(S_tr, Y_tr, 4, 0.3, num_iterations=1000)
    nn_right = nn.predict(net, S_te) == Y_te
    only_nn, only_lr = int((nn_right & ~lr_right).sum()), int((lr_right & ~nn_right).sum())
    p = binomtest(only_nn, only_nn + only_lr, 0.5).pvalue
    assert nn_right.sum() > lr_right.sum() and p > 0.2, (only_nn, only_lr, p)
    prose = _prose("05_network")
    assert "well above" not in prose and "bent boundary generalises" not in prose
    assert "could well be chance" in prose


# Finding 6 (misleading): one meaning per symbol.


def test_epsilon_is_machine_epsilon_only():
    pages = {stem: _prose(stem) for stem in CHAPTERS_MD}
    pages["notation"] = " ".join((ROOT / "notation.md").read_text().split())
    assert not any(r"\epsilon" in text for text in pages.values()), (
        r"\epsilon is used for something else than machine epsilon (\varepsilon)"
    )
    assert r"\varepsilon" not in pages["03_graphs"], "dual numbers use delta, not epsilon"
    assert "a_{\\min}" in pages["04_logistic"], "the clipping constant is a_min"
    gradcheck_eq = re.search(r"\$\$(.*?)\$\$ \(eq-nn-gradcheck\)", pages["05_network"]).group(1)
    assert "varepsilon" not in gradcheck_eq and "h e_i" in gradcheck_eq, gradcheck_eq
    assert "epsilon" not in inspect_signature_names(), "gradcheck's step is h"


def inspect_signature_names():
    import inspect

    from labcode import gradcheck

    return " ".join(
        " ".join(inspect.signature(f).parameters)
        for f in (gradcheck.gradient_check, gradcheck.numerical_gradients)
    )


def test_mu_is_no_eigenvalue():
    prose = _prose("04_logistic")
    convexity = re.search(r"\$\$(.*?)\$\$ \(eq-lr-strong-convexity\)", prose).group(1)
    assert r"\mu" not in prose and r"\lambda_{\min}" in convexity, convexity


def test_the_notation_page_gives_each_symbol_one_row():
    rows = [
        line.split("|")[1].strip()
        for line in (ROOT / "notation.md").read_text().splitlines()
        if line.startswith("| $")
    ]
    assert len(rows) == len(set(rows)), f"symbols listed twice: {rows}"
    for symbol in (r"$\varepsilon$", "$h$", r"$\alpha$", r"$\theta$"):
        assert symbol in rows, f"notation.md lists no {symbol}"


# Minor findings.


def _quotes_of_the_handout(stem):
    """Every quotation of three words or more in a sentence that names the handout."""
    for sentence in re.split(r"(?<=[.;:])\s", _prose(stem)):
        if "handout" in sentence.lower():
            for quote in re.findall(r'"([^"`]+)"', sentence):
                if len(quote.split()) >= 3:
                    yield quote


@pytest.mark.parametrize("stem", sorted(CHAPTERS_MD))
def test_quotations_of_the_handout_are_its_words(stem):
    """A quotation must be a transcribed passage, word for word: transcribe it from the
    handout into HANDOUT_PASSAGES first."""
    passages = [_normalise(p) for p in HANDOUT_PASSAGES]
    for quote in _quotes_of_the_handout(stem):
        plain = _normalise(quote.replace("$", ""))
        assert any(plain in passage for passage in passages), (
            f"{stem} quotes {quote!r}, which is no passage of the handout"
        )


def test_the_cost_paraphrase_keeps_the_handouts_scaling_by_m():
    prose = _prose("04_logistic")
    assert '"the sum of losses of all samples"' in prose
    assert "by the number of training samples m" in prose


def test_labcode_cites_only_equations_of_the_book():
    labels = set()
    for md in CHAPTERS_MD.values():
        labels |= set(re.findall(r"^\$\$ \((eq-[\w-]+)\)$", md.read_text(), re.M))
    cited = {
        (path.name, label)
        for path in (ROOT / "labcode").glob("*.py")
        for label in re.findall(r"\b(eq-[\w-]+)", path.read_text())
    }
    assert cited, "labcode's docstrings cite no equation"
    unknown = sorted(c for c in cited if c[1] not in labels)
    assert not unknown, f"labcode cites equations no chapter has: {unknown}"


def test_notation_calls_only_the_inputs_of_the_sigmoid_logits():
    """Z1 feeds tanh, Z2 the sigmoid (the glossary's logit is the sigmoid's input)."""
    X, Y = load_iris_binary()
    A2, cache = nn.forward_propagation(X, nn.initialize_parameters(2, 4, 1))
    np.testing.assert_array_equal(cache["A1"], np.tanh(cache["Z1"]))
    np.testing.assert_allclose(A2, 1 / (1 + np.exp(-cache["Z2"])), rtol=1e-15)
    meaning = _notation_meaning(r"$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$")
    assert "(logits)" not in meaning and "output unit, the logits" in meaning, meaning


@pytest.mark.parametrize("x", [2.0, -2.0])
def test_equation_2_is_undefined_at_both_roots_of_its_denominator(x):
    from labcode.engine import Value

    v = Value(x, "x")
    with pytest.raises(ValueError):
        (v + 1) / (v**2 - 4)
    assert "$x = 2$ and $x = -2$" in _prose("03_graphs")


def test_four_hidden_units_drift_far_faster_than_In52s_ten():
    X, Y = load_iris_binary()
    drifts = {}
    for n_h in (4, 10):
        moved = []
        for entry in [(0, 0), (1, 1)]:
            base, _ = nn.train(X, Y, n_h, 0.3, num_iterations=200)
            start = nn.initialize_parameters(2, n_h, 1)
            start["W1"][entry] *= 1 + 1e-12
            nudged, _ = nn.train(X, Y, n_h, 0.3, num_iterations=200, parameters=start)
            moved.append(max(np.abs(base[k] - nudged[k]).max() for k in base))
        drifts[n_h] = moved
    assert min(drifts[4]) > 1e-2 and max(drifts[10]) < 1e-4, drifts
    assert "like the handout's In\\[52\\]" not in _prose("05_network")


def test_chapter_2_draws_no_random_numbers_and_says_so():
    code = _chapter_code("02_autodiff")
    assert not re.search(r"random|seed=|initializer|Dense\(", code), (
        "chapter 2 now draws random numbers: say what seeds them"
    )
    prose = _prose("02_autodiff")
    assert "seeds every" not in prose and "Nothing on this page is random" in prose
