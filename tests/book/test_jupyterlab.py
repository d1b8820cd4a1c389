"""The notebooks students open, as a student sees them: `make lab` (JupyterLab from .venv) in
headless Chromium.

JupyterLab 4 attaches only the cells near the viewport; the server is started with its
windowing switched off (the notebook tracker's ``windowingMode: none``, in a settings folder of
the test's own), so every cell is rendered. For every cell: no MyST syntax is visible (no glue
placeholder, role or directive fence), and every solution is a <details> block that starts
closed. Two planted notebooks, a copy of chapter 5
with a glue placeholder and one with a solution out of its <details>, must be caught.
A screenshot of chapter 5's first screen lands in _build/screenshots/ for review.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest

from tools.bookpaths import ROOT, SCREENSHOTS, chapter_sources

CHAPTERS = chapter_sources()
CHAPTER5 = next(md for md in CHAPTERS if md.stem.startswith("05_"))
VISIBLE_MYST = ("{glue", "{eq}", "{term}", "{numref}", "{cite", "```{", ":::{", ":label:")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

# Every cell's visible text (prose and outputs), how its <details> start, and its solution
# titles, once all the cells are in the page (windowing off) and their Markdown is rendered.
READ_CELLS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')]
  .map(cell => ({
    // what a student reads: a Markdown cell, or a code cell's outputs (its code is Python)
    text: cell.classList.contains('jp-MarkdownCell') ? cell.innerText
      : [...cell.querySelectorAll('.jp-OutputArea')].map(o => o.innerText).join('\\n'),
    details: [...cell.querySelectorAll('details')].map(d => ({
      open: d.open, summary: (d.querySelector('summary') || {}).innerText || ''})),
    strays: [...cell.querySelectorAll('.jp-RenderedMarkdown *')]
      .filter(e => !e.closest('details') && /^Solution to\\b/.test(e.textContent.trim())
                   && e.children.length === 0)
      .map(e => e.textContent.trim()),
  }))"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` serving a folder with the chapter notebooks and the planted ones."""
    folder = tmp_path_factory.mktemp("lab")
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    for md in CHAPTERS:
        shutil.copy(md.with_suffix(".ipynb"), notebooks)
    plant_glue(nbformat.read(CHAPTER5.with_suffix(".ipynb"), as_version=4), notebooks)
    plant_open_solution(nbformat.read(CHAPTER5.with_suffix(".ipynb"), as_version=4), notebooks)
    settings = folder / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # No "get notified about Jupyter news?" toast over the cells (and no request for the news).
    apputils = folder / "settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir()
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port, token = free_port(), secrets.token_hex(16)
    args = (
        f"--no-browser --ServerApp.token={token} "
        f"--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate "
        f"--LabApp.user_settings_dir={folder / 'settings'} "
        f"--LabApp.workspaces_dir={folder / 'workspaces'} "
        # window.jupyterapp: one page opens every notebook, without reloading JupyterLab
        f"--LabApp.expose_app_in_browser=True"
    )
    log = (folder / "lab.log").open("w")
    server = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "lab",
            f"LAB_PORT={port}",
            f"LAB_DIR={notebooks}",
            f"LAB_ARGS={args}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        "`make lab` did not serve JupyterLab:\n"
                        + (folder / "lab.log").read_text()[-3000:],
                        pytrace=False,
                    )
                time.sleep(0.5)
        yield url, token, notebooks
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def plant_glue(nb, folder):
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "0.693147" in c.source)
    cell.source = cell.source.replace("0.693147", "{glue:text}`nn-ln2`", 1)
    nbformat.write(nb, folder / "planted_glue.ipynb")


def plant_open_solution(nb, folder):
    cell = next(
        c for c in nb.cells if c.cell_type == "markdown" and "<summary>Solution" in c.source
    )
    cell.source = re.sub(r"</?details>\n?", "", cell.source, count=2)
    cell.source = re.sub(r"<summary>(.*?)</summary>", r"**\1**", cell.source, count=1)
    nbformat.write(nb, folder / "planted_open_solution.ipynb")


@pytest.fixture(scope="module")
def page(lab):
    """One Chromium page with JupyterLab loaded (Debian's Chromium: Playwright downloads none)."""
    playwright = pytest.importorskip("playwright.sync_api")
    url, token, _ = lab
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/lab?token={token}&reset", timeout=120_000)
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell", timeout=120_000
        )
        page.evaluate("() => window.jupyterapp.restored")
        yield page
        browser.close()


def open_notebook(page, lab, name, screenshot=None):
    """Every cell of notebook ``name`` as JupyterLab shows it (see READ_CELLS)."""
    folder = lab[2]
    cells = nbformat.read(folder / name, as_version=4).cells
    page.evaluate(
        """async name => {
          await window.jupyterapp.commands.execute('application:close-all');
          await window.jupyterapp.commands.execute('docmanager:open', {path: name});
        }""",
        name,
    )
    visible = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    # Every cell attached, every Markdown cell rendered (its element filled, which is async).
    page.wait_for_function(
        "([s, n, m]) => document.querySelectorAll(s + ' .jp-Cell').length >= n"
        " && [...document.querySelectorAll(s + ' .jp-MarkdownCell .jp-RenderedMarkdown')]"
        "    .filter(e => e.childElementCount > 0).length >= m",
        arg=[visible, len(cells), sum(c.cell_type == "markdown" for c in cells)],
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # MathJax typesets after the Markdown is in
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / screenshot)
    return page.evaluate(READ_CELLS), len(cells)


def problems(shown, expected, solutions):
    found = []
    if len(shown) != expected:
        found.append(f"JupyterLab shows {len(shown)} cells of {expected}")
    for k, cell in enumerate(shown):
        for text in VISIBLE_MYST:
            if text in cell["text"]:
                found.append(f"cell {k} shows {text!r}: {cell['text'][:120]!r}")
        found += [f"cell {k}: {d['summary']!r} starts open" for d in cell["details"] if d["open"]]
        found += [f"cell {k}: {text!r} is outside a <details>" for text in cell["strays"]]
    titled = sum(d["summary"].startswith("Solution to") for c in shown for d in c["details"])
    if titled != solutions:
        found.append(f"{titled} collapsed solutions, {solutions} expected")
    return found


def solution_count(md):
    return len(re.findall(r"^`{3,}\{solution(?:-start)?\}", md.read_text(), re.M))


@pytest.mark.parametrize("md", CHAPTERS, ids=[md.stem for md in CHAPTERS])
def test_every_cell_reads_as_a_lesson(page, lab, md):
    shot = f"jupyterlab-{md.stem}.png" if md == CHAPTER5 else None
    shown, expected = open_notebook(page, lab, f"{md.stem}.ipynb", screenshot=shot)
    found = problems(shown, expected, solution_count(md))
    assert not found, f"{md.stem}.ipynb in JupyterLab:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(
    "planted, fault",
    [
        ("planted_glue.ipynb", "shows '{glue'"),
        ("planted_open_solution.ipynb", "outside a <details>"),
    ],
)
def test_a_planted_fault_is_caught(page, lab, planted, fault):
    shown, expected = open_notebook(page, lab, planted)
    found = problems(shown, expected, solution_count(CHAPTER5))
    assert any(fault in problem for problem in found), (
        f"the JupyterLab check missed the fault planted in {planted}: {found}"
    )
