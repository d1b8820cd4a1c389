"""labcode.exercises: each checker passes labcode's own function, says "not implemented yet" for
a skeleton, and rejects each planted mistake with the diagnosis a student needs.

The planted mistakes are written the way a student would write them, one bug each.
"""

import re

import numpy as np
import pytest

from labcode import calculus, exercises, graph, logreg, losses, nn, tapes
from labcode.graph import topological_order
from labcode.tfsetup import import_tensorflow

tf = import_tensorflow(seed=0)

CHECKERS = sorted(name for name in dir(exercises) if name.startswith("check_"))
REFERENCES = {
    "check_central_difference": calculus.central_difference,
    "check_numerical_gradient": calculus.numerical_gradient,
    "check_get_derivative": tapes.get_derivative,
    "check_get_second_derivative": tapes.get_second_derivative,
    "check_topological_order": graph.topological_order,
    "check_backward": lambda root: root.backward(),
    "check_propagate": logreg.propagate,
    "check_bce_with_logits": losses.bce_with_logits,
    "check_forward_propagation": nn.forward_propagation,
    "check_compute_cost": nn.compute_cost,
    "check_backward_propagation": nn.backward_propagation,
    "check_update_parameters": nn.update_parameters,
}


def rejects(checker, student, *phrases):
    """The checker raises AssertionError, and its message contains every phrase."""
    with pytest.raises(AssertionError) as info:
        checker(student)
    message = str(info.value)
    missing = [p for p in phrases if p not in message]
    assert not missing, f"{checker.__name__}'s message lacks {missing}: {message!r}"
    return message


def test_every_checker_is_tested_against_its_reference():
    assert sorted(REFERENCES) == CHECKERS, "a checker without a reference here is untested"


def test_two_checkers_per_chapter_at_least():
    chapters = {}
    for name in CHECKERS:
        found = re.search(r"\(chapter (\d)\)", getattr(exercises, name).__doc__)
        assert found, f"{name}'s docstring does not say which chapter it serves: (chapter N)"
        chapters.setdefault(found.group(1), []).append(name)
    for chapter in "12345":
        assert len(chapters.get(chapter, [])) >= 2, (
            f"chapter {chapter} has the checkers {chapters.get(chapter, [])}; it needs two"
        )


@pytest.mark.parametrize("name", CHECKERS)
def test_checker_passes_labcode_and_prints_one_line(name, capsys):
    getattr(exercises, name)(REFERENCES[name])
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.endswith("tests passed.\n"), (
        f"{name}(labcode's function) should print one pass line, printed {out!r}"
    )
    assert "all 1 tests" not in out, f"{name} runs one test only: a hard-coded answer would pass"


