"""`make live` previews the book with the book's own configuration: tools/live/conf.py reads
_config.yml through Jupyter Book and anchors the settings Sphinx would resolve against
tools/live/ instead of the book's root. A strict Sphinx build of a small copy of the book with
that conf.py proves the static files, the favicon, the bibliography, the table of contents and
the local extension are all found."""

import subprocess
import sys

from tests.helpers.smallbook import small_book


def test_live_configuration_builds_the_book_strictly(tmp_path):
    book = small_book(
        tmp_path / "book",
        {},
        intro="# Intro\n\nA {term}`gradient`, as in {cite:p}`handout2023`.\n",
        folders=("tools/live",),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-c",
            str(book / "tools" / "live"),
            "-W",
            "-n",
            "--keep-going",
            str(book),
            str(book / "_build" / "live"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        "the configuration of `make live` (tools/live/conf.py) does not build the book "
        "without warnings:\n" + result.stdout[-2000:] + result.stderr[-3000:]
    )
    page = (book / "_build" / "live" / "intro.html").read_text()
    assert "lab.css" in page and "favicon.svg" in page, (
        "the live preview lacks the site's own CSS or favicon (_static/ not found)"
    )
