"""Inside a notebook kernel: another machine's round-off, and the raw value of each printed number.

An IPython startup file (written by ``kernel_env``) loads this module into a kernel before the
notebook's first cell and calls ``start()``, which reads two environment variables:

- ``LAB02_ROUNDOFF_SEED``: ``perturb(seed)``, the portability gate's other machine. Machines
  differ in the functions their libraries evaluate with code chosen per CPU and per platform,
  not in IEEE arithmetic (+, -, *, / and sqrt are correctly rounded everywhere). NumPy validates
  its float64 exp, log, log1p, expm1, sin and cos to 1 ULP and tanh to 2 ULP of the correctly
  rounded result (``numpy/_core/tests/data/umath-validation-set-*.csv``), so two conforming
  machines can differ by up to 4 ULP in one result; the C libraries behind Python's ``math``
  (glibc, Apple's, Microsoft's) are within 1-2 ULP each. Every result of those functions is
  therefore moved by -ULPS..ULPS units in the last place: a deterministic function of the
  result and the seed, so that, as on a real machine, the same input always gives the same
  output (``math.exp(x) == math.exp(x)`` still holds), whatever the order or thread of the
  calls. Exact results stay exact (exp(0) = 1, tanh(0) = 0, a saturated tanh = 1, log2(8) = 3:
  every libm returns those), and so does a result within ULPS ULP of +-1 (a tanh, sine or
  probability must not step past its bound). The seed picks the machine: each function gets
  its own hash key from it.
- ``LAB02_ROUNDOFF_LOG``: ``record(path)``, one JSON line per executed cell with the raw value
  of every float the cell formats (in an f-string field, or glued by ``labcode.book.glue``),
  how it was formatted, and the text. ``make notebooks`` records the twin's run (kept in
  ``values/`` beside the twin); the gate compares it with the perturbed run's (``nbval_plugin``).
  Numbers formatted inside labcode (``nn_model``'s printed costs, tables) are compared as text
  only.

Not simulated: matrix products written ``A @ B`` (OpenBLAS picks its kernel per CPU; the
operator cannot be intercepted from Python, and NumPy's SIMD switch leaves the kernel alone),
``x ** y``, and TensorFlow's own kernels. A result downstream of a perturbed function still
moves (every training step of chapters 4 and 5 calls exp or tanh), and printing at a safe
precision covers the rest (``tools/check_precision.py``).
"""

import ast
import builtins
import copy
import functools
import hashlib
import json
import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

ULPS = 4
NUMPY_FUNCTIONS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "cbrt",
)  # fmt: skip
MATH_FUNCTIONS = (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos",
    "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "cbrt",
)  # fmt: skip


def salt(seed, name):
    """The key of one function on one simulated machine (a 64-bit integer)."""
    return (seed * 0x9E3779B97F4A7C15 + zlib.crc32(name.encode()) * 0xBF58476D1CE4E5B9) % 2**64


# dtype: (unsigned integer of its width, Fibonacci hashing's multiplier, the shift that keeps the
# top 5 bits of the product, the size above which every float is an integer)
_BITS = {
    np.dtype(np.float64): (np.uint64, 0x9E3779B97F4A7C15, 59, 2.0**52),
    np.dtype(np.float32): (np.uint32, 0x9E3779B9, 27, 2.0**23),
}


def shift_array(y, key):
    """The float64 or float32 values of ``y`` moved by -ULPS..ULPS ULP, each by a hash of its own
    bits and ``key``. Left alone: other dtypes, non-finite and subnormal values, values within
    ULPS ULP of +-1 (a bounded function's bound), and integers (exact results)."""
    a = np.asarray(y)
    if (
        a.dtype not in _BITS
        or a.size == 0
        or (isinstance(y, np.ndarray) and type(y) is not np.ndarray)
    ):
        return y
    uint, multiplier, shift, integral = _BITS[a.dtype]
    flat = np.ascontiguousarray(a).reshape(-1)
    bits = flat.view(uint)
    step = ((bits ^ uint(key % 2 ** (8 * a.itemsize))) * uint(multiplier)) >> uint(shift)
    moved = (bits + step % uint(2 * ULPS + 1) - uint(ULPS)).view(a.dtype)  # wraps, as meant
    info = np.finfo(a.dtype)
    size = np.abs(flat)
    keep = (
        ~((size >= info.tiny) & (size <= info.max / 4))
        | (np.abs(size - 1) <= ULPS * info.eps)
        | ((flat == np.trunc(flat)) & (size < integral))
    )
    out = np.where(keep, flat, moved).reshape(a.shape)
    return out if isinstance(y, np.ndarray) else out[()]