@pytest.mark.parametrize("name", CHECKERS)
def test_skeleton_is_not_implemented_yet_and_raises_nothing(name, capsys):
    def skeleton(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError()

    getattr(exercises, name)(skeleton)
    out = capsys.readouterr().out
    assert out.endswith(": not implemented yet.\n"), f"{name} printed {out!r} for a skeleton"


@pytest.mark.parametrize("name", CHECKERS)
def test_other_exceptions_become_assertion_errors_naming_them(name):
    def broken(*args, **kwargs):
        raise KeyError("W3")

    message = rejects(getattr(exercises, name), broken, "raised KeyError", "'W3'", "test 1")
    assert message.startswith(name.removeprefix("check_")), message


@pytest.mark.parametrize("name", CHECKERS)
def test_returning_nothing_is_a_clear_failure(name):
    if name == "check_backward":  # backward returns nothing: its effect is the grads

        def nothing(root):
            pass

        rejects(exercises.check_backward, nothing, "the output's grad is 0", "seed it with 1")
        return

    def nothing(*args, **kwargs):
        pass

    rejects(getattr(exercises, name), nothing, "None")


@pytest.mark.parametrize("name", CHECKERS)
def test_a_hard_coded_answer_fails(name, capsys):
    """The answer of the first test, returned whatever the input, fails a later test.

    (For topological_order the first answer lists the nodes of another graph: test 1 fails.)
    """
    reference, answers = REFERENCES[name], []

    def recording(*args, **kwargs):
        answers.append(reference(*args, **kwargs))
        return answers[-1]

    getattr(exercises, name)(recording)
    capsys.readouterr()
    if name == "check_backward":  # grads live on the nodes: replay the first graph's instead
        first = []

        def hard_coded(root):
            nodes = topological_order(root)
            if not first:
                root.backward()
                first.extend(v.grad for v in nodes)
            for v, g in zip(nodes, first):
                v.grad = g
    else:

        def hard_coded(*args, **kwargs):
            return answers[0]

    rejects(
        getattr(exercises, name),
        hard_coded,
        "test 1" if name == "check_topological_order" else "test 2",
    )


def test_a_checker_needs_the_function_itself():
    rejects(exercises.check_compute_cost, 0.693, "check_compute_cost(compute_cost)", "float")


# --- chapter 1 ---------------------------------------------------------------------------------


def central_forward(f, x, h=calculus.H_CENTRAL):
    return (f(x + h) - f(x)) / h


def central_without_2(f, x, h=calculus.H_CENTRAL):
    return (f(x + h) - f(x - h)) / h


def central_flipped(f, x, h=calculus.H_CENTRAL):
    return (f(x - h) - f(x + h)) / (2 * h)


def central_own_step(f, x, h=calculus.H_CENTRAL):
    step = 1e-6
    return (f(x + step) - f(x - step)) / (2 * step)


def central_backward(f, x, h=calculus.H_CENTRAL):
    return (f(x) - f(x - h)) / h


@pytest.mark.parametrize(
    "student, phrase",
    [
        (central_forward, "forward difference"),
        (central_backward, "backward difference"),
        (central_without_2, "divide by 2h"),
        (central_flipped, "wrong sign"),
        (central_own_step, "h = 0.5 was ignored"),
    ],
)
def test_central_difference_mistakes(student, phrase):
    rejects(exercises.check_central_difference, student, phrase)


def gradient_all_at_once(f, point, h=calculus.H_CENTRAL):
    p = np.asarray(point, dtype=float)
    return np.full(p.size, (f(*(p + h)) - f(*(p - h))) / (2 * h))


def gradient_reversed(f, point, h=calculus.H_CENTRAL):
    return calculus.numerical_gradient(f, point, h)[::-1]


def gradient_column(f, point, h=calculus.H_CENTRAL):
    return calculus.numerical_gradient(f, point, h).reshape(-1, 1)


def gradient_forward(f, point, h=calculus.H_CENTRAL):
    p = np.array(point, dtype=float)
    e = np.eye(p.size) * h
    return np.array([(f(*(p + e[i])) - f(*p)) / h for i in range(p.size)])


def gradient_in_place(f, point, h=calculus.H_CENTRAL):
    p = np.asarray(point, dtype=float)  # the caller's array itself, when given one
    g = []
    for i in range(p.size):
        p[i] += h
        up = f(*p)
        p[i] -= 2 * h
        g.append((up - f(*p)) / (2 * h))
        p[i] += h  # back where it was, up to round-off: 2.0 + 0.01 - 0.02 + 0.01 != 2.0
    return np.array(g)


def gradient_unrestored(f, point, h=calculus.H_CENTRAL):
    p = np.array(point, dtype=float)
    g = []
    for i in range(p.size):
        p[i] += h
        up = f(*p)
        p[i] -= 2 * h
        g.append((up - f(*p)) / (2 * h))
    return np.array(g)


@pytest.mark.parametrize(
    "student, phrase",
    [
        (gradient_all_at_once, "nudged at once"),
        (gradient_reversed, "reverse order"),
        (gradient_column, "flattened or reshaped"),
        (gradient_forward, "forward differences"),
        (gradient_in_place, "changed the point"),
        (gradient_unrestored, "put it back"),
        (lambda f, point, h: 2 * calculus.numerical_gradient(f, point, h), "divide by 2h"),
    ],
)
def test_numerical_gradient_mistakes(student, phrase):
    rejects(exercises.check_numerical_gradient, student, phrase)


# --- chapter 2 ---------------------------------------------------------------------------------


def derivative_unwatched(f, x):
    with tf.GradientTape() as tape:
        y = f(x)
    return tape.gradient(y, x)


def derivative_outside(f, x):
    y = f(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
    return tape.gradient(y, x)


def derivative_is_value(f, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    tape.gradient(y, x)
    return y


@pytest.mark.parametrize(
    "student, phrases",
    [
        (derivative_unwatched, ["a tape that watches nothing", "tape.watch(x)"]),
        (derivative_outside, ["recorded nothing", "inside the `with"]),
        (derivative_is_value, ["is f(x) itself"]),
    ],
)
def test_get_derivative_mistakes(student, phrases):
    rejects(exercises.check_get_derivative, student, *phrases)


def second_outside_outer(f, x):
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
    dy_dx = inner.gradient(y, x)  # computed after the outer block: not recorded
    return dy_dx, outer.gradient(dy_dx, x)


def second_one_tape(f, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    dy_dx = tape.gradient(y, x)
    return dy_dx, tape.gradient(dy_dx, x)


def second_swapped(f, x):
    first, second = tapes.get_second_derivative(f, x)
    return second, first


def second_unwatched(f, x):
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = f(x)
        dy_dx = inner.gradient(y, x)
    return dy_dx, outer.gradient(dy_dx, x)


@pytest.mark.parametrize(
    "student, phrases",
    [
        (second_outside_outer, ["f''(x) is None", "inside the outer `with` block"]),
        (second_one_tape, ["RuntimeError", "nest a second tape"]),
        (second_swapped, ["is f''(x)", "in this order"]),
        (second_unwatched, ["a tape that watches nothing"]),
        (lambda f, x: tapes.get_second_derivative(f, x)[1], ["should return the pair"]),
        (lambda f, x: (tapes.get_derivative(f, x),) * 2, ["is f'(x) again"]),
    ],
)
def test_get_second_derivative_mistakes(student, phrases):
    rejects(exercises.check_get_second_derivative, student, *phrases)


# --- chapter 3 ---------------------------------------------------------------------------------


def order_reversed(root):
    return topological_order(root)[::-1]


def order_with_repeats(root):
    order = []

    def visit(node):  # no set of visited nodes
        for parent in node.parents:
            visit(parent)
        order.append(node)

    visit(root)
    return order


def order_parents_only(root):
    return list(root.parents) + [root]


def order_as_set(root):
    return set(topological_order(root))


def order_one_swap(root):
    order = topological_order(root)
    order[-1], order[-2] = order[-2], order[-1]
    return order


@pytest.mark.parametrize(
    "student, phrase",
    [
        (order_reversed, "reverse of a topological order"),
        (order_with_repeats, "more than once"),
        (order_parents_only, "follow the parents recursively"),
        (order_as_set, "a set has no order"),
        (order_one_swap, "before its parent"),
    ],
)
def test_topological_order_mistakes(student, phrase):
    rejects(exercises.check_topological_order, student, phrase)


def backward_forward_order(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in order:  # not reversed
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def backward_overwrites(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad = local * node.grad  # = instead of +=


def backward_never_resets(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def backward_no_seed(root):
    for node in reversed(topological_order(root)):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def backward_forgets_child_grad(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local


@pytest.mark.parametrize(
    "student, phrase",
    [
        (backward_forward_order, "reverse topological order"),
        (backward_overwrites, "gradients add where paths meet"),
        (backward_never_resets, "set every node's grad to 0"),
        (backward_no_seed, "seed it with 1"),
        (backward_forgets_child_grad, "local derivative * its child's grad"),
    ],
)
def test_backward_mistakes(student, phrase):
    rejects(exercises.check_backward, student, phrase)


# --- chapter 4 ---------------------------------------------------------------------------------


def propagate_variant(dZ_of=lambda A, Y: A - Y, scale=None, cost_of=None, dw_shape=None):
    """propagate with one planted mistake in dZ, the averaging, the cost or dw's shape."""

    def propagate(w, b, X, Y):
        m = X.shape[1]
        Z = w.T @ X + b
        A = losses.sigmoid(Z)
        dZ = dZ_of(A, Y) if dZ_of is not None else Z - Y
        k = m if scale is None else scale
        dw = X @ dZ.T / k
        if dw_shape == "row":
            dw = dw.T
        elif dw_shape == "flat":
            dw = dw.ravel()
        cost = (cost_of or (lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))))(A, Y)
        return {"dw": dw, "db": float(np.sum(dZ) / k)}, cost

    return propagate


@pytest.mark.parametrize(
    "student, phrases",
    [
        (propagate_variant(scale=1), ["dw is m = 5 times too large", "1/m"]),
        (propagate_variant(dZ_of=lambda A, Y: Y - A), ["dw has the wrong sign"]),
        (propagate_variant(dZ_of=None), ["uses Z - Y"]),
        (propagate_variant(dw_shape="row"), ["transposed"]),
        (propagate_variant(dw_shape="flat"), ["flattened"]),
        (
            propagate_variant(
                cost_of=lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            ),
            ["the cost is m = 5 times too large"],
        ),
        (
            propagate_variant(
                cost_of=lambda A, Y: np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
            ),
            ["the cost has the wrong sign"],
        ),
        (propagate_variant(cost_of=lambda A, Y: -np.mean(Y * np.log(A))), ["(1 - Y) log(1 - A)"]),
        (propagate_variant(cost_of=lambda A, Y: np.array([[0.5]])), ["single number", "(1, 1)"]),
    ],
)
def test_propagate_mistakes(student, phrases):
    rejects(exercises.check_propagate, student, *phrases)


def test_propagate_db_as_an_array_of_one_number_is_accepted(capsys):
    def propagate(w, b, X, Y):
        grads, cost = logreg.propagate(w, b, X, Y)
        return {"dw": grads["dw"], "db": np.array([[grads["db"]]])}, cost

    exercises.check_propagate(propagate)
    assert capsys.readouterr().out == "propagate: all 2 tests passed.\n"


def test_propagate_db_not_summed():
    def propagate(w, b, X, Y):
        grads, cost = logreg.propagate(w, b, X, Y)
        return {"dw": grads["dw"], "db": losses.sigmoid(w.T @ X + b) - Y}, cost

    rejects(exercises.check_propagate, propagate, "db has shape (1, 5)", "one number")


def bce_naive(z, y):
    a = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def bce_logits_unstable(z, y):
    return float(np.mean((1 - y) * z + np.log1p(np.exp(-z))))  # exact, but exp(800) = inf


@pytest.mark.parametrize(
    "student, phrase",
    [
        (bce_naive, "not finite at large logits"),
        (bce_logits_unstable, "not finite at large logits"),
        (
            lambda z, y: float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))),
            "average the losses",
        ),
        (
            lambda z, y: float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z))))),
            "wrong sign of z y",
        ),
        (lambda z, y: float(np.mean(-z * y + np.log1p(np.exp(-np.abs(z))))), "misses max(z, 0)"),
        (lambda z, y: losses.bce(losses.sigmoid(z), y), "clipped cross-entropy"),
    ],
)
def test_bce_with_logits_mistakes(student, phrase):
    rejects(exercises.check_bce_with_logits, student, phrase)


