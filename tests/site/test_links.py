"""No broken internal link on the site: LinkChecker crawls the served site from every page of
the table of contents (external links are not followed: the tests run offline), and every
#fragment of an internal link names an element of its target page.

The fragments are checked here, not by LinkChecker's AnchorCheck plugin (LinkChecker 10.6.0),
for two measured reasons. It misses broken fragments: planted in chapter 5 of the built site,
a link to a missing glossary term on the notation page was reported, but a link to a missing
``#equation-...`` on chapter 5 itself was not, planted first or last among its equation links
(a URL with a fragment shares its cache entry with the page: linkchecker/linkchecker#542). And
it downloads and parses a page once per link into it (linkchecker/linkchecker#781): 48 to 90 s
on this site on 2 busy cores, against under 5 s for LinkChecker without it and a fraction of a
second for the check below.
"""

import csv
import functools
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tools.bookpaths import PAGES

# LinkChecker settings. It reads this file before dropping root privileges (to user nobody),
# so it may live in a private temporary folder.
LINKCHECKER_RC = """\
[checking]
threads=4
# The test server sends a "LinkChecker" header, which lets LinkChecker go this fast.
maxrequestspersecond=1000
[filtering]
checkextern=0
[output]
status=0
"""


def linkchecker():
    exe = Path(sys.executable).with_name("linkchecker")
    return str(exe) if exe.exists() else shutil.which("linkchecker")


@pytest.fixture(scope="session")
def linkchecker_rows(base_url):
    """LinkChecker's verdict on every URL it met, as dicts (its CSV columns)."""
    assert linkchecker(), "LinkChecker is not installed (it is in requirements.txt)"
    with tempfile.TemporaryDirectory() as tmp:
        rc = Path(tmp) / "linkcheckerrc"
        rc.write_text(LINKCHECKER_RC)
        run = subprocess.run(
            [
                linkchecker(),
                "--config",
                str(rc),
                "--no-robots",
                "--verbose",
                "--output",
                "csv",
                *(f"{base_url}{name}.html" for name in PAGES),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    lines = [line for line in run.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert rows, f"LinkChecker reported nothing (exit {run.returncode}):\n{run.stderr[-2000:]}"
    # It crawled: every page, and their scripts, styles, fonts, images and sources (far more
    # URLs than pages), else the broken-link test below would pass on what it never saw.
    checked = {row["url"] for row in rows}
    missing = [name for name in PAGES if f"{base_url}{name}.html" not in checked]
    assert not missing, f"LinkChecker did not check {missing}"
    internal = {url for url in checked if url.startswith(base_url)}
    assert len(internal) >= 3 * len(PAGES), (
        f"LinkChecker checked only {len(internal)} internal URLs: it did not crawl the site"
    )
    return rows


def test_no_broken_internal_links(linkchecker_rows, base_url):
    broken = [
        f"{row['parentname']} line {row['line']}: {row['urlname']} -> {row['result']}"
        f" {row['warningstring']}".rstrip()
        for row in linkchecker_rows
        if row["url"].startswith(base_url) and (row["valid"] != "True" or row["warningstring"])
    ]
    assert not broken, "broken or suspicious internal links:\n" + "\n".join(broken)


class _Anchors(HTMLParser):
    """The ids (and old-style <a name>) of a page, and the hrefs of its links."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


@functools.cache
def _parse(path):
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_fragments(site, pages):
    """(how many internal #links were checked, the ones whose target has no such id)."""
    broken, checked = set(), 0
    for name in pages:
        page = site / f"{name}.html"
        for href in _parse(page).hrefs:
            url = urlsplit(href)
            if url.scheme or url.netloc or not url.fragment:
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.suffix != ".html":
                continue
            checked += 1
            if not target.is_file():
                broken.add(f"{name}: {href} (no page {target.name})")
            elif unquote(url.fragment) not in _parse(target).ids:
                broken.add(f"{name}: {href} (no id {url.fragment!r} in {target.name})")
    return checked, sorted(broken)


def test_internal_link_fragments_exist(site):
    """#fragments: an equation, figure, glossary term or citation that moved breaks its links
    without a 404, so each one is looked up in its target page."""
    checked, broken = broken_fragments(site, PAGES)
    assert checked > len(PAGES), f"only {checked} internal #links found: the check is vacuous"
    assert not broken, "internal links to missing anchors:\n" + "\n".join(broken)


# Planted: links to ids that exist and to ids that do not, on the same page and on another,
# before and after a good link to the same page (LinkChecker's AnchorCheck misses the
# same-page ones, see the module docstring).
PLANTED = {
    "a": '<h1 id="top">A</h1><a href="#gone">1</a><a href="#top">2</a><a href="b.html#there">3</a>'
    '<a href="b.html#nowhere">4</a><a href="#top">5</a><a href="#lost">6</a>'
    '<a href="c.html#x">7</a>',
    "b": '<p id="there">B</p><a name="old">named</a><a href="a.html#top">back</a>'
    '<a href="b.html#old">self</a>',
}


def test_fragment_check_finds_each_planted_broken_fragment(tmp_path):
    for name, body in PLANTED.items():
        (tmp_path / f"{name}.html").write_text(f"<!doctype html><html><body>{body}</body></html>")
    checked, broken = broken_fragments(tmp_path, list(PLANTED))
    assert checked == 9, f"9 internal #links are planted, {checked} were checked"
    assert broken == [
        "a: #gone (no id 'gone' in a.html)",
        "a: #lost (no id 'lost' in a.html)",
        "a: b.html#nowhere (no id 'nowhere' in b.html)",
        "a: c.html#x (no page c.html)",
    ], broken
