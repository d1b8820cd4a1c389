"""labcode.exercises: every checker passes right functions a student writes and refuses
labcode's own, says "not implemented yet" for a skeleton (and fails it in strict mode), turns
a student's exception or missing return into a clear failure and fails a hard-coded answer;
and each chapter's checkers live in the module named after the chapter."""

import functools
import importlib
import importlib.util
import inspect
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from labcode import exercises
from labcode.exercises import CheckFailed
from labcode.graph import topological_order
from tools.bookpaths import CHAPTERS, ROOT

CHECKERS = sorted(name for name in dir(exercises) if name.startswith("check_"))


def collected(name):
    """{checker: ...} from the dicts ``name`` of each chapter's test file beside this one
    (REFERENCES: labcode's function a checker compares with; RIGHT: right functions as
    students write them), so a new chapter's checkers are tested once its file names them."""
    found = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        if path != Path(__file__) and hasattr(module, name):
            found.update(getattr(module, name))
    return found


REFERENCES, RIGHT = collected("REFERENCES"), collected("RIGHT")
RIGHT_VARIANTS = [(name, f) for name in CHECKERS for f in RIGHT.get(name, [])]


def test_every_checker_is_tested_against_labcode_and_right_functions():
    for kind, found in (("REFERENCES", REFERENCES), ("RIGHT", RIGHT)):
        untested = sorted(set(CHECKERS) - set(found))
        assert not untested, (
            f"checkers with nothing in their chapter's test file's {kind}: {untested}"
        )


def chapter_module(docname):
    """The module of a chapter's checkers, named after it: chapters/01_calculus -> calculus."""
    return f"labcode.exercises.{docname.rsplit('/', 1)[-1].split('_', 1)[1]}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_a_chapter_calls_the_checkers_of_its_own_module(docname):
    name = chapter_module(docname)
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError:
        pytest.fail(f"{docname} has no module of checkers: add {name.replace('.', '/')}.py")
    own = {n for n in dir(module) if n.startswith("check_") and getattr(exercises, n, None)}
    assert len(own) >= 2, f"{name} exports {sorted(own)}: a chapter needs two checkers at least"
    called = set(re.findall(r"\b(check_\w+)\(", (ROOT / f"{docname}.md").read_text()))
    assert called and called <= own, (
        f"{docname} calls the checkers {sorted(called)}; its module {name} has {sorted(own)}"
    )


def test_every_checker_belongs_to_a_chapter():
    modules = {chapter_module(docname) for docname in CHAPTERS}
    strays = [n for n in CHECKERS if getattr(exercises, n).__module__ not in modules]
    assert not strays, f"checkers in no chapter's module ({sorted(modules)}): {strays}"


@pytest.mark.parametrize(
    "name, student", RIGHT_VARIANTS, ids=[f.__name__ for _, f in RIGHT_VARIANTS]
)
def test_checker_passes_a_right_function_and_prints_one_line(name, student, capsys):
    for strict in (False, True):
        getattr(exercises, name)(student, strict=strict)
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and out.endswith("tests passed.\n"), (
            f"{name}({student.__name__}) should print one pass line, printed {out!r}"
        )
        assert "all 1 tests" not in out, f"{name} runs one test only: a hard-coded answer passes"


def _copied(function, tmp_path):
    """labcode's ``function`` pasted into a student's file, docstring and all, with what its
    module defines imported (for its annotations and defaults)."""
    path = tmp_path / "pasted.py"
    module = inspect.getmodule(function).__name__
    path.write_text(
        f"from __future__ import annotations\n\nfrom {module} import *\n\n\n"
        + textwrap.dedent(inspect.getsource(function))
    )
    spec = importlib.util.spec_from_file_location("pasted", path)
    pasted = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pasted)
    return getattr(pasted, function.__name__)


@pytest.mark.parametrize("name", CHECKERS)
def test_labcode_own_function_is_refused_saying_so(name, rejects, tmp_path):
    own = REFERENCES[name]
    checker = getattr(exercises, name)
    rejects(checker, own, "labcode's own", "which the check compares with", "write your own")

    @functools.wraps(own)
    def wrapped(*args, **kwargs):
        return own(*args, **kwargs)

    rejects(checker, wrapped, "labcode's own")

    def calling(*args, **kwargs):
        return own(*args, **kwargs)

    rejects(checker, calling, "passes by calling labcode's own", "write your own")
    rejects(checker, _copied(own, tmp_path), "a copy of labcode's own", "source")


