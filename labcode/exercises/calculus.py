"""The checkers of chapter 1 (chapters/01_calculus.md): finite differences."""

import math

import numpy as np

from labcode import calculus
from labcode.exercises._check import Check, compare, number


def _cube(x):
    return x**3


def check_central_difference(central_difference, *, strict=False):
    """Check ``central_difference(f, x, h)``, (f(x + h) - f(x - h)) / (2h) (chapter 1)."""
    cases = [
        (_cube, "x^3", 2.0, 0.5, 12.0),
        (np.exp, "exp", -1.0, 0.1, math.exp(-1.0)),
        (np.sin, "sin", 1.0, 0.25, math.cos(1.0)),
    ]
    with Check("central_difference", central_difference, calculus.central_difference, strict) as c:
        for f, name, x, h, exact in cases:
            c.test(f"f = {name}, x = {x:g}, h = {h:g}")
            got = number(c, c.call(f, x, h), "the result")
            forward = (f(x + h) - f(x)) / h
            backward = (f(x) - f(x - h)) / h
            central = calculus.central_difference(f, x, h)
            if math.isclose(got, exact, rel_tol=1e-5) and not math.isclose(
                got, central, rel_tol=1e-7
            ):
                c.fail(f"returned f'(x) as for a tiny step: the step h = {h:g} was ignored")
            compare(
                c,
                got,
                central,
                "the result",
                [
                    (
                        forward,
                        "is the forward difference (f(x + h) - f(x)) / h: the central "
                        "difference steps both ways, (f(x + h) - f(x - h)) / (2h)",
                    ),
                    (
                        backward,
                        "is the backward difference (f(x) - f(x - h)) / h: the central "
                        "difference steps both ways, (f(x + h) - f(x - h)) / (2h)",
                    ),
                    (2 * central, "is twice the central difference: divide by 2h, not by h"),
                    (-central, "has the wrong sign: f(x + h) comes first in the numerator"),
                ],
                rtol=1e-9,
            )


def _f_xy(x, y):
    return x**2 * y + x * y**3


def _f_xyz(x, y, z):
    return x * y * z + np.exp(x) * y**2 - np.sin(z)


def check_numerical_gradient(numerical_gradient, *, strict=False):
    """Check ``numerical_gradient(f, point, h)``, central differences (chapter 1)."""
    cases = [
        (_f_xy, "x^2 y + x y^3", (1.0, 2.0), 0.1),
        (_f_xyz, "x y z + exp(x) y^2 - sin(z)", np.array([0.5, -1.0, 2.0]), 0.01),
    ]
    with Check("numerical_gradient", numerical_gradient, calculus.numerical_gradient, strict) as c:
        for f, name, point, h in cases:
            c.test(f"f = {name} at {tuple(float(v) for v in point)}, h = {h:g}")
            given = np.array(point, dtype=np.float64)
            got = c.call(f, point, h)
            if not np.array_equal(np.asarray(point, dtype=np.float64), given):
                c.fail("changed the point it was given: nudge a copy of it")
            p = given
            n = p.size
            e = np.eye(n) * h
            expected = calculus.numerical_gradient(f, p, h)
            ones = (f(*(p + h)) - f(*(p - h))) / (2 * h)
            forward = np.array([(f(*(p + e[i])) - f(*p)) / h for i in range(n)])
            moved, unrestored = p.copy(), []
            for i in range(n):
                moved[i] += h
                up = f(*moved)
                moved[i] -= 2 * h
                unrestored.append((up - f(*moved)) / (2 * h))
            compare(
                c,
                got,
                expected,
                "the gradient",
                [
                    (
                        np.full(n, ones),
                        "has every entry equal: all coordinates were nudged at once. "
                        "Nudge coordinate i alone, by h e_i, holding the others fixed",
                    ),
                    (
                        forward,
                        "holds forward differences: use central differences, "
                        "(f(p + h e_i) - f(p - h e_i)) / (2h)",
                    ),
                    (2 * expected, "is twice the gradient: divide by 2h, not by h"),
                    (-expected, "has the wrong sign: f(p + h e_i) comes first in the numerator"),
                    (
                        expected[::-1],
                        "lists the partial derivatives in reverse order: entry i is "
                        "the derivative in coordinate i",
                    ),
                    (
                        unrestored,
                        "was taken at a moving point: after nudging coordinate i, put it "
                        "back before the next one",
                    ),
                ],
                rtol=1e-9,
            )
