"""Binder runs the lab in exactly the environment the site is built and checked with:
environment.yml installs Python 3.11, the lock (requirements.txt) and labcode, and nothing
else; apt.txt brings Graphviz; start sets TensorFlow's log variables. And the environment
these tests run in is that lock."""

import importlib.metadata
import os
import re

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bookpaths import ROOT

ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text())


def lock():
    """{name: version} of requirements.txt, which must pin every package exactly."""
    pins = {}
    for number, line in enumerate((ROOT / "requirements.txt").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", (
            f"requirements.txt line {number} ({line!r}) is not an exact pin: it is a lock"
        )
        if req.marker is None or req.marker.evaluate():
            pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def test_binder_python_is_the_one_the_lock_was_compiled_for():
    locked = re.search(r"--python-version (\S+)", (ROOT / "requirements.txt").read_text())
    conda = [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str)]
    made = re.search(r"^PYTHON \?= python(\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert locked and made, "requirements.txt or the Makefile no longer names its Python version"
    assert sorted(conda) == ["pip", f"python={locked[1]}"] and made[1] == locked[1], (
        f"requirements.txt is compiled for Python {locked[1]}; environment.yml installs {conda} "
        f"(it must be only pip and python={locked[1]}) and the Makefile uses python{made[1]}"
    )


def test_binder_installs_exactly_the_lock_and_labcode():
    pip = [d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip == [["-r requirements.txt", "-e ."]], (
        f"environment.yml's pip section must be exactly [-r requirements.txt, -e .], not {pip}: "
        f"anything else would give Binder other versions than the ones the site is checked with"
    )


def test_lock_pins_everything_requirements_in_asks_for():
    pins = lock()
    wanted = [
        Requirement(line.split("#", 1)[0].strip())
        for line in (ROOT / "requirements.in").read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert not missing, f"requirements.txt lacks {missing}: run `make lock`"
    off = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in wanted
           if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert not off, f"requirements.txt disagrees with requirements.in: {off}; run `make lock`"


def test_this_environment_is_the_lock():
    """What the tests run in is what Binder installs: every pinned version, nothing else
    besides labcode and pip."""
    pins = lock()
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()
    }
    wrong = {name: (version, installed.get(name)) for name, version in pins.items()
             if installed.get(name) != version}
    assert not wrong, f"installed versions differ from the lock (locked, installed): {wrong}"
    extra = sorted(set(installed) - set(pins) - {"labcode", "pip"})
    assert not extra, (
        f"installed but not in the lock: {extra}; add them to requirements.in and `make lock`"
    )


def test_apt_installs_graphviz():
    packages = (ROOT / "apt.txt").read_text().split()
    assert "graphviz" in packages, "apt.txt must install graphviz (chapter 3 draws graphs with dot)"


def test_start_exports_the_tensorflow_variables_and_is_executable():
    start = ROOT / "start"
    text = start.read_text()
    assert text.startswith("#!/bin/bash"), "start needs a bash shebang"
    assert os.access(start, os.X_OK), "start must be executable (git update-index --chmod=+x start)"
    for name, value in {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}.items():
        assert re.search(rf"^export {name}={value}$", text, re.M), (
            f"start must export {name}={value}"
        )
    assert re.search(r'^exec "\$@"$', text, re.M), (
        'start must end by running the command Binder gives it: exec "$@"'
    )


def test_start_uses_the_same_tensorflow_settings_as_the_makefile():
    makefile = (ROOT / "Makefile").read_text()
    for name in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS"):
        made = re.search(rf"^export {name} := (\S+)$", makefile, re.M)
        started = re.search(rf"^export {name}=(\S+)$", (ROOT / "start").read_text(), re.M)
        assert made and started and made[1] == started[1], (
            f"{name} differs between the Makefile (the site's build) and start (Binder)"
        )
