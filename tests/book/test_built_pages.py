"""The built chapters as a student reads them (_build/html, so `make pages` runs after the build).

- The lesson speaks to students: words of the test machinery (assert, machine other than machine
  epsilon, SIMD, BLAS, platform, nbval, CPU) appear only in the chapter's one collapsed note for
  instructors, and in the chaos exercise of chapter 5, which teaches round-off.
- Numbers to compare, not test reports: no printed output line is a bound ("within 1e-04",
  "below 1e-08") where the number itself could be shown.
- A core path: the text visible before a reader opens anything (prose, code and outputs; the
  titles of the collapsed solutions, "Going further" regions, instructor note and hidden cell
  inputs count, their contents do not) is at most MAX_VISIBLE_WORDS words per chapter.

Words are counted as whitespace-separated tokens of the article's text, as `wc -w` would.
"""

import copy
import re

import pytest
from bs4 import BeautifulSoup

from tools.bookpaths import CHAPTERS, SITE

MAX_VISIBLE_WORDS = 8000

MACHINERY = {
    "assert": r"\bassert(?!ionError)\w*",  # AssertionError: what the exercise checkers raise
    "machine": r"\bmachines?\b(?! epsilon)",
    "SIMD": r"\bSIMD\b",
    "BLAS": r"BLAS",
    "platform": r"\bplatforms?\b",
    "nbval": r"\bnbval\b",
    "CPU": r"\bCPUs?\b",
}
# An exercise that teaches round-off across machines may name them (chapter 5's chaos exercise).
ROUND_OFF_EXERCISES = ["nn-ex-chaos"]

NUMBER = r"[-+]?(?:\d[\d,]*\.?\d*(?:e[-+]?\d+)?|\.\d+)"
BOUND = re.compile(
    r"(?:\b(?:within|below|above|under|less than|more than|fewer than|at most|at least|"
    r"smaller than|larger than|greater than|exceeds?|between)\s+|(?:<=?|>=?|≤|≥)\s*)" + NUMBER,
    re.I,
)


def _article(docname):
    path = SITE / f"{docname}.html"
    if not path.exists():
        pytest.fail(f"no built page {path}: run `make book` (or `make build`) first", pytrace=False)
    return BeautifulSoup(path.read_text(), "html.parser").select_one("article.bd-article")


@pytest.fixture(scope="module", params=CHAPTERS)
def chapter(request):
    return request.param, _article(request.param)


def visible_by_default(article):
    """The article without what a reader must open to see: the contents of collapsed
    admonitions (solutions, Going further, the instructor note) and of closed <details> (a
    cell's hidden input), their titles kept."""
    article = copy.copy(article)
    for dropdown in article.select(".admonition.dropdown"):
        for child in list(dropdown.children):
            if not (getattr(child, "get", None) and "admonition-title" in child.get("class", [])):
                child.extract()
    for details in article.select("details:not([open])"):
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    return article


def lesson(article):
    """The article without its instructor note and the exercises that teach round-off."""
    article = copy.copy(article)
    for note in article.select(".admonition.instructor-note"):
        note.decompose()
    for label in ROUND_OFF_EXERCISES:
        for node in article.select(f'[id="{label}"]'):
            # Its solution's title bar names it by number ("Solution to Exercise 5.3"), as
            # plain text (_ext/solutions.py makes the whole bar open the solution).
            number = node.select_one(".caption-number").get_text(" ").split()
            node.decompose()
            for solution in article.select(".solution"):
                title = solution.select_one(".admonition-title").get_text(" ").split()
                if title[-len(number) :] == number:
                    solution.decompose()
    return article


def words(article):
    return article.get_text(" ").split()


def output_lines(article):
    """Every line a cell printed (streams and plain-text results; not tracebacks or code)."""
    for pre in article.select(".cell_output .output.stream pre, .cell_output .text_plain pre"):
        yield from pre.get_text().splitlines()


