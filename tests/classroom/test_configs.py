"""The class's hub configurations: hub/values.yaml is valid for the Zero to JupyterHub chart it
names, both configurations give students the sizes `make classroom` measured, and the image's
nbgitpuller is the one measured. (hub/jupyterhub_config.py itself is the file `make classroom`
runs: tests/classroom/test_classroom.py.) Offline and quick: part of `make unit`."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from tests.helpers import lockfile
from tools.bookpaths import ROOT

CHART = Path(__file__).parent / "z2jh-4.4.0"
VALUES = yaml.safe_load((ROOT / "hub" / "values.yaml").read_text())
HUB = PyFileConfigLoader("jupyterhub_config.py", str(ROOT / "hub")).load_config()


def helm_values(values):
    """The chart's default values with ``values`` merged in, as Helm merges them."""

    def merge(into, new):
        for key, value in new.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value)
            elif value is None:
                into.pop(key, None)
            else:
                into[key] = value
        return into

    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    return merge(copy.deepcopy(defaults), values)


def validate(values):
    schema = json.loads((CHART / "values.schema.json").read_text())
    jsonschema.validate(helm_values(values), schema, cls=jsonschema.Draft7Validator)


def test_values_yaml_is_valid_for_the_chart():
    try:
        validate(VALUES)
    except jsonschema.ValidationError as error:
        pytest.fail(f"hub/values.yaml is not valid for Z2JH 4.4.0: {error.message} at "
                    f"{'.'.join(map(str, error.absolute_path))}")  # fmt: skip


@pytest.mark.parametrize(
    "broken",
    [{"singleuser": {"memroy": {"limit": "2G"}}}, {"singleuser": {"cpu": {"limit": "one"}}}],
    ids=["misspelt key", "a core count that is not a number"],
)
def test_the_chart_schema_catches_a_broken_values_yaml(broken):
    """The control of the validation above: a mistake in values.yaml fails it."""
    with pytest.raises(jsonschema.ValidationError):
        validate({**VALUES, "singleuser": {**VALUES["singleuser"], **broken["singleuser"]}})


def test_values_yaml_gives_the_sizes_of_the_hub_configuration():
    spawner, singleuser = HUB.Spawner, VALUES["singleuser"]
    pairs = {
        "memory guarantee": (singleuser["memory"]["guarantee"], spawner.mem_guarantee),
        "memory limit": (singleuser["memory"]["limit"], spawner.mem_limit),
        "CPU guarantee": (singleuser["cpu"]["guarantee"], spawner.cpu_guarantee),
        "CPU limit": (singleuser["cpu"]["limit"], spawner.cpu_limit),
    }
    differ = {k: v for k, v in pairs.items() if str(v[0]) != str(v[1]) and v[0] != v[1]}
    assert not differ, f"hub/values.yaml and hub/jupyterhub_config.py disagree: {differ}"


def test_the_image_installs_the_nbgitpuller_that_was_measured():
    measured = {req.name: (str(req), hashes) for _, req, hashes in
                lockfile.entries(ROOT / "tools" / "classroom" / "requirements.txt")}  # fmt: skip
    [(_, image, hashes)] = lockfile.entries(ROOT / "hub" / "image-requirements.txt")
    assert (str(image), hashes) == measured["nbgitpuller"], (
        f"hub/image-requirements.txt installs {image} in the image, make classroom measured "
        f"{measured['nbgitpuller'][0]} (copy its entry from tools/classroom/requirements.txt)"
    )
