"""Forward-mode automatic differentiation with dual numbers (chapter 3).

A dual number ``value + deriv·ε`` with ``ε² = 0`` carries a derivative along with each value:
``f(x + ε) = f(x) + f'(x)·ε``. One pass gives the derivatives of every output with respect to
the one input whose ``deriv`` was seeded with 1, so a full Jacobian takes one pass per input.
Values may be ``float`` or ``fractions.Fraction``; a constant operand c is the dual number
``c + 0·ε``. An operation that is undefined or overflows raises ValueError that names it.
"""

import contextlib
import functools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from labcode import checks


@contextlib.contextmanager
def _named(description):
    """Turn an arithmetic error, or a result that is not a finite real, into a ValueError
    that names the operation."""
    try:
        yield
    except ZeroDivisionError:
        raise ValueError(f"division by zero in {description}") from None
    except OverflowError:
        raise ValueError(f"{description} overflows a float") from None
    except ValueError as error:
        raise ValueError(f"{description}: {error}") from None


def _binary(method):
    """Let ``method(self, other)`` take a Dual or a real constant c, which becomes c + 0·ε
    (exact, if c is an int and self is exact)."""

    @functools.wraps(method)
    def lifted(self, other):
        if isinstance(other, Dual):
            return method(self, other)
        if checks.is_real(other):
            return method(self, Dual(other, Fraction(0) if self.exact else 0))
        return NotImplemented

    return lifted


class Dual:
    """``value + deriv·ε``: a number and its derivative along one seeded direction."""

    def __init__(self, value: float | Fraction, deriv: float | Fraction = 0):
        self.exact = isinstance(value, Fraction) or isinstance(deriv, Fraction)
        self.value, self.deriv = (  # ints join an exact Fraction; anything else becomes a float
            checks.real(name, Fraction(v) if self.exact and _int(v) else v)
            for name, v in (("Dual value", value), ("Dual deriv", deriv))
        )

    def __repr__(self):
        return f"Dual(value={self.value!r}, deriv={self.deriv!r})"

    # Each operation: the value, and the derivative by the rule of that operation.
    @_binary
    def __add__(self, other):
        with _named(f"{self.value!r} + {other.value!r}"):
            return Dual(self.value + other.value, self.deriv + other.deriv)

    @_binary
    def __radd__(self, other):
        return other + self

    @_binary
    def __sub__(self, other):
        with _named(f"{self.value!r} - {other.value!r}"):
            return Dual(self.value - other.value, self.deriv - other.deriv)

    @_binary
    def __rsub__(self, other):
        return other - self

    @_binary
    def __mul__(self, other):
        u, v = self, other
        with _named(f"{u.value!r} * {v.value!r}"):
            return Dual(u.value * v.value, u.deriv * v.value + u.value * v.deriv)

    @_binary
    def __rmul__(self, other):
        return other * self

    @_binary
    def __truediv__(self, other):
        u, v = self, other
        with _named(f"{u.value!r} / {v.value!r}"):
            return Dual(u.value / v.value, (u.deriv * v.value - u.value * v.deriv) / v.value**2)

    @_binary
    def __rtruediv__(self, other):
        return other / self

    def __neg__(self):
        return Dual(-self.value, -self.deriv)

    def __pow__(self, p):
        """x ** p for a constant p: derivative p x ** (p - 1) · deriv."""
        if not checks.is_real(p):
            raise ValueError(
                f"Dual ** {p!r}: the exponent must be a constant int, float or "
                f"Fraction (for a variable exponent use exp and log)"
            )
        x, p = self.value, checks.real("the exponent", p, exact_ints=True)
        if x < 0 and not float(p).is_integer():
            raise ValueError(f"{x!r} ** {p!r}: a negative base needs an integer exponent")
        with _named(f"{x!r} ** {p!r}"):
            return Dual(x**p, 0 if p == 0 else p * x ** (p - 1) * self.deriv)

    def __rpow__(self, base):
        raise ValueError(
            f"{base!r} ** Dual: the exponent must be a constant, not a Dual "
            f"(write (x * log(base)).exp() instead)"
        )

    def exp(self) -> "Dual":
        """e ** x: derivative e ** x · deriv."""
        with _named(f"exp({self.value!r})"):
            return Dual(math.exp(self.value), math.exp(self.value) * self.deriv)

    def log(self) -> "Dual":
        """Natural log, defined for x > 0: derivative deriv / x."""
        if self.value <= 0:
            raise ValueError(f"log needs a positive argument, got {self.value!r}")
        return Dual(math.log(self.value), self.deriv / self.value)

    def tanh(self) -> "Dual":
        """tanh x: derivative (1 - tanh(x) ** 2) · deriv."""
        return Dual(math.tanh(self.value), (1 - math.tanh(self.value) ** 2) * self.deriv)

    def sigmoid(self) -> "Dual":
        """1 / (1 + e ** -x), by the rules above, in the form whose exp cannot overflow."""
        return 1 / (1 + (-self).exp()) if self.value >= 0 else self.exp() / (1 + self.exp())


def _int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def jacobian_forward(f: Callable, point: Sequence[float]) -> tuple[list[list], int]:
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
