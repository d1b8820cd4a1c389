"""Visit every page of the built site in headless Chromium and record what the tests in this
folder check: HTTP status, console errors, every request, MathJax's output, images, the
launch/download links, and per colour theme a screenshot and axe-core's report.

One browser, one context, a few pages in parallel. Each page loads once, as a first-time
reader sees it (nothing stored, system preference light); then the theme's own switcher
turns it dark, as a reader does, for the dark screenshot and the dark accessibility check.
Nothing here asserts: a visit returns a ``Visit`` (an exception inside it is stored there),
so a broken page fails only its own tests, with a readable message.
"""

import asyncio
import base64
import dataclasses
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from axe_playwright_python.base import AXE_SCRIPT
from playwright.async_api import async_playwright

THEMES = ("light", "dark")
# Offline and quiet: no component updates, sync, field trials or QUIC probes of Google hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-gpu",
]
VIEWPORT = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path():
    """Debian's Chromium (the only browser here: Playwright cannot download its own)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(
            f"no Chromium at {path}: install it (apt-get install -y chromium) or set CHROMIUM"
        )
    return path


@dataclasses.dataclass
class Visit:
    """What one page showed."""

    docname: str
    url: str
    error: str = ""  # an exception raised while visiting: every test of the page reports it
    status: int = 0
    console: list = dataclasses.field(default_factory=list)  # (type, text, source url)
    requests: list = dataclasses.field(default_factory=list)  # every URL requested
    failed: list = dataclasses.field(default_factory=list)  # (url, reason) of failed requests
    math: dict = dataclasses.field(default_factory=dict)
    images: list = dataclasses.field(default_factory=list)
    links: dict = dataclasses.field(default_factory=dict)  # launch / download dropdown hrefs
    toggles: dict = dataclasses.field(default_factory=dict)
    theme: dict = dataclasses.field(default_factory=dict)  # theme -> theme the page showed
    screenshot: dict = dataclasses.field(default_factory=dict)  # theme -> png path
    axe: dict = dataclasses.field(default_factory=dict)  # theme -> axe-core report
    menu_open: dict = dataclasses.field(default_factory=dict)  # theme -> dropdown open for axe
    seconds: dict = dataclasses.field(default_factory=dict)  # time spent in each step


# --- JavaScript run in the page -------------------------------------------------------------

# Wait for MathJax's first typeset, then report every math node Sphinx wrote (class "math")
# that MathJax did not turn into an <mjx-container>, every MathJax error, and any raw TeX
# delimiter left in the text a reader sees (code, scripts and MathJax's own output excluded).
MATH_JS = r"""
async () => {
  const report = {mathjax: null, nodes: 0, unrendered: [], merrors: [], raw: []};
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    report.mathjax = MathJax.version || "unknown";
  }
  const nodes = [...document.querySelectorAll('.math')];
  report.nodes = nodes.length;
  report.unrendered = nodes.filter(n => !n.querySelector('mjx-container'))
                           .map(n => n.textContent.trim().slice(0, 120));
  report.merrors = [...document.querySelectorAll('mjx-merror')]
      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120));
  const skip = 'pre, code, script, style, textarea, noscript, mjx-container, .highlight';
  const delimiters = ['$$', '\\(', '\\)', '\\[', '\\]', '\\begin'];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    if (delimiters.some(d => node.textContent.includes(d)))
      report.raw.push(node.textContent.trim().slice(0, 120));
  }
  return report;
}
"""

# Every <img>: loaded (decode() waits for lazy or late ones) and its alt text.
IMAGES_JS = """
async () => {
  const imgs = [...document.images];
  const settle = img => { img.loading = 'eager';
    return Promise.race([img.decode().catch(() => null),
                         new Promise(r => setTimeout(r, 10000))]); };
  await Promise.all(imgs.map(settle));
  return imgs.map(img => ({src: img.currentSrc || img.src, width: img.naturalWidth,
                           alt: img.getAttribute('alt')}));
}
"""

DROPDOWN_LINKS_JS = """
() => ({
  launch: [...document.querySelectorAll('.dropdown-launch-buttons a')].map(a => a.href),
  download: [...document.querySelectorAll('.dropdown-download-buttons a')].map(a => a.href),
})
"""

# The theme's own switcher cycles light -> dark -> auto: click it until the wanted mode.
SWITCH_THEME_JS = """
async mode => {
  const button = document.querySelector('.theme-switch-button');
  for (let i = 0; button && i < 3 && document.documentElement.dataset.mode !== mode; i++)
    button.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.documentElement.dataset.theme;
}
"""

# Open every hidden solution the way a reader does (click its toggle), and count them.
TOGGLES_JS = """
async () => {
  const buttons = [...document.querySelectorAll('button.toggle-button')];
  buttons.forEach(b => b.click());
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  await new Promise(r => setTimeout(r, 150));  // the site script reacts after 50 ms
  return {buttons: buttons.length,
          still_hidden: document.querySelectorAll('.toggle-hidden').length};
}
"""

COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_STRUCTURE = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in COLOUR_RULES},
}
AXE_COLOURS = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}

# axe's colour rules cost time for every element on the page, checked or not, and a chapter
# has ~14000: ~4000 syntax-highlighting <span>s and ~6000 elements of MathJax output. After
# the structural rules have seen the real page, the colour rules get a page with the same
# colours and fewer elements (3 to 4 times faster):
# - code keeps one token <span> per distinct style (class, colour, font, background, kind of
#   block); the other tokens become plain text of their block, checked in its colour;
# - MathJax's output is taken out: it draws glyphs with CSS generated content, which axe
#   cannot measure, in the colour of the text around it, which is measured.
SIMPLIFY_JS = """
() => {
  const seen = new Set();
  for (const e of document.querySelectorAll('.highlight span')) {
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const block = e.closest('.highlight');
    const s = getComputedStyle(e);
    const key = [block.parentElement.className, e.className, s.color, s.backgroundColor,
                 s.fontSize, s.fontWeight].join('|');
    if (!seen.has(key)) { seen.add(key); e.setAttribute('data-axe-sample', ''); }
  }
  for (const e of document.querySelectorAll('.highlight span:not([data-axe-sample])')) {
    if (e.isConnected && !e.querySelector('[data-axe-sample]'))
      e.replaceWith(document.createTextNode(e.textContent));
  }
  document.querySelectorAll('mjx-container').forEach(e => e.remove());
  return seen.size;
}
"""
AXE_JS = """
async options => {
  const result = await axe.run(document, options);
  return {version: axe.version, violations: result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: n.failureSummary}))}))};
}
"""
# The launch (chapters) or download (other pages) dropdown menu, unfolded for axe: clicked
# open unless it is open already. Returns whether a menu is open (None: the page has none).
MENU = ".dropdown-launch-buttons > button, .dropdown-download-buttons > button"
OPEN_MENU_JS = """
async selector => {
  const button = document.querySelector(selector);
  if (!button) return null;
  if (button.getAttribute('aria-expanded') !== 'true') button.click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.querySelector('.dropdown-menu.show') !== null;
}
"""


def screenshot_name(docname, theme):
    return f"{docname.replace('/', '__')}-{theme}.png"


async def _visit(context, limit, base_url, docname, shots_dir):
    visit = Visit(docname, f"{base_url}{docname}.html")
    async with limit:
        page = await context.new_page()
        # Recorded while the page loads and a reader uses it; not while axe-core runs (its
        # CSSOM preload fetches @import URLs resolved against the page, which 404s).
        recording = [True]

        def record(log, item):
            if recording[0]:
                log.append(item)

        page.on("console", lambda m: record(visit.console, (m.type, m.text, m.location["url"])))
        page.on("pageerror", lambda e: record(visit.console, ("pageerror", str(e), "")))
        page.on("request", lambda r: record(visit.requests, r.url))
        page.on("requestfailed", lambda r: record(visit.failed, (r.url, r.failure)))
        clock = time.monotonic()

        def lap(step):
            nonlocal clock
            now = time.monotonic()
            visit.seconds[step] = round(now - clock, 2)
            clock = now

        async def screenshot(theme):
            # The whole page, through the DevTools protocol: unlike page.screenshot() it can
            # trade PNG compression for speed (a chapter is ~1280 x 19000 pixels).
            cdp = await context.new_cdp_session(page)
            size = (await cdp.send("Page.getLayoutMetrics"))["cssContentSize"]
            shot = await cdp.send("Page.captureScreenshot", {
                "format": "png", "optimizeForSpeed": True, "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                         "scale": 1},
            })
            await cdp.detach()
            path = shots_dir / screenshot_name(docname, theme)
            path.write_bytes(base64.b64decode(shot["data"]))
            visit.screenshot[theme] = str(path)

        async def open_menu(theme):
            visit.menu_open[theme] = await page.evaluate(OPEN_MENU_JS, MENU)

        try:
            response = await page.goto(visit.url, wait_until="load")
            visit.status = response.status if response else 0
            lap("load")
            visit.math = await page.evaluate(MATH_JS)
            visit.images = await page.evaluate(IMAGES_JS)
            visit.links = await page.evaluate(DROPDOWN_LINKS_JS)
            visit.theme["light"] = await page.evaluate("document.documentElement.dataset.theme")
            lap("math+images")
            await screenshot("light")
            visit.theme["dark"] = await page.evaluate(SWITCH_THEME_JS, "dark")
            await screenshot("dark")
            lap("screenshots")
            # axe sees the page with its solutions open and a dropdown menu unfolded, so
            # what a reader reveals by clicking is checked too.
            await page.evaluate(SWITCH_THEME_JS, "light")
            visit.toggles = await page.evaluate(TOGGLES_JS)
            await open_menu("light")
            recording[0] = False
            await page.evaluate(AXE_SCRIPT)
            lap("clicks")
            # The page's structure is the same in both themes: checked once, in light.
            structure = await page.evaluate(AXE_JS, AXE_STRUCTURE)
            lap("axe structure")
            await page.evaluate(SIMPLIFY_JS)
            light = await page.evaluate(AXE_JS, AXE_COLOURS)
            lap("axe light colours")
            await page.evaluate(SWITCH_THEME_JS, "dark")
            await open_menu("dark")  # if the theme switch closed it
            dark = await page.evaluate(AXE_JS, AXE_COLOURS)
            lap("axe dark colours")
            visit.axe = {
                "light": {"version": light["version"],
                          "violations": structure["violations"] + light["violations"]},
                "dark": dark,
            }
        except Exception as exc:  # reported by every test of this page
            visit.error = f"{type(exc).__name__}: {exc}"
        finally:
            await page.close()
    return visit


async def _search(context, limit, base_url, docname, term):
    """The hrefs the site's search page lists for ``term`` (or an error string)."""
    async with limit:
        page = await context.new_page()
        try:
            await page.goto(f"{base_url}search.html?q={quote(term)}", wait_until="load")
            await page.wait_for_function(
                "() => /found|did not match/.test("
                "(document.querySelector('#search-results .search-summary') || {}).textContent)",
                timeout=20000,
            )
            hrefs = await page.eval_on_selector_all(
                "#search-results ul.search li a", "links => links.map(a => a.href)"
            )
            return docname, term, hrefs, ""
        except Exception as exc:
            return docname, term, [], f"{type(exc).__name__}: {exc}"
        finally:
            await page.close()


async def _survey(base_url, docnames, searches, shots_dir, workers):
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        try:
            context = await browser.new_context(
                viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce",
                service_workers="block",
            )
            # A first-time reader on every page: no theme choice stored.
            await context.add_init_script("localStorage.clear();")
            limit = asyncio.Semaphore(workers)
            visits = [_visit(context, limit, base_url, name, shots_dir) for name in docnames]
            finds = [_search(context, limit, base_url, name, term)
                     for name, term in searches.items()]
            results = await asyncio.gather(*visits, *finds)
        finally:
            await browser.close()
    visits, finds = results[: len(docnames)], results[len(docnames):]
    return (
        {visit.docname: visit for visit in visits},
        {name: (term, hrefs, error) for name, term, hrefs, error in finds},
    )


def survey(base_url, docnames, searches, shots_dir, workers=None):
    """Visit ``docnames`` and run ``searches`` ({docname: term}) on the site at ``base_url``.

    Returns ({docname: Visit}, {docname: (term, result hrefs, error)}).
    """
    shots_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or min(4, os.cpu_count() or 2)  # page loads are CPU-bound
    return asyncio.run(_survey(base_url, docnames, searches, shots_dir, workers))
