"""The chapter notebooks students open, taken from the build: ``student_notebooks.py [--check] [X.md ...]``.

The strict build writes each chapter's student notebook to _build/student/chapters/NN_name.ipynb
(_ext/student_notebook.py: the chapter as plain Jupyter Markdown, with the build's outputs).
The committed chapters/NN_name.ipynb is that notebook: the one the launch buttons open and the
one nbval re-runs. Without ``--check``, copy the built notebooks over the committed ones (``make
notebooks``, which builds first); with ``--check``, exit 1 naming each chapter whose committed
notebook is not what the build made of it, with the command that regenerates it.
"""

import sys
from pathlib import Path

from bookpaths import ROOT, chapter_sources

BUILT = ROOT / "_build" / "student"


def built(md):
    return BUILT / md.relative_to(ROOT).with_suffix(".ipynb")


def committed(md):
    return md.with_suffix(".ipynb")


def stale(md):
    """Why the committed notebook of chapter ``md`` is stale, or None if it is the built one."""
    name = md.relative_to(ROOT).as_posix()
    fix = f"run `make notebooks NB={name}` and commit {committed(md).relative_to(ROOT)}"
    if not built(md).is_file():
        return f"{name}: the build wrote no student notebook (run `make build` first)"
    if not committed(md).is_file():
        return f"{name}: {committed(md).relative_to(ROOT)} is missing: {fix}"
    if committed(md).read_text() != built(md).read_text():
        return f"{name}: {committed(md).relative_to(ROOT)} is not what the build makes of it: {fix}"
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
            committed(md).write_text(built(md).read_text())
            print(f"  wrote {committed(md).relative_to(ROOT)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if check and not problems:
        print(f"student notebooks: {len(sources)} chapters match the build")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
