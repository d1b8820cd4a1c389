"""What the nbval runs catch beyond nbval's text: a changed figure, and outputs another machine
would print otherwise (the portability gate).

One planted chapter, one case per cell. nbval compares only the "<Figure size ...>" line beside a
figure; tests/harness/nbval_plugin.py compares the pixels, in every run. The figure cells store
one figure, and three of them are then given changed code, as after a careless edit of a chapter
or of labcode. The portability gate (`make portability`: NumPy at its baseline SIMD, one BLAS
thread, another machine's round-off) must also fail the fragile cells, each fragile in its own
way: a hash of SIMD-computed bits, a round-off-sized error printed with one digit, a chaotic
orbit's mean to three digits, and chapter 5's old raw-features cell, whose largest hidden spread
(0.7744 here, 0.7752 on an ARM Neoverse-N1) it printed as 0.77. Plain nbval must pass all of
those, or the gate would prove nothing.
"""

import json

import pytest

from .planted import failed_cells, failure, golden_twin, make, workdir

FIGURE = """\
import matplotlib.pyplot as plt
import numpy as np
x = np.linspace(0, 2 * np.pi, 200)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(x, np.sin(x), label="f(x) = sin x")
ax.plot(x, np.cos(x), "--", label="f'(x) = cos x")
ax.set_xlabel("x")
ax.legend()
plt.show()
"""
CHANGED_FIGURES = {
    "a wrong curve": FIGURE.replace("np.cos(x)", "np.cos(1.1 * x)"),
    "a missing series": FIGURE.replace(
        """ax.plot(x, np.cos(x), "--", label="f'(x) = cos x")\n""", ""
    ),
    "a changed axis": FIGURE.replace('ax.set_xlabel("x")', 'ax.set_xlabel("x")\nax.set_xlim(0, 7)'),
}
FRAGILE = {
    # Every last bit of 100,001 tanh values: NumPy's AVX2 and AVX-512 loops round some of them
    # differently from its baseline loop (and so does another libm).
    "SIMD-dependent": """\
import hashlib
print(hashlib.sha256(np.tanh(np.linspace(-20, 20, 100001)).tobytes()).hexdigest()[:16])
""",
    "round-off-sized": """\
x = np.linspace(1, 2, 1000)
print(f"sum of exp(log x) - x: {np.sum(np.exp(np.log(x)) - x):.1e}")
""",
    # The sine map at r = 0.99 is chaotic: after a few dozen steps the orbit is another one.
    "chaotic": """\
import math
x, orbit = 0.3, []
for _ in range(3000):
    x = 0.99 * math.sin(math.pi * x)
    orbit.append(x)
print(f"mean of the orbit: {sum(orbit[1000:]) / 2000:.3f}")
""",
    "old spread cell": """\
from labcode.data import load_iris_binary
from labcode.nn import backward_propagation, forward_propagation, initialize_parameters
from labcode.nn import update_parameters
X, Y = load_iris_binary()
p = initialize_parameters(2, 4, 1)
for _ in range(10000):
    A2, cache = forward_propagation(X, p)
    p = update_parameters(p, backward_propagation(p, cache, X, Y), 0.3)
print(f"raw features, rate 0.3: largest hidden spread {cache['A1'].std(axis=1).max():.2f}")
""",
}
PORTABLE = """\
import math
import numpy as np
print(f"e = {np.exp(1.0):.6f}, ln 10 = {math.log(10.0):.6f}, tanh(1/2) = {np.tanh(0.5):.6f}")
"""
CASES = ["portable", "unchanged figure", *CHANGED_FIGURES, *FRAGILE]


@pytest.fixture(scope="module")
def runs():
    """The planted twin, and the logs of plain nbval and of the portability gate on it."""
    cells = [PORTABLE, FIGURE, *[FIGURE] * len(CHANGED_FIGURES), *FRAGILE.values()]
    twin = golden_twin(workdir("nbval-runs"), *cells)
    nb = json.loads(twin.read_text())
    for case, code in CHANGED_FIGURES.items():
        assert code != FIGURE, f"the change '{case}' did not apply"
        nb["cells"][-len(cells) + CASES.index(case)]["source"] = code  # the stored figure stays
    twin.write_text(json.dumps(nb))
    return twin, make("nbval", twin), make("portability", twin)


def cells_of(cases):
    return {CASES.index(case) for case in cases}


def test_plain_nbval_fails_exactly_the_changed_figures(runs):
    twin, (code, log), _ = runs
    assert failed_cells(log, twin) == cells_of(CHANGED_FIGURES), (
        f"plain nbval should fail the {len(CHANGED_FIGURES)} changed figures, and only them:\n"
        f"{log[-4000:]}"
    )


@pytest.mark.parametrize("case", CHANGED_FIGURES)
def test_nbval_names_the_changed_figure(case, runs):
    twin, (code, log), _ = runs
    report = failure(log, twin, CASES.index(case))
    assert "- figure 1: " in report, f"nbval failed on {case}, but not on its figure:\n{report}"


def test_the_gate_fails_exactly_the_fragile_outputs_and_changed_figures(runs):
    twin, _, (code, log) = runs
    assert "precision check: 1 notebooks" in log, (
        f"the precision check did not pass:\n{log[-3000:]}"
    )
    failed = failed_cells(log, twin)
    wrong = {CASES[i] for i in failed ^ cells_of([*FRAGILE, *CHANGED_FIGURES])}
    assert not wrong, f"the gate judged these cells wrongly: {sorted(wrong)}\n{log[-5000:]}"
