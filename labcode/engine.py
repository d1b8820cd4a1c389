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

    __slots__ = ("data", "grad", "label", "_op", "parents", "local", "_serial")

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
        self._op = op  # see op
        self.parents = parents  # the nodes this one was computed from
        self.local = local  # d self / d parent, one per parent, fixed in the forward pass
        self._serial = next(_serials)

    @property
    def op(self) -> str:
        """How this node was computed: a format template with one "{}" per parent, "{} * {}",
        and any constant written in, "{} ** 2". A constant is written in when ``op`` is first
        read: formatting a float costs more than the arithmetic of the forward pass."""
        if type(self._op) is tuple:
            self._op = _written(*self._op)
        return self._op

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
    if type(c) is float:  # the common case first: isinstance(c, Fraction) is slow
        text = f"{c:g}"
    else:
        text = str(c) if isinstance(c, (Fraction, int)) else f"{float(c):g}"
    return f"({text})" if brackets and (c < 0 or "/" in text) else text


def _written(template: str, operands: tuple) -> str:
    """The template with each constant operand written in: "{} * {}", (x, 2) -> "{} * 2"."""
    return template.format(*("{}" if isinstance(o, Value) else _text(o) for o in operands))


def _described(op: str | tuple, parents: tuple) -> tuple[str, str]:
    """An operation as its error message names it, ``(x + 1) / y``, and its operands' values,
    ``x + 1 = 3, y = 0``. Built only when an error is raised: it walks the graph."""
    op = _written(*op) if type(op) is tuple else op
    described = op.format(*(p._operand() for p in parents))
    return described, ", ".join(f"{p.expr()} = {_text(p.data, brackets=False)}" for p in parents)


def _finite_real(number) -> bool:
    if type(number) is float or type(number) is int:  # the common cases, without an ABC check
        return math.isfinite(number)
    return isinstance(number, Fraction) or (checks.is_real(number) and math.isfinite(number))


def _constant(c, template: str, operands: tuple):
    """A constant operand as the rule takes it (an int stays exact), if it is finite."""
    if not _finite_real(c):  # raises, naming the operation
        parents = tuple(o for o in operands if isinstance(o, Value))
        checks.real(f"the constant in {_described((template, operands), parents)[0]}", c)
    return checks.real("a constant", c, exact_ints=True)


def _apply(template: str, operands: tuple, rule: Callable) -> Value:
    """The node that ``rule`` computes from ``operands`` (NotImplemented for a non-number).

    ``rule`` takes the operands' data and returns the value and the local derivative with
    respect to each operand. A Value operand becomes a parent; a constant (a real number) is
    written into ``op`` instead, and its derivative is dropped. The value and the local
    derivatives must be finite reals; the text of an error message is built only when there
    is an error.
    """
    parents, data, op = [], [], template
    for o in operands:
        if isinstance(o, Value):
            parents.append(o)
            data.append(o.data)
        elif checks.is_real(o):
            finite = type(o) is int or type(o) is float and math.isfinite(o)  # as the rule takes it
            data.append(o if finite else _constant(o, template, operands))
            op = (template, operands)  # written in when first read: see Value.op
        else:
            return NotImplemented
    parents = operands if len(parents) == len(operands) else tuple(parents)
    try:
        value, local = rule(*data)
    except ZeroDivisionError:
        raise ValueError("division by zero in {}: {}".format(*_described(op, parents))) from None
    except OverflowError:
        raise ValueError("{} overflows a float at {}".format(*_described(op, parents))) from None
    if parents is not operands:  # a constant's derivative is dropped
        local = [d for d, o in zip(local, operands) if isinstance(o, Value)]
    exact = type(value) is Fraction
    if not (type(value) is float and math.isfinite(value) or exact or _finite_real(value)):
        _not_finite(op, parents, "value", value)
    derivatives = []
    for d in local:
        if type(d) is int:  # the 1 of u + v takes the data's type: Fraction(1) or 1.0
            d = Fraction(d) if exact else float(d)
        elif not (type(d) is float and math.isfinite(d) or _finite_real(d)):
            _not_finite(op, parents, "local derivative", d)
        derivatives.append(d)
    # Value(value, op=op, parents=parents, local=...) without checking the value again
    node = object.__new__(Value)
    node.data, node.grad, node.label, node._op = value, 0.0, "", op
    node.parents, node.local, node._serial = parents, tuple(derivatives), next(_serials)
    return node


def _not_finite(op, parents, what, number):
    raise ValueError(f"{_described(op, parents)[0]}: the {what} is not a finite real ({number!r})")


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
