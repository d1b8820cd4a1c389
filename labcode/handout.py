"""The handout's printed results for chapter 5 (In[47]-In[55]), transcribed once, and the
tables in which chapter 5 sets its own results beside them.

Chapter 5 and the tests compare labcode.nn against these. NumPy printed arrays with 8 decimals
and the handout printed costs with %f (6 decimals), so "as printed" means to within half a unit
of the last printed digit. Export glitches, read as follows:
- brackets are garbled ("[[0.01324219 0.00407888]]" opening dW1, a missing "[" in dW2) and
  minus signs are spaced ("-0.01793436 - 0.00841747" is two numbers);
- the last entry of In[52]'s W2 is printed "-2.1521835411": "-2.15218354]]" with the brackets
  read as digits; W2[5] is split over two lines, "1.538740 / 72" = 1.53874072;
- trailing zeros are dropped: "-0.0200582" is -0.02005820.
"""

import numpy as np

from labcode.book import Table, shared_decimals

# In[50], first block: initialize_parameters(2, 4, 1)
W1_INIT = [
    [-0.00416758, -0.00056267],
    [-0.02136196, 0.01640271],
    [-0.01793436, -0.00841747],
    [0.00502881, -0.01245288],
]
W2_INIT = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]

# In[47]: the gradients at those parameters
GRADS = {
    "dW1": [
        [0.01324219, 0.00407888],
        [0.01126041, 0.00345553],
        [-0.0067562, -0.00207384],
        [-0.02872369, -0.00885145],
    ],
    "db1": [[0.00176134], [0.00149579], [-0.00089779], [-0.00382111]],
    "dW2": [[0.00543696, 0.0203641, 0.02552417, -0.00149351]],
    "db2": [[-0.16665708]],
}

# In[50], second block: update_parameters(parameters1, grads), learning rate 1.2
UPDATED = {
    "W1": [
        [-0.0200582, -0.00545732],
        [-0.03487445, 0.01225607],
        [-0.00982692, -0.00592886],
        [0.03949725, -0.00183115],
    ],
    "b1": [[-0.0021136], [-0.00179495], [0.00107735], [0.00458533]],
    "W2": [[-0.01710387, -0.03352699, -0.02511446, 0.02471429]],
    "b2": [[0.1999885]],
}

# In[52]: model(X, y, 10, 0.3, num_iterations=10000, print_cost=True)
COSTS_52 = [
    "0.693204",
    "0.025059",
    "0.015755",
    "0.009499",
    "0.006349",
    "0.004659",
    "0.003628",
    "0.002941",
    "0.002454",
    "0.002093",
]
FINAL_52 = {
    "W1": [
        [-1.02202424, 0.97772223],
        [-1.26768132, 1.18617301],
        [-1.1146896, 1.0625463],
        [-0.64621207, 0.61556561],
        [-1.06879083, 1.02047006],
        [0.6041729, -0.57229847],
        [-0.71235961, 0.6803325],
        [-0.71069748, 0.67949261],
        [-1.04218139, 0.99823128],
        [-0.83412141, 0.79859561],
    ],
    "b1": [
        [2.39663245],
        [3.06832208],
        [2.63379976],
        [1.47124135],
        [2.51659842],
        [-1.37302989],
        [1.63367784],
        [1.62742226],
        [2.44266725],
        [1.93208879],
    ],
    "W2": [
        [
            -2.66298334,
            -3.41657009,
            -2.92446498,
            -1.64723135,
            -2.79465636,
            1.53874072,
            -1.82476362,
            -1.81850193,
            -2.71492865,
            -2.15218354,
        ]
    ],
    "b2": [[-1.22478234]],
}

# In[55]: model(X, y, n_h=4, num_iterations=10000, print_cost=True), learning rate 1.2
COSTS_55 = [
    "0.693011",
    "0.636519",
    "0.636516",
    "0.636515",
    "0.636515",
    "0.636515",
    "0.636514",
    "0.636514",
    "0.636514",
    "0.636514",
]

FINAL_52_TOL = 1e-4
"""How far In[52]'s final parameters can be from FINAL_52 on any machine.

The run amplifies round-off: a part in 10^12 in one initial weight, or another CPU's last bits
in exp, tanh and the matrix products, moves the final parameters by 1e-6 to 4e-5
(tests/test_nn_handout.py measures both). Twice that, rounded up, is the tolerance.
"""

MEDIAN_55_TOL = 3e-5
"""How far the median cost of In[55]'s iterations 1000-9999 is from the entropy of the class
proportions on any machine (at most 7e-6 in runs nudged by a relative 1e-13)."""


def final_52_tables(parameters: dict) -> tuple[Table, Table]:
    """In[52]'s final parameters beside the handout's: W1 by hidden unit, then each unit's bias
    and output weight (and the output unit's bias b2).

    Each of ours is written with the decimals that every number within FINAL_52_TOL of the
    handout's shares, so the tables read the same on every machine where the run lands within
    FINAL_52_TOL of the handout (tested).
    """

    def ours(name, index):
        printed = np.array(FINAL_52[name])[index]
        return f"{parameters[name][index]:.{shared_decimals(printed, FINAL_52_TOL)}f}"

    def printed(name, index):
        return f"{np.array(FINAL_52[name])[index]}"

    units = range(len(FINAL_52["W1"]))
    w1 = Table(
        ["hidden unit", "W1 handout", "W1 this page"],
        [
            [
                j + 1,
                f"{printed('W1', (j, 0))}, {printed('W1', (j, 1))}",
                f"{ours('W1', (j, 0))}, {ours('W1', (j, 1))}",
            ]
            for j in units
        ],
    )
    rest = Table(
        ["hidden unit", "b1 handout", "b1 this page", "W2 handout", "W2 this page"],
        [
            [j + 1, printed("b1", (j, 0)), ours("b1", (j, 0)), printed("W2", (0, j)),
             ours("W2", (0, j))]
            for j in units
        ]
        + [["output unit: b2", printed("b2", (0, 0)), ours("b2", (0, 0)), "", ""]],
    )  # fmt: skip
    return w1, rest


def costs_55_table(costs) -> Table:
    """In[55]'s printed costs beside ours: iteration 0, then the handout's nine later costs
    beside the median of our iterations 1000 to 9999, to the four decimals it keeps on every
    machine (MEDIAN_55_TOL). One late cost of ours is not shown: the run is chaotic there."""
    costs = np.asarray(costs, dtype=np.float64)
    if costs.ndim != 1 or costs.size < 10000:
        raise ValueError(f"costs must hold the 10,000 costs of In[55], got shape {costs.shape}")
    late = COSTS_55[1:]
    return Table(
        ["iteration", "handout", "this page"],
        [
            ["0", COSTS_55[0], f"{costs[0]:.6f}"],
            [
                "1000, 2000, ..., 9000",
                f"{late[0]} down to {late[-1]}",
                f"{np.median(costs[1000:10000]):.4f}, the median of iterations 1000 to 9999",
            ],
        ],
    )
