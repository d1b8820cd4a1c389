"""Visit every page of the built site in headless Chromium and record what the tests in this
folder check: HTTP status, console errors, every request, MathJax's output, images, the
launch/download links, per colour theme a screenshot and axe-core's report, the layout at a
phone's, a small laptop's and a desktop's width in both themes, and the page as it prints
(each chapter is also saved as a PDF beside the screenshots, for review).

One browser, one context, a few pages in parallel. Each page loads once, as a first-time
reader sees it (nothing stored, system preference light); then the theme's own switcher
turns it dark, as a reader does, for the dark screenshot and the dark accessibility check;
the window is resized and the media type switched to print on the same page, without a
reload. Every wait is for an event (the load, MathJax's promise, the next frames, a search
result): none is a fixed delay. Nothing here asserts: a visit returns a ``Visit`` (an
exception inside it is stored there), so a broken page fails only its own tests, with a
readable message.
"""

import asyncio
import base64
import dataclasses
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

from axe_playwright_python.async_playwright import Axe
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
# Layout widths, narrowest first: a phone (390, an iPhone 12 to 15), a small laptop (1024)
# and VIEWPORT.
WIDTHS = (390, 1024, VIEWPORT["width"])
# Printing: A4 with 15 mm margins, the printable width in CSS pixels (96 per inch). The
# layout is measured at this width with print media, as page.pdf() lays it out.
PRINT_PDF = {
    "format": "A4",
    "margin": {side: "15mm" for side in ("top", "right", "bottom", "left")},
}
PRINT_WIDTH = round((210 - 2 * 15) / 25.4 * 96)
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
    icons: dict = dataclasses.field(default_factory=dict)  # ICONS_JS report
    links: dict = dataclasses.field(default_factory=dict)  # launch / download dropdown hrefs
    toggles: dict = dataclasses.field(default_factory=dict)
    screenshot: dict = dataclasses.field(default_factory=dict)  # theme -> png path
    axe: dict = dataclasses.field(default_factory=dict)  # theme -> axe-core report
    menu_open: dict = dataclasses.field(default_factory=dict)  # theme -> dropdown open for axe
    layout: dict = dataclasses.field(default_factory=dict)  # (theme, width) -> LAYOUT_JS report
    printed: dict = dataclasses.field(default_factory=dict)  # PRINT_JS report, from dark
    phone_axe: dict = dataclasses.field(default_factory=dict)  # axe's scrolling check at 390
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

