"""labcode.exercises: every checker passes labcode's own function, says "not implemented yet"
for a skeleton, turns a student's exception or missing return into a clear failure and fails a
hard-coded answer; and each chapter's checkers live in the module named after the chapter."""

import importlib
import re
from pathlib import Path

import pytest

from labcode import exercises
from labcode.graph import topological_order
from tools.bookpaths import CHAPTERS, ROOT

CHECKERS = sorted(name for name in dir(exercises) if name.startswith("check_"))


def references():
    """{checker: labcode's function it compares with}, from the REFERENCES of each chapter's
    test file beside this one (a new chapter's checkers are tested once its file names them)."""
    found = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path != Path(__file__):
            found.update(importlib.import_module(f"{__package__}.{path.stem}").REFERENCES)
    return found


REFERENCES = references()


def test_every_checker_is_tested_against_its_reference():
    untested = sorted(set(CHECKERS) - set(REFERENCES))
    assert not untested, (
        f"checkers with no reference in their chapter's test file (REFERENCES): {untested}"
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


@pytest.mark.parametrize("name", CHECKERS)
def test_checker_passes_labcode_and_prints_one_line(name, capsys):
    getattr(exercises, name)(REFERENCES[name])
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.endswith("tests passed.\n"), (
        f"{name}(labcode's function) should print one pass line, printed {out!r}"
    )
    assert "all 1 tests" not in out, f"{name} runs one test only: a hard-coded answer would pass"


@pytest.mark.parametrize("name", CHECKERS)
def test_skeleton_is_not_implemented_yet_and_raises_nothing(name, capsys):
    def skeleton(*args, **kwargs):
        # YOUR CODE HERE
        raise NotImplementedError()

    getattr(exercises, name)(skeleton)
    out = capsys.readouterr().out
    assert out.endswith(": not implemented yet.\n"), f"{name} printed {out!r} for a skeleton"


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
    reference, answers = REFERENCES[name], []

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
                root.backward()
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
