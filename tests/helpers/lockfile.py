"""The lock, requirements.txt, read as pip reads it: its entries with their hashes, and the
versions it pins for this machine. Shared by the environment tests and the test that the site's
build-time repairs (_ext/lab_site.py) were written for the locked versions."""

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.bookpaths import ROOT

LOCK = ROOT / "requirements.txt"


def entries(lock: Path = LOCK) -> list[tuple[int, Requirement, list[str]]]:
    """(line number, requirement, hashes) of each entry; an entry is a line and its backslash
    continuations."""
    found, lines = [], lock.read_text().splitlines()
    number = 0
    while number < len(lines):
        start, text = number + 1, lines[number]
        while text.endswith("\\"):
            number += 1
            text = text[:-1] + " " + lines[number]
        number += 1
        text = text.split("#", 1)[0]  # comments: the header, the "# via" annotations
        hashes = re.findall(r"--hash=(\S+)", text)
        text = re.sub(r"--hash=\S+", "", text).strip()
        if text:
            found.append((start, Requirement(text), hashes))
    return found


def pins(lock: Path = LOCK) -> dict[str, str]:
    """{canonical name: version} that the lock installs on this machine (markers evaluated)."""
    pinned = {}
    for number, req, _ in entries(lock):
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise ValueError(
                f"{lock.name} line {number} ({req}) is not an exact pin: a lock "
                "pins every package to one version"
            )
        if req.marker is None or req.marker.evaluate():
            pinned[canonicalize_name(req.name)] = specs[0].version
    return pinned
