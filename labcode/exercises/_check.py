"""What every checker shares: ``with Check(name, function, reference) as c:`` runs the tests
of one checker, and the helpers below turn a student's result into numbers or name what is
wrong with it (see the package's docstring for what a checker prints and raises)."""

import ast
import contextlib
import inspect
import sys
import sysconfig
import textwrap
import traceback
import warnings
from pathlib import Path

import numpy as np


class CheckFailed(AssertionError):
    """A check that failed; its message names the likely mistake.

    An AssertionError, so that scripts, nbgrader and a student's ``try`` see a failed check.
    IPython (Jupyter, JupyterLab, Colab) shows it as its one line (``_render_traceback_``):
    the traceback through labcode's checker under it would only hide that line.
    """

    def _render_traceback_(self):
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]


class _Skeleton(Exception):
    """The student's function still raises NotImplementedError; ``leftover``: below code."""

    def __init__(self, leftover):
        super().__init__()
        self.leftover = leftover


# Where a student's code is not: labcode, the standard library, installed packages.
_LIBRARIES = tuple(
    {str(Path(__file__).resolve().parents[1])}
    | {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)


def _in_your_code(exc):
    """' (line N of your code: ...)' for the innermost frame of ``exc`` outside libraries."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.startswith(_LIBRARIES) and not f.filename.startswith("<frozen")
    ]
    if not frames or not frames[-1].line:
        return ""
    return f" (line {frames[-1].lineno} of your code: {frames[-1].line.strip()})"


def _body(function):
    """The statements of ``function``'s source without its docstring, or None (no source)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    definition = next(
        (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if definition is None:
        return None
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body


def _raises_not_implemented(statement):
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _leftover_raise(function):
    """Does ``function`` hold code of its own next to the skeleton's raise?"""
    body = _body(function)
    return bool(
        body
        and any(_raises_not_implemented(s) for s in body)
        and any(not _raises_not_implemented(s) and not isinstance(s, ast.Pass) for s in body)
    )


def _dump(body):
    return [ast.dump(statement, annotate_fields=False) for statement in body]


def _labcode_own(function, reference):
    """Why ``function`` is labcode's ``reference`` itself, or None."""
    name = f"labcode's own {reference.__module__}.{reference.__qualname__}"
    own = inspect.unwrap(getattr(function, "__func__", function))
    if own is reference or getattr(own, "__code__", None) is reference.__code__:
        return f"this is {name}, which the check compares with: write your own"
    body = _body(own)
    if body and _dump(body) == _dump(_body(reference)):
        return f"this is a copy of {name}'s source, which the check compares with: write your own"
    return None


@contextlib.contextmanager
def _watching(code):
    """A list that becomes non-empty if ``code`` runs inside the block (sys.setprofile, unless
    a profiler already has it): a student's function that calls labcode's reference."""
    ran = []
    if sys.getprofile() is not None:
        yield ran
        return

    def profile(frame, event, arg):
        if event == "call" and frame.f_code is code:
            ran.append(True)

    sys.setprofile(profile)
    try:
        yield ran
    finally:
        sys.setprofile(None)


class Check:
    """One checker run: ``with Check(name, fn, reference, strict) as c:``, then ``c.test(...)``
    and ``c.call(...)``.

    ``reference`` is labcode's function of the same name, which ``fn`` may not be, copy or
    call. Leaving the block prints the pass line; a skeleton prints "not implemented yet"
    (and that is swallowed), or with ``strict`` (the graded cells) it fails; an unexpected
    exception of the checker's own becomes a CheckFailed too.
    """

    def __init__(self, name, function, reference, strict=False):
        if not callable(function):
            raise CheckFailed(
                f"check_{name} takes your function itself, as in "
                f"check_{name}({name}); got {type(function).__name__}"
            )
        own = _labcode_own(function, reference)
        if own:
            raise CheckFailed(f"{name}: {own}")
        self.name, self.function, self.reference = name, function, reference
        self.strict, self.calls_reference = strict, False
        self.tests, self.where = 0, ""

    def __enter__(self):
        return self

    def test(self, description):
        """Start the next test; ``description`` says what its input is."""
        self.tests += 1
        self.where = f"test {self.tests} ({description})"

    def fail(self, message):
        raise CheckFailed(f"{self.name}, {self.where}: {message}")

    def call(self, *args, **kwargs):
        """The student's function on ``args``, NumPy's warnings silenced (the checks judge);
        notes whether it called labcode's reference."""
        ran = []
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                with _watching(self.reference.__code__) as ran:
                    return self.function(*args, **kwargs)
        except NotImplementedError:
            raise _Skeleton(_leftover_raise(self.function)) from None
        except Exception as exc:
            hint = next((h for pattern, h in _HINTS if pattern in str(exc)), "")
            raise CheckFailed(
                f"{self.name}, {self.where}: raised {type(exc).__name__}: {exc}{hint}"
                f"{_in_your_code(exc)}"
            ) from exc
        finally:
            self.calls_reference |= bool(ran)

    def __exit__(self, kind, exc, traceback):
        if kind is None and self.calls_reference:
            raise CheckFailed(
                f"{self.name}: passes by calling labcode's own {self.reference.__module__}."
                f"{self.reference.__qualname__}, which the check compares with: write your own"
            )
        if kind is None:
            print(f"{self.name}: all {self.tests} tests passed.")
            return False
        if issubclass(kind, _Skeleton):
            if exc.leftover:
                raise CheckFailed(
                    f"{self.name}: your code is there, but the function still runs "
                    f"`raise NotImplementedError()`: delete the raise line"
                ) from None
            if self.strict:
                raise CheckFailed(
                    f"{self.name}: not implemented yet: write it in place of "
                    f"`raise NotImplementedError()`"
                ) from None
            print(f"{self.name}: not implemented yet.")
            return True
        if issubclass(kind, Exception) and not issubclass(kind, AssertionError):
            raise CheckFailed(
                f"{self.name}, {self.where}: returned something the check "
                f"cannot read ({kind.__name__}: {exc})"
            ) from exc
        return False


# Hints for the messages of exceptions a wrong function typically raises.
_PRODUCT = " (a matrix product of shapes that do not fit: check which factor is transposed)"
_HINTS = (
    ("matmul", _PRODUCT),
    ("not aligned", _PRODUCT),
    ("could not be broadcast", " (arrays of shapes that do not fit: check the shapes)"),
    ("non-persistent", " (a tape gives one gradient: nest a second tape around the first)"),
    (
        "but received None",
        " (an inner gradient was None: a tape that watches nothing? A "
        "constant x needs tape.watch(x) on every tape)",
    ),
    ("required positional argument", " (the signature should be labcode's, defaults included)"),
)


def array(c, value, what):
    """``value`` as a float64 array, or the check fails saying what came back instead."""
    if value is None:
        c.fail(f"{what} is None: a `return` is missing?")
    if isinstance(value, (str, bytes)):
        c.fail(f"{what} should be numbers, got {type(value).__name__}")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        c.fail(f"{what} should be numbers, got {type(value).__name__}")


def number(c, value, what):
    """``value`` as a float; a one-element array fails with a hint."""
    a = array(c, value, what)
    if a.ndim != 0:
        c.fail(
            f"{what} should be a single number, got an array of shape {a.shape} "
            f"(float(...) or np.squeeze(...) turns a one-element array into a number)"
        )
    return float(a)


def keyed(c, value, keys, what):
    if not isinstance(value, dict):
        c.fail(f"{what} should be a dict with keys {', '.join(keys)}; got {type(value).__name__}")
    missing = [k for k in keys if k not in value]
    if missing:
        c.fail(f"{what} has no key {', '.join(repr(k) for k in missing)}")
    return value


def pair(c, value, what):
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        c.fail(
            f"should return the pair {what}, got {type(value).__name__}"
            + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        )
    return value


def _close(got, expected, rtol):
    return got.shape == expected.shape and np.allclose(got, expected, rtol=rtol, atol=rtol * 1e-3)


def _shown(a):
    return (
        np.array2string(a, precision=4, suppress_small=True)
        if a.size <= 8
        else f"an array of shape {a.shape}"
    )


def _largest_difference(got, expected, digits=4):
    """'the largest difference, 0.1, is at [i, j]: expected 0.1234, got 0.2234'."""
    difference = np.abs(got - expected)
    index = np.unravel_index(np.argmax(difference), got.shape)
    at = f" at [{', '.join(str(int(i)) for i in index)}]" if got.ndim else ""
    return (
        f"the largest difference, {difference[index]:.1e}, is{at}: expected "
        f"{expected[index]:.{digits}g}, got {got[index]:.{digits}g}"
    )


def _precision(value):
    """The floating-point type of ``value`` if it is less precise than float64, else None."""
    try:
        dtype = np.dtype(getattr(value, "dtype", None) or np.float64)
    except TypeError:  # a TensorFlow dtype
        return None
    return dtype.name if np.issubdtype(dtype, np.floating) and dtype.itemsize < 8 else None


def compare(c, got, expected, what, mistakes=(), rtol=1e-7):
    """Fail unless ``got`` equals ``expected`` (relative tolerance ``rtol``).

    ``mistakes`` are pairs (value, diagnosis): the value a planted mistake gives. The first one
    ``got`` matches names the mistake, whatever its shape; then wrong shapes, a result right to
    float32's precision only, and otherwise where it differs most are reported.
    """
    low = _precision(got)
    got = array(c, got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if _close(got, expected, rtol):
        return
    for value, diagnosis in mistakes:
        if _close(got, np.asarray(value, dtype=np.float64), rtol):
            c.fail(f"{what} {diagnosis}")
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            c.fail(f"{what} has shape {got.shape}, expected {expected.shape}: it is transposed")
        if got.size == expected.size:
            c.fail(
                f"{what} has shape {got.shape}, expected {expected.shape}: it is flattened "
                f"or reshaped (keepdims=True keeps a sum a column or a row)"
            )
        c.fail(f"{what} has shape {got.shape}, expected {expected.shape}")
    if not np.isfinite(got).all():
        c.fail(f"{what} contains inf or nan")
    if _close(got, expected, max(rtol, 1e-5)):
        cause = (
            f"it is {low}: compute in float64, NumPy's default"
            if low
            else "was a step computed in float32, or with a rounded constant?"
        )
        c.fail(
            f"{what} is right to about 6 digits only ({_largest_difference(got, expected, 8)}): "
            f"{cause}"
        )
    if got.size <= 8:
        c.fail(f"{what} is wrong: expected {_shown(expected)}, got {_shown(got)}")
    wrong = int(np.sum(~np.isclose(got, expected, rtol=rtol, atol=rtol * 1e-3)))
    c.fail(
        f"{what} is wrong in {wrong} of its {got.size} entries; "
        f"{_largest_difference(got, expected)}"
    )


def by_m(value, m, formula):
    """The two mistakes of an average over m examples: a sum, and a sum divided twice."""
    return [
        (m * value, f"is m = {m} times too large: the 1/m of the average is missing, {formula}"),
        (value / m, f"is m = {m} times too small: it is divided by m twice, {formula}"),
    ]


def given(parameters):
    """(a copy of the dict ``parameters`` to pass, and its arrays, to tell what was changed)."""
    copy = {k: np.array(v) for k, v in parameters.items()}
    return copy, dict(copy)


def unchanged(c, before, passed, arrays, what):
    """The dict ``passed`` (made by ``given``) still holds ``arrays``, with ``before``'s values."""
    for key, value in before.items():
        if passed.get(key) is not arrays[key]:
            c.fail(
                f"wrote into the caller's dict: {what}['{key}'] is another array after the "
                f"call. Return a new dict and leave {what} as it was (build the result with "
                f"{{k: ... for k in ...}}, or first copy {what}, e.g. copy.deepcopy({what}))"
            )
        if not np.array_equal(value, arrays[key]):
            c.fail(
                f"changed {what}['{key}'] in place: compute new arrays and leave the "
                f"input as it was (x = x - ..., not x -= ...)"
            )
