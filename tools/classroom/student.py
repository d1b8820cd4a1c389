"""One student of `make classroom`: follows the site's JupyterHub link as a browser would (log
in, wait for the server, let nbgitpuller pull the repository, open JupyterLab on the chapter's
notebook), then runs every cell of that notebook on the server's kernel under nbval, which
compares every output with the one stored in the notebook.

Usage (run.py starts one per student and writes "go" on their stdin at the same moment):
    python student.py NAME PASSWORD LINK RESULT.json
The result has the times (seconds after following the link), each cell's outcome, and the
first failure in words.
"""

import html.parser
import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
import requests

from tools.classroom.server_kernel import use_server

HERE = Path(__file__).resolve().parent
SANITIZE = HERE.parents[1] / "tests" / "nbval_sanitize.cfg"


class StudentError(RuntimeError):
    """A step of the launch failed; the message says which, and what the server said."""


class Attributes(html.parser.HTMLParser):
    """The attributes of a page's first <body> and its <input type=hidden> fields."""

    def __init__(self, page):
        super().__init__()
        self.body, self.hidden = None, {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body" and self.body is None:
            self.body = attrs
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs.get("name")] = attrs.get("value")


class Server:
    """The student's single-user server, reached through the hub's proxy with their cookies."""

    def __init__(self, http, base_url):
        self.http, self.base_url = http, base_url
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.path = parts.path

    def xsrf(self):
        cookies = [
            c for c in self.http.cookies if c.name == "_xsrf" and self.path.startswith(c.path)
        ]
        return max(cookies, key=lambda c: len(c.path)).value

    def headers(self):
        cookies = [c for c in self.http.cookies if self.path.startswith(c.path)]
        return {
            "Cookie": "; ".join(f"{c.name}={c.value}" for c in cookies),
            "X-XSRFToken": self.xsrf(),
        }

    def api(self, method, path, body=None):
        response = self.http.request(
            method, urljoin(self.base_url, path), json=body, headers={"X-XSRFToken": self.xsrf()}
        )
        if not response.ok:
            raise StudentError(
                f"{method} {path}: HTTP {response.status_code} {response.text[:300]}"
            )
        return response.json() if response.content else None

    def ws_url(self, path):
        return "ws" + urljoin(self.base_url, path)[len("http") :]


def events(http, url):
    """The JSON events of a text/event-stream, as EventSource reads them."""
    with http.get(url, stream=True, timeout=(10, 600)) as response:
        if not response.ok:
            raise StudentError(f"GET {url}: HTTP {response.status_code}")
        for line in response.iter_lines(decode_unicode=True):
            if line and line.startswith("data:"):
                yield json.loads(line[len("data:") :])


def log_in(http, link, name, password):
    """Follow the link; on the hub's login page, log in (the hub then sends us on)."""
    page = http.get(link)
    if "/hub/login" not in page.url:
        raise StudentError(f"the link did not lead to the hub's login page but to {page.url}")
    form = Attributes(page.text).hidden
    page = http.post(page.url, data={"username": name, "password": password, **form})
    if "/hub/login" in page.url:
        raise StudentError(f"the hub refused {name}'s password (HTTP {page.status_code})")
    return page


def wait_for_server(http, page):
    """On the hub's spawn-pending page, follow its progress events until the server is ready,
    then reload (which redirects to the server), as the page's script does."""
    while "/hub/spawn-pending/" in page.url:
        match = re.search(r'new EventSource\("([^"]+)"\)', page.text)
        if not match:
            raise StudentError("the hub's spawn-pending page has no progress stream")
        for event in events(http, urljoin(page.url, match[1])):
            if event.get("failed"):
                raise StudentError(f"the hub could not start the server: {event.get('message')}")
            if event.get("ready"):
                break
        page = http.get(page.url)
    if not page.ok:
        raise StudentError(
            f"the server did not open the link: HTTP {page.status_code} at {page.url}"
        )
    return page


def pull(http, page):
    """nbgitpuller's page: call its sync API with the page's parameters (as its script does)
    and, when the pull is finished, go where the link's urlpath says."""
    body = {
        key[len("data-") :]: unquote(value) for key, value in Attributes(page.text).body.items()
    }
    if "repo" not in body:
        raise StudentError(f"{page.url} is not nbgitpuller's page")
    params = {"_xsrf": body["xsrf"], "repo": body["repo"], "targetpath": body["targetpath"]}
    params.update({key: body[key] for key in ("depth", "branch", "backup") if key in body})
    base = urljoin(page.url, body["base-url"])
    for event in events(http, f"{base}git-pull/api?{urlencode(params)}"):
        if event.get("phase") == "error":
            raise StudentError(
                f"nbgitpuller could not pull {body['repo']} ({body.get('branch')}): "
                f"{event.get('message')}\n{event.get('output', '')[-1500:]}"
            )
        if event.get("phase") == "finished":
            break
    else:
        raise StudentError("nbgitpuller's event stream ended before the pull finished")
    return base, body["path"]


class Cells:
    """pytest plugin: each cell's outcome, and the first failure's report."""

    def __init__(self):
        self.passed = self.failed = 0
        self.failure = None

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed:
            self.passed += 1
        elif report.failed:
            self.failed += 1
            text = re.sub(r"\x1b\[[0-9;]*m", "", report.longreprtext)  # nbval's colours
            self.failure = self.failure or f"{report.nodeid}:\n{text[-3000:]}"


def main(name, password, link, result_path):
    result_path = Path(result_path)
    record = {"name": name, "times": {}, "ok": False}
    sys.stdin.readline()  # "go": every student follows the link at the same moment
    start = time.monotonic()

    def mark(step):
        record["times"][step] = round(time.monotonic() - start, 2)

    http = requests.Session()
    http.trust_env = False  # loopback only: never a proxy from the environment
    try:
        page = log_in(http, link, name, password)
        mark("logged_in")
        page = wait_for_server(http, page)
        mark("server_ready")
        base, lab_path = pull(http, page)
        mark("pulled")
        lab = http.get(urljoin(base, lab_path))
        prefix = "lab/tree/"
        if not lab.ok or not lab_path.startswith(prefix):
            raise StudentError(f"JupyterLab did not open {lab_path}: HTTP {lab.status_code}")
        server = Server(http, base)
        notebook_path = lab_path[len(prefix) :]
        notebook = server.api("GET", f"api/contents/{notebook_path}?type=notebook&content=1")
        mark("opened")
        local = result_path.with_suffix(".ipynb")
        local.write_text(json.dumps(notebook["content"]))
        clients = use_server(server, notebook_path)
        cells = Cells()
        pytest.main(
            [
                str(local),
                "--nbval",
                "--nbval-sanitize-with",
                str(SANITIZE),
                "-q",
                "-p",
                "no:cacheprovider",
                "-c",
                os.devnull,
                "--rootdir",
                str(local.parent),
            ],
            plugins=[cells],
        )
        record.update(cells_passed=cells.passed, cells_failed=cells.failed)
        if clients:
            kc = clients[0]
            for step, when in (("first_output", kc.first_output), ("last_cell", kc.last_idle)):
                if when is not None:
                    record["times"][step] = round(when - start, 2)
        if not clients:
            record["error"] = "nbval did not start the notebook's kernel"
        elif cells.failed:
            record["error"] = f"{cells.failed} cell(s) failed; the first: {cells.failure}"
        else:
            record["ok"] = True
    except (StudentError, requests.RequestException) as error:
        record["error"] = str(error)
    record["seconds"] = round(time.monotonic() - start, 2)
    result_path.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
