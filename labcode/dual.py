"""Forward-mode automatic differentiation with dual numbers (chapter 3).

A dual number ``value + deriv·ε`` with ``ε² = 0`` carries a derivative along with each value:
``f(x + ε) = f(x) + f'(x)·ε``. One pass gives the derivatives of every output with respect to
the one input whose ``deriv`` was seeded with 1, so a full Jacobian takes one pass per input.
Values may be ``float`` or ``fractions.Fraction``; bad operations raise ValueError.
"""

import math
import numbers
from fractions import Fraction

from labcode.graph import real_number


def _const(c):
    """A constant operand: ints and Fractions stay exact, other reals become finite floats."""
    return c if isinstance(c, int) else real_number(c, "a constant operand")


def _is_const(c):
    return isinstance(c, numbers.Real) and not isinstance(c, bool)


class Dual:
    """``value + deriv·ε``: a number and its derivative along one seeded direction."""

    def __init__(self, value, deriv=0):
        exact = isinstance(value, Fraction) or isinstance(deriv, Fraction)
        value, deriv = (Fraction(v) if exact and isinstance(v, int) and not isinstance(v, bool)
                        else v for v in (value, deriv))
        self.value = real_number(value, "Dual value")
        self.deriv = real_number(deriv, "Dual deriv")

    @staticmethod
    def _checked(value, deriv, description):
        try:
            value, deriv = value(), deriv()
        except (OverflowError, ZeroDivisionError) as exc:
            raise ValueError(f"{description}: {exc}") from None
        for number, what in ((value, "value"), (deriv, "derivative")):
            if not isinstance(number, Fraction) and (
                    isinstance(number, complex) or not math.isfinite(number)):
                raise ValueError(f"{description}: the {what} is not a finite real ({number!r})")
        return Dual(value, deriv)

    def __repr__(self):
        return f"Dual(value={self.value!r}, deriv={self.deriv!r})"

    @staticmethod
    def _parts(other):
        """(value, deriv) of another operand; a constant has derivative 0; None if neither."""
        if isinstance(other, Dual):
            return other.value, other.deriv
        return (_const(other), 0) if _is_const(other) else None

    def __add__(self, other):
        o = Dual._parts(other)
        if o is None:
            return NotImplemented
        return Dual._checked(lambda: self.value + o[0], lambda: self.deriv + o[1],
                             f"{self.value!r} + {o[0]!r}")

    __radd__ = __add__

    def __sub__(self, other):
        o = Dual._parts(other)
        if o is None:
            return NotImplemented
        return Dual._checked(lambda: self.value - o[0], lambda: self.deriv - o[1],
                             f"{self.value!r} - {o[0]!r}")

    def __rsub__(self, other):
        return NotImplemented if Dual._parts(other) is None else -self + other

    def __mul__(self, other):
        o = Dual._parts(other)
        if o is None:
            return NotImplemented
        return Dual._checked(lambda: self.value * o[0],
                             lambda: self.deriv * o[0] + self.value * o[1],
                             f"{self.value!r} * {o[0]!r}")

    __rmul__ = __mul__

    def _divide(self, num, den):
        if den[0] == 0:
            raise ValueError(f"division by zero in {num[0]!r} / {den[0]!r}: "
                             f"the denominator is 0")
        return Dual._checked(lambda: num[0] / den[0],
                             lambda: (num[1] * den[0] - num[0] * den[1]) / (den[0] * den[0]),
                             f"{num[0]!r} / {den[0]!r}")

    def __truediv__(self, other):
        o = Dual._parts(other)
        return NotImplemented if o is None else self._divide((self.value, self.deriv), o)

    def __rtruediv__(self, other):
        o = Dual._parts(other)
        return NotImplemented if o is None else self._divide(o, (self.value, self.deriv))

    def __neg__(self):
        return Dual(-self.value, -self.deriv)

    def __pow__(self, p):
        if isinstance(p, Dual) or not _is_const(p):
            raise ValueError(f"Dual ** {p!r}: the exponent must be a constant int, float or "
                             f"Fraction (for a variable exponent use exp and log)")
        p, x = _const(p), self.value
        if x < 0 and not float(p).is_integer():
            raise ValueError(f"{x!r} ** {p!r}: a negative base needs an integer exponent")
        return Dual._checked(lambda: x ** p,
                             lambda: 0 if p == 0 else p * x ** (p - 1) * self.deriv,
                             f"{x!r} ** {p!r}")

    def __rpow__(self, base):
        raise ValueError(f"{base!r} ** Dual: the exponent must be a constant, not a Dual "
                         f"(write (x * log(base)).exp() instead)")

    def exp(self):
        """e ** x: derivative e ** x · deriv."""
        return Dual._checked(lambda: math.exp(self.value),
                             lambda: math.exp(self.value) * self.deriv, f"exp({self.value!r})")

    def log(self):
        """Natural log, defined for x > 0: derivative deriv / x."""
        if self.value <= 0:
            raise ValueError(f"log needs a positive argument, got {self.value!r}")
        return Dual._checked(lambda: math.log(self.value), lambda: self.deriv / self.value,
                             f"log({self.value!r})")

    def tanh(self):
        """tanh x: derivative (1 - tanh(x) ** 2) · deriv."""
        t = math.tanh(self.value)
        return Dual(t, (1 - t * t) * self.deriv)

    def sigmoid(self):
        """1 / (1 + e ** -x) without overflow: derivative s (1 - s) · deriv."""
        if self.value >= 0:
            s = 1 / (1 + math.exp(-self.value))
        else:
            e = math.exp(self.value)
            s = e / (1 + e)
        return Dual(s, s * (1 - s) * self.deriv)


def jacobian_forward(f, point):
    """Jacobian of ``f`` at ``point`` by forward mode, and the number of passes (one per input).

    ``f`` takes one argument per input and returns a number-like value or a tuple of them.
    """
    columns, passes = [], 0
    for j in range(len(point)):
        outputs = f(*(Dual(v, 1 if i == j else 0) for i, v in enumerate(point)))
        passes += 1
        outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
        columns.append([o.deriv if isinstance(o, Dual) else 0.0 for o in outputs])
    rows = [list(r) for r in zip(*columns)]
    return rows, passes