# --- chapter 5 ---------------------------------------------------------------------------------


def forward_variant(hidden=np.tanh, output=losses.sigmoid, b1=True, b2=True, cache_keys=None):
    def forward_propagation(X, parameters):
        Z1 = parameters["W1"] @ X + (parameters["b1"] if b1 else 0)
        A1 = hidden(Z1)
        Z2 = parameters["W2"] @ A1 + (parameters["b2"] if b2 else 0)
        A2 = output(Z2)
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        return A2, {k: cache[k] for k in (cache_keys or cache)}

    return forward_propagation


def forward_transposed_W1(X, parameters):
    Z1 = parameters["W1"].T @ X + parameters["b1"]
    return nn.forward_propagation(X, parameters)[0], Z1


@pytest.mark.parametrize(
    "student, phrases",
    [
        (forward_variant(hidden=losses.sigmoid), ["sigmoid in the hidden layer"]),
        (forward_variant(output=np.tanh), ["tanh at the output"]),
        (forward_variant(output=lambda Z: Z), ["A2 is Z2"]),
        (forward_variant(hidden=lambda Z: Z), ["skips the hidden activation"]),
        (forward_variant(b1=False), ["misses the bias b1"]),
        (forward_variant(b2=False), ["misses the bias b2"]),
        (
            forward_variant(output=lambda Z: losses.sigmoid(Z).ravel()),
            ["A2 has shape (5,)", "flattened"],
        ),
        (
            forward_variant(output=lambda Z: losses.sigmoid(Z).T),
            ["A2 has shape (5, 1)", "transposed"],
        ),
        (forward_variant(cache_keys=["A1", "A2"]), ["the cache has no key 'Z1', 'Z2'"]),
        (forward_transposed_W1, ["ValueError", "matmul", "transposed"]),
        (lambda X, parameters: nn.forward_propagation(X, parameters)[0], ["the pair (A2, cache)"]),
    ],
)
def test_forward_propagation_mistakes(student, phrases):
    rejects(exercises.check_forward_propagation, student, *phrases)


