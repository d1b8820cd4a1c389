"""Views of the engine's graphs (chapter 3): tables, the chain rule as a sum over paths, drawings.

The engine itself is :mod:`labcode.engine`; this module only reads its nodes' ``op``,
``parents``, ``local``, ``data`` and ``grad``. Drawing needs the Python ``graphviz`` package
and the ``dot`` program.
"""

from collections import namedtuple
from collections.abc import Callable
from fractions import Fraction

import graphviz

from labcode.book import Table
from labcode.engine import Value, jacobian_reverse, topological_order

__all__ = [
    "Path",
    "Table",
    "Value",
    "draw",
    "fmt_number",
    "graph_table",
    "jacobian_reverse",
    "path_table",
    "paths",
    "topological_order",
]
# Value, jacobian_reverse and topological_order live in labcode.engine, and Table in
# labcode.book; chapters and notebooks written before the split import them from here, so they
# stay importable from here too.

Path = namedtuple("Path", "nodes local product")


def fmt_number(v: float | Fraction | int, digits: int = 4) -> str:
    """Fractions as ``p/q`` and ints as they are (both exact); floats with ``digits``
    decimals, never ``-0.0000``."""
    if isinstance(v, (Fraction, int)):
        return str(v)
    text = f"{float(v):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def paths(output: Value, source: Value) -> list[Path]:
    """Every path source -> ... -> output, with its local derivatives and their product.

    The chain rule through a graph: d output / d source is the sum of the products.
    """
    if output is source:
        return [Path((source,), (), 1)]
    found = []
    for parent, local in zip(output.parents, output.local):
        for p in paths(parent, source):
            found.append(Path(p.nodes + (output,), p.local + (local,), p.product * local))
    return found


def _d(top, bottom):
    return f"∂{top.expr()}/∂{bottom.expr()}"


def graph_table(root: Value, grads: bool = False, fmt: Callable = fmt_number) -> Table:
    """One row per node: its definition, value and local derivatives (and its gradient)."""
    header = ["node", "computed as", "value", "local derivatives"]
    if grads:
        header.append(f"gradient ∂{root.expr()}/∂node")
    rows = []
    for node in topological_order(root):
        local = ", ".join(f"{_d(node, p)} = {fmt(d)}" for p, d in zip(node.parents, node.local))
        row = [
            node.expr(),
            f"`{node.formula()}`" if node.op else "input",
            fmt(node.data),
            local or "—",
        ]
        rows.append(row + [fmt(node.grad)] if grads else row)
    return Table(header, rows)


def path_table(output: Value, source: Value, fmt: Callable = fmt_number) -> Table:
    """The chain rule through the graph: one row per path, then their sum."""
    rows, total = [], 0
    for p in paths(output, source):
        factors = " · ".join(_d(b, a) for a, b in zip(p.nodes, p.nodes[1:]))
        values = " × ".join(fmt(d) for d in p.local)
        rows.append([" → ".join(n.expr() for n in p.nodes), factors, values, fmt(p.product)])
        total = total + p.product
    rows.append([f"**sum = ∂{output.expr()}/∂{source.expr()}**", "", "", f"**{fmt(total)}**"])
    return Table(["path", "local derivatives", "values", "product"], rows)


def _record_text(text):
    for ch in "\\{}|<>":
        text = text.replace(ch, "\\" + ch)
    return text


def draw(root: Value, fmt: Callable = fmt_number) -> graphviz.Digraph:
    """The graph of ``root`` as a left-to-right ``graphviz.Digraph``.

    Each node shows its formula, value and gradient; each edge parent -> child is labelled
    with the local derivative d child / d parent. Node names follow the topological order,
    so the same graph always gives the same drawing.
    """
    dot = graphviz.Digraph(
        graph_attr={"rankdir": "LR", "dpi": "120"},
        node_attr={"shape": "record", "fontname": "DejaVu Sans", "fontsize": "11"},
        edge_attr={"fontname": "DejaVu Sans", "fontsize": "10", "fontcolor": "#1f4e8c"},
    )
    order = topological_order(root)
    names = {id(node): f"n{i}" for i, node in enumerate(order)}
    for node in order:
        label = " | ".join(
            _record_text(t)
            for t in (node.formula(), f"data {fmt(node.data)}", f"grad {fmt(node.grad)}")
        )
        style = {} if node.op else {"style": "filled", "fillcolor": "#eeeeee"}
        dot.node(names[id(node)], label, **style)
    for node in order:
        for parent, local in zip(node.parents, node.local):
            dot.edge(names[id(parent)], names[id(node)], label=fmt(local))
    return dot