# Font Awesome's icons, once its script has drawn them: every <i class="fa-..."> it left as it
# was (an icon it does not know), every drawn <svg> without a shape, and every character the
# theme's CSS draws with Font Awesome's fonts (admonition titles, download links), with the
# font's family, to look up in the font file the site serves.
ICONS_JS = r"""
async () => {
  const fa = window.FontAwesome;
  const drawn = () => document.querySelectorAll('svg.svg-inline--fa').length;
  for (let i = 0; i < 100 && document.querySelector('i[class*="fa-"]') && fa; i++)
    await new Promise(r => setTimeout(r, 50));
  const glyphs = new Set();
  for (const e of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(e, pseudo);
      if (!/Font Awesome/.test(style.fontFamily) || style.content === 'none') continue;
      const text = style.content.replace(/^"|"$/g, '');
      for (const ch of text) glyphs.add(style.fontFamily.replace(/"/g, '') + '|' +
                                        style.fontWeight + '|' + ch.codePointAt(0));
    }
  }
  return {
    script: Boolean(fa),
    drawn: drawn(),
    undrawn: [...document.querySelectorAll('i[class*="fa-"]')].map(e => e.className),
    empty: [...document.querySelectorAll('svg.svg-inline--fa')]
        .filter(s => !s.querySelector('path[d]')).map(s => s.getAttribute('data-icon')),
    glyphs: [...glyphs],
  };
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


# The next two frames: what the page's scripts do in reaction to a change has happened.
FRAMES_JS = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Open every hidden solution the way a reader does (click its toggle), and count them.
TOGGLES_JS = """
async () => {
  const buttons = [...document.querySelectorAll('button.toggle-button')];
  buttons.forEach(b => b.click());
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // The site script reacts in the next frame; this waits for the frame after it.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {buttons: buttons.length,
          still_hidden: document.querySelectorAll('.toggle-hidden').length};
}
"""

# A short name for an element in a report: an equation's label, else its tag, first class
# and first words.
DESCRIBE_JS = r"""
e => {
  const eq = e.closest('.math[id^="equation-"]');
  if (eq) return `equation ${eq.id.slice(9)} ` +
                 ((eq.querySelector('.eqno') || {}).textContent || '').replace(/[^\d.()]/g, '');
  const cls = typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '';
  const text = (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  return `<${e.tagName.toLowerCase()}${cls}> "${text}"`;
}
"""

# The layout at the current width (paper: as printed, where nothing scrolls), after the next
# frames (a resize or a media switch is then laid out and reported to the page's scripts):
# - scroll: how many pixels the page scrolls sideways, and what sticks out of it;
# - cut: boxes whose content is wider than they are and does not scroll (overflow hidden,
#   or on paper any box), so that part of it cannot be seen. On screen a box inside the
#   article may scroll (a wide equation, table or output on a phone); a box around the
#   article may not, as the reader would scroll the whole column;
# - wide: display equations wider than their column.
# Math is measured by what MathJax draws (mjx-math): its containers also hold assistive
# MathML, laid out invisibly for screen readers, which would count as overflowing content.
# Inline math sits in a span.math that hides its overflow: math wider than that is cut.
LAYOUT_JS = r"""
async paper => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const describe = DESCRIBE;
  const width = document.documentElement.clientWidth;
  const article = document.querySelector('article.bd-article') || document.body;
  const report = {width, scroll: document.scrollingElement.scrollWidth - width, sticking: [],
                  cut: [], wide: []};
  // What under root reaches more than a pixel beyond [left, right]: elements and text, not
  // looking inside nested boxes (measured as a whole), fixed elements or assistive MathML.
  const range = document.createRange();
  const outside = (root, left, right) => {
    const found = [];
    const check = (e, rects) => {
      const beyond = Math.max(0, ...rects.filter(q => q.width)
                                          .map(q => Math.max(q.right - right, left - q.left)));
      if (beyond > 1) found.push(`${describe(e)} by ${Math.round(beyond)} px`);
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: n => {  // measures every node, returns none
        if (n.nodeType === 3) {
          range.selectNodeContents(n);
          check(n.parentElement, [...range.getClientRects()]);
          return NodeFilter.FILTER_SKIP;
        }
        if (n.tagName === 'MJX-ASSISTIVE-MML') return NodeFilter.FILTER_REJECT;
        const style = getComputedStyle(n);
        if (style.position === 'fixed') return NodeFilter.FILTER_REJECT;
        check(n, [n.getBoundingClientRect()]);
        return style.overflowX === 'visible' ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_REJECT;
      }});
    walker.nextNode();
    return found;
  };
  const cut = (e, what) => report.cut.push(`${describe(e)} cuts off ${what}`);
  const skip = e => e.tagName === 'MJX-CONTAINER' || e.matches('span.math');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT, {
    acceptNode: e => skip(e) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let e = walker.nextNode(); e; e = walker.nextNode()) {
    if (e.scrollWidth <= e.clientWidth + 1) continue;
    const overflow = getComputedStyle(e).overflowX;
    if (overflow === 'visible') continue;
    if (!paper && (overflow === 'auto' || overflow === 'scroll')
        && article.contains(e) && e !== article) continue;  // it scrolls in its own box
    const left = e.getBoundingClientRect().left + e.clientLeft;
    const beyond = outside(e, left, left + e.clientWidth);
    if (beyond.length) cut(e, `${beyond[0]} (overflow ${overflow})`);
  }
  for (const m of document.querySelectorAll('mjx-container')) {
    const math = m.firstElementChild.getBoundingClientRect().width;
    if (!math) continue;
    if (m.getAttribute('display') === 'true') {
      if (math <= m.clientWidth + 1) continue;
      report.wide.push(`${describe(m)}: ${Math.round(math)} px in a ${m.clientWidth} px column`);
      if (paper) cut(m, `${Math.round(math - m.clientWidth)} px of its equation`);
    } else {
      const box = m.closest('span.math') || m.parentElement;
      if (math > box.clientWidth + 1)
        cut(box, `${Math.round(math - box.clientWidth)} px of its formula`);
    }
  }
  if (report.scroll > 0) report.sticking = outside(document.body, 0, width);
  return report;
}
""".replace("DESCRIBE", DESCRIBE_JS)

# With print media: what lands on paper besides the article and the theme's print title and
# contents (sidebars, header, buttons), the controls printed inside the article, the theme in
# use, and the text colours that are too light for white paper (browsers print no
# backgrounds by default), with their contrast against white.
PRINT_JS = r"""
async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const describe = DESCRIBE;
  const inked = e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0';
  };
  const ownText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const article = document.querySelector('article.bd-article');
  const title = document.getElementById('jb-print-docs-body');
  const kept = e => [article, title].some(k => k && (k.contains(e) || e.contains(k)));
  const report = {theme: document.documentElement.dataset.theme, outside: [], controls: [],
                  light_text: []};
  for (const e of document.body.querySelectorAll('*')) {
    if (!kept(e) && inked(e) && (ownText(e) || e.matches('img, svg, button, input')))
      report.outside.push(describe(e));
  }
  report.controls = [...article.querySelectorAll('button, [role="button"], input, select')]
    .filter(inked).map(describe);
  const luminance = rgb => rgb.map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + [0.2126, 0.7152, 0.0722][i] * c, 0);
  const seen = new Set();
  for (const e of article.querySelectorAll('*')) {
    if (!ownText(e) || !inked(e)) continue;
    const colour = getComputedStyle(e).color;
    if (seen.has(colour)) continue;
    seen.add(colour);
    const [r, g, b, a = 1] = colour.match(/[\d.]+/g).map(Number);
    const ink = [r, g, b].map(c => a * c + (1 - a) * 255);  // on white paper
    const contrast = 1.05 / (luminance(ink) + 0.05);
    if (contrast < 4.5)
      report.light_text.push(`${colour} (${contrast.toFixed(2)}:1), e.g. ${describe(e)}`);
  }
  return report;
}
""".replace("DESCRIBE", DESCRIBE_JS)

COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_STRUCTURE = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
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
# The scrolling boxes of a phone-sized page must take the keyboard focus (WCAG 2.1.1): at 390
# px many more equations and code blocks scroll than at VIEWPORT. This rule needs no style
# sheets, so axe's preload (which fetches them, see _visit) is off and the recording can go on.
AXE_PHONE = {
    "runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]},
    "resultTypes": ["violations"],
    "preload": False,
}
AXE = Axe()


async def run_axe(page, options):
    """axe-core's report on the page, with the details the tests print."""
    result = (await AXE.run(page, options=options)).response
    return {
        "version": result["testEngine"]["version"],
        "violations": [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "tags": v["tags"],
                "nodes": [
                    {
                        "target": " ".join(map(str, n["target"])),
                        "html": n["html"][:200],
                        "summary": n.get("failureSummary", ""),
                    }
                    for n in v["nodes"]
                ],
            }
            for v in result["violations"]
        ],
    }


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


