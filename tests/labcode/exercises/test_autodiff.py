"""labcode.exercises.autodiff, the checkers of chapter 2: derivatives by one tape and by nested
tapes. Each planted mistake is written the way a student would write it, one bug each, and must
be rejected with the diagnosis a student needs."""

import pytest

from labcode import exercises, tapes
from labcode.tfsetup import import_tensorflow

tf = import_tensorflow(seed=0)

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_get_derivative": tapes.get_derivative,
    "check_get_second_derivative": tapes.get_second_derivative,
}


# Right functions as students write them, none of them labcode's (which the checkers
# refuse): the chapter's solution first, then other right ways.


def get_derivative_solution(f, x):
    tf = import_tensorflow()
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)


def get_derivative_of_a_variable(f, x):
    tf = import_tensorflow()
    v = tf.Variable(x)  # a Variable is watched without tape.watch
    with tf.GradientTape() as tape:
        y = f(v)
    return tape.gradient(y, v)


def get_second_derivative_solution(f, x):
    tf = import_tensorflow()
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        dy_dx = inner.gradient(y, x)
    return dy_dx, outer.gradient(dy_dx, x)


def get_second_derivative_persistent(f, x):
    tf = import_tensorflow()
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        first = inner.gradient(y, x)
    second = outer.gradient(first, x)
    del outer
    return (first, second)


RIGHT = {
    "check_get_derivative": [get_derivative_solution, get_derivative_of_a_variable],
    "check_get_second_derivative": [
        get_second_derivative_solution,
        get_second_derivative_persistent,
    ],
}


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
def test_get_derivative_mistakes(student, phrases, rejects):
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
def test_get_second_derivative_mistakes(student, phrases, rejects):
    rejects(exercises.check_get_second_derivative, student, *phrases)
