"""What every checker shares: ``with Check(name, function) as c:`` runs the tests of one
checker, and the helpers below turn a student's result into numbers or name what is wrong with
it (see the package's docstring for what a checker prints and raises)."""

import warnings

import numpy as np


class _Skeleton(Exception):
    """The student's function still raises NotImplementedError."""


class Check:
    """One checker run: ``with Check(name, fn) as c:``, then ``c.test(...)`` and ``c.call(...)``.

    Leaving the block prints the pass line, or "not implemented yet" for a skeleton (and
    swallows it); an unexpected exception of the checker's own becomes an AssertionError.
    """

    def __init__(self, name, function):
        if not callable(function):
            raise AssertionError(
                f"check_{name} takes your function itself, as in "
                f"check_{name}({name}); got {type(function).__name__}"
            )
        self.name, self.function = name, function
        self.tests, self.where = 0, ""

    def __enter__(self):
        return self

    def test(self, description):
        """Start the next test; ``description`` says what its input is."""
        self.tests += 1
        self.where = f"test {self.tests} ({description})"

    def fail(self, message):
        raise AssertionError(f"{self.name}, {self.where}: {message}")

    def call(self, *args, **kwargs):
        """The student's function on ``args``, NumPy's warnings silenced (the checks judge)."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return self.function(*args, **kwargs)
        except NotImplementedError:
            raise _Skeleton() from None
        except Exception as exc:
            hint = next((h for pattern, h in _HINTS if pattern in str(exc)), "")
            raise AssertionError(
                f"{self.name}, {self.where}: raised {type(exc).__name__}: {exc}{hint}"
            ) from exc

    def __exit__(self, kind, exc, traceback):
        if kind is None:
            print(f"{self.name}: all {self.tests} tests passed.")
            return False
        if issubclass(kind, _Skeleton):
            print(f"{self.name}: not implemented yet.")
            return True
        if issubclass(kind, Exception) and not issubclass(kind, AssertionError):
            raise AssertionError(
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


def compare(c, got, expected, what, mistakes=(), rtol=1e-7):
    """Fail unless ``got`` equals ``expected`` (relative tolerance ``rtol``).

    ``mistakes`` are pairs (value, diagnosis): the value a planted mistake gives. The first one
    ``got`` matches names the mistake; shapes are diagnosed first.
    """
    got = array(c, got, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            c.fail(f"{what} has shape {got.shape}, expected {expected.shape}: it is transposed")
        if got.size == expected.size:
            c.fail(
                f"{what} has shape {got.shape}, expected {expected.shape}: it is flattened "
                f"or reshaped (keepdims=True keeps a sum a column or a row)"
            )
        c.fail(f"{what} has shape {got.shape}, expected {expected.shape}")
    if _close(got, expected, rtol):
        return
    for value, diagnosis in mistakes:
        if _close(got, np.asarray(value, dtype=np.float64), rtol):
            c.fail(f"{what} {diagnosis}")
    if not np.isfinite(got).all():
        c.fail(f"{what} contains inf or nan")
    c.fail(f"{what} is wrong: expected {_shown(expected)}, got {_shown(got)}")


def unchanged(c, before, after, what):
    for key, value in before.items():
        if not np.array_equal(value, after[key]):
            c.fail(
                f"changed {what}['{key}'] in place: compute new arrays and leave the "
                f"input as it was (x = x - ..., not x -= ...)"
            )