def expect_theme(shown, theme):
    """``theme``, if the page shows it; else the survey of the page fails (every test of the
    page reports it): its screenshot and colour checks would be of the wrong theme."""
    if shown != theme:
        raise RuntimeError(f"the page showed the {shown!r} theme when {theme!r} was chosen")
    return theme


def screenshot_name(docname, theme):
    return f"{docname.replace('/', '__')}-{theme}.png"


def pdf_name(docname):
    return f"{docname.replace('/', '__')}.pdf"


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
            shot = await cdp.send(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "optimizeForSpeed": True,
                    "captureBeyondViewport": True,
                    "clip": {
                        "x": 0,
                        "y": 0,
                        "width": size["width"],
                        "height": size["height"],
                        "scale": 1,
                    },
                },
            )
            await cdp.detach()
            path = shots_dir / screenshot_name(docname, theme)
            path.write_bytes(base64.b64decode(shot["data"]))
            visit.screenshot[theme] = str(path)

        async def open_menu(theme):
            visit.menu_open[theme] = await page.evaluate(OPEN_MENU_JS, MENU)

        async def layouts(theme, widths):
            for width in widths:
                await page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
                visit.layout[theme, width] = await page.evaluate(LAYOUT_JS, False)

        try:
            response = await page.goto(visit.url, wait_until="load")
            visit.status = response.status if response else 0
            lap("load")
            visit.math = await page.evaluate(MATH_JS)
            visit.images = await page.evaluate(IMAGES_JS)
            visit.icons = await page.evaluate(ICONS_JS)
            visit.links = await page.evaluate(DROPDOWN_LINKS_JS)
            shown = await page.evaluate("document.documentElement.dataset.theme")
            lap("math+images")
            await screenshot(expect_theme(shown, "light"))
            await screenshot(expect_theme(await page.evaluate(SWITCH_THEME_JS, "dark"), "dark"))
            lap("screenshots")
            # The layout, the print and axe see the page with its solutions open (and axe
            # with a dropdown menu unfolded), so what a reader reveals by clicking is
            # checked too.
            await page.evaluate(SWITCH_THEME_JS, "light")
            visit.toggles = await page.evaluate(TOGGLES_JS)
            lap("clicks")
            # Narrowest first: the first size set after the screenshots must be a change.
            # (Pages of one site share a renderer: while another page changes its size, a
            # full-page screenshot can leave this one laid out at the other's width, and
            # setting the size it already has would not undo that. LAYOUT_JS reports the
            # width it saw, and the tests check it.)
            await layouts("light", WIDTHS)
            await page.evaluate(SWITCH_THEME_JS, "dark")
            await layouts("dark", WIDTHS[::-1])
            lap("layouts")
            visit.phone_axe = await run_axe(page, AXE_PHONE)  # still 390 px wide
            lap("axe phone")
            # Printed from the dark theme, the harder case: the site must print in light.
            await page.set_viewport_size({"width": PRINT_WIDTH, "height": VIEWPORT["height"]})
            await page.emulate_media(media="print")
            visit.printed = await page.evaluate(PRINT_JS)
            visit.layout["print", PRINT_WIDTH] = await page.evaluate(LAYOUT_JS, True)
            if docname.startswith("chapters/"):  # the printed chapter, for review beside the
                await page.pdf(path=shots_dir / pdf_name(docname), **PRINT_PDF)  # screenshots
            await page.emulate_media(media="screen")
            await page.set_viewport_size(VIEWPORT)
            await page.evaluate(FRAMES_JS)  # the media switch has reached the site script
            visit.printed["theme_after"] = await page.evaluate(
                "document.documentElement.dataset.theme"
            )
            lap("print")
            await page.evaluate(SWITCH_THEME_JS, "light")
            await open_menu("light")
            recording[0] = False
            # The page's structure is the same in both themes: checked once, in light.
            structure = await run_axe(page, AXE_STRUCTURE)
            lap("axe structure")
            await page.evaluate(SIMPLIFY_JS)
            light = await run_axe(page, AXE_COLOURS)
            lap("axe light colours")
            await page.evaluate(SWITCH_THEME_JS, "dark")
            await open_menu("dark")  # if the theme switch closed it
            dark = await run_axe(page, AXE_COLOURS)
            lap("axe dark colours")
            visit.axe = {
                "light": {
                    "version": light["version"],
                    "violations": structure["violations"] + light["violations"],
                },
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
                viewport=VIEWPORT,
                color_scheme="light",
                reduced_motion="reduce",
                service_workers="block",
            )
            # A first-time reader on every page: no theme choice stored.
            await context.add_init_script("localStorage.clear();")
            limit = asyncio.Semaphore(workers)
            visits = [_visit(context, limit, base_url, name, shots_dir) for name in docnames]
            finds = [
                _search(context, limit, base_url, name, term) for name, term in searches.items()
            ]
            results = await asyncio.gather(*visits, *finds)
        finally:
            await browser.close()
    visits, finds = results[: len(docnames)], results[len(docnames) :]
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
