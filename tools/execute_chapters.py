"""Execute every chapter into the book's execution cache, two notebooks at a time.

Jupyter Book 1 executes notebooks one after another while it reads them; on a 2-core machine
that leaves a core idle for most of a clean build. This fills the same jupyter-cache the build
reads (_build/.jupyter_cache, keyed on each notebook's code), so the build that follows finds
every chapter cached. A chapter that fails here is simply not cached: the strict build then
executes it itself and reports the failure the usual way.
"""

from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

from tools.bookpaths import ROOT, chapter_sources


def main():
    cache = get_cache(ROOT / "_build" / ".jupyter_cache")
    for md in chapter_sources():
        cache.add_nb_to_project(str(md), read_data={"name": "myst_nb_md", "type": "plugin"})
    executor = load_executor("local-parallel", cache=cache)
    result = executor.run_and_cache(timeout=300)
    for uri in result.succeeded:
        print(f"executed {Path(uri).relative_to(ROOT)}")
    for uri in result.errored + result.excepted:
        print(f"failed {Path(uri).relative_to(ROOT)}: the strict build will report why")


if __name__ == "__main__":
    main()
