"""The chapter notebooks students open, from the build: ``student_notebooks.py [--check] [X.md]``.

The strict build writes each chapter's student notebook to _build/notebooks/chapters/NN_name.ipynb
(_ext/student_notebook.py: the chapter as plain Jupyter Markdown, with the build's outputs).
The committed chapters/NN_name.ipynb is that notebook: the one the launch buttons open and the
one nbval re-runs. Without ``--check``, copy the built notebooks over the committed ones (``make
notebooks``, which builds first); with ``--check``, exit 1 naming each chapter whose committed
notebook is not what the build made of it (a figure's pixels aside), with the command that
regenerates it, and each link of a notebook students open (chapters and exercise notebooks)
that points at the published site (html.baseurl) but at no page or anchor of the site just built.
"""

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import yaml

from tools.bookpaths import ROOT, SITE, chapter_sources

LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


class Ids(HTMLParser):
    """Every id of an HTML page."""

    def __init__(self, text):
        super().__init__()
        self.ids = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def broken_links(notebook, site=SITE):
    """Links of ``notebook`` into the published site that the built site does not have."""
    base = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["baseurl"].rstrip("/") + "/"
    pages, broken = {}, []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for url in LINK.findall(cell.source):
            if not url.startswith(base):
                continue
            parts = urlsplit(url[len(base) :])
            path = site / unquote(parts.path or "index.html")
            if not path.is_file():
                broken.append(f"{url} (no {path.relative_to(site)} in the site)")
            elif parts.fragment and path.suffix == ".html":
                if path not in pages:
                    pages[path] = Ids(path.read_text()).ids
                if unquote(parts.fragment) not in pages[path]:
                    broken.append(f"{url} (no #{parts.fragment} on that page)")
    return broken


def built(md, root=ROOT):
    return root / "_build" / "notebooks" / md.relative_to(root).with_suffix(".ipynb")


def without_images(path):
    """The notebook's JSON with every image's bytes left out. A figure's pixels may differ
    between machines where its text does not (nbval does not compare images either)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: "<image>" if k.startswith("image/") else strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(path.read_text()))


def stale(md, root=ROOT):
    """Why the committed notebook of chapter ``md`` is stale, or None if it is the built one."""
    name, notebook = md.relative_to(root).as_posix(), md.with_suffix(".ipynb")
    fix = f"run `make notebooks NB={name}` and commit {notebook.relative_to(root)}"
    if not built(md, root).is_file():
        return f"{name}: the build wrote no student notebook (run `make build` first)"
    if not notebook.is_file():
        return f"{name}: {notebook.relative_to(root)} is missing: {fix}"
    if without_images(notebook) != without_images(built(md, root)):
        return f"{name}: {notebook.relative_to(root)} is not what the build makes of it: {fix}"
    return None


def main(args):
    check = "--check" in args
    sources = [Path(a).resolve() for a in args if a != "--check"] or chapter_sources()
    problems = []
    for md in sources:
        if check:
            problem = stale(md)
            if problem:
                problems.append(problem)
        elif not built(md).is_file():
            problems.append(stale(md))
        else:
            md.with_suffix(".ipynb").write_text(built(md).read_text())
            print(f"  wrote {md.with_suffix('.ipynb').relative_to(ROOT)}")
    if check:
        exercises = sorted((ROOT / "chapters" / "exercises").glob("*.ipynb"))
        for notebook in [built(md) for md in sources if built(md).is_file()] + exercises:
            problems += [
                f"{notebook.relative_to(ROOT)}: a link to no place on the site: {link}"
                for link in broken_links(notebook)
            ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if check and not problems:
        print(
            f"student notebooks: {len(sources)} chapters match the build; every site link resolves"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
