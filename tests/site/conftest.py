"""Fixtures of the site tests: the built site served on 127.0.0.1, and one browser survey of it.

Every page of _toc.yml is covered (bookpaths.PAGES), so a chapter is tested as soon as it is
added to the table of contents.
"""

import json
import re
import time

import pytest

from tests.site import sitesurvey
from tools.bookpaths import CHAPTERS, PAGES, ROOT, SCREENSHOTS, SITE
from tools.site_server import serve


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


@pytest.fixture(scope="session")
def site():
    """The built site. Missing -> fail (a site test that skips would hide a broken build)."""
    missing = [name for name in PAGES if not (SITE / f"{name}.html").exists()]
    if not SITE.is_dir() or len(missing) == len(PAGES):
        pytest.fail(f"no built site in {SITE}: run `make book` first", pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    """http://127.0.0.1:PORT/ serving _build/html (a free port; stopped after the session)."""
    with serve(site) as url:
        yield url + "/"


@pytest.fixture(scope="session")
def survey(base_url):
    """Every toc page visited (light, then dark, at three widths and printed), and each chapter
    searched for by a key term."""
    started = time.monotonic()
    visits, searches = sitesurvey.survey(
        base_url, PAGES, {name: search_term(name) for name in CHAPTERS}, SCREENSHOTS
    )
    seconds = time.monotonic() - started
    # For review next to the screenshots: what each page cost and what axe found.
    (SCREENSHOTS / "survey.json").write_text(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "pages": {
                    name: {
                        "seconds": v.seconds,
                        "error": v.error,
                        "axe_violations": {
                            t: [x["id"] for x in a.get("violations", [])] for t, a in v.axe.items()
                        },
                        "layout": {
                            f"{t}-{w}": {k: r[k] for k in ("scroll", "cut", "wide")}
                            for (t, w), r in v.layout.items()
                        },
                    }
                    for name, v in visits.items()
                },
                "searches": {
                    name: {"term": term, "results": len(hrefs), "error": error}
                    for name, (term, hrefs, error) in searches.items()
                },
            },
            indent=1,
        )
    )
    print(
        f"\nbrowser survey: {len(visits)} pages in {len(sitesurvey.THEMES)} themes at "
        f"{len(sitesurvey.WIDTHS)} widths and printed, {len(searches)} searches: {seconds:.1f} s"
    )
    return visits, searches


@pytest.fixture(scope="session")
def visits(survey):
    """{docname: sitesurvey.Visit}"""
    return survey[0]


@pytest.fixture(scope="session")
def searches(survey):
    """{chapter docname: (term, hrefs of the results, error)}"""
    return survey[1]
