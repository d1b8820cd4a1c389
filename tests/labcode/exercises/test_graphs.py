"""labcode.exercises.graphs, the checkers of chapter 3: the topological order and the backward
pass. Each planted mistake is written the way a student would write it, one bug each, and must
be rejected with the diagnosis a student needs."""

import pytest

from labcode import exercises
from labcode.engine import Value, topological_order

# What each checker compares a student's function with (tests/labcode/exercises/test_checkers.py).
REFERENCES = {
    "check_topological_order": topological_order,
    "check_backward": Value.backward,
}


# Right functions as students write them, none of them labcode's (which the checkers
# refuse): the chapter's solution first, then other right ways.


def topological_order_solution(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def topological_order_kahn(root):
    """Kahn's algorithm: repeatedly take a node none of whose parents is still waiting."""
    nodes, stack = {}, [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(node.parents)
    waiting = {key: len({id(p) for p in node.parents}) for key, node in nodes.items()}
    children = {key: [] for key in nodes}
    for key, node in nodes.items():
        for parent_key in {id(p) for p in node.parents}:
            children[parent_key].append(key)
    ready = [key for key, count in waiting.items() if count == 0]
    order = []
    while ready:
        key = ready.pop()
        order.append(nodes[key])
        for child in children[key]:
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return order


def backward_solution(root):
    order = topological_order_solution(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local):
            parent.grad += local * node.grad


def backward_from_kahn(root):
    order = topological_order_kahn(root)
    for node in order:
        node.grad = 0
    root.grad = 1
    for node in order[::-1]:
        for i, parent in enumerate(node.parents):
            parent.grad = parent.grad + node.local[i] * node.grad


RIGHT = {
    "check_topological_order": [topological_order_solution, topological_order_kahn],
    "check_backward": [backward_solution, backward_from_kahn],
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


def order_reversed_breadth_first(root):
    """The mistake a breadth-first walk makes: right on many graphs, wrong on x * (x + 1)."""
    order, seen, queue = [], {root}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]


def test_a_reversed_breadth_first_order_is_caught_on_x_times_x_plus_1(rejects):
    rejects(
        exercises.check_topological_order,
        order_reversed_breadth_first,
        "test 3 (z = x * (x + 1), x = 3)",
        "breadth-first",
        "Walk depth-first",
    )
