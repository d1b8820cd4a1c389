"""Every page of the table of contents, in a real browser: served, quiet, offline, with every
equation typeset, every image loaded and described, every icon drawn, and, in the light and the
dark theme, no serious or critical WCAG 2.1 A/AA violation found by axe-core. And in the built
HTML: every page's repository, issue and download buttons, and the references page listing every
work of references.bib."""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pybtex.database import parse_file

from tests.site.sitesurvey import THEMES
from tools.bookpaths import PAGES, ROOT

THEMED = [(name, theme) for name in PAGES for theme in THEMES]

# Console messages that are not the site's fault, each with its reason. Empty: noise is
# fixed where it comes from (_ext/lab_site.py, _config.yml, _static/), not listed here.
CONSOLE_ALLOWED = [
    # (regex on the message text, reason),
]
CONSOLE_ERROR_TYPES = {"error", "assert", "pageerror"}

# axe rules not enforced on this site, each with its reason. Empty: violations are fixed in
# the site (_static/lab.css, _static/lab.js, _ext/lab_site.py), not hidden.
AXE_NOT_ENFORCED = {
    # "rule-id": "reason",
}
AXE_FAILING_IMPACTS = {"serious", "critical"}


def _visit(visits, name):
    visit = visits[name]
    assert not visit.error, f"visiting {visit.url} failed: {visit.error}"
    return visit


@pytest.fixture(params=PAGES)
def visit(request, visits):
    return _visit(visits, request.param)


@pytest.fixture(params=THEMED, ids=[f"{name}-{theme}" for name, theme in THEMED])
def themed(request, visits):
    name, theme = request.param
    return _visit(visits, name), theme


def test_page_is_served(visit):
    assert visit.status == 200, f"{visit.url} answered HTTP {visit.status}"


def test_no_console_errors(visit):
    errors = [
        f"{kind}: {text} ({source})"
        for kind, text, source in visit.console
        if kind in CONSOLE_ERROR_TYPES
        and not any(re.search(pattern, text) for pattern, _ in CONSOLE_ALLOWED)
    ]
    errors += [f"request failed: {url} ({reason})" for url, reason in visit.failed]
    assert not errors, f"{visit.docname} logs errors in the browser:\n" + "\n".join(errors)


