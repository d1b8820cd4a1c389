"""A scalar reverse-mode autodiff engine (chapter 3), after Karpathy's micrograd.

Every ``Value`` remembers the operation that made it (``op``, a template such as "{} * {}"),
the ``parents`` it read and the ``local`` derivative of itself with respect to each parent,
computed in the forward pass ("compute forward and cache derivatives at each node", as the
handout puts it). ``backward()`` then applies the chain rule in reverse topological order,
so gradients add where paths meet. A constant operand (the 2 of ``2 * x``) is written into
``op`` and is not a node. Data may be ``float`` or, for exact arithmetic,
``fractions.Fraction``. An operation that is undefined or overflows raises ValueError that
names it. Tables and drawings of a graph are in :mod:`labcode.graph`.
"""

import itertools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from labcode import checks

_serials = itertools.count()  # creation order: parents are always made before their children


class Value:
    """A scalar node of a computation graph: ``data``, ``grad`` and how it was computed."""

    def __init__(
        self,
        data: float | Fraction,
        label: str = "",
        *,
        op: str = "",
        parents: tuple["Value", ...] = (),
        local: tuple = (),
    ):
        self.data = checks.real("Value data", data)
        self.grad = 0.0
        self.label = label
        self.op = op  # format template, one "{}" per parent, e.g. "{} * {}"
        self.parents = parents  # the nodes this one was computed from
        self.local = local  # d self / d parent, one per parent, fixed in the forward pass
        self._serial = next(_serials)

    # Each operation gives the rule w(u, v) = (value, (dw/du, dw/dv)) on its operands' data.
    def __add__(self, other):
        return _apply("{} + {}", (self, other), lambda u, v: (u + v, (1, 1)))

    def __radd__(self, other):
        return _apply("{} + {}", (other, self), lambda u, v: (u + v, (1, 1)))

    def __sub__(self, other):
        return _apply("{} - {}", (self, other), lambda u, v: (u - v, (1, -1)))

    def __rsub__(self, other):
        return _apply("{} - {}", (other, self), lambda u, v: (u - v, (1, -1)))

    def __mul__(self, other):
        return _apply("{} * {}", (self, other), lambda u, v: (u * v, (v, u)))

    def __rmul__(self, other):
        return _apply("{} * {}", (other, self), lambda u, v: (u * v, (v, u)))

    def __truediv__(self, other):
        return _apply("{} / {}", (self, other), lambda u, v: (u / v, (1 / v, -u / v**2)))

    def __rtruediv__(self, other):
        return _apply("{} / {}", (other, self), lambda u, v: (u / v, (1 / v, -u / v**2)))

    def __neg__(self):
        return _apply("-{}", (self,), lambda u: (-u, (-1,)))

    def __pow__(self, p):
        """x ** p for a constant p, local derivative p x ** (p - 1)."""
        if not checks.is_real(p):
            raise ValueError(
                f"{self._operand()} ** {p!r}: the exponent must be a constant int, "
                f"float or Fraction (for a variable exponent use exp and log)"
            )
        if self.data < 0 and not float(p).is_integer():
            raise ValueError(
                f"{self._operand()} ** {_text(p)}: a negative base ({self.expr()} = "
                f"{_text(self.data, brackets=False)}) needs an integer exponent"
            )
        # (the constant p gets no derivative: None)
        return _apply(
            "{} ** {}", (self, p), lambda x, p: (x**p, (0 if p == 0 else p * x ** (p - 1), None))
        )

    def __rpow__(self, base):
        raise ValueError(
            f"{base!r} ** {self._operand()}: the exponent must be a constant, "
            f"not a Value (write (x * log(base)).exp() instead)"
        )

    def exp(self) -> "Value":
        """e ** x, local derivative e ** x."""
        return _apply("exp({})", (self,), lambda x: (math.exp(x), (math.exp(x),)))

    def log(self) -> "Value":
        """Natural log, local derivative 1 / x; defined for x > 0 only."""
        if self.data <= 0:
            raise ValueError(
                f"log({self.expr()}) needs a positive argument, "
                f"got {self.expr()} = {_text(self.data, brackets=False)}"
            )
        return _apply("log({})", (self,), lambda x: (math.log(x), (1 / x,)))

    def tanh(self) -> "Value":
        """tanh x, local derivative 1 - tanh(x) ** 2."""
        return _apply("tanh({})", (self,), lambda x: (math.tanh(x), (1 - math.tanh(x) ** 2,)))

    def sigmoid(self) -> "Value":
        """1 / (1 + e ** -x), without overflow; local derivative s (1 - s)."""

        def rule(x):
            s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
            return s, (s * (1 - s),)

        return _apply("sigmoid({})", (self,), rule)

    def backward(self) -> None:
        """Set ``grad`` = d self / d node on every node of this graph: the chain rule, in reverse.

        Gradients are zeroed first, so calling ``backward`` again gives the same numbers
        rather than doubling them; nodes outside this graph keep their old ``grad``.
        """
        order = topological_order(self)
        exact = isinstance(self.data, Fraction)
        for node in order:
            node.grad = Fraction(0) if exact else 0.0
        self.grad = Fraction(1) if exact else 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local):
                parent.grad += local * node.grad

    # How a node reads, in tables, drawings and error messages.
    def named(self, label: str) -> "Value":
        """Set the label (used by tables and drawings) and return the node itself."""
        self.label = label
        return self

    def expr(self, depth: int = 6) -> str:
        """The label, else the expression that computed this node (``…`` below ``depth``
        levels), else the number."""
        if self.label:
            return self.label
        if not self.op:
            return _text(self.data, brackets=False)
        if depth == 0:
            return "…"
        return self.op.format(*(p._operand(depth - 1) for p in self.parents))

    def formula(self) -> str:
        """``label = expression`` for a labelled result, else just the expression."""
        if self.op and self.label:
            return f"{self.label} = {self.op.format(*(p._operand(5) for p in self.parents))}"
        return self.expr()

    def _operand(self, depth=6):
        return f"({self.expr(depth)})" if self.op and not self.label else self.expr(depth)

    def __repr__(self):
        extra = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"


