"""nbgrader, end to end, on the course directory that `make assignment` writes.

In a temporary course directory (tools/assignment.py), the real nbgrader of .venv-nbgrader
(tools/nbgrader/setup.sh) runs the README's commands: generate_assignment strips every
solution; one autograde call grades three students, the untouched release (0 points), the
instructor's solutions (full marks) and a notebook with one planted mistake per chapter
(exactly the planted checks lose their points); generate_feedback shows each planted check's
message. The autograded solutions are also the one run of the chapters' solutions through
their checks (the exercise notebooks' own test runs only their skeletons).
"""

import html
import json
import os
import re
import subprocess

import nbformat
import pytest

from tools import assignment
from tools.bookpaths import ROOT

NBGRADER_BIN = ROOT / ".venv-nbgrader" / "bin"
STUDENTS = ("release", "solutions", "planted")
MARKER = re.compile(r"^[ \t]*### (?:BEGIN|END) SOLUTION[^\n]*(?:\n|$)", re.M)
REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.M | re.S)

# One likely mistake per chapter, as a student would write the cell, and what the check must
# say about it. Each notebook keeps its other checks, so it scores between 0 and full marks.
PLANTED = {
    "01_calculus_exercises.ipynb": (
        "central_difference",
        "def central_difference(f, x, h=H_CENTRAL):\n    return (f(x + h) - f(x)) / h\n",
        "is the forward difference (f(x + h) - f(x)) / h",
    ),
    "02_autodiff_exercises.ipynb": (
        "get_second_derivative",
        "def get_second_derivative(f, x):\n"
        "    with tf.GradientTape() as outer:\n"
        "        outer.watch(x)\n"
        "        with tf.GradientTape() as inner:\n"
        "            inner.watch(x)\n"
        "            y = f(x)\n"
        "        dy_dx = inner.gradient(y, x)\n"
        "    return outer.gradient(dy_dx, x), dy_dx\n",
        "the pair is (f'(x), f''(x)), in this order",
    ),
    "03_graphs_exercises.ipynb": (
        "topological_order",
        "def topological_order(root):\n"
        "    order, seen, queue = [], {root}, [root]\n"
        "    while queue:\n"
        "        node = queue.pop(0)\n"
        "        order.append(node)\n"
        "        for parent in node.parents:\n"
        "            if parent not in seen:\n"
        "                seen.add(parent)\n"
        "                queue.append(parent)\n"
        "    return order[::-1]\n",
        "breadth-first",
    ),
    "04_logistic_exercises.ipynb": (
        "propagate",
        "def propagate(w, b, X, Y):\n"
        "    m = X.shape[1]\n"
        "    Z = w.T @ X + b\n"
        "    A = sigmoid(Z)\n"
        "    dZ = A - Y\n"
        '    return {"dw": X @ dZ.T, "db": float(np.sum(dZ) / m)}, bce_with_logits(Z, Y)\n',
        "dw is m = 5 times too large",
    ),
    "05_network_exercises.ipynb": (
        "backward_propagation",
        "def backward_propagation(parameters, cache, X, Y):\n"
        "    m = X.shape[1]\n"
        '    A1, A2 = cache["A1"], cache["A2"]\n'
        "    dZ2 = A2 - Y\n"
        '    dZ1 = (parameters["W2"].T @ dZ2) * (A1 * (1 - A1))\n'
        '    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,\n'
        '            "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}\n',
        "uses sigma'(Z1) = A1 (1 - A1) where tanh'(Z1) = 1 - A1^2 belongs",
    ),
}

# Every grade of every student, read from the gradebook with nbgrader's own API.
SCORES = """
import json
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gb:
    print(json.dumps({
        s.student.id: {nb.name: {g.name: [g.score, g.max_score] for g in nb.grades}
                       for nb in s.notebooks}
        for s in gb.assignment_submissions("lab02")
    }))
"""


