"""Each chapter page links its exercise notebook (chapters/exercises/, see
tools/exercise_notebooks.py): in a browser, the download link saves the committed notebook, and
the Binder and Colab links open that notebook in the repository. The notebook's exercise and
equation numbers are the ones the page shows."""

import re
from urllib.parse import urlsplit

import jupytext
import pytest
import yaml
from playwright.sync_api import sync_playwright

from tests.site import sitesurvey
from tools import exercise_notebooks as generator
from tools.bookpaths import CHAPTERS, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def notebook(docname):
    return generator.notebook_path(ROOT / f"{docname}.md")


@pytest.fixture(scope="module")
def pages(base_url, tmp_path_factory):
    """{docname: (download href, launch hrefs, bytes the browser saved from the download)}"""
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=sitesurvey.chromium_path(), args=sitesurvey.CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(accept_downloads=True)
            for docname in CHAPTERS:
                page.goto(f"{base_url}{docname}.html", wait_until="domcontentloaded")
                links = page.locator("p.exercise-notebook a")
                hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
                download = page.locator("p.exercise-notebook a.download")
                saved = None
                if download.count() == 1:
                    with page.expect_download() as info:
                        download.click()
                    path = tmp_path_factory.mktemp("downloads") / info.value.suggested_filename
                    info.value.save_as(path)
                    saved = (info.value.suggested_filename, path.read_bytes())
                found[docname] = (hrefs, saved)
        finally:
            browser.close()
    return found


def _repo_and_branch():
    repository = CONFIG["repository"]
    return urlsplit(repository["url"]).path.strip("/"), repository["branch"]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_download_saves_the_committed_exercise_notebook(pages, docname):
    hrefs, saved = pages[docname]
    path = notebook(docname)
    assert saved is not None, (
        f"{docname}.html has no download link to its exercise notebook (links: {hrefs}); "
        f"the chapter needs an {{exercise-notebook}} block"
    )
    name, content = saved
    assert name == path.name, f"{docname}: the download is named {name}, not {path.name}"
    assert content == path.read_bytes(), (
        f"{docname}: the downloaded {name} differs from {path.relative_to(ROOT)}: rebuild the site"
    )


@pytest.mark.parametrize("docname", CHAPTERS)
def test_binder_and_colab_open_the_exercise_notebook(pages, docname):
    hrefs, _ = pages[docname]
    repo, branch = _repo_and_branch()
    path = notebook(docname).relative_to(ROOT).as_posix()
    expected = [
        f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{path}",
        f"https://colab.research.google.com/github/{repo}/blob/{branch}/{path}",
    ]
    missing = [url for url in expected if url not in hrefs]
    assert not missing, f"{docname}.html does not link {missing}; its links are {hrefs}"
    assert notebook(docname).is_file(), f"{path}, which Binder and Colab open, is missing"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_notebook_numbers_exercises_and_equations_as_the_page(site, docname):
    md = ROOT / f"{docname}.md"
    chapter, number = jupytext.read(md), generator.chapter_number(md)
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    for exercise in generator.coding_exercises(chapter, number):
        shown = re.search(
            rf'id="{exercise["label"]}">\s*<p class="admonition-title">'
            rf'<span class="caption-number">([^<]*?)\s*</span>',
            html,
        )
        assert shown and shown.group(1) == exercise["title"], (
            f"the notebook calls {exercise['label']} {exercise['title']}, the page "
            f"{shown.group(1) if shown else 'nothing'}"
        )
    equations = generator.equation_numbers(chapter, number)
    assert equations, f"{docname} has no numbered equation: the check is vacuous"
    for label, eqno in equations.items():
        shown = re.search(rf'id="equation-{label}">\s*<span class="eqno">(\([^<]*\))', html)
        assert shown and shown.group(1) == eqno, (
            f"the notebook numbers {label} {eqno}, the page {shown.group(1) if shown else 'not'}"
        )
