"""A scalar reverse-mode autodiff engine whose graph can be printed and drawn (chapter 3).

Every ``Value`` remembers the operation that made it, its parents and the local derivative
along each edge, computed in the forward pass ("compute forward and cache derivatives at each
node", as the handout puts it). ``backward()`` then applies the chain rule in reverse
topological order, so gradients add where paths meet. Data may be ``float`` or, for exact
arithmetic, ``fractions.Fraction``.
"""

import itertools
import math
import numbers
from collections import namedtuple
from contextlib import contextmanager
from fractions import Fraction

import graphviz

Path = namedtuple("Path", "nodes local product")
_serials = itertools.count()  # creation order, a topological order of every graph


def real_number(data, what):
    """``data`` as a float (or an exact Fraction), or ValueError if it is not a finite real."""
    if isinstance(data, Fraction):
        return data
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        raise ValueError(f"{what} must be a real number (int, float or Fraction), got {data!r}")
    data = float(data)
    if not math.isfinite(data):
        raise ValueError(f"{what} must be finite, got {data!r}")
    return data


@contextmanager
def _guard(describe):
    """Turn Python's arithmetic errors into a ValueError naming the operation."""
    try:
        yield
    except (OverflowError, ZeroDivisionError) as exc:
        raise ValueError(f"{describe()}: {exc}") from None


def fmt_number(v, digits=4):
    """Fractions as ``p/q`` and ints as they are (both exact); floats with ``digits``
    decimals, never ``-0.0000``."""
    if isinstance(v, (Fraction, int)):
        return str(v)
    text = f"{float(v):.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _const_text(c):
    text = str(c) if isinstance(c, Fraction) else f"{float(c):g}"
    return f"({text})" if c < 0 or "/" in text else text


