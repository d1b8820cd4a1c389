"""The course apparatus of every chapter, read from its MyST source: numbered equations that
the text refers to, at least three exercises with hidden solutions, glossary links and
citations of works in references.bib (which the built references page shows: tests/site/)."""

import re

import pytest
from pybtex.database import parse_file

from tools.bookpaths import CHAPTERS, PAGES, ROOT

SOURCES = {
    name: (ROOT / f"{name}.md").read_text() for name in PAGES if (ROOT / f"{name}.md").exists()
}
BIB = parse_file(str(ROOT / "references.bib"))

# Directive openings (``` or :::, 3+ characters) with their option lines (:key: value).
DIRECTIVE = re.compile(
    r"^(?:`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
    re.M,
)
DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\((?P<label>[^)\s]+)\)")
EQ_REF = re.compile(r"\{eq\}`(?P<label>[^`]+)`")
TERM = re.compile(r"\{term\}`(?P<text>[^`]+)`")
CITE = re.compile(r"\{cite(?::\w+)?\}`(?P<keys>[^`]+)`")


def directives(text, *names):
    for match in DIRECTIVE.finditer(text):
        if match["name"] in names:
            options = dict(
                re.match(r"[ \t]*:([\w-]+):[ \t]*(.*)", line).groups()
                for line in match["options"].splitlines()
            )
            yield match["arg"].strip(), options


def equation_labels(text):
    labels = {m["label"] for m in DOLLAR_LABEL.finditer(text)}
    return labels | {opts["label"] for _, opts in directives(text, "math") if "label" in opts}


def glossary_terms():
    """The terms of the glossary in notation.md (lower case, as Sphinx matches them)."""
    text = (ROOT / "notation.md").read_text()
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.M | re.S)
    assert block, "notation.md has no {glossary} block"
    return {
        line.strip().lower()
        for line in block[1].splitlines()
        if line.strip() and not line[0].isspace() and not line.startswith(":")
    }


def term_target(text):
    """{term}`text <target>` links to target; {term}`text` to text."""
    m = re.fullmatch(r"(?s).*<(?P<target>[^>]+)>\s*", text)
    return (m["target"] if m else text).strip().lower()


ALL_LABELS = set().union(*(equation_labels(text) for text in SOURCES.values()))


@pytest.fixture(params=CHAPTERS)
def chapter(request):
    return request.param, SOURCES[request.param]


def test_chapter_has_labelled_equations(chapter):
    name, text = chapter
    assert equation_labels(text), (
        f"{name} has no labelled equation: number the key ones with `$$ ... $$ (eq-label)`"
    )


def test_chapter_refers_to_its_equations(chapter):
    name, text = chapter
    own = equation_labels(text)
    refs = {m["label"] for m in EQ_REF.finditer(text)}
    assert refs & own, (
        f"{name} never refers to its own equations {sorted(own)}: cite them with {{eq}}`label`"
    )
    unknown = refs - ALL_LABELS
    assert not unknown, f"{name} refers to equations no page defines: {sorted(unknown)}"


def test_chapter_has_three_exercises_with_hidden_solutions(chapter):
    name, text = chapter
    exercises = [opts.get("label") for _, opts in directives(text, "exercise")]
    assert len(exercises) >= 3, f"{name} has {len(exercises)} exercise(s); it needs at least 3"
    assert None not in exercises, f"{name}: every exercise needs a :label: for its solution"
    solutions = {}
    for target, opts in directives(text, "solution", "solution-start"):
        solutions.setdefault(target, []).append(opts.get("class", "").split())
    for label in exercises:
        assert label in solutions, f"{name}: exercise {label} has no solution"
        assert all("dropdown" in classes for classes in solutions[label]), (
            f"{name}: the solution of {label} is shown open; give it `:class: dropdown`"
        )


def test_chapter_links_to_the_glossary(chapter):
    name, text = chapter
    terms = [term_target(m["text"]) for m in TERM.finditer(text)]
    assert terms, f"{name} links no glossary term: use {{term}}`...` (terms are in notation.md)"
    unknown = sorted(set(terms) - glossary_terms())
    assert not unknown, f"{name} links terms that are not in the glossary: {unknown}"


def test_chapter_cites_a_reference(chapter):
    name, text = chapter
    assert CITE.search(text), f"{name} cites nothing: use {{cite:p}}`key` (keys in references.bib)"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_citation_key_is_in_the_bibliography(name):
    keys = {k.strip() for m in CITE.finditer(SOURCES[name]) for k in m["keys"].split(",")}
    unknown = sorted(keys - set(BIB.entries))
    assert not unknown, f"{name} cites keys that references.bib does not have: {unknown}"
