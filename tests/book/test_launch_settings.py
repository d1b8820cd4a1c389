"""_config.yml's repository and launch-button settings either make working links or stop the
build with the setting to fix (_ext/lab_site.py, check_launch_settings)."""

import importlib.util
import subprocess
from types import SimpleNamespace

import pytest
import yaml
from sphinx.errors import ConfigError

from tests.helpers.smallbook import small_book
from tools.bookpaths import ROOT

_spec = importlib.util.spec_from_file_location("lab_site", ROOT / "_ext" / "lab_site.py")
lab_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_site)

SITE = {
    "repository_url": "https://github.com/cs767/lab02-calculus-backprop",
    "repository_branch": "main",
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "jupyterhub_url": ""},
}
BRANCHES = [
    "main", "fall-2026/section-a", "a/b/c", "x.lock.y", "@a", "ü", "HEAD", "@", "-x", "a..b",
    "a/.b", ".a", "a.lock", "a/b.lock/c", "a b", "a\tb", "a~1", "a^", "a:b", "a?", "a*", "a[",
    "a\\b", "a@{1}", "/a", "a/", "a//b", "a.", "",
]  # fmt: skip


def check(**settings):
    """Run the build's check on the site's settings with ``settings`` changed."""
    buttons = {**SITE["launch_buttons"], **settings.pop("launch_buttons", {})}
    theme = {**SITE, **settings, "launch_buttons": buttons}
    lab_site.check_launch_settings(None, SimpleNamespace(html_theme_options=theme))


def git_accepts(branch):
    def ok(*args):
        return subprocess.run(["git", "check-ref-format", *args], capture_output=True).returncode

    return branch != "" and ok("--branch", branch) == 0 and ok(f"refs/heads/{branch}") == 0


@pytest.mark.parametrize("branch", BRANCHES, ids=repr)
def test_branch_names_are_the_ones_git_accepts(branch):
    assert lab_site.is_branch_name(branch) == git_accepts(branch), (
        f"is_branch_name({branch!r}) is {lab_site.is_branch_name(branch)}, but git "
        f"{'accepts' if git_accepts(branch) else 'refuses'} it"
    )


def test_the_sites_settings_and_a_hub_with_a_branch_with_a_slash_pass():
    check()
    check(repository_branch="fall-2026/section-a",
          launch_buttons={"jupyterhub_url": "https://hub.example.edu/jupyter/"})  # fmt: skip


HUB = "launch_buttons.jupyterhub_url is"
BAD = {
    "hub without scheme": ({"jupyterhub_url": "hub.example.edu"}, f"{HUB} 'hub.example.edu'"),
    "hub with a query": ({"jupyterhub_url": "https://hub.example.edu/?x=1"}, HUB),
    "hub with a space": ({"jupyterhub_url": "https://hub example.edu"}, HUB),
    "hub with a bad port": ({"jupyterhub_url": "https://hub.example.edu:port"}, HUB),
    "binder without scheme": ({"binderhub_url": "mybinder"}, "binderhub_url is 'mybinder'"),
    "branch with a space": ({"repository_branch": "fall 2026"}, "branch is 'fall 2026'"),
    "branch ending in /": ({"repository_branch": "section-a/"}, "branch is 'section-a/'"),
    "repository without scheme": ({"repository_url": "github.com/a/b"}, "url is 'github.com/a/b'"),
    "repository without a name": ({"repository_url": "https://github.com/a"}, "url is"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_setting_that_makes_no_working_link_is_named(case):
    settings, message = BAD[case]
    buttons = {k: v for k, v in settings.items() if k.endswith("hub_url")}
    with pytest.raises(ConfigError) as error:
        check(**{k: v for k, v in settings.items() if k not in buttons}, launch_buttons=buttons)
    assert message in str(error.value), f"the error does not name the setting: {error.value}"


def test_the_build_stops_on_a_hub_address_that_is_not_a_url(tmp_path):
    book = small_book(tmp_path / "book", {"page": "# A page\n\nText.\n"})
    config = yaml.safe_load((book / "_config.yml").read_text())
    config["launch_buttons"]["jupyterhub_url"] = "hub.example.edu"
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "strict-build", f"BOOK={book}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode != 0, (
        f"the book built with jupyterhub_url: hub.example.edu:\n{log[-3000:]}"
    )
    assert "launch_buttons.jupyterhub_url is 'hub.example.edu'" in log, (
        f"the build failed, but without naming the setting:\n{log[-3000:]}"
    )