def shift_float(x, key):
    """``shift_array`` for one Python float (the results of ``math``'s functions)."""
    size = abs(x)
    if (
        not 2.2250738585072014e-308 <= size <= 4e307
        or abs(size - 1) <= ULPS * 2.220446049250313e-16
    ):
        return x
    if x == math.trunc(x) and size < 2.0**52:
        return x
    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
    step = ((bits ^ key) * 0x9E3779B97F4A7C15 % 2**64) >> 59
    return struct.unpack("<d", struct.pack("<Q", bits + step % (2 * ULPS + 1) - ULPS))[0]


class PerturbedUfunc:
    """A NumPy ufunc whose results move by a few ULP; every attribute is the ufunc's own
    (libraries read ``nin``, ``types``, ``reduce``, ... from ``np.exp``)."""

    def __init__(self, ufunc, key):
        self._ufunc, self._key = ufunc, key

    def __call__(self, *args, **kwargs):
        result = self._ufunc(*args, **kwargs)
        if kwargs.get("where", True) is not True or self._ufunc.nout != 1:
            return result  # elements left out by `where` must stay as they were
        out = kwargs.get("out", args[self._ufunc.nin :] or None)
        out = out[0] if isinstance(out, tuple) else out
        if out is None:
            return shift_array(result, self._key)
        if type(out) is np.ndarray and out.flags.writeable:
            out[...] = shift_array(out, self._key)
        return result

    def __getattr__(self, name):
        return getattr(self._ufunc, name)

    def __repr__(self):
        return repr(self._ufunc)


def _perturbed_math(function, key):
    @functools.wraps(function)
    def perturbed(*args):
        return shift_float(function(*args), key)

    return perturbed


def perturb(seed):
    """Replace NumPy's and ``math``'s transcendental functions by another machine's.

    ml_dtypes (TensorFlow's bfloat16 and friends) registers loops on NumPy's ufuncs when it is
    imported, reading them from numpy's namespace as C ufunc objects: it is imported first.
    """
    try:
        import ml_dtypes  # noqa: F401
    except ImportError:
        pass
    for name in NUMPY_FUNCTIONS:
        setattr(np, name, PerturbedUfunc(getattr(np, name), salt(seed, "numpy." + name)))
    for name in MATH_FUNCTIONS:
        if hasattr(math, name):
            setattr(math, name, _perturbed_math(getattr(math, name), salt(seed, "math." + name)))


# --- the printed numbers ------------------------------------------------------------------

FIELD = "__lab02_number__"  # in builtins, so that the notebook's namespace stays its own


def _number(value, spec):
    """An f-string field's value, unchanged; a float is noted with the text it formats to."""
    if isinstance(value, float | np.floating):
        try:
            text = format(value, spec)
        except (TypeError, ValueError):
            return value  # the f-string itself raises, from the cell's own line
        _Log.note(float(value), ["format", spec], text)
    return value


class _Fields(ast.NodeTransformer):
    """f"{x:.2f}" -> f"{__lab02_number__(x, '.2f'):.2f}" (a field with !r or !s is left alone).

    A format spec with fields of its own (f"{x:.{n}f}") is evaluated twice."""

    def visit_FormattedValue(self, node):
        self.generic_visit(node)
        if node.conversion == -1:
            spec = copy.deepcopy(node.format_spec) if node.format_spec else ast.Constant("")
            node.value = ast.Call(ast.Name(FIELD, ast.Load()), [node.value, spec], [])
        return node


