"""The simulated machine is a machine: results move by at most ULPS units in the last place, the
same input always gives the same output, and exact results stay exact. The gate's negative
tests (tests/negative/test_roundoff_gate.py) show what it catches; these show it is the size
its docstring claims, so that what it flags another machine would print."""

import math

import numpy as np
import pytest

from . import roundoff

VALUES = np.concatenate([np.geomspace(1e-300, 1e300, 2000), -np.geomspace(1e-12, 1e12, 500)])


@pytest.mark.parametrize("key", [roundoff.salt(1, "numpy.exp"), roundoff.salt(7, "numpy.tanh")])
def test_each_value_moves_by_at_most_ulps_and_most_move(key):
    moved = roundoff.shift_array(VALUES, key)
    ulps = np.abs(moved - VALUES) / np.spacing(np.abs(VALUES))
    assert ulps.max() <= roundoff.ULPS, f"a value moved by {ulps.max():.0f} ULP"
    assert np.mean(ulps > 0) > 0.8, f"only {np.mean(ulps > 0):.0%} of the values moved"


def test_the_same_value_moves_the_same_way_wherever_it_is():
    key = roundoff.salt(1, "numpy.log")
    once = roundoff.shift_array(VALUES, key)
    again = roundoff.shift_array(np.concatenate([VALUES[::-1], VALUES[:3]]), key)
    assert np.array_equal(again[: len(VALUES)][::-1], once) and np.array_equal(again[-3:], once[:3])
    assert [roundoff.shift_float(float(v), key) for v in VALUES[:50]] == list(once[:50])


@pytest.mark.parametrize("exact", [0.0, 1.0, -1.0, 3.0, 1 - 2**-52, np.inf, -np.inf, 5e-324])
def test_an_exact_result_stays_exact(exact):
    key = roundoff.salt(1, "numpy.cos")
    assert roundoff.shift_array(np.array([exact]), key)[0] == exact
    assert roundoff.shift_float(exact, key) == exact
    assert math.isnan(roundoff.shift_float(math.nan, key))


def test_a_perturbed_ufunc_is_still_the_ufunc_to_its_callers():
    exp = roundoff.PerturbedUfunc(np.exp, roundoff.salt(1, "numpy.exp"))
    x = np.linspace(0.1, 1, 9)
    assert (exp.nin, exp.nout, exp.types, exp.reduce) == (1, 1, np.exp.types, np.exp.reduce)
    out = np.empty(9)
    assert exp(x, out=out) is out and np.array_equal(out, exp(x))
    kept = np.full(9, -1.0)
    exp(x, out=kept, where=x > 0.5)
    assert np.array_equal(kept[x > 0.5], np.exp(x[x > 0.5])) and np.all(kept[x <= 0.5] == -1)