def test_forward_propagation_that_changes_its_parameters():
    def forward_propagation(X, parameters):
        parameters["W1"] *= 2
        return nn.forward_propagation(X, parameters)

    rejects(
        exercises.check_forward_propagation,
        forward_propagation,
        "changed parameters['W1'] in place",
    )


@pytest.mark.parametrize(
    "student, phrase",
    [
        (
            lambda A2, Y: -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))),
            "m = 5 times too large",
        ),
        (lambda A2, Y: float(np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))), "wrong sign"),
        (lambda A2, Y: -float(np.mean(Y * np.log(A2))), "misses the term (1 - Y) log(1 - A2)"),
        (lambda A2, Y: -float(np.mean(Y * np.log(1 - A2) + (1 - Y) * np.log(A2))), "swapped"),
        (
            lambda A2, Y: -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)).mean(axis=1, keepdims=True),
            "single number",
        ),
        (lambda A2, Y: "0.69", "should be numbers, got str"),
    ],
)
def test_compute_cost_mistakes(student, phrase):
    rejects(exercises.check_compute_cost, student, phrase)


def backward_variant(
    dZ2_sign=1,
    per=None,
    activation_derivative=lambda A1: 1 - A1**2,
    transpose_dW1=False,
    flat_db1=False,
    sum_db1=True,
):
    def backward_propagation(parameters, cache, X, Y):
        m = X.shape[1]
        k = m if per is None else per
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = dZ2_sign * (A2 - Y)
        dW2 = dZ2 @ A1.T / k
        db2 = np.sum(dZ2, axis=1, keepdims=True) / k
        dZ1 = (parameters["W2"].T @ dZ2) * activation_derivative(A1)
        dW1 = (X @ dZ1.T if transpose_dW1 else dZ1 @ X.T) / k
        db1 = np.sum(dZ1, axis=1, keepdims=not flat_db1) / k if sum_db1 else dZ1 / k
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    return backward_propagation


