"""Glue computed values into the prose (MyST-NB glue), as text every machine prints alike.

A value is stored as the text the page shows, formatted once, here. A float needs a format:
its last digits differ between CPUs (NumPy's SIMD loops and OpenBLAS kernels are chosen per
machine), so a full-precision float in a stored output would make the golden notebooks fail
everywhere but on the machine that wrote them. The prose then shows it as it is,
``{glue:text}`name```, with no format spec of its own (a second rounding could change a digit).

The value is displayed the way MyST-NB's own ``glue(..., display=False)`` displays it (a
``application/papermill.record/text/plain`` output named in its ``scrapbook`` metadata, which
the build reads and leaves off the page), plus an empty ``text/markdown``, which every
notebook client renders as nothing (0 px high in JupyterLab 4.6). An output of the record type
alone has no renderer: JupyterLab 4.6 skips it, VS Code says "No renderer could be found". The
stored output holds the value, so nbval compares it on every re-run. No MyST-NB is needed, so
Colab glues too. Outside a kernel nothing is displayed.
"""

import decimal
import inspect
import math
import numbers
import textwrap
from fractions import Fraction

GLUE_PREFIX = "application/papermill.record/"  # MyST-NB's mime prefix for glued values

_ROUNDING = {
    "nearest": decimal.ROUND_HALF_EVEN,
    "up": decimal.ROUND_CEILING,  # an upper bound stays an upper bound: 9.31e-11 -> 9.4e-11
    "down": decimal.ROUND_FLOOR,  # a lower bound stays a lower bound: 5.44 -> 5.4
}


def glue_text(value, fmt=None, rounding="nearest"):
    """The text that ``glue`` stores for ``value``: ``format(value, fmt)``, rounded as asked.

    Integers, fractions and strings need no format. A float must have one, e.g. ``".3f"``,
    ``".1e"``, ``".1%"``: choose it at the precision the computation guarantees on every
    machine. ``rounding="up"`` rounds toward +inf, for a value quoted as an upper bound
    ("at most ..."); ``"down"`` toward -inf, for a lower bound.
    """
    if rounding not in _ROUNDING:
        raise ValueError(f"rounding must be one of {sorted(_ROUNDING)}, got {rounding!r}")
    if isinstance(value, bool):
        raise ValueError("glue a bool as the word the text needs, e.g. 'yes' or 'no'")
    if isinstance(value, str):
        if fmt is not None:
            raise ValueError(f"a string is glued as it is; got the format {fmt!r} for {value!r}")
        return value
    if not isinstance(value, numbers.Real):
        raise ValueError(f"glue takes a number or a string, got {type(value).__name__}")
    real_format = fmt is not None and fmt[-1:] in tuple("eEfFgG%")
    if isinstance(value, numbers.Integral | Fraction) and not real_format:
        return str(value) if fmt is None else format(int(value), fmt)
    if fmt is None:
        raise ValueError(
            f"a float needs a format, e.g. glue(name, value, '.3f') for {float(value):.6g}: its "
            "last digits differ between machines, so the page would too"
        )
    if not real_format or "." not in fmt:
        raise ValueError(f"a float needs a format with a precision, such as '.3f', got {fmt!r}")
    if not math.isfinite(value):
        raise ValueError(f"cannot glue the non-finite value {value!r}")
    if rounding == "nearest":
        return format(float(value), fmt)  # Python rounds the binary value correctly
    if fmt[-1] not in "eEf%":
        raise ValueError(f"a bound is written with an 'e', 'f' or '%' format, got {fmt!r}")
    with decimal.localcontext(prec=800, rounding=_ROUNDING[rounding]):
        if isinstance(value, Fraction):
            exact = decimal.Decimal(value.numerator) / value.denominator  # to 800 digits
        else:
            exact = decimal.Decimal(float(value))  # the binary value, digit for digit
        text = format(exact, fmt)
    # As a float is written, and so as the printing cells write it: 1e-08 where Decimal has 1e-8.
    mantissa, e, exponent = text.partition(fmt[-1] if fmt[-1] in "eE" else "e")
    if len(exponent) == 2:
        exponent = exponent[0] + "0" + exponent[1]
    return mantissa + e + exponent


def glue(name, value, fmt=None, rounding="nearest"):
    """Store ``value`` under ``name`` for ``{glue:text}`name``` in the prose (see ``glue_text``)."""
    text = glue_text(value, fmt, rounding)
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if InteractiveShell.initialized():
        display(
            {GLUE_PREFIX + "text/plain": repr(text), "text/markdown": ""},
            raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}},
        )


def shared_decimals(value, tolerance, most=8):
    """The most decimals, up to ``most``, at which every number within ``tolerance`` of
    ``value`` rounds to the same text: the digits of ``value`` that hold when it moves by up
    to ``tolerance``, as a result does between machines (chapter 5's comparison with the
    handout); 0 when no decimal is shared."""
    if not (isinstance(value, numbers.Real) and math.isfinite(value)):
        raise ValueError(f"value must be a finite number, got {value!r}")
    if not (isinstance(tolerance, numbers.Real) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a finite number >= 0, got {tolerance!r}")
    low = decimal.Decimal(float(value)) - decimal.Decimal(float(tolerance))
    high = decimal.Decimal(float(value)) + decimal.Decimal(float(tolerance))
    for places in range(most, 0, -1):
        if format(low, f".{places}f") == format(high, f".{places}f"):  # "-0.0" is not "0.0"
            return places
    return 0


class Table:
    """A small table shown as Markdown in a notebook, and as the same text everywhere else."""

    def __init__(self, header: list, rows: list[list]):
        self.header, self.rows = list(header), [list(r) for r in rows]

    def markdown(self) -> str:
        lines = [self.header, ["---"] * len(self.header), *self.rows]
        return "\n".join(
            "| " + " | ".join(str(c).replace("|", "\\|") for c in line) + " |" for line in lines
        )

    def _repr_markdown_(self):
        return self.markdown()

    def __repr__(self):
        return self.markdown()


def show_source(*objects):
    """Show the source of labcode functions, classes or methods as one Python code block.

    Chapters call it next to the equation a function implements, so the page shows the code it
    teaches, read from labcode as the chapter runs: there is one copy of the code, and a change
    to a function changes the page (and fails nbval until the golden notebook is regenerated).
    """
    if not objects:
        raise ValueError("show_source needs at least one labcode function, class or method")
    blocks = []
    for obj in objects:
        module = getattr(obj, "__module__", None) or ""
        if not (
            inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)
        ) or not module.startswith("labcode."):
            raise ValueError(
                f"show_source shows labcode's functions, classes and methods; got {obj!r}"
            )
        blocks.append(textwrap.dedent(inspect.getsource(obj)).rstrip())
    from IPython.display import Markdown, display

    display(Markdown("```python\n" + "\n\n\n".join(blocks) + "\n```"))
