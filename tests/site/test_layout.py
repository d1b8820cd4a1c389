"""Every page at a phone's (390 px), a small laptop's (1024 px) and a desktop's (1280 px) width,
in the light and the dark theme, and printed: the page never scrolls sideways and nothing is cut
off (a wide equation, table or output scrolls in its own box), from 1024 px on every display
equation fits its column, and on paper the article alone is printed, in dark ink, with nothing
cut. The measurements are sitesurvey.LAYOUT_JS and PRINT_JS; the canary tests at the end show
on a small page that they find what they should."""

import asyncio

import pytest
from playwright.async_api import async_playwright

from tests.site.sitesurvey import (
    CHROMIUM_ARGS,
    LAYOUT_JS,
    PRINT_JS,
    PRINT_WIDTH,
    THEMES,
    WIDTHS,
    chromium_path,
)
from tools.bookpaths import PAGES

LAYOUTS = [(name, theme, width) for name in PAGES for theme in THEMES for width in WIDTHS]
WIDE_SCREENS = [(name, theme, width) for name, theme, width in LAYOUTS if width >= 1024]


def _visit(visits, name):
    visit = visits[name]
    assert not visit.error, f"visiting {visit.url} failed: {visit.error}"
    return visit


def _lines(items):
    return "\n".join(f"  {item}" for item in items[:12])


def _layout(visits, name, theme, width):
    report = _visit(visits, name).layout[theme, width]
    assert report["width"] == width, (
        f"{name} ({theme} theme) was measured {report['width']} px wide instead of {width} px: "
        f"the survey did not resize the page"
    )
    return f"{name} ({theme} theme, {width} px)", report


@pytest.fixture(params=LAYOUTS, ids=[f"{n}-{t}-{w}" for n, t, w in LAYOUTS])
def layout(request, visits):
    return _layout(visits, *request.param)


@pytest.fixture(params=WIDE_SCREENS, ids=[f"{n}-{t}-{w}" for n, t, w in WIDE_SCREENS])
def wide_screen(request, visits):
    return _layout(visits, *request.param)


@pytest.fixture(params=PAGES)
def visit(request, visits):
    return _visit(visits, request.param)


def test_page_does_not_scroll_sideways(layout):
    where, report = layout
    assert report["scroll"] <= 0, (
        f"{where} scrolls sideways by {report['scroll']} px. Sticking out, with no box of its "
        f"own to scroll in:\n{_lines(report['sticking'])}"
    )


def test_nothing_is_cut_off(layout):
    where, report = layout
    assert not report["cut"], (
        f"{where} cuts off content that a reader cannot scroll to. A wide equation, table or "
        f"output must scroll in its own box; inline math cannot, so a formula wider than a "
        f"phone's column (about 340 px) must become a display equation or be split:\n"
        f"{_lines(report['cut'])}"
    )


def test_display_equations_fit_the_column(wide_screen):
    where, report = wide_screen
    assert not report["wide"], (
        f"{where}: display equations wider than the text column (hidden behind a scroll bar). "
        f"Break them with aligned or multline, or stack what stands side by side:\n"
        f"{_lines(report['wide'])}"
    )


def test_scrolling_boxes_take_the_keyboard_on_a_phone(visit):
    """At 390 px many equations and code blocks scroll: a keyboard must reach each of them."""
    violations = visit.phone_axe["violations"]
    assert not violations, (
        f"{visit.docname} at 390 px: axe-core {visit.phone_axe['version']} finds scrolling boxes "
        f"a keyboard cannot reach:\n"
        + _lines([n["target"] for v in violations for n in v["nodes"]])
    )


# --- print ----------------------------------------------------------------------------------


def test_print_is_the_article_alone(visit):
    """No sidebar, header, navigation or footer on paper: only the article, under the theme's
    print title and contents."""
    outside = visit.printed["outside"]
    assert not outside, f"{visit.docname} prints more than its article:\n{_lines(outside)}"


def test_print_has_no_buttons(visit):
    controls = visit.printed["controls"]
    assert not controls, f"{visit.docname} prints buttons or other controls:\n{_lines(controls)}"


