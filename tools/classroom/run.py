"""`make classroom`: a class of N students on a real JupyterHub on this machine, measured.

Serves this repository's HEAD from a git server on 127.0.0.1, starts JupyterHub (127.0.0.1
only, tools/classroom/jupyterhub_config.py) and N students at once (student.py) who follow the
chapter's JupyterHub launch link, get the repository pulled into their home by nbgitpuller and
run every cell of the notebook under nbval on their server's kernel. Meanwhile it samples each
student's server and kernel (memory incl. children, CPU time). Then it stops everything, checks
that no process is left, prints a table and writes _build/bench/classroom.json.

Usage: python -m tools.classroom.run [--students 8] [--branch B] [--notebook chapters/X]
Exits non-zero if a student failed (the table and the JSON say why) or the class could not start.
"""

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.request import urlopen

import psutil
import yaml

from tools.classroom.launch_link import launch_link

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TOOL_ENV = ROOT / ".classroom"
MB = 1024 * 1024
# The sizing's assumptions (the README's "A class on a JupyterHub"): in a lab session every
# student's server holds the notebook's kernel at its peak, and at most a third of the class
# runs the whole notebook at the same moment, each run to take no more than a minute of wall
# time.
CLASSES = (30, 100, 300)
RUNNING_AT_ONCE = 1 / 3
RUN_SECONDS = 60


class ClassroomError(RuntimeError):
    """The class could not start (or stop); the message says what and where to look."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise ClassroomError(f"{' '.join(map(str, command))} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def wait_until(ready, process, what, log, timeout):
    """Poll ``ready()`` until it is true; fail with the log's tail if ``process`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ClassroomError(f"{what} exited ({process.returncode}):\n{tail(log)}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ClassroomError(f"{what} did not answer within {timeout} s:\n{tail(log)}")


