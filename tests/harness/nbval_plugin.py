"""nbval's re-runs of the golden twins, checked further: figures, and numbers under round-off.

Loaded into the Makefile's nbval runs with ``-p tests.harness.nbval_plugin``. nbval compares a
cell's text outputs and skips its images. After nbval has passed a cell this plugin checks

- every figure (image/png) against the stored one (``figures.difference``), in every run; a
  figure that plots round-off or chaos itself may have the larger share of differing pixels
  that ``tests/nbval_figures.toml`` gives it, by name, with the reason;
- with ``--roundoff-seed N`` (``make portability``), whose kernels simulate another machine
  (``roundoff.perturb``) and log each float a cell formats (``roundoff.record``): each printed
  number against the value behind it when the twin was made (``values/<twin>.json`` beside the
  twin, written by ``make notebooks``). Text that is the same in both runs can still be fragile:
  a value that moved by d under the simulated round-off is spread over a range of about that
  size on the machines a class uses, and one pair of runs can underestimate it (for a normal
  spread of standard deviation s, d = |difference of two draws| is below s / 5 one time in
  nine). A number is fragile when its text changes anywhere within SPREAD * d of the twin's
  value: so a number within s of a rounding boundary is flagged eight times in nine. For a
  result of IEEE arithmetic and a few libm calls d is a few ULP and the text holds unless the
  value sits within about 1e-15 of a boundary; for a chaotic one (a training run that stalls
  and escapes, a solver's iterates) d is the size of the chaos.

The plugin reads nbval's cell items (their stored cell, the outputs of the run, the notebook
they belong to): written for the nbval version in NBVAL, it stops a run under any other.
"""

import json
import os
from collections import defaultdict, deque
from importlib.metadata import version
from pathlib import Path

import pytest
import tomllib
from nbval.plugin import IPyNbCell

from tests.harness import figures, roundoff

NBVAL = "0.11.0"
SPREAD = 5


def pytest_addoption(parser):
    parser.getgroup("lab02").addoption(
        "--roundoff-seed",
        type=int,
        default=None,
        help="simulate another machine's round-off (roundoff.perturb) and check printed numbers",
    )


def pytest_configure(config):
    if version("nbval") != NBVAL:
        raise pytest.UsageError(
            f"tests/harness/nbval_plugin.py reads the cell items of nbval {NBVAL}, and nbval "
            f"{version('nbval')} is installed: check IPyNbCell's cell, test_outputs, parent and "
            "raise_cell_error against the new version, then update NBVAL"
        )
    seed = config.option.roundoff_seed
    if seed is not None:
        # Set before the first kernel starts, and before pytest-xdist starts its workers.
        os.environ.update(roundoff.kernel_env(config.rootpath / "_build", seed=seed))
    config.pluginmanager.register(_Checks(config, seed), "lab02-nbval-checks")


def read_values(twin):
    """Each cell key's logged values, in the order the twin's run met them."""
    path = roundoff.values_file(twin)
    if not path.exists():
        return None
    cells = defaultdict(deque)
    for key, values in json.loads(path.read_text())["cells"]:
        cells[key].append(values)
    return cells


def _render(how, value):
    try:
        if how[0] == "glue":
            import labcode.book

            return labcode.book.glue_text(value, how[1], how[2])
        return format(value, how[1])
    except (ValueError, OverflowError) as error:
        return f"<{error}>"


def _how(how):
    return f"format {how[1]!r}" if how[0] == "format" else f"glued with {how[1]!r}"


def fragile(stored, new):
    """Why the number ``stored`` (value, how, text), seen as ``new`` in the perturbed run, would
    print otherwise on another machine; None if it holds."""
    (value, how, text), (moved, how_new, text_new) = stored, new
    if how != how_new:
        return f"{text!r} ({_how(how)}) was formatted with {_how(how_new)} in this run"
    if text_new != text:
        return f"{text!r} ({_how(how)}, the value {value!r}) prints {text_new!r} here ({moved!r})"
    if moved == value or (moved != moved and value != value):
        return None
    reach = SPREAD * abs(moved - value)
    low, high = _render(how, value - reach), _render(how, value + reach)
    if low == text == high:
        return None
    return (
        f"{text!r} ({_how(how)}) of the value {value!r} is fragile: under another machine's "
        f"round-off it was {moved!r}, and within {SPREAD} times that change it prints "
        f"{low!r} .. {high!r}; print it at a precision that holds, or as a bound"
    )


class _Checks:
    def __init__(self, config, seed):
        self.build = config.rootpath / "_build"
        self.tolerances = tomllib.loads(
            (config.rootpath / "tests" / "nbval_figures.toml").read_text()
        )
        self.seed = seed
        self.notebooks = {}  # IPyNbFile -> [log path, bytes read, values of the twin's run]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        notebook = item.parent
        if self.seed is None or not isinstance(item, IPyNbCell) or notebook in self.notebooks:
            return
        # The notebook's kernel starts after this hook: it inherits the log's path.
        log = roundoff.log_file(self.build, notebook.path)
        os.environ.update(roundoff.kernel_env(self.build, log=log))
        self.notebooks[notebook] = [log, 0, read_values(notebook.path)]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        result = yield  # nbval runs the cell and compares its text; raises if they differ
        if isinstance(item, IPyNbCell) and item.options["check"] and item.cell.execution_count:
            problems = self.figure_problems(item)
            if self.seed is not None:
                problems += self.number_problems(item)
            if problems:
                item.raise_cell_error(
                    "Cell outputs differ beyond their text", "\n".join(f"- {p}" for p in problems)
                )
        return result

    def figure_problems(self, item):
        stored = [
            out["data"]["image/png"]
            for out in item.cell.outputs
            if "image/png" in out.get("data", {})
        ]
        new = [
            out["data"]["image/png"]
            for out in item.test_outputs
            if "image/png" in out.get("data", {})
        ]
        if len(stored) != len(new):
            return [f"{len(new)} figures where the twin stores {len(stored)}"]
        name = f"{Path(item.parent.path).stem}-cell{item.cell_num}"
        figure = item.cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
        allowed = self.tolerances.get(figure, {})
        tolerance = allowed.get("tolerance", figures.TOLERANCE)
        slack = allowed.get("size_slack", figures.SIZE_SLACK)
        found = []
        for i, (a, b) in enumerate(zip(stored, new)):
            text = figures.difference(
                a, b, tolerance, slack, self.build / "figures" / f"{name}-{i}"
            )
            if text:
                found.append(f"figure {i + 1}: {text}")
        return found

    def number_problems(self, item):
        state = self.notebooks[item.parent]
        logged, state[1] = roundoff.read_log(state[0], state[1])
        key = roundoff.cell_key(item.cell.source)
        new = [values for logged_key, values in logged if logged_key == key]
        new = new[0] if new else []
        reference = state[2]
        twin = Path(item.parent.path)
        if reference is None:
            missing = roundoff.values_file(twin).relative_to(twin.parent)
            return [f"no {missing} beside the twin: make notebooks writes it"] if new else []
        stored = reference[key].popleft() if reference.get(key) else []
        if len(stored) != len(new):
            return [
                f"the twin's run formatted {len(stored)} floats here and this run {len(new)} (if "
                f"the cell changed, make notebooks writes the twin and values/{twin.stem}.json)"
            ]
        return [p for p in map(fragile, stored, new) if p]