def test_print_cuts_nothing(visits, visit):
    _, report = _layout(visits, visit.docname, "print", PRINT_WIDTH)
    assert report["scroll"] <= 0 and not report["cut"], (
        f"{visit.docname} printed on A4 ({PRINT_WIDTH} px wide) is cut at the edge (paper does not "
        f"scroll): {_lines(report['cut'] + report['sticking'])}"
    )


def test_print_from_the_dark_theme_is_dark_ink(visit):
    """Browsers print no backgrounds by default: the dark theme's light text would be nearly
    invisible on white paper, so the page prints in the light theme."""
    printed = visit.printed
    assert printed["theme"] == "light" and not printed["light_text"], (
        f"{visit.docname}, printed from the dark theme, prints in the {printed['theme']!r} theme "
        f"with text too light for white paper (contrast below 4.5:1):\n"
        f"{_lines(printed['light_text'])}"
    )


def test_theme_comes_back_after_printing(visit):
    assert visit.printed["theme_after"] == "dark", (
        f"{visit.docname} stays in the {visit.printed['theme_after']!r} theme after printing "
        f"from the dark theme"
    )


# --- the measurements themselves, on a page built to fail them -------------------------------

# An article of 300 px on a 400 px page, holding one of each fault (and one box that scrolls).
CANARY = """<!doctype html><html><head><style>
  body { margin: 0; font: 16px sans-serif; color: #000; }
  .pale { color: #bbb; }
  @media print { nav { display: block; } }
</style></head><body>
<nav>a sidebar</nav>
<article class="bd-article" style="width: 300px">
  <div id="unboxed" style="width: 600px">a block wider than the page</div>
  <div style="overflow: hidden; width: 200px"><div style="width: 400px">hidden</div></div>
  <pre style="overflow: auto; width: 200px">a line of code too long for its box</pre>
  <mjx-container display="true" style="display: block; overflow: auto; width: 200px"><mjx-math
    style="display: inline-block; width: 400px">x</mjx-math></mjx-container>
  <p class="pale">pale text</p>
  <button>a button</button>
</article></body></html>"""


async def _canary():
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": 400, "height": 600})
            await page.set_content(CANARY)
            screen = await page.evaluate(LAYOUT_JS, False)
            await page.emulate_media(media="print")
            paper = await page.evaluate(LAYOUT_JS, True)
            printed = await page.evaluate(PRINT_JS)
        finally:
            await browser.close()
    return screen, paper, printed


@pytest.fixture(scope="module")
def canary():
    return asyncio.run(_canary())


def test_canary_page_scrolling_sideways_is_found(canary):
    screen, _, _ = canary
    assert screen["scroll"] > 0 and any("wider than the page" in s for s in screen["sticking"]), (
        f"LAYOUT_JS missed the block that makes the page scroll: {screen}"
    )


def test_canary_hidden_overflow_is_cut_and_a_scrolling_box_is_not(canary):
    screen, _, _ = canary
    assert any("hidden" in c for c in screen["cut"]), f"LAYOUT_JS missed a cut box: {screen['cut']}"
    assert not any("<pre>" in c for c in screen["cut"]), (
        f"on screen a box that scrolls is not cut: {screen['cut']}"
    )


def test_canary_wide_equation_is_found(canary):
    screen, _, _ = canary
    assert len(screen["wide"]) == 1, f"LAYOUT_JS should find one wide equation: {screen['wide']}"


def test_canary_on_paper_scrolling_boxes_are_cut(canary):
    _, paper, _ = canary
    cut = " ".join(paper["cut"])
    assert "<pre>" in cut and "equation" in cut, f"on paper nothing scrolls: {paper['cut']}"


def test_canary_print_finds_sidebar_button_and_pale_text(canary):
    _, _, printed = canary
    assert any("sidebar" in o for o in printed["outside"]), printed["outside"]
    assert any("button" in c for c in printed["controls"]), printed["controls"]
    assert any("pale text" in t for t in printed["light_text"]), printed["light_text"]
