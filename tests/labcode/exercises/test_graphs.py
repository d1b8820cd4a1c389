"""labcode.exercises.graphs, the checkers of chapter 3: the topological order and the backward
pass. Each planted mistake is written the way a student would write it, one bug each, and must
be rejected with the diagnosis a student needs."""

import pytest

from labcode import exercises
from labcode.engine import topological_order

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_topological_order": topological_order,
    "check_backward": lambda root: root.backward(),
}


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
def test_topological_order_mistakes(student, phrase, rejects):
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
def test_backward_mistakes(student, phrase, rejects):
    rejects(exercises.check_backward, student, phrase)