@pytest.mark.parametrize("name", CHECKERS)
def test_skeleton_is_not_implemented_yet_and_raises_nothing(name, capsys):
    def skeleton(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError()

    getattr(exercises, name)(skeleton)
    out = capsys.readouterr().out
    assert out.endswith(": not implemented yet.\n"), f"{name} printed {out!r} for a skeleton"


@pytest.mark.parametrize("name", CHECKERS)
def test_a_strict_check_fails_a_skeleton(name, capsys):
    """The graded cells' mode: an untouched notebook scores 0."""

    def skeleton(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not implemented yet: write it in place of"):
        getattr(exercises, name)(skeleton, strict=True)
    assert capsys.readouterr().out == ""


def cost_above_the_raise(A2, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    # YOUR CODE HERE
    raise NotImplementedError()
    return cost


def cost_below_the_raise(A2, Y):
    # YOUR CODE HERE
    raise NotImplementedError()
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


@pytest.mark.parametrize("student", [cost_above_the_raise, cost_below_the_raise])
@pytest.mark.parametrize("strict", [False, True])
def test_code_next_to_a_leftover_raise_is_told_to_delete_it(student, strict, rejects):
    rejects(
        functools.partial(exercises.check_compute_cost, strict=strict),
        student,
        "your code is there",
        "delete the raise line",
    )


def test_a_failure_shows_as_one_line_in_ipython(rejects):
    with pytest.raises(CheckFailed) as info:
        exercises.check_compute_cost(lambda A2, Y: 0.25)
    assert isinstance(info.value, AssertionError)
    (line,) = info.value._render_traceback_()
    assert line.endswith(f"CheckFailed\x1b[0m: {info.value}") and "\n" not in line


def test_an_error_in_a_students_function_names_its_line(rejects):
    def compute_cost(A2, Y):
        m = Y.shape[1]
        return float(-np.sum(Y * np.log(A2[1])) / m)

    rejects(
        exercises.check_compute_cost,
        compute_cost,
        "raised IndexError",
        "of your code: return float(-np.sum(Y * np.log(A2[1])) / m))",
    )


@pytest.mark.parametrize("name", CHECKERS)
def test_other_exceptions_become_assertion_errors_naming_them(name, rejects):
    def broken(*args, **kwargs):
        raise KeyError("W3")

    message = rejects(getattr(exercises, name), broken, "raised KeyError", "'W3'", "test 1")
    assert message.startswith(name.removeprefix("check_")), message


@pytest.mark.parametrize("name", CHECKERS)
def test_returning_nothing_is_a_clear_failure(name, rejects):
    if name == "check_backward":  # backward returns nothing: its effect is the grads

        def nothing(root):
            pass

        rejects(exercises.check_backward, nothing, "the output's grad is 0", "seed it with 1")
        return

    def nothing(*args, **kwargs):
        pass

    rejects(getattr(exercises, name), nothing, "None")


@pytest.mark.parametrize("name", CHECKERS)
def test_a_hard_coded_answer_fails(name, capsys, rejects):
    """The answer of the first test, returned whatever the input, fails a later test.

    (For topological_order the first answer lists the nodes of another graph: test 1 fails.)
    """
    reference, answers = RIGHT[name][0], []

    def recording(*args, **kwargs):
        answers.append(reference(*args, **kwargs))
        return answers[-1]

    getattr(exercises, name)(recording)
    capsys.readouterr()
    if name == "check_backward":  # grads live on the nodes: replay the first graph's instead
        first = []

        def hard_coded(root):
            nodes = topological_order(root)
            if not first:
                reference(root)
                first.extend(v.grad for v in nodes)
            for v, g in zip(nodes, first):
                v.grad = g
    else:

        def hard_coded(*args, **kwargs):
            return answers[0]

    rejects(
        getattr(exercises, name),
        hard_coded,
        "test 1" if name == "check_topological_order" else "test 2",
    )


def test_a_checker_needs_the_function_itself(rejects):
    rejects(exercises.check_compute_cost, 0.693, "check_compute_cost(compute_cost)", "float")
