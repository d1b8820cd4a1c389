"""The glossary is where a reader looks up a term used before it is explained: the first time
the site's prose uses a glossary term, in reading order (intro, chapters), it links to the
glossary with {term}. Headings, bold chapter titles, inline code and directive options do not
count as uses. And every {term} names an entry (the strict build also fails on a broken one)."""

import re

import jupytext
import pytest

from tools.bookpaths import PAGES, ROOT

ROLE = re.compile(r"\{term\}`([^`]*)`")


def glossary_terms():
    text = (ROOT / "notation.md").read_text()
    body = text[text.index("```{glossary}") :]
    body = body[len("```{glossary}") : body.index("```", len("```{glossary}"))]
    return [line.strip() for line in body.splitlines() if line.strip() and line[0] != " "]


def prose(docname):
    """The page's Markdown, without what is not a use of a term."""
    path = ROOT / f"{docname}.md"
    if docname.startswith("chapters/"):
        cells = jupytext.read(path).cells
        text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    else:
        text = path.read_text()
    # headings, directive fences and options, and display math
    text = re.sub(r"^\$\$.*?^\$\$.*?$", "", text, flags=re.M | re.S)
    text = re.sub(r"^(?:#|:[\w-]+:|```).*$", "", text, flags=re.M)
    text = re.sub(r"\*\*[^*]+\*\*", "", text)  # bold titles, as in the intro's list
    # inline code goes; roles ({term}`...`, {eq}`...`) stay
    return re.sub(r"(\{[\w:-]+\}`[^`]*`)|`[^`]*`", lambda m: m.group(1) or "", text)


def role_target(content):
    match = re.search(r"<([^>]*)>\s*$", content)
    return (match.group(1) if match else content).strip().lower()


TERMS = glossary_terms()
READING_ORDER = [name for name in PAGES if name != "notation"]


def first_use(term):
    """(docname, linked, context) of the first use of ``term``, or None if the prose never
    uses it."""
    word = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])", re.I)
    for docname in READING_ORDER:
        text = prose(docname)
        uses = [
            (m.start(), role_target(m.group(1)) == term.lower(), m) for m in ROLE.finditer(text)
        ]
        uses = [(start, True, m) for start, linked, m in uses if linked]
        roles = [m.span() for m in ROLE.finditer(text)]
        uses += [
            (m.start(), False, m)
            for m in word.finditer(text)
            if not any(a <= m.start() < b for a, b in roles)
        ]
        if uses:
            start, linked, match = min(uses, key=lambda use: use[0])
            return docname, linked, text[max(0, start - 60) : match.end() + 20]
    return None


def test_the_glossary_has_entries():
    assert len(TERMS) > 20 and "gradient" in TERMS, TERMS


@pytest.mark.parametrize("term", TERMS)
def test_the_first_use_of_a_glossary_term_links_to_it(term):
    found = first_use(term)
    if found is None:
        pytest.skip(f"no page of the site uses {term!r} outside the glossary")
    docname, linked, context = found
    assert linked, (
        f"{docname}.md uses {term!r} before any page links it to the glossary: write "
        f"{{term}}`{term}` at its first use:\n  ...{' '.join(context.split())}..."
    )


def test_every_term_role_names_an_entry():
    known = {t.lower() for t in TERMS}
    for docname in READING_ORDER:
        for match in ROLE.finditer(prose(docname)):
            assert role_target(match.group(1)) in known, (
                f"{docname}.md: {match.group(0)} names no glossary entry"
            )
