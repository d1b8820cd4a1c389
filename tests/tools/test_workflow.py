"""The GitHub Actions workflow tests, then publishes _build/html to GitHub Pages from main. The
workflow pins its actions by commit, caches uv and can be run by hand; Dependabot keeps the
actions and the lock current."""

import re

import pytest
import yaml

from tools.bookpaths import ROOT

WORKFLOW_PATH = ROOT / ".github" / "workflows" / "publish.yml"
DEPENDABOT_PATH = ROOT / ".github" / "dependabot.yml"


@pytest.fixture(scope="module")
def workflow():
    assert WORKFLOW_PATH.is_file(), f"{WORKFLOW_PATH.relative_to(ROOT)} is missing"
    flow = yaml.safe_load(WORKFLOW_PATH.read_text())
    flow["on"] = flow.get("on", flow.pop(True, None))  # YAML 1.1 reads the key `on` as True
    return flow


def _steps(job):
    return job.get("steps", [])


def _runs_make_test(step):
    return "make test" in str(step.get("run", ""))


def _uses(job, action):
    return [s for s in _steps(job) if str(s.get("uses", "")).startswith(action + "@")]


def test_workflow_runs_on_pushes_to_main_and_pull_requests(workflow):
    on = workflow["on"]
    assert "main" in on["push"]["branches"], "the workflow must run on pushes to main"
    assert "pull_request" in on, "pull requests should be tested too"


def test_workflow_runs_make_test_before_publishing(workflow):
    jobs = workflow["jobs"]
    assert any(_runs_make_test(step) for job in jobs.values() for step in _steps(job)), (
        "no job runs `make test`"
    )
    uploads = [n for n, j in jobs.items() if _uses(j, "actions/upload-pages-artifact")]
    assert uploads, "no job uploads the site with actions/upload-pages-artifact"
    for name in uploads:
        job = jobs[name]
        run_make = next((i for i, s in enumerate(_steps(job)) if _runs_make_test(s)), None)
        upload = next(
            i
            for i, s in enumerate(_steps(job))
            if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")
        )
        assert run_make is not None and run_make < upload, (
            f"job {name} uploads the site without running `make test` on it first"
        )
        assert _steps(job)[upload]["with"]["path"] == "_build/html", "upload _build/html"
        assert "refs/heads/main" in str(_steps(job)[upload].get("if", "")), (
            "only main's site may be uploaded for publishing"
        )


def test_workflow_deploys_to_pages_from_main_only(workflow):
    deploys = {n: j for n, j in workflow["jobs"].items() if _uses(j, "actions/deploy-pages")}
    assert deploys, "no job deploys with actions/deploy-pages"
    for name, job in deploys.items():
        assert "refs/heads/main" in str(job.get("if", "")) and "push" in str(job.get("if", "")), (
            f"job {name} must deploy only for pushes to main"
        )
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        assert any(_uses(workflow["jobs"][n], "actions/upload-pages-artifact") for n in needs), (
            f"job {name} must need the job that tested and uploaded the site"
        )
        permissions = job.get("permissions", {})
        assert permissions.get("pages") == "write" and permissions.get("id-token") == "write", (
            f"job {name} needs permissions pages: write and id-token: write"
        )
        assert job.get("environment", {}).get("name") == "github-pages"


def test_workflow_never_cancels_a_deployment_half_way(workflow):
    """GitHub's advice for Pages: a newer push must not cancel a deployment in progress."""
    concurrency = workflow.get("concurrency", {})
    cancel = str(concurrency.get("cancel-in-progress", False))
    assert cancel in ("False", "false") or "pull_request" in cancel, (
        "cancel-in-progress may only cancel pull-request runs, never a deployment from main"
    )


def test_workflow_can_be_run_by_hand(workflow):
    assert "workflow_dispatch" in workflow["on"], (
        "add `workflow_dispatch:` under `on:` so the workflow can be run from the Actions tab"
    )


def test_workflow_pins_every_action_by_commit():
    """A tag can be moved to other code; a commit SHA cannot. The tag stays as a comment, which
    Dependabot updates together with the SHA."""
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", WORKFLOW_PATH.read_text(), re.M)
    assert uses, "the workflow uses no action: this test would check nothing"
    pinned = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
    unpinned = [action for action, _ in uses if not pinned.fullmatch(action)]
    assert not unpinned, f"actions not pinned by a full commit SHA: {unpinned}"
    untagged = [action for action, rest in uses if not re.fullmatch(r"\s+# v\d+(\.\d+)*", rest)]
    assert not untagged, f"pinned actions without their tag as a comment (# vX.Y.Z): {untagged}"


def test_workflow_caches_uv_keyed_on_the_lock(workflow):
    steps = [s for job in workflow["jobs"].values() for s in _uses(job, "astral-sh/setup-uv")]
    assert steps, "no step sets up uv (astral-sh/setup-uv), whose cache spares the downloads"
    settings = steps[0].get("with", {})
    assert settings.get("enable-cache") is True, "astral-sh/setup-uv: set enable-cache: true"
    assert settings.get("cache-dependency-glob") == "requirements.txt", (
        "key uv's cache on the lock: cache-dependency-glob: requirements.txt"
    )


def test_dependabot_updates_the_actions_and_the_lock():
    assert DEPENDABOT_PATH.is_file(), f"{DEPENDABOT_PATH.relative_to(ROOT)} is missing"
    updates = yaml.safe_load(DEPENDABOT_PATH.read_text()).get("updates", [])
    watched = {(u.get("package-ecosystem"), u.get("directory")) for u in updates}
    for ecosystem in ["github-actions", "pip"]:
        assert (ecosystem, "/") in watched, (
            f"dependabot.yml has no `{ecosystem}` update for directory / (it has {watched})"
        )
