"""tools/bookpaths.py: the pages of the table of contents, in reading order, as the build reads
them, and the chapters among them."""

import textwrap

from tools.bookpaths import ROOT, chapter_sources, toc_files


def test_every_chapter_in_the_toc_exists():
    chapters = chapter_sources()
    assert chapters, "_toc.yml lists no chapters/ page: the chapter tests would check nothing"
    missing = [str(md.relative_to(ROOT)) for md in chapters if not md.exists()]
    assert not missing, f"_toc.yml lists {missing}, which do not exist"


def test_toc_files_walks_parts_and_sections_in_reading_order(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        textwrap.dedent("""\
        format: jb-book
        root: intro
        parts:
          - caption: One
            chapters:
              - file: a
                sections:
                  - file: a/first
                  - file: a/second
              - file: b
          - caption: Two
            chapters:
              - file: c
        """)
    )
    assert toc_files(toc) == ["intro", "a", "a/first", "a/second", "b", "c"], (
        "pages must come in reading order: each chapter followed by its sections"
    )
