"""One environment everywhere: requirements.txt is a universal, hashed lock that installs on
Linux x86-64 and aarch64, macOS arm64 and Windows x86-64 (the tests that need PyPI are marked
``network``: `make lock-check` runs them, `make test` does not); Binder runs the lab with the lock's
Python and the build's TensorFlow settings; the environment these tests run in is that lock;
and the setup scripts tell a machine without the system packages what to install."""

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import lockfile
from tools.bookpaths import ROOT

ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text())
MAKEFILE = (ROOT / "Makefile").read_text()
LOCK = lockfile.LOCK
# uv's names of the four platforms the lock must install on, and the TensorFlow wheel each gets:
# tensorflow-cpu exists only for Linux x86-64 and Windows x86-64.
PLATFORMS = {
    "x86_64-manylinux_2_28": "tensorflow-cpu",
    "aarch64-manylinux_2_28": "tensorflow",
    "aarch64-apple-darwin": "tensorflow",
    "x86_64-pc-windows-msvc": "tensorflow-cpu",
}


def lock():
    """{name: version} of requirements.txt for this machine, which must pin everything exactly."""
    try:
        return lockfile.pins()
    except ValueError as error:
        pytest.fail(str(error))


def test_binder_python_is_the_one_the_lock_was_compiled_for():
    """One NumPy for every platform needs one Python: the lock's, the Makefile's and Binder's."""
    locked = re.search(r"--python-version (\S+)", LOCK.read_text())
    made = re.search(r"^PYTHON_VERSION := (\S+)$", MAKEFILE, re.M)
    assert locked and made, "requirements.txt or the Makefile no longer names its Python version"
    conda = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str) and "python" in d]
    assert conda == [f"python={locked[1]}"] and made[1] == locked[1], (
        f"requirements.txt is compiled for Python {locked[1]}, environment.yml installs {conda} "
        f"and the Makefile's PYTHON_VERSION is {made[1]}: they must be one version"
    )