class Value:
    """A scalar node of a computation graph: ``data``, ``grad`` and how it was computed.

    ``op`` is a format template of the operation ("{} * {}"), ``parents`` the nodes it read
    and ``local`` the derivative of this node with respect to each parent. A constant operand
    (``2 * x``) is part of ``op``, not a node of its own.
    """

    def __init__(self, data, label=""):
        self.data = real_number(data, "Value data")
        self.grad = 0.0
        self.label = label
        self.op = ""          # format template, one "{}" per parent, e.g. "{} * {}"
        self.parents = ()
        self.local = ()       # d self / d parent, one per parent, fixed in the forward pass
        self._serial = next(_serials)

    @classmethod
    def _result(cls, data, op, parents, local):
        for number, what in [(data, "value"), *((d, "local derivative") for d in local)]:
            if not isinstance(number, Fraction) and (
                    isinstance(number, complex) or not math.isfinite(number)):
                raise ValueError(f"{op.format(*(p._operand() for p in parents))}: "
                                 f"the {what} is not a finite real ({number!r})")
        out = cls(data)
        exact = isinstance(out.data, Fraction)
        local = tuple((Fraction(d) if exact else float(d)) if isinstance(d, int) else d
                      for d in local)
        out.op, out.parents, out.local = op, tuple(parents), local
        return out

    def named(self, label):
        """Set the label (used by tables and drawings) and return the node itself."""
        self.label = label
        return self

    def expr(self, depth=6):
        """The label, else the expression that computed this node (``…`` below ``depth``
        levels), else the number."""
        if self.label:
            return self.label
        if not self.op:
            return fmt_number(self.data)
        if depth == 0:
            return "…"
        return self.op.format(*(p._operand(depth - 1) for p in self.parents))

    def _operand(self, depth=6):
        return f"({self.expr(depth)})" if self.op and not self.label else self.expr(depth)

    def formula(self):
        """``label = expression`` for a labelled result, else just the expression."""
        if self.op and self.label:
            return f"{self.label} = {self.op.format(*(p._operand(5) for p in self.parents))}"
        return self.expr()

    def __repr__(self):
        extra = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"

    # binary operations: with another Value, or with a constant (which is not a node)
    def _binary(self, other, symbol, fn, d_left, d_right, reflected=False):
        if isinstance(other, Value):
            left, right = (other, self) if reflected else (self, other)
            with _guard(lambda: f"{left._operand()} {symbol} {right._operand()}"):
                return Value._result(fn(left.data, right.data), f"{{}} {symbol} {{}}",
                                     (left, right), (d_left(left.data, right.data),
                                                     d_right(left.data, right.data)))
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        c = other if isinstance(other, int) else real_number(other, f"the constant in {symbol}")
        if reflected:
            op = f"{_const_text(c)} {symbol} {{}}"
            with _guard(lambda: op.format(self._operand())):
                return Value._result(fn(c, self.data), op, (self,), (d_right(c, self.data),))
        op = f"{{}} {symbol} {_const_text(c)}"
        with _guard(lambda: op.format(self._operand())):
            return Value._result(fn(self.data, c), op, (self,), (d_left(self.data, c),))

    def __add__(self, other):
        return self._binary(other, "+", lambda u, v: u + v, lambda u, v: 1, lambda u, v: 1)

    def __radd__(self, other):
        return self._binary(other, "+", lambda u, v: u + v, lambda u, v: 1, lambda u, v: 1, True)

    def __sub__(self, other):
        return self._binary(other, "-", lambda u, v: u - v, lambda u, v: 1, lambda u, v: -1)

    def __rsub__(self, other):
        return self._binary(other, "-", lambda u, v: u - v, lambda u, v: 1, lambda u, v: -1, True)

    def __mul__(self, other):
        return self._binary(other, "*", lambda u, v: u * v, lambda u, v: v, lambda u, v: u)

    def __rmul__(self, other):
        return self._binary(other, "*", lambda u, v: u * v, lambda u, v: v, lambda u, v: u, True)

    def __truediv__(self, other):
        denominator = other.data if isinstance(other, Value) else other
        if isinstance(denominator, numbers.Real) and denominator == 0:
            shown = other._operand() if isinstance(other, Value) else repr(other)
            raise ValueError(f"division by zero in {self._operand()} / {shown}: "
                             f"the denominator is 0")
        return self._binary(other, "/", lambda u, v: u / v, lambda u, v: 1 / v,
                            lambda u, v: -u / (v * v))

    def __rtruediv__(self, other):
        if isinstance(other, numbers.Real) and self.data == 0:
            raise ValueError(f"division by zero in {other!r} / {self._operand()}: "
                             f"{self.expr()} = 0")
        return self._binary(other, "/", lambda u, v: u / v, lambda u, v: 1 / v,
                            lambda u, v: -u / (v * v), True)

    def __neg__(self):
        return Value._result(-self.data, "-{}", (self,), (-1,))

    def __pow__(self, p):
        if isinstance(p, Value) or isinstance(p, bool) or not isinstance(p, numbers.Real):
            raise ValueError(f"{self._operand()} ** {p!r}: the exponent must be a constant int, "
                             f"float or Fraction (for a variable exponent use exp and log)")
        p = p if isinstance(p, (int, Fraction)) else real_number(p, "the exponent")
        x = self.data
        op = f"{{}} ** {_const_text(p)}"
        if x < 0 and not float(p).is_integer():
            raise ValueError(f"{op.format(self._operand())}: a negative base ({fmt_number(x)}) "
                             f"needs an integer exponent")
        with _guard(lambda: f"{op.format(self._operand())} at {self.expr()} = {fmt_number(x)}"):
            local = 0 if p == 0 else p * x ** (p - 1)
            return Value._result(x ** p, op, (self,), (local,))

    def __rpow__(self, base):
        raise ValueError(f"{base!r} ** {self._operand()}: the exponent must be a constant, "
                         f"not a Value (write (x * log(base)).exp() instead)")

    # elementary functions
    def exp(self):
        """e ** x, local derivative e ** x."""
        with _guard(lambda: f"exp({self.expr()}) at {self.expr()} = {fmt_number(self.data)}"):
            e = math.exp(self.data)
            return Value._result(e, "exp({})", (self,), (e,))

    def log(self):
        """Natural log, local derivative 1 / x; defined for x > 0 only."""
        if self.data <= 0:
            raise ValueError(f"log({self.expr()}) needs a positive argument, "
                             f"got {self.expr()} = {fmt_number(self.data)}")
        with _guard(lambda: f"log({self.expr()}) at {self.expr()} = {fmt_number(self.data)}"):
            return Value._result(math.log(self.data), "log({})", (self,), (1 / self.data,))

    def tanh(self):
        """tanh x, local derivative 1 - tanh(x) ** 2."""
        t = math.tanh(self.data)
        return Value._result(t, "tanh({})", (self,), (1 - t * t,))

    def sigmoid(self):
        """1 / (1 + e ** -x), computed without overflow; local derivative s (1 - s)."""
        if self.data >= 0:
            s = 1 / (1 + math.exp(-self.data))
        else:
            e = math.exp(self.data)
            s = e / (1 + e)
        return Value._result(s, "sigmoid({})", (self,), (s * (1 - s),))

    def backward(self):
        """Set ``grad`` = d self / d node on every node of this graph (chain rule, reverse).

        Gradients are zeroed first, so calling ``backward`` again gives the same numbers
        rather than doubling them; nodes outside this graph keep their old ``grad``.
        """
        order = topological_order(self)
        for node in order:
            node.grad = Fraction(0) if isinstance(node.data, Fraction) else 0.0
        self.grad = Fraction(1) if isinstance(self.data, Fraction) else 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local):
                parent.grad += local * node.grad


