"""The student edition of the site (`make book EDITION=student`, tools.student_edition).

Built here, after the full site (make test's "student" phase runs after its build): no chapter
is executed again, the full site is left as it was, and no solution reaches the student
edition, neither its pages, nor its search index, nor its downloads (_sources/, _downloads/),
and neither does the shown source of a function the exercises ask for. What counts as a
solution is read from the full build's own doctrees (sphinx-exercise's solution nodes), not
from the code under test; each secret is checked to be in the full site, so that the test
would see it leak.
"""

import html
import importlib.util
import json
import pickle
import re
import subprocess
import sys

import nbformat
import pytest
from docutils import nodes
from sphinx.search.en import SearchEnglish
from sphinx_exercise.nodes import solution_node

from tools.bookpaths import CHAPTERS, ROOT, SITE

STUDENT = ROOT / "_build" / "student" / "html"
DOCTREES = ROOT / "_build" / ".doctrees"
CHECK = re.compile(r"^check_(\w+)\(\1\)$", re.M)
DEFINES = re.compile(r"^(?:async )?def (\w+)\(", re.M)
_spec = importlib.util.spec_from_file_location("solutions", ROOT / "_ext" / "solutions.py")
solutions_ext = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solutions_ext)
MARKER = re.compile(r"### (BEGIN|END) SOLUTION")
REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.M | re.S)


def digest(site):
    return {p.relative_to(site): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def build_log():
    """Build the student edition; the full site must be there first, and stay as it is."""
    if not (SITE / "index.html").is_file() or not DOCTREES.is_dir():
        pytest.fail("no full site: run `make book` first (make test builds it)", pytrace=False)
    before = digest(SITE)
    run = subprocess.run(
        [sys.executable, "-m", "tools.student_edition"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, f"the student edition did not build:\n{run.stdout}\n{run.stderr}"
    assert digest(SITE) == before, "building the student edition changed the full site"
    return run.stdout + run.stderr


def outside_solutions(doctree):
    """The doctree's text without its solutions."""
    copy = doctree.deepcopy()
    for node in list(copy.findall(solution_node)):
        node.parent.remove(node)
    return copy.astext()


def given_code_left_out(code):
    """A solution cell's code, less what the exercise gives (outside nbgrader's markers)."""
    regions = REGION.findall(code)
    return "\n".join(regions) if regions else code


def secrets(docname):
    """(solution code lines, graded functions' shown source lines, solution prose) of a page,
    from the full build's doctree: lines of 20 characters or more found nowhere else on it."""
    doctree = pickle.loads((DOCTREES / f"{docname}.doctree").read_bytes())
    solutions = list(doctree.findall(solution_node))
    code = "\n".join(
        given_code_left_out(block.astext())
        for solution in solutions
        for block in solution.findall(nodes.literal_block)
        if block.parent.get("nb_element") == "cell_code_source"  # a code cell's input
    )
    graded = set(CHECK.findall(code))
    shown = [
        block.astext()
        for block in doctree.findall(nodes.literal_block)
        if block.get("language") == "python" and set(DEFINES.findall(block.astext())) & graded
    ]
    graded_parts = [
        part
        for block in shown
        for part in block.split("\n\n\n")
        if (m := DEFINES.search(part)) and m.group(1) in graded
    ]
    outside = outside_solutions(doctree)
    for part in graded_parts:
        outside = outside.replace(part, "")
    graded_source = "\n".join(graded_parts)

    def lines(text):
        return {
            line.strip()
            for line in text.splitlines()
            if len(line.strip()) >= 20
            and not MARKER.search(line)
            and "(eq-" not in line  # the site shows a docstring's equation label numbered
            and line.strip() not in outside
        }

    # A graded function's signature is given (in the exercise), its body is the secret.
    graded_source = "\n".join(
        line for line in graded_source.splitlines() if not DEFINES.match(line.strip())
    )
    prose = " ".join(p.astext() for s in solutions for p in s.findall(nodes.paragraph))
    return lines(code), lines(graded_source), prose


def page_text(path):
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def notebook_text(path):
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


def downloads(site):
    """{path: text} of every file a reader can download from the site."""
    found = {}
    for folder in ("_sources", "_downloads"):
        for path in (site / folder).rglob("*"):
            if path.suffix == ".ipynb":
                found[path] = notebook_text(path)
            elif path.is_file():
                found[path] = path.read_text()
    return found


def search_terms(site, docname):
    """The search index's terms (of the text and of titles) that point to the page ``docname``."""
    text = (site / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    number = index["docnames"].index(docname)

    def pages(where):
        return where if isinstance(where, list) else [where]

    return {
        term
        for kind in ("terms", "titleterms")
        for term, where in index[kind].items()
        if number in pages(where)
    }


def terms_of(text):
    search = SearchEnglish({})
    return {search.stem(w.lower()) for w in search.split(text) if len(w) > 2}


def test_no_chapter_is_executed_again(build_log):
    executed = re.findall(r"^(\S+): Executing notebook", build_log, re.M)
    assert not executed, f"the student edition executed {executed} again"
    cached = re.findall(r"^(\S+): Using cached notebook", build_log, re.M)
    assert len(cached) == len(CHAPTERS), f"chapters read from the cache: {cached}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_pages_have_no_solution(build_log, docname):
    code, graded_source, _ = secrets(docname)
    assert len(code) >= 2 and len(graded_source) >= 2, f"{docname}: too few secrets to check"
    full, student = page_text(SITE / f"{docname}.html"), page_text(STUDENT / f"{docname}.html")
    for line in code | graded_source:
        assert line in full, f"{docname}: the full site lacks {line!r}"
        assert line not in student, f"{docname}: the student edition shows {line!r}"
    assert 'class="solution' not in (STUDENT / f"{docname}.html").read_text()


@pytest.mark.parametrize("docname", CHAPTERS)
def test_pages_say_where_the_graded_source_went(build_log, docname):
    assert "is left out of this edition of the site" in page_text(STUDENT / f"{docname}.html")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_downloads_have_no_solution(build_log, docname):
    """The page's .md and .ipynb in _sources/ and its exercise notebook in _downloads/."""
    code, graded_source, _ = secrets(docname)
    stem = docname.rsplit("/", 1)[-1]

    def of_this_chapter(site):
        return {p: t for p, t in downloads(site).items() if p.name.startswith(stem)}

    full = "\n".join(of_this_chapter(SITE).values())
    assert all(line in full for line in code), f"{docname}: the full site's downloads lack one"
    files = of_this_chapter(STUDENT)
    assert sorted(p.suffix for p in files) == [".ipynb", ".ipynb", ".md"], sorted(files)
    for path, text in files.items():
        leaked = [line for line in code | graded_source if line in text]
        assert not leaked, f"{path.relative_to(STUDENT)} holds solution code: {leaked[:3]}"
        assert not MARKER.search(text), f"{path.relative_to(STUDENT)} holds nbgrader's markers"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_search_index_has_no_solution(build_log, docname):
    _, _, prose = secrets(docname)
    doctree = pickle.loads((DOCTREES / f"{docname}.doctree").read_bytes())
    only_in_solutions = terms_of(prose) - terms_of(outside_solutions(doctree))
    full, student = search_terms(SITE, docname), search_terms(STUDENT, docname)
    assert only_in_solutions & full, f"{docname}: the test finds no solution term in the index"
    leaked = only_in_solutions & student
    assert not leaked, f"{docname}: the student edition's search index has {sorted(leaked)}"
    note = terms_of(solutions_ext.left_out_note(["f"]))
    assert student <= full | note, f"{docname}: student index terms not in the full one"