def test_start_runs_binders_command_with_the_builds_tensorflow_settings():
    """Binder runs ``start CMD``: CMD (JupyterLab, and every kernel it starts) must see the
    TensorFlow log settings the Makefile gives the build, else its chapters print C++ logs."""
    names = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")
    made = {name: re.search(rf"^export {name} := (\S+)$", MAKEFILE, re.M) for name in names}
    assert all(made.values()), f"the Makefile no longer exports {names}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    probe = f"import json, os; print(json.dumps([os.environ.get(n) for n in {names!r}]))"
    try:
        run = subprocess.run(
            [str(ROOT / "start"), sys.executable, "-c", probe],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except PermissionError:
        pytest.fail("start must be executable (git update-index --chmod=+x start)")
    assert run.returncode == 0, f"start did not run its command:\n{run.stderr}"
    assert json.loads(run.stdout) == [made[name][1] for name in names], (
        f"under start, {names} are {run.stdout.strip()}; the Makefile sets "
        f"{[made[name][1] for name in names]}"
    )


def test_lock_pins_everything_requirements_in_asks_for():
    pins = lock()
    wanted = [
        req
        for req in (
            Requirement(line.split("#", 1)[0].strip())
            for line in (ROOT / "requirements.in").read_text().splitlines()
            if line.split("#", 1)[0].strip()
        )
        if req.marker is None or req.marker.evaluate()  # this machine's; the others: below
    ]
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert not missing, f"requirements.txt lacks {missing}: run `make lock`"
    off = [
        f"{r} (locked {pins[canonicalize_name(r.name)]})"
        for r in wanted
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not off, f"requirements.txt disagrees with requirements.in: {off}; run `make lock`"


def test_this_environment_is_the_lock():
    """What the tests run in is what Binder installs: every pinned version, nothing else
    besides labcode (the distribution lab02-labcode) and pip."""
    pins = lock()
    # The venv's own site-packages: an editable build leaves an .egg-info in the repository's
    # root, which is on sys.path too (pyproject.toml's pythonpath) and is not an install.
    site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions(path=sorted(site))
    }
    wrong = {
        name: (version, installed.get(name))
        for name, version in pins.items()
        if installed.get(name) != version
    }
    assert not wrong, f"installed versions differ from the lock (locked, installed): {wrong}"
    extra = sorted(set(installed) - set(pins) - {"lab02-labcode", "pip"})
    assert not extra, (
        f"installed but not in the lock: {extra}; add them to requirements.in and `make lock`"
    )


def test_lock_is_universal_and_hashed():
    header = LOCK.read_text().splitlines()[:2]
    assert "--universal" in header[1] and "--generate-hashes" in header[1], (
        f"requirements.txt was not written by `make lock` (uv pip compile --universal "
        f"--generate-hashes): its header reads {header}"
    )
    unhashed = [
        f"line {number}: {req.name}" for number, req, hashes in lockfile.entries() if not hashes
    ]
    assert not unhashed, f"requirements.txt entries without hashes: {unhashed}; run `make lock`"


@pytest.mark.network
@pytest.mark.parametrize("platform", PLATFORMS)
def test_lock_installs_on(platform, tmp_path):
    """A dry-run install for another platform: uv must find a wheel of every pinned package for
    it on PyPI (or in uv's cache). A dry run does not download the wheels, so it cannot check
    their hashes: a real install does (make setup, Binder)."""
    uv = Path(sys.executable).parent / "uv"
    result = subprocess.run(
        [
            str(uv),
            "pip",
            "install",
            "--dry-run",
            "--target",
            str(tmp_path),
            "--no-deps",
            "--python-platform",
            platform,
            "--python-version",
            "3.11",
            "--require-hashes",
            "--only-binary",
            ":all:",
            "-r",
            str(LOCK),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"the lock does not install on {platform}:\n{result.stderr[-3000:]}"
    )
    tensorflow = set(re.findall(r"^ \+ (tensorflow(?:-cpu)?)==", result.stderr, re.M))
    assert tensorflow == {PLATFORMS[platform]}, (
        f"on {platform} the lock should install {PLATFORMS[platform]}, not {tensorflow or 'none'}"
    )


def test_make_book_never_needs_chromium():
    """Chromium is for the browser tests only: building the site must not ask for it."""

    def commands(target):  # what make would run, without running it
        return subprocess.run(
            ["make", "-n", "--no-print-directory", "-C", str(ROOT), target],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert "sysdeps.sh dot chromium" in commands("bench"), (
        "make -n bench no longer shows tools/sysdeps.sh asking for chromium: this test's probe "
        "would then miss it in make book too"
    )
    asked = [line for line in commands("book").splitlines() if "chromium" in line]
    assert not asked, f"make book asks for Chromium: {asked}"


def sysdeps(tmp_path, system, *commands):
    """Run tools/sysdeps.sh on a PATH holding bash and `uname` reporting ``system``, but neither
    dot, chromium nor apt-get: what a machine without the packages and without apt sees."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to(shutil.which("bash"))
    (bin_dir / "uname").write_text(f"#!{shutil.which('sh')}\necho {system}\n")
    (bin_dir / "uname").chmod(0o755)
    return subprocess.run(
        [shutil.which("bash"), str(ROOT / "tools" / "sysdeps.sh"), *commands],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )


def test_sysdeps_prints_the_brew_commands_on_macos(tmp_path):
    result = sysdeps(tmp_path, "Darwin", "dot", "chromium")
    assert result.returncode != 0, "sysdeps.sh let make go on without Graphviz"
    for command in ["brew install graphviz", "brew install --cask chromium"]:
        assert command in result.stderr, (
            f"on macOS sysdeps.sh should print {command!r}:\n{result.stderr}"
        )


def test_sysdeps_names_the_package_on_other_systems(tmp_path):
    result = sysdeps(tmp_path, "FreeBSD", "dot")
    assert result.returncode != 0, "sysdeps.sh let make go on without Graphviz"
    assert "install graphviz" in result.stderr and "brew" not in result.stderr, (
        f"without apt-get or macOS, sysdeps.sh should name the package graphviz:\n{result.stderr}"
    )


@pytest.mark.network
def test_bootstrap_installs_the_uv_the_lock_pins(tmp_path):
    """A machine without uv gets the lock's uv, hash-checked from PyPI (or pip's cache), in
    .uv/bin."""
    pinned = lockfile.pins()["uv"]
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "bootstrap-uv.sh", tmp_path / "tools")
    shutil.copy(LOCK, tmp_path / "requirements.txt")
    run = subprocess.run(
        ["bash", "tools/bootstrap-uv.sh"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, f"bootstrap-uv.sh failed:\n{run.stdout}{run.stderr}"
    version = subprocess.run(
        [tmp_path / ".uv" / "bin" / "uv", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert version.split()[1] == pinned, f"bootstrapped {version.strip()}, the lock pins {pinned}"
