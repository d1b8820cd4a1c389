"""labcode.exercises.calculus, the checkers of chapter 1: central differences and the numerical
gradient. Each planted mistake is written the way a student would write it, one bug each, and
must be rejected with the diagnosis a student needs."""

import numpy as np
import pytest

from labcode import calculus, exercises

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_central_difference": calculus.central_difference,
    "check_numerical_gradient": calculus.numerical_gradient,
}


# Right functions as students write them, none of them labcode's (which the checkers
# refuse): the chapter's solution first, then other right ways.


def central_difference_solution(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def central_difference_halves(f, x, h=1e-5):
    return f(x + h) / (2 * h) - f(x - h) / (2 * h)


def numerical_gradient_solution(f, point, h=1e-5):
    p = np.array(point, dtype=float)
    grad = np.zeros(p.size)
    for i in range(p.size):
        e = np.zeros(p.size)
        e[i] = h
        grad[i] = (f(*(p + e)) - f(*(p - e))) / (2 * h)
    return grad


def numerical_gradient_by_identity(f, point, h=1e-5):
    p = np.asarray(point, dtype=float)
    steps = np.eye(p.size) * h
    return np.array([(f(*(p + s)) - f(*(p - s))) / (2 * h) for s in steps])


def numerical_gradient_in_place_restored(f, point, h=1e-5):
    p = list(map(float, point))  # a copy, nudged and put back coordinate by coordinate
    grad = []
    for i in range(len(p)):
        p[i] += h
        up = f(*p)
        p[i] -= 2 * h
        down = f(*p)
        p[i] += h
        grad.append((up - down) / (2 * h))
    return np.array(grad)


RIGHT = {
    "check_central_difference": [central_difference_solution, central_difference_halves],
    "check_numerical_gradient": [
        numerical_gradient_solution,
        numerical_gradient_by_identity,
        numerical_gradient_in_place_restored,
    ],
}


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
def test_central_difference_mistakes(student, phrase, rejects):
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
def test_numerical_gradient_mistakes(student, phrase, rejects):
    rejects(exercises.check_numerical_gradient, student, phrase)
