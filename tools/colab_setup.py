"""The Colab setup cell of every chapter installs labcode from the repository named in _config.yml.

The first code cell of each chapter, and of its golden twin (the notebook Colab opens from
GitHub), installs labcode with ``%pip install "lab02-labcode @ git+URL@BRANCH"`` (the
distribution's name: PyPI's ``labcode`` is another project, which a resolver that lost the URL
would install). _config.yml's ``repository.url`` and ``repository.branch`` are the one place
to set them.

``python -m tools.colab_setup`` (run by `make book`) only reports: it names each chapter file
whose install line names another repository or branch, with the line, and the command that
fixes it, and changes nothing (a build leaves the tracked files alone). ``--write`` (run by
`make notebooks`) rewrites those lines. Only that line changes, so a twin needs no
re-execution: where labcode is installed, the cell runs nothing and prints nothing.
"""

import re
import sys
from pathlib import Path

import yaml

from tools.bookpaths import ROOT

DISTRIBUTION = "lab02-labcode"
# An install line, under this name or the one it had before ("labcode"), from any repository.
INSTALL = re.compile(
    r"(?<![\w-])(?:lab02-)?labcode @ git\+(?P<url>[^\s\"'@]+)@(?P<branch>[\w./-]+)"
)
FIX = "make notebooks"


def target(root: Path = ROOT) -> str:
    """The requirement the setup cells must install, from _config.yml."""
    repository = yaml.safe_load((root / "_config.yml").read_text())["repository"]
    url, branch = repository["url"].rstrip("/"), repository.get("branch", "main")
    return f"{DISTRIBUTION} @ git+{url}@{branch}"


def chapter_files(root: Path = ROOT) -> list[Path]:
    chapters = root / "chapters"
    return sorted(chapters.glob("*.md")) + sorted(chapters.glob("*.ipynb"))


def stale(root: Path = ROOT) -> list[tuple[Path, int, str]]:
    """(file, line number, line) of every install line that names another repository or branch."""
    wanted = target(root)
    return [
        (path, number, line.strip())
        for path in chapter_files(root)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if any(m.group(0) != wanted for m in INSTALL.finditer(line))
    ]


def rewrite(root: Path = ROOT) -> list[Path]:
    """Point every install line at _config.yml's repository; return the files changed."""
    wanted, changed = target(root), []
    for path in chapter_files(root):
        text = path.read_text()
        new = INSTALL.sub(wanted, text)
        if new != text:
            path.write_text(new)
            changed.append(path)
    return changed


def main(argv: list[str], root: Path = ROOT) -> None:
    if "--write" in argv:
        changed = rewrite(root)
        if changed:
            names = " ".join(p.relative_to(root).as_posix() for p in changed)
            print(f"Colab setup cells now install {target(root)!r}; commit: {names}")
        return
    found = stale(root)
    if found:
        print(
            f"These Colab setup cells do not install {target(root)!r} (_config.yml's repository):",
            *(f"  {p.relative_to(root).as_posix()}:{n}: {line}" for p, n, line in found),
            f"Run `{FIX}` to rewrite them, then commit the chapters (Colab opens the twins "
            f"from GitHub).",
            sep="\n",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
