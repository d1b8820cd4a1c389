"""Shared paths and the list of chapters, read from the table of contents."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files():
    """Docnames of every page in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = toc.get("parts", [{"chapters": toc.get("chapters", [])}])
    return [toc["root"]] + [entry["file"] for part in parts for entry in part["chapters"]]


def chapter_sources():
    """The chapter notebooks (MyST Markdown) listed in the table of contents."""
    return [ROOT / f"{name}.md" for name in toc_files() if name.startswith("chapters/")]


@pytest.fixture(scope="session")
def root():
    return ROOT
