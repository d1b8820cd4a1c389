"""labcode.graph, the views of the engine's graphs (chapter 3): the chain rule as a sum over
paths, tables, and drawings."""

import re
from fractions import Fraction

from labcode.graph import Table, draw, fmt_number, graph_table, path_table, paths
from tests.helpers.graph_expressions import equation3


def test_gradients_add_where_paths_meet():
    x, y, *_, z = equation3(Fraction(1), Fraction(2))
    z.backward()
    contributions = [p.product for p in paths(z, x)]
    assert contributions == [Fraction(2, 3), Fraction(-1, 3), Fraction(-1, 3)], (
        f"the paths x->a->d->z, x->b->d->z, x->c->z should contribute 2/3, -1/3, -1/3, "
        f"got {contributions}"
    )
    assert sum(contributions) == x.grad == 0, (
        f"dz/dx must be the sum of the path contributions (0), got grad {x.grad}"
    )
    assert [p.product for p in paths(z, y)] == [y.grad] == [Fraction(-1, 3)]


def test_paths_list_nodes_from_source_to_output():
    x, y, a, b, c, d, z = equation3()
    found = [[n.label for n in p.nodes] for p in paths(z, x)]
    assert found == [["x", "a", "d", "z"], ["x", "b", "d", "z"], ["x", "c", "z"]], found
    assert paths(z, z)[0].product == 1 and paths(a, y) == [], (
        "a node reaches itself by the empty path (product 1) and a does not depend on y"
    )


def test_graph_table_has_a_row_per_node_with_local_derivatives():
    *_, z = equation3(Fraction(1), Fraction(2))
    z.backward()
    text = graph_table(z, grads=True).markdown()
    rows = text.splitlines()[2:]
    assert [r.split("|")[1].strip() for r in rows] == ["x", "y", "a", "b", "c", "d", "z"]
    assert "| z | `z = d / c` | 1 | ∂z/∂d = 1/3, ∂z/∂c = -1/3 | 1 |" in text, text
    assert "| x | input | 1 | — | 0 |" in text, text


def test_path_table_ends_with_the_sum():
    x, *_, z = equation3()
    text = path_table(z, x).markdown()
    assert "| x → c → z | ∂c/∂x · ∂z/∂c | 1.0000 × -0.3333 | -0.3333 |" in text, text
    assert text.splitlines()[-1] == "| **sum = ∂z/∂x** |  |  | **0.0000** |", text


def test_fmt_number():
    assert fmt_number(Fraction(-1, 3)) == "-1/3"
    assert fmt_number(-1e-9) == "0.0000", "a value that rounds to zero must not print as -0.0000"
    assert fmt_number(2 / 3, digits=2) == "0.67"
    assert fmt_number(-2) == "-2", "ints are exact and print without decimals"


def test_draw_shows_every_node_and_every_edge():
    x, y, a, b, c, d, z = equation3()
    z.backward()
    source = draw(z).source
    assert "rankdir=LR" in source
    for node, text in [
        (x, "x | data 1.0000 | grad 0.0000"),
        (y, "y | data 2.0000 | grad -0.3333"),
        (a, "a = 2 * x | data 2.0000 | grad 0.3333"),
        (c, "c = x + y | data 3.0000 | grad -0.3333"),
        (z, "z = d / c | data 1.0000 | grad 1.0000"),
    ]:
        assert text in source, f"node {node.label} should be drawn as {text!r}:\n{source}"
    names = dict(re.findall(r"\t(n\d+) \[label=\"([^ ]+)", source))
    edges = sorted(
        (names[s], names[t], label)
        for s, t, label in re.findall(r"\t(n\d+) -> (n\d+) \[label=\"?([-0-9.]+)", source)
    )
    assert edges == sorted(
        [
            ("x", "a", "2.0000"),
            ("x", "b", "-1.0000"),
            ("x", "c", "1.0000"),
            ("y", "c", "1.0000"),
            ("a", "d", "1.0000"),
            ("b", "d", "1.0000"),
            ("d", "z", "0.3333"),
            ("c", "z", "-0.3333"),
        ]
    ), f"every edge should carry its local derivative:\n{source}"


def test_draw_is_deterministic_png():
    pngs = [draw(equation3()[-1]).pipe(format="png") for _ in range(2)]
    assert pngs[0].startswith(b"\x89PNG") and pngs[0] == pngs[1], (
        "drawing the same graph twice must give the same PNG bytes"
    )
    assert b"tIME" not in pngs[0], "the PNG must carry no timestamp chunk"


def test_table_escapes_pipes_in_cells():
    text = repr(Table(["a|b", "c"], [["x|y", 1]]))
    assert text.splitlines() == ["| a\\|b | c |", "| --- | --- |", "| x\\|y | 1 |"], (
        f"a '|' inside a cell must be escaped or it splits the Markdown row:\n{text}"
    )
