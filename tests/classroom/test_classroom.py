"""`make classroom` on this machine: two students on a real JupyterHub run chapter 5 with every
output the twin's, and each way a class fails (a notebook that differs, a pull that fails, a
kernel that dies, a hub that cannot start) stops the run with a message that says so.

Minutes, and the npm registry for the proxy: run by `make classroom-test` (CI: weekly, and when
a lock changes), not by `make test`. The failure cases use a small planted notebook in a clone
of this repository, so they take a hub's start-up each rather than chapter 5's training."""

import json
import os
import signal
import socket
import subprocess
import threading
import time

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from traitlets.config.loader import PyFileConfigLoader

from tools.bookpaths import ROOT

BRANCH = "fall-2026/section-a"  # a slash: the link must carry it, nbgitpuller must pull it
CHAPTER = ROOT / "chapters" / "05_network.ipynb"


def classroom(tmp_path, students, *args, during=None, out=None):
    """Run `make classroom` with its run folder (and report, unless ``out``) in ``tmp_path``;
    ``during(run_dir)`` runs in a thread alongside (a stand-in for what goes wrong in a class)."""
    run_dir, out = tmp_path / "run", out or tmp_path / "classroom.json"
    extra = " ".join([f"--run-dir {run_dir}", f"--out {out}", *args])
    command = ["make", "--no-print-directory", "-C", str(ROOT), "classroom"]
    process = subprocess.Popen(
        [*command, f"STUDENTS={students}", f"CLASSROOM_ARGS={extra}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    if during:
        threading.Thread(target=during, args=(run_dir,), daemon=True).start()
    log, _ = process.communicate(timeout=1800)
    report = json.loads(out.read_text()) if out.exists() else None
    return process.returncode, log, report, run_dir


def planted(tmp_path, cells):
    """A clone of this repository whose HEAD adds chapters/planted.ipynb: ``cells`` as
    (source, stored stdout) pairs, stored as executed."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(repo)], check=True)
    notebook = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    for count, (source, stdout) in enumerate(cells, 1):
        outputs = [new_output("stream", name="stdout", text=stdout)] if stdout else []
        notebook.cells.append(new_code_cell(source, execution_count=count, outputs=outputs))
    nbformat.write(notebook, repo / "chapters" / "planted.ipynb")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "chapters/planted.ipynb"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "planted"], check=True)
    return ["--repo", str(repo), "--notebook", "chapters/planted"]


def processes_of(run_dir):
    mine = []
    for p in psutil.process_iter(["cwd", "cmdline"]):
        where = " ".join([p.info["cwd"] or "", *(p.info["cmdline"] or [])])
        if str(run_dir) in where and p.pid != os.getpid():
            mine.append(p)
    return mine


@pytest.fixture(scope="module")
def two_students(tmp_path_factory):
    out = ROOT / "_build" / "bench" / "classroom-students-2.json"  # CI keeps it
    return classroom(tmp_path_factory.mktemp("two"), 2, f"--branch {BRANCH}", out=out)


def test_two_students_run_chapter_5_with_every_output_the_twins(two_students):
    code, log, report, _ = two_students
    assert code == 0 and report and report["ok"], (
        f"make classroom STUDENTS=2 failed:\n{log[-4000:]}"
    )
    cells = sum(cell.cell_type == "code" for cell in nbformat.read(CHAPTER, as_version=4).cells)
    for student in report["per_student"]:
        assert (student["cells_passed"], student["cells_failed"]) == (cells, 0), (
            f"{student['name']} ran {student['cells_passed']} of chapter 5's {cells} cells: "
            f"{student.get('error')}"
        )


def test_each_student_has_times_memory_and_cpu(two_students):
    _, log, report, _ = two_students
    steps = ["logged_in", "server_ready", "pulled", "opened", "first_output", "last_cell"]
    for s in report["per_student"]:
        times = [s["times"].get(step, 0) for step in steps]
        assert 0 < times[0] and times == sorted(times), (
            f"{s['name']}'s steps are missing or out of order: {s['times']}"
        )
        assert s["peak_rss_mb"]["kernel"] > 300 and s["peak_rss_mb"]["server"] > 30, (
            f"{s['name']}'s memory was not measured (TensorFlow alone takes hundreds of MB): "
            f"{s['peak_rss_mb']}"
        )
        assert s["cpu_seconds"]["kernel"] > 1, f"{s['name']}'s CPU time: {s['cpu_seconds']}"


def test_the_measured_student_fits_the_hubs_guarantees(two_students):
    """What hub/jupyterhub_config.py (and values.yaml) reserve for a student holds what a
    student used: memory at its peak, and the CPU share of the sizing's assumption."""
    _, _, report, _ = two_students
    spawner = PyFileConfigLoader("jupyterhub_config.py", str(ROOT / "hub")).load_config().Spawner
    guarantee = spawner.mem_guarantee
    size = float(guarantee[:-1]) * 1024 ** "KMGT".index(guarantee[-1])  # in MB, as the report
    for s in report["per_student"]:
        assert s["peak_rss_mb"]["total"] <= size, (
            f"{s['name']} peaked at {s['peak_rss_mb']['total']} MB, above the hub's "
            f"mem_guarantee {guarantee}: raise it (and values.yaml's) from the measurement"
        )
        share = sum(s["cpu_seconds"].values()) / 60 / 3  # run.py's RUN_SECONDS, RUNNING_AT_ONCE
        assert share <= spawner.cpu_guarantee, (
            f"{s['name']} needed {share:.2f} of a core under the sizing's assumption, above "
            f"the hub's cpu_guarantee {spawner.cpu_guarantee}"
        )


def test_students_pulled_the_linked_branch_with_a_slash(two_students):
    _, _, report, run_dir = two_students
    assert f"branch={BRANCH}" in report["link"], (
        f"the link does not carry {BRANCH}: {report['link']}"
    )
    for s in report["per_student"]:
        clone = run_dir / "home" / s["name"] / "lab02-calculus-backprop"
        git = ["git", "-C", str(clone)]
        branch = subprocess.run([*git, "branch", "--show-current"], capture_output=True, text=True)
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True)
        assert branch.stdout.strip() == BRANCH and head.stdout.strip() == report["commit"], (
            f"{s['name']}'s home has {branch.stdout.strip()} at {head.stdout.strip()}, "
            f"not {BRANCH} at {report['commit']}"
        )


def test_nothing_is_left_running(two_students):
    _, _, report, run_dir = two_students
    assert report["processes_left"] == [], f"make classroom left {report['processes_left']}"
    assert not processes_of(run_dir), f"still running: {processes_of(run_dir)}"


def test_a_planted_notebook_that_matches_passes(tmp_path):
    """The control of the failure cases below: the planted notebook itself runs clean."""
    code, log, report, _ = classroom(tmp_path, 1, *planted(tmp_path, [("print(6 * 7)", "42\n")]))
    assert code == 0 and report["ok"], f"the planted control failed:\n{log[-3000:]}"


def test_a_student_whose_outputs_differ_fails_the_run(tmp_path):
    code, log, report, _ = classroom(tmp_path, 1, *planted(tmp_path, [("print(6 * 7)", "41\n")]))
    [student] = report["per_student"]
    assert code != 0 and not report["ok"] and not student["ok"], (
        f"a notebook whose output differs from the stored one passed:\n{log[-3000:]}"
    )
    assert "Cell outputs differ" in student["error"] and "student-01 failed" in log, (
        f"the run failed, but the message does not say the outputs differ:\n{log[-3000:]}"
    )


def test_a_kernel_that_dies_fails_the_run_and_names_memory(tmp_path):
    cells = [("print('started')", "started\n"), ("import time\ntime.sleep(300)", None)]

    def oom_killer(run_dir):  # as the out-of-memory killer does: SIGKILL, once the cell runs
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            for p in processes_of(run_dir / "home"):
                if any("ipykernel" in part for part in p.cmdline()):
                    time.sleep(3)
                    p.send_signal(signal.SIGKILL)
                    return
            time.sleep(0.2)

    code, log, report, _ = classroom(tmp_path, 1, *planted(tmp_path, cells), during=oom_killer)
    [student] = report["per_student"]
    assert code != 0 and not student["ok"], f"a killed kernel did not fail the run:\n{log[-3000:]}"
    assert "kernel died" in student["error"] and "memory" in student["error"], (
        f"the message does not say the kernel died, nor name memory: {student['error']}"
    )


def test_a_pull_that_fails_fails_the_run_and_says_so(tmp_path):
    def git_server_down(run_dir):  # the repository's host is gone once the hub starts
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not (run_dir / "hub.log").exists():
            time.sleep(0.05)
        while time.monotonic() < deadline:
            daemons = [p for p in processes_of(run_dir) if "daemon" in " ".join(p.cmdline())]
            if daemons:  # `git daemon` and the git-daemon it runs
                for p in daemons:
                    p.kill()
                return
            time.sleep(0.05)

    code, log, report, _ = classroom(
        tmp_path, 1, *planted(tmp_path, [("print(1)", "1\n")]), during=git_server_down
    )
    [student] = report["per_student"]
    assert code != 0 and not student["ok"], f"a failed pull did not fail the run:\n{log[-3000:]}"
    assert "nbgitpuller could not pull" in student["error"], (
        f"the message does not say the pull failed: {student['error']}"
    )


def test_a_hub_that_cannot_start_stops_the_run_and_says_why(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, log, report, run_dir = classroom(tmp_path, 1, f"--port {port}")
    assert code != 0 and report is None, f"the class started on a port in use:\n{log[-3000:]}"
    assert f"the class could not start: port {port} on 127.0.0.1 is in use" in log, (
        f"the message does not say the hub could not start:\n{log[-3000:]}"
    )
    assert not processes_of(run_dir), f"still running: {processes_of(run_dir)}"
