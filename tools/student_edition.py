"""Build the student edition of the site, _build/student/html: ``python -m tools.student_edition``.

The build `make book` runs (Jupyter Book's own ``build_sphinx``, _config.yml, strict: -W -n
--keep-going --all), with ``lab_edition = "student"``: _ext/solutions.py leaves every solution
out, and the shown source of each function the exercises ask for. Nothing is executed again:
the pages read their outputs from the book's execution cache, _build/.jupyter_cache, which
`make build` fills (a chapter missing from it is executed and cached, as in the full build).
"""

import sys

from jupyter_book.sphinx import build_sphinx

from tools.bookpaths import ROOT

OUTPUT = ROOT / "_build" / "student" / "html"


def main():
    result = build_sphinx(
        ROOT,
        OUTPUT,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": str(ROOT / "_toc.yml"),
            "latex_individualpages": False,
            "nitpicky": True,
            "lab_edition": "student",
            "nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache"),
        },
        warningiserror=True,
        keep_going=True,
        freshenv=True,
    )
    if result:
        sys.exit(f"The student edition did not build (exit {result}): see the warnings above.")
    print(f"The student edition is in {OUTPUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
