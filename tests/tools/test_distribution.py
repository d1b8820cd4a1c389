"""The distribution a student installs on Colab (``%pip install "lab02-labcode @ git+..."``):
named lab02-labcode, not PyPI's unrelated labcode, and holding every module of the labcode
package, subpackages included (a non-editable install has only what the wheel holds)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tools.bookpaths import ROOT


def test_the_wheel_is_lab02_labcode_and_holds_every_labcode_module(tmp_path):
    source = tmp_path / "source"  # built from a copy: a build writes build/ and .egg-info
    source.mkdir()
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "labcode", source / "labcode", ignore=shutil.ignore_patterns("*.pyc"))
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "uv"),
            "build",
            "--wheel",
            "--offline",
            "--no-build-isolation",  # the lock's setuptools
            "--python",
            sys.executable,
            "--out-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"the wheel did not build:\n{run.stderr[-3000:]}"
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name.startswith("lab02_labcode-"), f"the distribution is {wheel.name}"
    packaged = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "labcode").rglob("*.py")}
    assert packaged == modules, (
        f"the wheel lacks {sorted(modules - packaged)} and adds {sorted(packaged - modules)}"
    )
