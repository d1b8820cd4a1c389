"""A small book with the site's own configuration, glossary, bibliography, build-time repairs
and styles, for the tests that build one (the strict build's negative tests, `make live`)."""

import shutil
from pathlib import Path

from tools.bookpaths import ROOT

SITE_FILES = ["_config.yml", "references.bib", "notation.md", "references.md"]
SITE_FOLDERS = ["_ext", "_static"]


def small_book(
    path: Path,
    pages: dict[str, str],
    intro: str = "# Intro\n\nA test book.\n",
    folders: tuple[str, ...] = (),
) -> Path:
    """``path`` made a book: ``intro`` is its root page, then ``pages`` ({docname: text}), then
    the site's notation and references pages. ``folders`` are copied from the repository too."""
    path.mkdir()
    for name in SITE_FILES:
        shutil.copy(ROOT / name, path / name)
    for folder in [*SITE_FOLDERS, *folders]:
        shutil.copytree(ROOT / folder, path / folder)
    (path / "intro.md").write_text(intro)
    for name, text in pages.items():
        (path / f"{name}.md").write_text(text)
    toc = [*pages, "notation", "references"]
    (path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: {n}\n" for n in toc)
    )
    return path