def topological_order(root):
    """Every node ``root`` depends on, in creation order: parents before children."""
    nodes, stack = {}, [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(node.parents)
    return sorted(nodes.values(), key=lambda node: node._serial)


def paths(output, source):
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


def jacobian_reverse(f, point):
    """Jacobian of ``f`` at ``point`` by reverse mode, and the number of backward passes.

    ``f`` takes one argument per input and returns a Value or a tuple of Values; one
    forward pass records the graph, then one backward pass per output gives a whole row.
    """
    inputs = [Value(v, f"x{i}") for i, v in enumerate(point)]
    outputs = f(*inputs)
    outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
    rows, passes = [], 0
    for out in outputs:
        for x in inputs:
            x.grad = 0.0   # an input the output does not depend on has derivative 0
        out.backward()
        passes += 1
        rows.append([x.grad for x in inputs])
    return rows, passes


class Table:
    """A small table shown as Markdown in a notebook, and as the same text everywhere else."""

    def __init__(self, header, rows):
        self.header, self.rows = list(header), [list(r) for r in rows]

    def markdown(self):
        lines = [self.header, ["---"] * len(self.header), *self.rows]
        return "\n".join("| " + " | ".join(str(c).replace("|", "\\|") for c in line) + " |"
                         for line in lines)

    def _repr_markdown_(self):
        return self.markdown()

    def __repr__(self):
        return self.markdown()


def _d(top, bottom):
    return f"∂{top.expr()}/∂{bottom.expr()}"


def graph_table(root, grads=False, fmt=fmt_number):
    """One row per node: its definition, value and local derivatives (and its gradient)."""
    header = ["node", "computed as", "value", "local derivatives"]
    if grads:
        header.append(f"gradient ∂{root.expr()}/∂node")
    rows = []
    for node in topological_order(root):
        local = ", ".join(f"{_d(node, p)} = {fmt(d)}" for p, d in zip(node.parents, node.local))
        row = [node.expr(), f"`{node.formula()}`" if node.op else "input", fmt(node.data),
               local or "—"]
        rows.append(row + [fmt(node.grad)] if grads else row)
    return Table(header, rows)


def path_table(output, source, fmt=fmt_number):
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


def draw(root, fmt=fmt_number):
    """The graph of ``root`` as a left-to-right ``graphviz.Digraph``.

    Each node shows its formula, value and gradient; each edge parent -> child is labelled
    with the local derivative d child / d parent. Node names follow the topological order,
    so the same graph always gives the same drawing.
    """
    dot = graphviz.Digraph(graph_attr={"rankdir": "LR", "dpi": "120"},
                           node_attr={"shape": "record", "fontname": "DejaVu Sans",
                                      "fontsize": "11"},
                           edge_attr={"fontname": "DejaVu Sans", "fontsize": "10",
                                      "fontcolor": "#1f4e8c"})
    order = topological_order(root)
    names = {id(node): f"n{i}" for i, node in enumerate(order)}
    for node in order:
        label = " | ".join(_record_text(t) for t in
                           (node.formula(), f"data {fmt(node.data)}", f"grad {fmt(node.grad)}"))
        style = {} if node.op else {"style": "filled", "fillcolor": "#eeeeee"}
        dot.node(names[id(node)], label, **style)
    for node in order:
        for parent, local in zip(node.parents, node.local):
            dot.edge(names[id(parent)], names[id(node)], label=fmt(local))
    return dot