def test_loads_nothing_from_other_hosts(visit):
    """The site works offline: every script, style, font and image comes from the site."""
    assert visit.requests, f"no request recorded for {visit.docname}: the recorder is broken"
    outside = sorted(
        {
            url
            for url in visit.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert not outside, (
        f"{visit.docname} requests other hosts while loading (it must work offline):\n"
        + "\n".join(outside)
    )


def test_every_equation_is_typeset(visit):
    math = visit.math
    if math["nodes"]:
        assert math["mathjax"], f"{visit.docname} has {math['nodes']} equations but no MathJax"
    assert not math["unrendered"], (
        f"{visit.docname}: MathJax did not typeset {len(math['unrendered'])} equation(s), "
        f"e.g. {math['unrendered'][:3]}"
    )
    assert not math["merrors"], f"{visit.docname}: MathJax errors {math['merrors'][:5]}"
    assert not math["raw"], (
        f"{visit.docname} shows raw TeX delimiters in its text (math that was not recognised "
        f"as math): {math['raw'][:5]}"
    )


def test_mathjax_comes_from_the_site(visits, base_url):
    """Some page has math (else the typesetting test checks nothing), and every page that
    has it loads MathJax from the site's own _static/mathjax/."""
    with_math = [v for v in visits.values() if not v.error and v.math.get("nodes")]
    assert with_math, "no page has any equation: the MathJax checks would check nothing"
    for visit in with_math:
        mathjax = [u for u in visit.requests if "mathjax" in u.lower()]
        assert mathjax and all(u.startswith(f"{base_url}_static/mathjax/") for u in mathjax), (
            f"{visit.docname} loads MathJax from {mathjax or 'nowhere'}, not from the site"
        )


def test_every_image_loads(visit):
    broken = [img["src"] for img in visit.images if img["width"] == 0]
    assert not broken, f"{visit.docname}: images that did not load: {broken}"


def test_every_image_has_alt_text(visit):
    """A screen reader reads the alt text aloud; a file name is not a description."""
    missing = []
    for img in visit.images:
        alt = (img["alt"] or "").strip()
        name = Path(urlsplit(img["src"]).path).name
        if not alt or alt == name or re.fullmatch(r"\S+\.(png|svg|jpe?g|gif|webp)", alt, re.I):
            missing.append(f"{name} (alt={img['alt']!r})")
    assert not missing, (
        f"{visit.docname}: images without a real alt text (a figure cell needs "
        f"mystnb.image.alt in its metadata): {missing}"
    )


# Font Awesome's web fonts as the theme's CSS declares them: (family, weight) -> file.
ICON_FONTS = {
    ("Font Awesome 6 Free", "900"): "fa-solid-900.woff2",
    ("Font Awesome 6 Free", "400"): "fa-regular-400.woff2",
    ("Font Awesome 6 Brands", "400"): "fa-brands-400.woff2",
}


def test_every_icon_is_drawn(visit, site):
    """The site ships only the icons it uses (_ext/icon_subset.py): none may go missing."""
    icons = visit.icons
    assert icons.get("script"), f"{visit.docname}: Font Awesome's script did not run"
    assert not icons["undrawn"], (
        f"{visit.docname}: icons Font Awesome's script did not draw (not in the subset "
        f"_ext/icon_subset.py kept?): {icons['undrawn']}"
    )
    assert not icons["empty"], f"{visit.docname}: icons drawn without a shape: {icons['empty']}"
    from fontTools.ttLib import TTFont

    missing = []
    for glyph in icons["glyphs"]:
        family, weight, point = glyph.split("|")
        font = ICON_FONTS.get((family, weight))
        assert font, f"{visit.docname}: a CSS icon in {family} {weight}, a font this test lacks"
        cmap = TTFont(site / "_static/vendor/fontawesome/webfonts" / font).getBestCmap()
        if int(point) not in cmap:
            missing.append(f"U+{int(point):04X} in {font}")
    assert not missing, f"{visit.docname}: CSS icons the served fonts lack: {missing}"


def test_hidden_solutions_open(visit):
    """Solutions start hidden, and the toggle a reader clicks reveals each of them."""
    assert visit.toggles["still_hidden"] == 0, (
        f"{visit.docname}: {visit.toggles['still_hidden']} hidden block(s) stay hidden after "
        f"clicking their toggle buttons"
    )


def test_no_serious_accessibility_violations(themed):
    visit, theme = themed
    report = visit.axe[theme]
    violations = [
        v
        for v in report["violations"]
        if v["impact"] in AXE_FAILING_IMPACTS and v["id"] not in AXE_NOT_ENFORCED
    ]
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['summary'].splitlines()[-1].strip()}")
    assert not violations, (
        f"axe-core {report['version']} finds WCAG 2.1 A/AA violations on {visit.docname} "
        f"({theme} theme):\n" + "\n".join(lines)
    )
    assert visit.menu_open.get(theme) is not False, (
        f"{visit.docname}: the launch/download menu did not open, so axe did not check it"
    )


# --- the built HTML -------------------------------------------------------------------------

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
BIB = parse_file(str(ROOT / "references.bib"))


@pytest.mark.parametrize("name", PAGES)
def test_page_has_repository_issue_and_download_buttons(site, name):
    page = (site / f"{name}.html").read_text(encoding="utf-8")
    url = CONFIG["repository"]["url"].rstrip("/")
    hrefs = set(re.findall(r'href="([^"]+)"', page))
    assert url in hrefs, f"{name}.html has no repository button linking to {url}"
    assert any(h.startswith(f"{url}/issues/new") for h in hrefs), (
        f"{name}.html has no 'open an issue' button ({url}/issues/new...)"
    )
    assert "dropdown-download-buttons" in page and any(
        h.endswith(f"_sources/{name}.md") for h in hrefs
    ), f"{name}.html has no download button for its source"


def _normalise(text):
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def test_references_page_lists_every_entry(site):
    page = (site / "references.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation"[^>]*>(.*?)</div>', page, re.S)
    listed, in_bib = len(entries), len(BIB.entries)
    assert listed == in_bib, f"references.html lists {listed} works, references.bib has {in_bib}"
    shown = _normalise(html.unescape(re.sub(r"<[^>]+>", "", " ".join(entries))))
    for key, entry in BIB.entries.items():
        title = re.sub(r"[{}\\]", "", entry.fields.get("title", ""))
        assert _normalise(title) in shown, f"references.html does not show {key} ({title!r})"