def _text(c, brackets=True):
    """A number as an operand reads: exact for Fractions and ints, shortest for floats, and
    in brackets if negative or a fraction."""
    text = str(c) if isinstance(c, (Fraction, int)) else f"{float(c):g}"
    return f"({text})" if brackets and (c < 0 or "/" in text) else text


def _apply(template: str, operands: tuple, rule: Callable) -> Value:
    """The node that ``rule`` computes from ``operands`` (NotImplemented for a non-number).

    ``rule`` takes the operands' data and returns the value and the local derivative with
    respect to each operand. A Value operand becomes a parent; a constant (a real number) is
    written into ``op`` instead, and its derivative is dropped.
    """
    if not all(isinstance(o, Value) or checks.is_real(o) for o in operands):
        return NotImplemented
    nodes = [isinstance(o, Value) for o in operands]
    op = template.format(*("{}" if node else _text(o) for o, node in zip(operands, nodes)))
    parents = tuple(o for o, node in zip(operands, nodes) if node)
    described = op.format(*(p._operand() for p in parents))
    at = ", ".join(f"{p.expr()} = {_text(p.data, brackets=False)}" for p in parents)
    data = [
        o.data if node else checks.real(f"the constant in {described}", o, exact_ints=True)
        for o, node in zip(operands, nodes)
    ]
    try:
        value, local = rule(*data)
    except ZeroDivisionError:
        raise ValueError(f"division by zero in {described}: {at}") from None
    except OverflowError:
        raise ValueError(f"{described} overflows a float at {at}") from None
    exact = isinstance(value, Fraction)
    # an int derivative (the 1 of u + v) takes the data's type: Fraction(1) or 1.0
    local = tuple(
        (Fraction(d) if exact else float(d)) if isinstance(d, int) else d
        for d, node in zip(local, nodes)
        if node
    )
    for number, what in ((value, "value"), *((d, "local derivative") for d in local)):
        if not (isinstance(number, Fraction) or (checks.is_real(number) and math.isfinite(number))):
            raise ValueError(f"{described}: the {what} is not a finite real ({number!r})")
    return Value(value, op=op, parents=parents, local=local)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, in creation order: parents before children."""
    nodes, stack = {}, [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(node.parents)
    return sorted(nodes.values(), key=lambda node: node._serial)


def jacobian_reverse(f: Callable, point: Sequence[float]) -> tuple[list[list], int]:
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
            x.grad = 0.0  # an input the output does not depend on has derivative 0
        out.backward()
        passes += 1
        rows.append([x.grad for x in inputs])
    return rows, passes