class _Log:
    path, cell, values = None, None, []

    @classmethod
    def note(cls, value, how, text):
        if cls.cell is not None:
            cls.values.append([value, how, text])

    @classmethod
    def pre_run_cell(cls, info):
        cls.cell, cls.values = cell_key(info.raw_cell), []

    @classmethod
    def post_run_cell(cls, result):
        if cls.values:
            with open(cls.path, "a") as log:
                log.write(json.dumps({"cell": cls.cell, "values": cls.values}) + "\n")
        cls.cell, cls.values = None, []


def cell_key(source):
    """How the two runs name a cell: by its source."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def record(path):
    """Log each cell's formatted floats to ``path`` (see the module's docstring)."""
    import IPython

    import labcode.book

    glue_text = labcode.book.glue_text

    @functools.wraps(glue_text)
    def noted_glue_text(value, fmt=None, rounding="nearest"):
        text = glue_text(value, fmt, rounding)
        if isinstance(value, float | np.floating):
            _Log.note(float(value), ["glue", fmt, rounding], text)
        return text

    labcode.book.glue_text = noted_glue_text
    setattr(builtins, FIELD, _number)
    shell = IPython.get_ipython()
    shell.ast_transformers.append(_Fields())
    shell.events.register("pre_run_cell", _Log.pre_run_cell)
    shell.events.register("post_run_cell", _Log.post_run_cell)
    _Log.path = path


def start():
    """What the startup file runs: ``perturb`` and ``record`` as the environment asks."""
    if os.environ.get("LAB02_ROUNDOFF_SEED"):
        perturb(int(os.environ["LAB02_ROUNDOFF_SEED"]))
    if os.environ.get("LAB02_ROUNDOFF_LOG"):
        record(os.environ["LAB02_ROUNDOFF_LOG"])


# --- outside the kernel ---------------------------------------------------------------------

STARTUP = """\
# Written by tests/harness/roundoff.py: load it into this kernel before the notebook runs.
import importlib.util as _util
import sys as _sys

_spec = _util.spec_from_file_location("_lab02_roundoff", {path!r})
_sys.modules[_spec.name] = _module = _util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
_module.start()
del _util, _sys, _spec, _module
"""


def kernel_env(build, seed=None, log=None):
    """The environment of a kernel that starts with this module: an IPython directory under
    ``build`` whose startup file calls ``start()``, and what ``start`` reads."""
    startup = Path(build) / "roundoff" / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    text = STARTUP.format(path=str(Path(__file__).resolve()))
    file = startup / "00-roundoff.py"
    if not file.exists() or file.read_text() != text:
        partial = file.with_suffix(f".{os.getpid()}")
        partial.write_text(text)
        partial.replace(file)  # atomic: two pytest workers may write it at once
    env = {"IPYTHONDIR": str(startup.parent.parent)}
    if seed is not None:
        env["LAB02_ROUNDOFF_SEED"] = str(seed)
    if log is not None:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        Path(log).write_text("")
        env["LAB02_ROUNDOFF_LOG"] = str(log)
    return env


def log_file(build, notebook, run="gate"):
    """The log of one run of one notebook, under ``build``."""
    notebook = Path(notebook).resolve()
    tag = hashlib.sha256(str(notebook).encode()).hexdigest()[:8]
    return Path(build) / "roundoff" / "logs" / f"{notebook.stem}-{run}-{tag}.jsonl"


def values_file(twin):
    """Where ``make notebooks`` keeps the values behind a twin's printed numbers."""
    twin = Path(twin)
    return twin.parent / "values" / f"{twin.stem}.json"


def write_values(twin, log):
    """Store the values logged in ``log`` by the run that made ``twin``."""
    path = values_file(twin)
    path.parent.mkdir(exist_ok=True)
    cells = read_log(log)[0]
    path.write_text('{"cells": [\n' + ",\n".join(json.dumps(c) for c in cells) + "\n]}\n")
    return path


def read_log(path, start=0):
    """The cells logged in ``path`` from byte ``start`` on: ``([(cell key, values), ...], end)``."""
    with open(path) as log:
        log.seek(start)
        lines = log.read()
    end = start + len(lines.encode())
    return [(entry["cell"], entry["values"]) for entry in map(json.loads, lines.splitlines())], end
