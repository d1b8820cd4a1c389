"""Where the book's files are, and its pages in reading order, as Jupyter Book reads _toc.yml.

One module for the tests, tools/ and benchmarks/, imported as ``tools.bookpaths`` (the
Makefile runs every script as a module from the repository's root, and pytest has the root on
its path: ``pythonpath`` in pyproject.toml).
"""

from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"


def toc_files(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Docnames of every page in the table of contents, in reading order.

    Read by sphinx_external_toc, the parser Jupyter Book itself uses, so parts, sections and
    nested chapters are found exactly as the build finds them.
    """
    site = parse_toc_yaml(toc)
    pages = []

    def visit(docname):
        pages.append(docname)
        for child in site[docname].child_files():
            visit(child)

    visit(site.root.docname)
    return pages


def chapter_sources() -> list[Path]:
    """The chapter notebooks (MyST Markdown) listed in the table of contents."""
    return [ROOT / f"{name}.md" for name in toc_files() if name.startswith("chapters/")]


PAGES = toc_files()
CHAPTERS = [name for name in PAGES if name.startswith("chapters/")]