def test_the_lesson_has_no_test_machinery_words(chapter):
    docname, article = chapter
    text = " ".join(words(lesson(article)))
    found = {
        name: sorted({m.group(0) for m in re.finditer(pattern, text, re.I)})
        for name, pattern in MACHINERY.items()
    }
    found = {name: hits for name, hits in found.items() if hits}
    contexts = [
        text[max(0, m.start() - 60) : m.end() + 60]
        for pattern in MACHINERY.values()
        for m in re.finditer(pattern, text, re.I)
    ]
    assert not found, (
        f"{docname}: test machinery in the lesson ({found}); it belongs in the chapter's "
        f"'For instructors' note:\n  " + "\n  ".join(contexts[:10])
    )


def test_no_printed_line_is_a_bound(chapter):
    docname, article = chapter
    bounds = [line.strip() for line in output_lines(article) if BOUND.search(line)]
    assert not bounds, (
        f"{docname} prints bounds where a student should see numbers to compare (show the "
        f"value at the precision that holds, and check the bound in a hidden cell or a test):\n  "
        + "\n  ".join(bounds)
    )


def test_at_most_8000_words_are_visible_by_default(chapter):
    docname, article = chapter
    visible = len(words(visible_by_default(article)))
    assert visible <= MAX_VISIBLE_WORDS, (
        f"{docname} shows {visible} words before a reader opens anything (at most "
        f"{MAX_VISIBLE_WORDS}): move what the lab's goals do not need into a Going further "
        f"region"
    )


def test_the_instructor_note_is_collapsed_and_alone(chapter):
    docname, article = chapter
    notes = article.select(".admonition.instructor-note")
    assert len(notes) <= 1, f"{docname} has {len(notes)} instructor notes: one at most"
    for note in notes:
        assert "dropdown" in note.get("class", []), f"{docname}: the instructor note is open"
        title = note.select_one(".admonition-title").get_text(" ").strip()
        assert title == "For instructors: what is checked", f"{docname}: note titled {title!r}"


# --- the measurements themselves, on small pages made to fail them ----------------------------

CANARY = """<article class="bd-article"><p>The cell asserts it on every machine.</p>
<div class="admonition dropdown instructor-note"><p class="admonition-title">For instructors:
what is checked</p><p>nbval and the BLAS of each CPU, on every platform.</p></div>
<div class="admonition dropdown going-further"><p class="admonition-title">Going further: x</p>
<p>hidden words here</p></div>
<details class="hide above-input"><summary>Show code cell source</summary>
<div class="cell_input">plt.plot(secret)</div></details>
<div class="exercise admonition" id="nn-ex-chaos"><p class="admonition-title">
<span class="caption-number">Exercise 5.3 </span></p><p>another machine</p></div>
<div class="solution dropdown admonition"><p class="admonition-title">Solution to Exercise 5.3
</p><p>chaos-solution machine</p></div>
<div class="solution dropdown admonition"><p class="admonition-title">Solution to Exercise 5.4
</p><p>a SIMD loop</p></div>
<div class="cell_output"><div class="output stream"><pre>W1: every entry within 1e-04
cost = 0.693011
relative difference &lt; 1e-09</pre></div></div>
<p>Machine epsilon is fine.</p></article>"""


def test_the_counts_find_what_they_should():
    article = BeautifulSoup(CANARY, "html.parser").select_one("article")
    text = " ".join(words(lesson(article)))
    found = [name for name, pattern in MACHINERY.items() if re.search(pattern, text, re.I)]
    assert found == ["assert", "machine", "SIMD"], found  # SIMD: another exercise's solution
    assert "chaos-solution" not in text, "the round-off exercise's solution was counted"
    assert [line for line in output_lines(article) if BOUND.search(line)] == [
        "W1: every entry within 1e-04",
        "relative difference < 1e-09",
    ]
    shown = words(visible_by_default(article))
    assert "hidden" not in shown and "Going" in shown and "nbval" not in shown
    assert "plt.plot(secret)" not in shown and "Show" in shown
