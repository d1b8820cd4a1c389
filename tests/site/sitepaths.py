"""Paths and page lists of the site tests, from tests/conftest.py's table-of-contents reader.

pytest imports tests/site/conftest.py under the module name "conftest", like tests/conftest.py,
so `from conftest import ...` is ambiguous in this folder: the modules here import from this
file instead, which loads tests/conftest.py by its path.
"""

import importlib.util
import re
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "lab_tests_conftest", Path(__file__).resolve().parents[1] / "conftest.py"
)
_root_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root_conftest)

ROOT = _root_conftest.ROOT
toc_files = _root_conftest.toc_files
chapter_sources = _root_conftest.chapter_sources

SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = toc_files()
CHAPTERS = [name for name in PAGES if name.startswith("chapters/")]


def chapter_title(docname):
    """The chapter's `# Title` (the first level-1 heading after the front matter)."""
    text = (ROOT / f"{docname}.md").read_text()
    body = text.split("---", 2)[2] if text.startswith("---") else text
    match = re.search(r"^# (.+)$", body, flags=re.M)
    return match.group(1).strip() if match else ""


def search_term(docname):
    """A key term of a chapter, to look it up with the site's search: its title's longest word."""
    words = re.findall(r"[A-Za-z][A-Za-z-]{3,}", chapter_title(docname))
    return max(words, key=len) if words else docname.split("_", 1)[-1]