def readme_commands():
    """The README's grading commands: the code block of its section on nbgrader."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Grading with nbgrader", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def nbgrader(course, *command):
    """Run a shell command in ``course`` with .venv-nbgrader's nbgrader on PATH."""
    if not (NBGRADER_BIN / "nbgrader").exists():
        pytest.fail("no .venv-nbgrader: run `make assignment` first", pytrace=False)
    env = dict(os.environ, PATH=f"{NBGRADER_BIN}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True)
    assert run.returncode == 0, f"{' '.join(command)} failed:\n{run.stdout}\n{run.stderr}"
    return run


def solution_cells(nb):
    return {
        cell.metadata.nbgrader.grade_id: cell
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def submit(course, student, make_cell=None):
    """Copy the release into submitted/<student>/lab02/, each solution cell made by
    ``make_cell(notebook name, grade_id, source cell)`` (None: left as released)."""
    target = course / "submitted" / student / "lab02"
    target.mkdir(parents=True)
    for released in sorted((course / "release" / "lab02").glob("*.ipynb")):
        nb = nbformat.read(released, as_version=4)
        source = solution_cells(nbformat.read(course / "source" / "lab02" / released.name, 4))
        for grade_id, cell in solution_cells(nb).items():
            if make_cell is not None:
                cell.source = make_cell(released.name, grade_id, source[grade_id])
        nbformat.write(nb, target / released.name)


def solved(name, grade_id, source_cell):
    """The instructor's solution, as a student types it (without nbgrader's markers)."""
    return MARKER.sub("", source_cell.source)


def planted(name, grade_id, source_cell):
    function, wrong, _ = PLANTED[name]
    return wrong if grade_id == function else solved(name, grade_id, source_cell)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course directory after the README's commands; {student: {notebook: {check: score}}}."""
    course = tmp_path_factory.mktemp("course")
    assignment.write(course)
    commands = readme_commands()
    assert commands[0] == "make assignment", "the README's commands start with make assignment"
    assert commands[1].startswith("cd _build/assignment"), commands[1]
    for command in commands[2:]:
        if command.startswith("nbgrader autograde"):
            submit(course, "release")
            submit(course, "solutions", solved)
            submit(course, "planted", planted)
        nbgrader(course, "bash", "-c", command)
    scores = json.loads(nbgrader(course, "python", "-c", SCORES).stdout)
    return course, scores


def total(notebooks):
    return sum(score for checks in notebooks.values() for score, _ in checks.values())


def test_source_notebooks_grade_each_check_of_each_chapter(tmp_path):
    paths = assignment.write(tmp_path)
    assert [p.name for p in paths] == sorted(PLANTED), "one source notebook per chapter"
    assert (tmp_path / "nbgrader_config.py").is_file()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        kinds = [cell.metadata["nbgrader"] for cell in nb.cells]
        assert all(k["schema_version"] == 3 for k in kinds), f"{path.name}: a cell without metadata"
        graded_cells = [c for c in nb.cells if c.metadata.nbgrader.grade]
        assert len(graded_cells) >= 2, f"{path.name}: fewer than two graded checks"
        for cell in graded_cells:
            assert cell.metadata.nbgrader.locked and cell.metadata.nbgrader.points == 1
            assert cell.source.endswith(", strict=True)"), f"{path.name}: {cell.source}"
        solutions = [c for c in nb.cells if c.metadata.nbgrader.solution]
        assert len(solutions) == len(graded_cells), f"{path.name}: a check without a solution"
        others = [c for c in nb.cells if c not in graded_cells and c not in solutions]
        assert all(c.metadata.nbgrader.locked for c in others), f"{path.name}: an unlocked cell"


def test_a_check_cell_must_call_its_checker_on_its_function():
    with pytest.raises(ValueError, match="must be exactly check_<name>"):
        assignment.graded_check("check_f(g)", "here")
    assert assignment.graded_check("check_f(f)\n", "here") == ("check_f(f, strict=True)", "f")


def test_generate_assignment_strips_every_solution(graded):
    course, _ = graded
    for released in (course / "release" / "lab02").glob("*.ipynb"):
        nb = nbformat.read(released, as_version=4)
        source = solution_cells(nbformat.read(course / "source" / "lab02" / released.name, 4))
        for grade_id, cell in solution_cells(nb).items():
            assert "BEGIN SOLUTION" not in cell.source
            assert cell.source.endswith("    # YOUR CODE HERE\n    raise NotImplementedError()")
            hidden = REGION.search(source[grade_id].source).group(1)
            for line in filter(str.strip, hidden.splitlines()):
                assert line not in cell.source, f"{released.name}: {line!r} was released"


def test_untouched_release_scores_0(graded):
    _, scores = graded
    assert total(scores["release"]) == 0, scores["release"]


def test_instructors_solutions_score_full_marks(graded):
    _, scores = graded
    lost = {
        (nb, check): score
        for nb, checks in scores["solutions"].items()
        for check, score in checks.items()
        if score[0] != score[1]
    }
    assert not lost, f"solutions that do not pass their checks: {lost}"
    assert total(scores["solutions"]) == 12


def test_each_planted_mistake_loses_its_check_only(graded):
    _, scores = graded
    for name, (function, _, _) in PLANTED.items():
        notebook = name.removesuffix(".ipynb")
        failed = [c for c, (score, top) in scores["planted"][notebook].items() if score != top]
        assert failed == [f"check_{function}"], f"{notebook}: checks that lost points: {failed}"


def test_feedback_shows_the_checkers_message(graded):
    course, _ = graded
    for name, (_, _, message) in PLANTED.items():
        page = course / "feedback" / "planted" / "lab02" / name.replace(".ipynb", ".html")
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
        assert message in text, f"the feedback on {name} does not say {message!r}"
        assert "labcode/exercises" not in text, f"the feedback on {name} shows labcode's traceback"


def test_grades_export_totals_each_student(graded):
    course, _ = graded
    rows = (course / "grades.csv").read_text().splitlines()
    header = rows[0].split(",")
    score = {
        row[header.index("student_id")]: float(row[header.index("score")])
        for row in (r.split(",") for r in rows[1:])
    }
    assert score == {"release": 0.0, "solutions": 12.0, "planted": 7.0}
