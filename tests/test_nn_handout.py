"""The handout's printed results (In[41]-In[55]), reproduced with labcode.nn on its data.

The numbers below are transcribed from the handout's export. NumPy prints arrays with 8
decimals and the handout prints costs with %f (6 decimals), so "to the printed precision"
means within half a unit of the last printed digit. Export glitches, read as follows:
- brackets are garbled ("[[0.01324219 0.00407888]]" opening dW1, a missing "[" in dW2) and
  minus signs are spaced ("-0.01793436 - 0.00841747" is two numbers, -0.01793436 and
  -0.00841747);
- the last entry of In[52]'s W2 is printed "-2.1521835411": "-2.15218354]]" with the
  brackets read as digits; W2[5] is split over two lines, "1.538740 / 72" = 1.53874072;
- trailing zeros are dropped: "-0.0200582" is -0.02005820.

Two of its printed results cannot be reproduced to the last digit on any other machine, and
the tests below say why and what is checked instead:
- In[52]'s final weights, after 10,000 steps: changing one initial weight by one unit in the
  last place (1e-18) moves them by about 1e-6 to 1e-5, so the round-off of the machine the
  handout ran on (its BLAS, its tanh and exp) shows in the 6th decimal. They are checked to
  5e-5, and the sensitivity itself is tested.
- In[55]'s costs after iteration 0: that run is chaotic in its first hundred steps, and only
  where it ends (one class predicted, the cost at the entropy of the class prior) is
  reproducible.
"""

import contextlib
import io
import math

import numpy as np
import pytest

from labcode import nn
from labcode.data import load_iris_binary

# In[50], first block: initialize_parameters(2, 4, 1)
W1_INIT = [[-0.00416758, -0.00056267],
           [-0.02136196, 0.01640271],
           [-0.01793436, -0.00841747],
           [0.00502881, -0.01245288]]
W2_INIT = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]

# In[47]: the gradients at those parameters
GRADS = {
    "dW1": [[0.01324219, 0.00407888],
            [0.01126041, 0.00345553],
            [-0.0067562, -0.00207384],
            [-0.02872369, -0.00885145]],
    "db1": [[0.00176134], [0.00149579], [-0.00089779], [-0.00382111]],
    "dW2": [[0.00543696, 0.0203641, 0.02552417, -0.00149351]],
    "db2": [[-0.16665708]],
}

# In[50], second block: update_parameters(parameters1, grads), learning rate 1.2
UPDATED = {
    "W1": [[-0.0200582, -0.00545732],
           [-0.03487445, 0.01225607],
           [-0.00982692, -0.00592886],
           [0.03949725, -0.00183115]],
    "b1": [[-0.0021136], [-0.00179495], [0.00107735], [0.00458533]],
    "W2": [[-0.01710387, -0.03352699, -0.02511446, 0.02471429]],
    "b2": [[0.1999885]],
}

# In[52]: model(X, y, 10, 0.3, num_iterations=10000, print_cost=True)
COSTS_52 = ["0.693204", "0.025059", "0.015755", "0.009499", "0.006349",
            "0.004659", "0.003628", "0.002941", "0.002454", "0.002093"]
FINAL_52 = {
    "W1": [[-1.02202424, 0.97772223], [-1.26768132, 1.18617301], [-1.1146896, 1.0625463],
           [-0.64621207, 0.61556561], [-1.06879083, 1.02047006], [0.6041729, -0.57229847],
           [-0.71235961, 0.6803325], [-0.71069748, 0.67949261], [-1.04218139, 0.99823128],
           [-0.83412141, 0.79859561]],
    "b1": [[2.39663245], [3.06832208], [2.63379976], [1.47124135], [2.51659842],
           [-1.37302989], [1.63367784], [1.62742226], [2.44266725], [1.93208879]],
    "W2": [[-2.66298334, -3.41657009, -2.92446498, -1.64723135, -2.79465636, 1.53874072,
            -1.82476362, -1.81850193, -2.71492865, -2.15218354]],
    "b2": [[-1.22478234]],
}
FINAL_52_TOL = 5e-5

# In[55]: model(X, y, n_h=4, num_iterations=10000, print_cost=True), learning rate 1.2
COSTS_55 = ["0.693011", "0.636519", "0.636516", "0.636515", "0.636515",
            "0.636515", "0.636514", "0.636514", "0.636514", "0.636514"]

PRINTED_8 = 0.5e-8 + 1e-15  # half a unit in the 8th decimal, plus the float's own error


def assert_printed(actual, printed, what, tol=PRINTED_8):
    actual, printed = np.asarray(actual), np.asarray(printed, dtype=np.float64)
    assert actual.shape == printed.shape, f"{what}: shape {actual.shape}, handout {printed.shape}"
    worst = np.unravel_index(np.argmax(np.abs(actual - printed)), actual.shape)
    assert np.abs(actual - printed).max() <= tol, (
        f"{what}{list(worst)} is {actual[worst]:.10f}; the handout prints {printed[worst]} "
        f"(tolerance {tol:.1e})")


@pytest.fixture(scope="module")
def data():
    return load_iris_binary()


@pytest.fixture(scope="module")
def initial(data):
    X, Y = data
    return nn.initialize_parameters(*nn.layer_sizes(X, Y))


