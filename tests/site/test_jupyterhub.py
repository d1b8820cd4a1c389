"""A whole class on a university's JupyterHub: one setting, `launch_buttons.jupyterhub_url` in
_config.yml, gives every chapter page a JupyterHub button. It is an nbgitpuller link, which
clones (or updates) this repository into the student's server and opens the chapter's executed
notebook in JupyterLab. Off by default: a placeholder hub would be a dead button.

With the setting on, and a branch whose name has a slash, a copy of the book is built strictly
with `make strict-build`, as tests/negative/ builds its books, reusing this build's
execution cache. Its buttons are the links `make classroom`'s students follow (launch_link)."""

import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tools.bookpaths import CHAPTERS, ROOT
from tools.classroom.launch_link import launch_link

HUB = "https://hub.example.edu"
BRANCH = "fall-2026/section-a"  # a slash, which the link's query must carry intact
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


class Links(HTMLParser):
    """Every href of a page, unescaped."""

    def __init__(self, page):
        super().__init__()
        self.hrefs = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]


def hub_links(page):
    return [h for h in Links(page).hrefs if "/hub/user-redirect/git-pull" in h]


@pytest.fixture(scope="module")
def hub_book(tmp_path_factory):
    """The book built with jupyterhub_url and a BRANCH set, from a copy of the repository."""
    cache = ROOT / "_build" / ".jupyter_cache"
    if not cache.is_dir():
        pytest.fail("no execution cache in _build/: run `make book` first", pytrace=False)
    book = tmp_path_factory.mktemp("hub") / "book"
    shutil.copytree(
        ROOT,
        book,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".uv",
            "_build",
            "tests",
            "benchmarks",
            "__pycache__",
            ".*cache",
            ".hypothesis",
        ),
    )
    shutil.copytree(cache, book / "_build" / ".jupyter_cache")
    config = yaml.safe_load((book / "_config.yml").read_text())
    config["launch_buttons"]["jupyterhub_url"] = HUB
    config["repository"]["branch"] = BRANCH
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "strict-build", f"BOOK={book}"],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (
        "the book with a jupyterhub_url did not build strictly:\n"
        + result.stdout[-3000:]
        + result.stderr[-3000:]
    )
    return book


def test_hub_button_is_off_by_default(site):
    assert not CONFIG["launch_buttons"].get("jupyterhub_url"), (
        "_config.yml sets launch_buttons.jupyterhub_url: the site links a hub by default"
    )
    linked = [
        name for name in CHAPTERS if hub_links((site / f"{name}.html").read_text(encoding="utf-8"))
    ]
    assert not linked, f"without a jupyterhub_url these pages still link a hub: {linked}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_hub_button_pulls_the_repository_and_opens_the_chapter_notebook(hub_book, name):
    links = hub_links((hub_book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8"))
    assert len(links) == 1, f"{name}.html should have one JupyterHub button, it has {links}"
    url = urlsplit(links[0])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    repository = CONFIG["repository"]["url"].rstrip("/")
    expected = {
        "repo": repository,
        "branch": BRANCH,
        # nbgitpuller clones into a folder named after the repository, and the twin beside the
        # .md is the executed notebook that opens.
        "urlpath": f"lab/tree/{repository.rsplit('/', 1)[1]}/{name}.ipynb",
    }
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{HUB}/hub/user-redirect/git-pull", (
        f"{name}.html's JupyterHub button goes to {links[0]}, not to {HUB}'s nbgitpuller"
    )
    assert query == expected, f"{name}.html's JupyterHub button pulls {query}, expected {expected}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_classroom_students_follow_the_buttons_link(hub_book, name):
    [link] = hub_links((hub_book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8"))
    made = launch_link(HUB, name, book=hub_book)
    assert made == link, f"make classroom would follow {made}, but {name}.html links {link}"
