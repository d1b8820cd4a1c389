"""Sphinx configuration of `make live` (sphinx-autobuild): the book's own, which Jupyter Book
reads from _config.yml at every start of the preview, so the preview cannot drift from the site.

`jupyter-book config sphinx` would write the same values once into a conf.py at the book's
root, where `jupyter-book build` would then read it too; this file lives apart instead. Sphinx
and sphinxcontrib-bibtex resolve three settings against this folder rather than the book's
root: those are anchored here.
"""

from pathlib import Path

from jupyter_book.config import get_final_config

ROOT = Path(__file__).resolve().parents[2]

# As `jupyter-book build` calls it; it also puts the book's local extensions (_ext/) on sys.path.
_config, _ = get_final_config(
    user_yaml=ROOT / "_config.yml",
    sourcedir=ROOT,
    cli_config={"external_toc_path": "_toc.yml", "latex_individualpages": False},
)
globals().update(_config)
html_static_path = [str(ROOT / path) for path in _config["html_static_path"]]
html_favicon = str(ROOT / _config["html_favicon"]) if _config.get("html_favicon") else None
bibtex_bibfiles = [str(ROOT / path) for path in _config.get("bibtex_bibfiles", [])]