@pytest.mark.parametrize(
    "student, phrases",
    [
        (backward_variant(per=1), ["dW2 is m = 5 times too large", "1/m"]),
        (backward_variant(dZ2_sign=-1), ["dW2 has the wrong sign", "A2 - Y"]),
        (
            backward_variant(activation_derivative=lambda A1: A1 * (1 - A1)),
            ["dW1 uses sigma'(Z1)", "tanh'(Z1) = 1 - A1^2"],
        ),
        (backward_variant(activation_derivative=lambda A1: 1), ["misses the factor tanh'(Z1)"]),
        (backward_variant(transpose_dW1=True), ["dW1 has shape (2, 4)", "transposed"]),
        (backward_variant(flat_db1=True), ["db1 has shape (4,)", "keepdims=True"]),
        (backward_variant(sum_db1=False), ["db1 has shape (4, 5)", "sum dZ1 over the examples"]),
    ],
)
def test_backward_propagation_mistakes(student, phrases):
    rejects(exercises.check_backward_propagation, student, *phrases)


def update_variant(rate=None, sign=-1, in_place=False):
    def update_parameters(parameters, grads, learning_rate=1.2):
        lr = learning_rate if rate is None else rate
        if in_place:
            for k in nn.PARAMETER_KEYS:
                parameters[k] -= lr * grads["d" + k]
            return parameters
        return {k: parameters[k] + sign * lr * grads["d" + k] for k in nn.PARAMETER_KEYS}

    return update_parameters


def update_default_0_01(parameters, grads, learning_rate=0.01):
    return nn.update_parameters(parameters, grads, learning_rate)


@pytest.mark.parametrize(
    "student, phrases",
    [
        (update_variant(rate=1.2), ["ignores the learning rate (0.5)"]),
        (update_variant(rate=1.0), ["ignores the learning rate (0.5)"]),
        (update_variant(sign=1), ["moved up the gradient"]),
        (update_variant(in_place=True), ["changed parameters['W1'] in place"]),
        (
            update_default_0_01,
            ["test 3", "uses the learning rate 0.01 by default", "the default is 1.2"],
        ),
        (
            lambda parameters, grads, learning_rate: nn.update_parameters(
                parameters, grads, learning_rate
            ),
            ["test 3", "TypeError", "defaults included"],
        ),
        (
            lambda parameters, grads, learning_rate=1.2: {"W1": parameters["W1"]},
            ["has no key 'b1', 'W2', 'b2'"],
        ),
    ],
)
def test_update_parameters_mistakes(student, phrases):
    rejects(exercises.check_update_parameters, student, *phrases)


def test_diagnoses_quote_no_computed_numbers():
    """A diagnosis names shapes and formulas, not floats whose last digits vary by machine."""
    message = rejects(
        exercises.check_backward_propagation,
        backward_variant(activation_derivative=lambda A1: A1 * (1 - A1)),
    )
    assert not re.search(r"\d\.\d", message), message
    generic = rejects(exercises.check_compute_cost, lambda A2, Y: 0.25)
    assert re.search(r"expected \d\.\d{4}, got 0\.25", generic), (
        f"a wrong value without a diagnosis is shown to 4 significant digits: {generic!r}"
    )
