"""Point the Colab setup cell of every chapter at the repository named in _config.yml.

The first code cell of each chapter, and of its golden twin (the notebook Colab opens from
GitHub), installs labcode with ``%pip install "labcode @ git+URL@BRANCH"``. _config.yml's
``repository.url`` and ``repository.branch`` are the one place to set them: `make book` runs
this script, which rewrites the install lines that name another repository or branch and lists
the files it changed (commit them). Only that line changes, so a twin needs no re-execution:
where labcode is installed, the cell runs nothing and prints nothing.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
INSTALL = re.compile(r"labcode @ git\+(?P<url>[^\s\"'@]+)@(?P<branch>[\w./-]+)")


def target():
    """The requirement the setup cells must install, from _config.yml."""
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return f"labcode @ git+{repository['url'].rstrip('/')}@{repository.get('branch', 'main')}"


def main():
    wanted = target()
    changed = []
    chapters = ROOT / "chapters"
    for path in sorted(chapters.glob("*.md")) + sorted(chapters.glob("*.ipynb")):
        text = path.read_text()
        new = INSTALL.sub(wanted, text)
        if new != text:
            path.write_text(new)
            changed.append(path.relative_to(ROOT).as_posix())
    if changed:
        print(f"Colab setup cells now install {wanted!r}; commit: {' '.join(changed)}")


if __name__ == "__main__":
    main()