@pytest.fixture(scope="module")
def grads(data, initial):
    X, Y = data
    _, cache = nn.forward_propagation(X, initial)
    return nn.backward_propagation(initial, cache, X, Y)


def run_printing(*args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        parameters, costs = nn.train(*args, **kwargs)
    return parameters, costs, out.getvalue().splitlines()


@pytest.fixture(scope="module")
def run_52(data):
    return run_printing(*data, 10, 0.3, num_iterations=10000, print_cost=True)


@pytest.fixture(scope="module")
def run_55(data):
    return run_printing(*data, 4, num_iterations=10000, print_cost=True)


def test_data_shapes_are_the_handouts(data):
    X, Y = data
    assert (X.shape, Y.shape) == ((2, 150), (1, 150)), "In[29] and In[31]: (2, 150), (1, 150)"
    assert nn.layer_sizes(X, Y) == (2, 4, 1), "In[36] prints 2, 4, 1"


def test_initial_parameters_are_the_handouts(initial):
    assert_printed(initial["W1"], W1_INIT, "W1")
    assert_printed(initial["W2"], W2_INIT, "W2")
    assert (initial["b1"].shape, initial["b2"].shape) == ((4, 1), (1, 1))
    assert not initial["b1"].any() and not initial["b2"].any()


def test_first_cost_is_In55s_iteration_0(data, initial):
    A2, _ = nn.forward_propagation(data[0], initial)
    assert "%f" % nn.compute_cost(A2, data[1]) == COSTS_55[0]


@pytest.mark.parametrize("name", ["dW1", "db1", "dW2", "db2"])
def test_first_gradients_are_In47s(grads, name):
    assert_printed(grads[name], GRADS[name], name)


@pytest.mark.parametrize("name", ["W1", "b1", "W2", "b2"])
def test_updated_parameters_are_In50s(initial, grads, name):
    assert_printed(nn.update_parameters(initial, grads)[name], UPDATED[name], name)


def test_In50_is_one_step_of_gradient_descent_at_rate_1_2():
    """The transcription agrees with itself: UPDATED = INITIAL - 1.2 GRADS to the print."""
    W1 = np.array(W1_INIT) - 1.2 * np.array(GRADS["dW1"])
    assert_printed(W1, UPDATED["W1"], "W1 - 1.2 dW1 from the printed numbers", tol=2e-8)


def test_In52_prints_the_handouts_cost_lines(run_52):
    expected = [f"Cost after iteration {1000 * i}: {c}" for i, c in enumerate(COSTS_52)]
    assert run_52[2] == expected


@pytest.mark.parametrize("name", ["W1", "b1", "W2", "b2"])
def test_In52_final_parameters_agree_to_round_off_amplification(run_52, name):
    assert_printed(run_52[0][name], FINAL_52[name], name, tol=FINAL_52_TOL)


def test_In52_final_parameters_carry_amplified_round_off(data, run_52):
    """Why FINAL_52_TOL is not 5e-9: a one-ulp change of one initial weight shows at 1e-7."""
    X, Y = data
    start = nn.initialize_parameters(2, 10, 1)
    start["W1"][0, 0] = np.nextafter(start["W1"][0, 0], 1.0)
    nudged, _ = nn.train(X, Y, 10, 0.3, num_iterations=10000, parameters=start)
    moved = max(np.abs(nudged[k] - run_52[0][k]).max() for k in nn.PARAMETER_KEYS)
    assert PRINTED_8 * 20 < moved < FINAL_52_TOL, (
        f"a one-ulp nudge moved the final weights by {moved:.1e}; the tolerance of the "
        f"handout comparison assumes 1e-7 < change < {FINAL_52_TOL}")


def test_In52_network_classifies_the_training_set(data, run_52):
    """In[54] (its output is missing): every example right, so the mean prediction is 2/3."""
    X, Y = data
    assert nn.accuracy(run_52[0], X, Y) == 1.0
    assert np.mean(nn.predict(run_52[0], X)) == pytest.approx(100 / 150)


def test_In55_starts_like_the_handout(run_55):
    assert run_55[2][0] == f"Cost after iteration 0: {COSTS_55[0]}"
    assert len(run_55[2]) == 10


def test_In55_collapses_to_predicting_one_class(data, run_55):
    X, Y = data
    assert np.all(nn.predict(run_55[0], X) == 1), \
        "the stalled network predicts 'not setosa' for every flower"
    A2, cache = nn.forward_propagation(X, run_55[0])
    assert np.ptp(A2) < 1e-3, "the output no longer depends on the input"
    assert np.abs(cache["A1"]).min() > 0.99, "every hidden unit is saturated on every example"


def test_In55_stalls_at_the_entropy_of_the_class_prior(data, run_55):
    prior = float(np.mean(data[1]))
    entropy = -(prior * math.log(prior) + (1 - prior) * math.log(1 - prior))
    assert prior == pytest.approx(2 / 3)
    assert run_55[1][-1] == pytest.approx(entropy, abs=1e-4), \
        "the cost where a constant prediction p = 2/3 leaves it"
    for i, printed in enumerate(COSTS_55[1:], start=1):
        assert float(printed) == pytest.approx(entropy, abs=1e-5), \
            f"the handout's cost at iteration {1000 * i} is the same plateau"
