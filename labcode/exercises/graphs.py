"""The checkers of chapter 3 (chapters/03_graphs.md): the reverse-mode engine."""

import math

import numpy as np

from labcode import engine
from labcode.exercises._check import Check, number


def _equation3():
    """The handout's equation 3 (at x = 2, y = 1: at x = 1 its three paths cancel)."""
    x, y = engine.Value(2.0, "x"), engine.Value(1.0, "y")
    return ((2 * x + 1 / x) / (x + y)).named("z")


def _shared_square():
    """A node used twice by one operation (a * a) and once more by another."""
    x, y = engine.Value(0.5, "x"), engine.Value(-1.5, "y")
    a = (x * y).named("a")
    return (a * a + a).tanh().named("z")


def _times_plus_one():
    """x * (x + 1): x reaches z directly and through x + 1, a path one step longer."""
    x = engine.Value(3.0, "x")
    return (x * (x + 1)).named("z")


_GRAPHS = [
    (_equation3, "z = (2x + 1/x) / (x + y), x = 2, y = 1"),
    (_shared_square, "z = tanh(a * a + a), a = x y, x = 0.5, y = -1.5"),
]


def _reversed_breadth_first(root):
    """The nodes in breadth-first order from the root, reversed: often no topological order."""
    order, seen, queue = [], {id(root)}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order[::-1]


def check_topological_order(topological_order, *, strict=False):
    """Check ``topological_order(root)``, every node once, parents first (chapter 3)."""
    graphs = [*_GRAPHS, (_times_plus_one, "z = x * (x + 1), x = 3")]
    with Check("topological_order", topological_order, engine.topological_order, strict) as c:
        for build, name in graphs:
            c.test(name)
            root = build()
            got = c.call(root)
            if isinstance(got, (set, frozenset, dict)) or not hasattr(got, "__iter__"):
                c.fail(
                    f"should return a list of nodes, got {type(got).__name__} (a set has no order)"
                )
            got = list(got)
            strangers = [v for v in got if not isinstance(v, engine.Value)]
            if strangers:
                c.fail(f"should list Value nodes, but it lists a {type(strangers[0]).__name__}")
            nodes = engine.topological_order(root)
            ids = [id(v) for v in got]
            listed = set(ids)
            if len(listed) < len(ids):
                twice = next(v for v in got if ids.count(id(v)) > 1)
                c.fail(
                    f"lists node {twice.expr()} more than once: a node reached along two "
                    f"paths must be listed once (remember the visited nodes in a set)"
                )
            missing = [v for v in nodes if id(v) not in listed]
            if missing:
                c.fail(
                    f"misses {len(missing)} of the {len(nodes)} nodes, e.g. "
                    f"{missing[0].expr()}: follow the parents recursively, down to the inputs"
                )
            if len(got) > len(nodes):
                c.fail("lists nodes that are not part of this graph")
            position = {id(v): i for i, v in enumerate(got)}
            edges = [(p, v) for v in nodes for p in v.parents]
            late = [(p, v) for p, v in edges if position[id(p)] > position[id(v)]]
            if late and len(late) == len(edges):
                c.fail(
                    "lists every node before its parents: that is the reverse of a "
                    "topological order (add a node after its parents, or reverse the list)"
                )
            if late and [id(v) for v in _reversed_breadth_first(root)] == ids:
                p, v = late[0]
                c.fail(
                    f"lists {v.expr()} before its parent {p.expr()}: a breadth-first walk "
                    f"from the output, reversed, is no topological order (it lists a node "
                    f"by its shortest path to the output, and {p.expr()} also has a longer "
                    f"one, through {v.expr()}). Walk depth-first: add a node after all its "
                    f"parents"
                )
            if late:
                p, v = late[0]
                c.fail(
                    f"lists {v.expr()} before its parent {p.expr()}: a node may only "
                    f"come after all its parents"
                )


def _grads(root):
    return [v.grad for v in engine.topological_order(root)]


def check_backward(backward, *, strict=False):
    """Check ``backward(root)``, which sets ``grad`` = d root / d node on every node (chapter 3).

    It must work like ``Value.backward``: reset the gradients, seed the root with 1, then
    apply the chain rule in reverse topological order, adding where paths meet.
    """
    with Check("backward", backward, engine.Value.backward, strict) as c:
        for build, name in _GRAPHS:
            c.test(name)
            root = build()
            c.call(root)
            nodes = engine.topological_order(root)
            got = [number(c, v.grad, f"the grad of {v.expr()}") for v in nodes]
            reference = build()
            reference.backward()
            expected = _grads(reference)
            wrong = [
                i
                for i, (g, e) in enumerate(zip(got, expected))
                if not math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-12)
            ]
            if not wrong:
                continue
            if wrong[-1] == len(nodes) - 1:
                c.fail(
                    f"the output's grad is {got[-1]:g}: seed it with 1 (dz/dz = 1) before "
                    f"the backward sweep"
                )
            node = nodes[wrong[-1]]  # the wrong node nearest the output: its children are right
            uses = sum(p is node for v in nodes for p in v.parents)
            if got[wrong[-1]] == 0:
                c.fail(
                    f"the grad of {node.expr()} is 0 although the nodes it feeds have the "
                    f"right grads: it handed its gradient on before receiving it. Visit "
                    f"the nodes in reverse topological order, children before parents"
                )
            if uses > 1:
                c.fail(
                    f"the grad of {node.expr()}, which feeds {uses} operations, is wrong: "
                    f"gradients add where paths meet (parent.grad += local * node.grad)"
                )
            c.fail(
                f"the grad of {node.expr()} is wrong although the nodes it feeds have the "
                f"right grads: each node adds local derivative * its child's grad"
            )
        c.test("two calls on the graph of test 1")
        root = _equation3()
        c.call(root)
        c.call(root)
        reference = _equation3()
        reference.backward()
        if not np.allclose(_grads(root), _grads(reference), rtol=1e-9, atol=1e-12):
            c.fail(
                "a second call changed the gradients: set every node's grad to 0 "
                "before the sweep, as Value.backward does"
            )
