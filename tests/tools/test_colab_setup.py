"""tools/colab_setup.py on a copy of a chapter: `make book` names each Colab setup line that
installs labcode from another repository than _config.yml's, with the command that fixes it,
and changes no file; `make notebooks` (--write) rewrites exactly those lines."""

import json

import pytest
import yaml

from tools import colab_setup
from tools.bookpaths import ROOT

# The line as it was before the distribution was renamed lab02-labcode: --write renames it too.
OLD = "labcode @ git+https://github.com/cs767/lab02-calculus-backprop@main"
CELL = f'import importlib.util\n\n%pip install --quiet "{OLD}"\n'


@pytest.fixture
def fork(tmp_path):
    """A book whose _config.yml names a fork and another branch, with one chapter and its twin
    still installing from the original repository."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["repository"].update(url="https://github.com/someone/fork", branch="spring")
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config))
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "01_x.md").write_text(f"# X\n\n```{{code-cell}} ipython3\n{CELL}```\n\nText.\n")
    twin = {"cells": [{"cell_type": "code", "source": CELL.splitlines(keepends=True)}]}
    (chapters / "01_x.ipynb").write_text(json.dumps(twin, indent=1) + "\n")
    return tmp_path


def contents(root):
    return {p.name: p.read_text() for p in (root / "chapters").iterdir()}


def test_the_check_names_each_stale_line_and_the_fix_and_changes_nothing(fork, capsys):
    before = contents(fork)
    colab_setup.main([], fork)
    report = capsys.readouterr().err
    for where in ["chapters/01_x.md:6:", "chapters/01_x.ipynb:"]:
        assert where in report, f"the report does not name {where}:\n{report}"
    assert "someone/fork@spring" in report and "make notebooks" in report, report
    assert contents(fork) == before, "the check changed a chapter file"


def test_write_rewrites_only_the_install_lines(fork, capsys):
    before = contents(fork)
    colab_setup.main(["--write"], fork)
    wanted = "lab02-labcode @ git+https://github.com/someone/fork@spring"
    for name, text in contents(fork).items():
        assert text == before[name].replace(OLD, wanted), f"{name} changed beyond its install line"
    assert not colab_setup.stale(fork), "after --write a line still names the old repository"
    colab_setup.main([], fork)
    assert capsys.readouterr().err == "", "a clean book should get no report"
