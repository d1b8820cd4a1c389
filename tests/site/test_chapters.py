"""Chapter pages as a student uses them: the rocket opens the chapter's executed notebook on
Binder or Colab, the download menu gives that notebook with its outputs, and the site search
finds the chapter."""

import json
import urllib.request
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml

from tools.bookpaths import CHAPTERS, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def _github_repo():
    url = CONFIG["repository"]["url"].rstrip("/")
    parts = urlsplit(url)
    assert parts.netloc == "github.com", f"repository.url {url} is not a GitHub repository"
    return parts.path.strip("/")  # "org/repo"


@pytest.fixture(params=CHAPTERS)
def chapter(request, visits):
    visit = visits[request.param]
    assert not visit.error, f"visiting {visit.url} failed: {visit.error}"
    return visit


# Binder opens the .md as text when the .ipynb twin is missing beside it; Colab cannot open it.
LAUNCHERS = {
    "Binder": "https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{docname}.ipynb",
    "Colab": "https://colab.research.google.com/github/{repo}/blob/main/{docname}.ipynb",
}


@pytest.mark.parametrize("service", LAUNCHERS)
def test_launch_button_opens_the_chapter_notebook(chapter, service):
    expected = LAUNCHERS[service].format(repo=_github_repo(), docname=chapter.docname)
    assert expected in chapter.links["launch"], (
        f"{chapter.docname}: no {service} link to its notebook {expected}; the launch menu has "
        f"{chapter.links['launch']}"
    )


def _download(chapter):
    target = f"_sources/{chapter.docname}.ipynb"
    links = [u for u in chapter.links["download"] if u.endswith(target)]
    assert links, (
        f"{chapter.docname}: the download menu has no .ipynb link "
        f"(_sources/{chapter.docname}.ipynb); it has {chapter.links['download']}"
    )
    with urllib.request.urlopen(links[0], timeout=30) as response:
        assert response.status == 200, f"{links[0]} answered HTTP {response.status}"
        return response.read().decode()


def test_downloaded_notebook_is_valid_and_executed(chapter):
    """The .ipynb download is the book's executed notebook: every code cell ran, and the
    same cells as in the golden twin have outputs (see _ext/lab_site.py for the build's
    execution cache, which used to drop them)."""
    nb = nbformat.reads(_download(chapter), as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"the downloaded {chapter.docname}.ipynb has no code cells"
    unexecuted = [i for i, cell in enumerate(code) if cell.execution_count is None]
    assert not unexecuted, (
        f"the downloaded {chapter.docname}.ipynb has unexecuted code cells {unexecuted}"
    )
    with_outputs = [i for i, cell in enumerate(code) if cell.outputs]
    assert with_outputs, f"the downloaded {chapter.docname}.ipynb has no outputs at all"
    twin = json.loads((ROOT / f"{chapter.docname}.ipynb").read_text())
    twin_outputs = [
        i
        for i, cell in enumerate(c for c in twin["cells"] if c["cell_type"] == "code")
        if cell.get("outputs")
    ]
    assert with_outputs == twin_outputs, (
        f"the downloaded {chapter.docname}.ipynb has outputs in code cells {with_outputs}, "
        f"its golden twin in {twin_outputs}: a student would get a notebook with results missing"
    )


@pytest.mark.parametrize("name", CHAPTERS)
def test_search_finds_the_chapter(name, searches):
    term, hrefs, error = searches[name]
    assert not error, f"searching the site for {term!r} failed: {error}"
    pages = [urlsplit(h).path for h in hrefs]
    assert any(p.endswith(f"/{name}.html") for p in pages), (
        f"the site search for {term!r} (from the title of {name}) does not list {name}; "
        f"it lists {pages}"
    )