def tail(path, lines=25):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def serve_repository(run_dir, repo, slug, branch):
    """A bare copy of ``repo``'s HEAD as ``branch``, served by git daemon on 127.0.0.1."""
    bare = run_dir / "git" / slug
    run("git", "init", "--quiet", "--bare", str(bare))
    run("git", "-C", str(repo), "push", "--quiet", str(bare), f"HEAD:refs/heads/{branch}")
    run("git", "-C", str(bare), "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    port, log = free_port(), run_dir / "git-daemon.log"
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--informative-errors",
            f"--base-path={run_dir / 'git'}",
            "--listen=127.0.0.1",
            f"--port={port}",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"git://127.0.0.1:{port}/{slug}"
    wait_until(
        lambda: subprocess.run(["git", "ls-remote", url], capture_output=True).returncode == 0,
        daemon,
        "git daemon",
        log,
        30,
    )
    return daemon, url


def start_hub(run_dir, port, environment):
    log = run_dir / "hub.log"
    hub = subprocess.Popen(
        [str(TOOL_ENV / "venv" / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
        cwd=run_dir,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(
        lambda: urlopen(f"{url}/hub/api/", timeout=5).status == 200, hub, "JupyterHub", log, 180
    )
    return hub, url


class Monitor(threading.Thread):
    """Samples, every quarter second, the hub's processes and each student's server and kernel
    (a process and all its children): peak resident memory and CPU time (user + system, incl.
    children that ended). On Linux the peak also reads each process's own high-water mark."""

    def __init__(self, hub):
        super().__init__(daemon=True)
        self.hub = psutil.Process(hub.pid)
        self.seen = {self.hub.pid: self.hub}
        self.students = {}
        self.hub_peak = 0
        self.running = True

    def run(self):
        while self.running:
            self.sample()
            time.sleep(0.25)

    def sample(self):
        try:
            tree = [self.hub, *self.hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in tree:
            self.seen.setdefault(p.pid, p)
        servers = {p.pid: p for p in tree if is_server(p)}
        inside = {c.pid for s in servers.values() for c in safe(s.children, recursive=True)}
        hub_side = [p for p in tree if p.pid not in servers and p.pid not in inside]
        self.hub_peak = max(self.hub_peak, sum(rss(p)[1] for p in hub_side))
        for server in servers.values():
            name = safe(server.environ).get("JUPYTERHUB_USER")
            if not name:
                continue
            record = self.students.setdefault(name, Usage())
            record.add(server, safe(server.children, recursive=True))

    def stop(self):
        self.running = False
        self.join()


def safe(method, **kwargs):
    try:
        return method(**kwargs)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return {} if method.__name__ == "environ" else []


def is_server(p):
    return any("jupyterhub-singleuser" in part for part in safe(p.cmdline))


def rss(p):
    """(resident memory now, its peak so far) of process ``p``, in bytes."""
    try:
        now = p.memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return 0, 0
    try:  # Linux: the process's own high-water mark, which sees between two samples too
        status = Path(f"/proc/{p.pid}/status").read_text()
        return now, max(now, int(status.split("VmHWM:")[1].split()[0]) * 1024)
    except (OSError, IndexError):
        return now, now


def cpu(p):
    try:
        t = p.cpu_times()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return 0.0
    return t.user + t.system + t.children_user + t.children_system


class Usage:
    """One student's peaks: server (the jupyterhub-singleuser process and its non-kernel
    children, such as git) and kernel (the ipykernel process and its children)."""

    def __init__(self):
        self.peak = {"server": 0, "kernel": 0, "total": 0}
        self.last = {"server": 0, "kernel": 0, "total": 0}
        self.cpu = {}  # pid -> (kind, seconds): cumulative, so the last sample of each counts

    def add(self, server, children):
        kernels = [c for c in children if any("ipykernel" in a for a in safe(c.cmdline))]
        inside = {d.pid for k in kernels for d in safe(k.children, recursive=True)}
        kernel_tree = kernels + [c for c in children if c.pid in inside]
        server_tree = [server] + [c for c in children if c not in kernel_tree]
        now, peak = {}, {}
        for kind, tree in (("server", server_tree), ("kernel", kernel_tree)):
            sizes = [rss(p) for p in tree]
            now[kind], peak[kind] = sum(n for n, _ in sizes), sum(p for _, p in sizes)
        now["total"], peak["total"] = now["server"] + now["kernel"], peak["server"] + peak["kernel"]
        for key, value in peak.items():
            self.peak[key] = max(self.peak[key], value)
        self.last = now
        for kind, tree in (("server", [server]), ("kernel", kernels)):
            for p in tree:
                self.cpu[p.pid] = (kind, max(cpu(p), self.cpu.get(p.pid, (kind, 0.0))[1]))

    def report(self):
        seconds = {kind: 0.0 for kind in ("server", "kernel")}
        for kind, value in self.cpu.values():
            seconds[kind] += value
        return {
            "peak_rss_mb": {k: round(v / MB) for k, v in self.peak.items()},
            "idle_rss_mb": {k: round(v / MB) for k, v in self.last.items()},
            "cpu_seconds": {k: round(v, 1) for k, v in seconds.items()},
        }


def stop(processes, seen, run_dir):
    """SIGTERM to each process group the run started (the hub then stops every server, its
    proxy and its services; `git daemon` leaves a git-daemon child), SIGKILL after a minute.
    Then look for anything still running in the run's folder: kill it, and return it, since
    a teardown that leaves a process behind is a failure of the run."""
    for p in processes:
        group(p.pid, signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            group(p.pid, signal.SIGKILL)
            p.wait()
    psutil.wait_procs([p for p in seen.values() if running(p)], timeout=10)
    me = psutil.Process()
    ours = {me.pid, *(p.pid for p in me.parents())}  # make and its callers name the run too
    left = [
        p
        for p in [*seen.values(), *psutil.process_iter()]
        if p.pid not in ours
        and running(p)
        and (p.pid in seen or str(run_dir) in " ".join([safe(p.cwd) or "", *safe(p.cmdline)]))
    ]
    report = sorted({f"{p.pid} {' '.join(safe(p.cmdline))[:120]}" for p in left})
    for p in left:
        safe(p.kill)
    return report


def group(pid, sig):
    try:
        os.killpg(pid, sig)  # every process was started in a session (and group) of its own
    except ProcessLookupError:
        pass


def running(p):
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def sizing(per_student_mb, cpu_seconds, hub_mb):
    """Memory and cores for a class of each size in CLASSES, from the measured peaks."""
    return [
        {
            "students": n,
            "memory_gb": math.ceil((n * per_student_mb + hub_mb) / 1024),
            "cores": math.ceil(n * RUNNING_AT_ONCE * cpu_seconds / RUN_SECONDS) + 1,
        }
        for n in CLASSES
    ]


def summary(values):
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--notebook", default="chapters/05_network", help="a docname of the book")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the git repository to serve")
    parser.add_argument("--branch", help="the branch to serve and link (default: _config.yml's)")
    parser.add_argument("--port", type=int, default=0, help="the hub's port (default: a free one)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench" / "classroom.json")
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=ROOT / "_build" / "classroom",
        help="the run's homes, logs and git server (emptied first)",
    )
    args = parser.parse_args()
    repo = args.repo.resolve()
    config = yaml.safe_load((repo / "_config.yml").read_text())
    branch = args.branch or config["repository"]["branch"]
    repository_url = config["repository"]["url"].strip("/")
    slug = "/".join(repository_url.split("/")[-2:])
    run_dir = args.run_dir.resolve()
    shutil.rmtree(run_dir, ignore_errors=True)
    (run_dir / "students").mkdir(parents=True)
    names = [f"student-{i:02d}" for i in range(1, args.students + 1)]
    (run_dir / "passwords.json").write_text(
        json.dumps({n: secrets.token_urlsafe(16) for n in names})
    )
    passwords = json.loads((run_dir / "passwords.json").read_text())
    load_before = os.getloadavg()
    started = time.monotonic()
    processes, monitor, students, results = [], None, [], {}
    try:
        print(f"Classroom: {args.students} students, {args.notebook}.ipynb from {slug} ({branch})")
        run(
            sys.executable,
            "-m",
            "ipykernel",
            "install",
            "--prefix",
            str(run_dir / "kernel"),
            "--name",
            "python3",
            "--display-name",
            "Python 3",
        )
        daemon, git_url = serve_repository(run_dir, repo, slug, branch)
        processes.append(daemon)
        port = args.port or free_port()
        with socket.socket() as probe:  # the proxy would die on it, and the hub run on
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise ClassroomError(
                    f"port {port} on 127.0.0.1 is in use: the hub's proxy "
                    "cannot listen there (stop what uses it, or pick --port)"
                )
        environment = {
            **os.environ,
            "PATH": f"{TOOL_ENV / 'venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "CLASSROOM_RUN": str(run_dir),
            "CLASSROOM_PORT": str(port),
            "CLASSROOM_HUB_PORT": str(free_port()),
            "CLASSROOM_PROXY_API_PORT": str(free_port()),
            "CLASSROOM_PROXY": str(
                TOOL_ENV / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
            ),
            "CLASSROOM_GIT_URL": git_url,
            "CLASSROOM_REPOSITORY_URL": repository_url,
        }
        hub_started = time.monotonic()
        hub, hub_url = start_hub(run_dir, port, environment)
        processes.insert(0, hub)
        hub_seconds = time.monotonic() - hub_started
        print(f"JupyterHub up at {hub_url} in {hub_seconds:.1f} s; git server at {git_url}")
        link = launch_link(hub_url, args.notebook, book=repo, branch=branch)
        print(f"Launch link: {link}")
        monitor = Monitor(hub)
        monitor.start()
        for name in names:
            result = run_dir / "students" / f"{name}.json"
            student = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tools.classroom.student",
                    name,
                    passwords[name],
                    link,
                    str(result),
                ],
                stdin=subprocess.PIPE,
                text=True,
                cwd=ROOT,
                stdout=(run_dir / "students" / f"{name}.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            students.append((name, student, result))
            processes.append(student)
        time.sleep(3)  # their imports (pytest, nbval, requests) done, they wait on stdin
        for _, student, _ in students:
            student.stdin.write("go\n")
            student.stdin.flush()
        print(f"{args.students} students follow the link now")
        for name, student, result in students:
            student.wait(timeout=3600)
            record = (
                json.loads(result.read_text())
                if result.exists()
                else {
                    "name": name,
                    "ok": False,
                    "error": f"the student's process failed:\n{tail(result.with_suffix('.log'))}",
                }
            )
            results[name] = record
            state = "ok" if record["ok"] else "FAILED"
            print(f"  {name} {state} after {record.get('seconds', '?')} s")
        monitor.sample()  # the kernels are idle now: their memory and their whole CPU time
    except ClassroomError as error:
        print(f"make classroom: the class could not start: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        if monitor:
            monitor.stop()
        seen = monitor.seen if monitor else {}
        left = stop(processes, seen, run_dir)
        if left:
            print(
                "make classroom: processes left after teardown:\n  " + "\n  ".join(left),
                file=sys.stderr,
            )
    wall = time.monotonic() - started

    per_student = []
    for name in names:
        record = {**results[name], **monitor.students.get(name, Usage()).report()}
        if not record["ok"] and "kernel died" in record.get("error", ""):
            record["error"] += (
                f" after a peak of {record['peak_rss_mb']['kernel']} MB. A kernel ends like this "
                "when the out-of-memory killer or its server's memory limit (mem_limit in "
                "hub/jupyterhub_config.py) stops it: give each student more memory."
            )
        per_student.append(record)
    ok = [r for r in per_student if r["ok"]]
    report = {
        "students": args.students,
        "ok": len(ok) == args.students and not left,
        "notebook": f"{args.notebook}.ipynb",
        "link": link,
        "commit": run("git", "-C", str(repo), "rev-parse", "HEAD").strip(),
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
        },
        "hub": {
            "start_seconds": round(hub_seconds, 1),
            "peak_rss_mb": round(monitor.hub_peak / MB),
        },
        "wall_seconds": round(wall, 1),
        "processes_left": left,
        "per_student": per_student,
    }
    if ok:
        report["summary"] = {
            "first_output_s": summary([r["times"]["first_output"] for r in ok]),
            "last_cell_s": summary([r["times"]["last_cell"] for r in ok]),
            "peak_rss_mb": {
                k: summary([r["peak_rss_mb"][k] for r in ok]) for k in ("server", "kernel", "total")
            },
            "idle_rss_mb": summary([r["idle_rss_mb"]["total"] for r in ok]),
            "cpu_seconds": summary(
                [r["cpu_seconds"]["kernel"] + r["cpu_seconds"]["server"] for r in ok]
            ),
        }
        report["sizing"] = {
            "assumption": f"every student's server at its measured peak; {RUNNING_AT_ONCE:.2f} "
            f"of the class running the notebook at once, each run within {RUN_SECONDS} s; "
            "one core for the hub and proxy",
            "classes": sizing(
                report["summary"]["peak_rss_mb"]["total"]["max"],
                report["summary"]["cpu_seconds"]["max"],
                report["hub"]["peak_rss_mb"],
            ),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print_table(report)
    print(f"Written to {args.out}")
    if not report["ok"]:
        for r in per_student:
            if not r["ok"]:
                print(f"\n{r['name']} failed: {r.get('error')}", file=sys.stderr)
        raise SystemExit(1)


def print_table(report):
    print(
        f"\n{'student':<12} {'first output':>12} {'last cell':>10} {'server MB':>9} "
        f"{'kernel MB':>9} {'CPU s':>6}  result"
    )
    for r in report["per_student"]:
        t, m, c = r.get("times", {}), r["peak_rss_mb"], r["cpu_seconds"]
        print(
            f"{r['name']:<12} {t.get('first_output', '-'):>12} {t.get('last_cell', '-'):>10} "
            f"{m['server']:>9} {m['kernel']:>9} {c['server'] + c['kernel']:>6.1f}  "
            f"{'ok' if r['ok'] else 'FAILED'}"
        )
    machine = report["machine"]
    print(
        f"{machine['cores']} cores, load {machine['load_before'][0]} before and "
        f"{machine['load_after'][0]} after; hub + proxy peak {report['hub']['peak_rss_mb']} MB; "
        f"{report['wall_seconds']} s in all"
    )
    for row in report.get("sizing", {}).get("classes", []):
        print(f"A class of {row['students']}: {row['memory_gb']} GB, {row['cores']} cores")


if __name__ == "__main__":
    main()
