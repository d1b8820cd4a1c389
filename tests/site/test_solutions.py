"""Solutions on the built site, in a browser (_ext/solutions.py): the code shows without
nbgrader's markers, and a tap anywhere on a "Solution to Exercise N.k" bar, on the words
"Exercise N.k" too, opens that solution and stays on the page."""

import pytest
from playwright.sync_api import sync_playwright

from tests.site import sitesurvey
from tools.bookpaths import CHAPTERS

# Where the words "Exercise N.k" of each solution bar are drawn, and whether a link is there.
BARS_JS = """
() => [...document.querySelectorAll('.solution.dropdown > .admonition-title')].map(bar => {
  const range = document.createRange();
  const text = [...bar.childNodes].find(n => n.textContent.includes('Exercise'));
  const at = text.textContent.indexOf('Exercise');
  range.setStart(text.firstChild || text, at);
  range.setEnd(text.firstChild || text, at + 'Exercise'.length);
  const box = range.getBoundingClientRect();
  return {id: bar.parentElement.id, title: bar.textContent.trim(),
          links: bar.querySelectorAll('a').length,
          x: box.x + box.width / 2, y: box.y + box.height / 2};
})
"""


@pytest.fixture(scope="module")
def taps(base_url):
    """{docname: [(bar title, links in it, hidden before, hidden after, url after) per bar]}"""
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=sitesurvey.chromium_path(), args=sitesurvey.CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            for docname in CHAPTERS:
                url = f"{base_url}{docname}.html"
                page.goto(url, wait_until="load")
                found[docname] = []
                for i in range(len(page.evaluate(BARS_JS))):
                    bar = page.evaluate(BARS_JS)[i]
                    page.evaluate(f"document.getElementById({bar['id']!r}).scrollIntoView()")
                    bar = page.evaluate(BARS_JS)[i]  # where it is drawn now
                    solution = page.locator(f"[id='{bar['id']}']")
                    hidden = "toggle-hidden" in (solution.get_attribute("class") or "")
                    page.mouse.click(bar["x"], bar["y"])
                    page.evaluate(sitesurvey.FRAMES_JS)
                    shown = "toggle-hidden" not in (solution.get_attribute("class") or "")
                    found[docname].append((bar["title"], bar["links"], hidden, shown, page.url))
        finally:
            browser.close()
    return found


@pytest.mark.parametrize("docname", CHAPTERS)
def test_tapping_the_exercise_words_opens_the_solution(taps, base_url, docname):
    assert taps[docname], f"{docname} has no dropdown solution"
    for title, links, hidden, shown, url in taps[docname]:
        assert links == 0, f"{docname}: the bar {title!r} holds a link"
        assert hidden, f"{docname}: {title!r} was not hidden at first"
        assert shown, f"{docname}: a tap on the words of {title!r} did not open it"
        assert url == f"{base_url}{docname}.html", f"{docname}: a tap on {title!r} went to {url}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_solution_code_has_no_nbgrader_markers(site, docname):
    page = (site / f"{docname}.html").read_text()
    assert "BEGIN SOLUTION" not in page and "END SOLUTION" not in page
