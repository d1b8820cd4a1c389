"""`make bench`: how long the site takes to set up, build and test, how heavy its pages are, and
how fast the engine's and the network's code run.

Run by `make bench` (``python -m benchmarks.report`` from the root). Writes _build/bench/report.md
and report.json. Timings are measured here, never asserted in tests: they depend on the machine.
Run on an otherwise idle machine for numbers worth comparing.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.bookpaths import PAGES, ROOT, SITE
from tools.site_server import serve

OUT = ROOT / "_build" / "bench"


def setup_times():
    """Seconds to set up the environment: the last setup of .venv, as tools/setup.sh recorded
    it, and a fresh venv set up now by the same script with uv's cache as it is now (warm)."""
    recorded = ROOT / ".venv" / ".installed"
    last = json.loads(recorded.read_text()) if recorded.exists() else None
    venv = OUT / "setup-venv"
    shutil.rmtree(venv, ignore_errors=True)
    env = dict(
        os.environ,
        VENV=str(venv),
        UV=os.environ.get("UV") or str(Path(sys.executable).parent / "uv"),
    )
    subprocess.run(
        [str(ROOT / "tools" / "setup.sh")], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    fresh = json.loads((venv / ".installed").read_text())
    shutil.rmtree(venv)
    return {"last_setup": last, "fresh_venv_warm_cache": fresh}


def timed_build():
    start = time.perf_counter()
    subprocess.run(
        ["make", "--no-print-directory", "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def chapter_execution_times():
    """Execution time of each notebook, as recorded by the build's jupyter-cache."""
    from jupyter_cache import get_cache

    cache = get_cache(ROOT / "_build" / ".jupyter_cache")
    times = {}
    for record in cache.list_cache_records():
        uri = Path(record.uri).relative_to(ROOT).as_posix()
        times[uri] = round(record.data.get("execution_seconds", float("nan")), 2)
    return dict(sorted(times.items()))


def test_phases():
    path = OUT / "test-phases.jsonl"
    if not path.exists():
        return None
    phases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    recorded = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    return {"recorded": recorded, "phases": phases}


def page_weights():
    """Bytes a browser downloads on the first load of each page (empty cache)."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(SITE) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        for name in PAGES:
            page = browser.new_page()
            sizes = []
            page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body()) if r.ok else 0))
            page.goto(f"{base}/{name}.html", wait_until="networkidle")
            weights[name] = {"requests": len(sizes), "bytes": sum(sizes)}
            page.close()
        browser.close()
    return weights


def nn_vs_keras():
    from benchmarks.nn_vs_keras import run

    return run()


def engine():
    from benchmarks.engine import run

    return run()


def markdown(report):
    last, fresh = report["setup_s"]["last_setup"], report["setup_s"]["fresh_venv_warm_cache"]
    last_row = (
        f"| last setup of .venv ({last['recorded']}, {last['uv']}) | {last['seconds']:.1f} |"
        if last
        else "| last setup of .venv | no record |"
    )
    lines = [
        "# Benchmark report",
        "",
        f"Machine: {report['machine']}",
        "",
        "| setup (tools/setup.sh: venv, lock, labcode) | seconds |",
        "| --- | ---: |",
        last_row,
        f"| a fresh venv now, uv's cache warm | {fresh['seconds']:.1f} |",
        "",
        "| build | seconds |",
        "| --- | ---: |",
        f"| clean build (execute every chapter) | {report['clean_build_s']:.1f} |",
        f"| rebuild with no change | {report['rebuild_s']:.1f} |",
        "",
        "| chapter | execution seconds |",
        "| --- | ---: |",
    ]
    lines += [f"| {uri} | {secs:.2f} |" for uri, secs in report["chapter_execution_s"].items()]
    phases = report["make_test"]
    lines += ["", "## `make test` phases", ""]
    if phases is None:
        lines.append("No record yet: run `make test`, then `make bench` again.")
    else:
        lines += [
            f"Recorded {phases['recorded']}.",
            "",
            "| phase | seconds | exit |",
            "| --- | ---: | ---: |",
        ]
        lines += [f"| {p['phase']} | {p['seconds']:.1f} | {p['exit']} |" for p in phases["phases"]]
        lines.append(f"| total | {sum(p['seconds'] for p in phases['phases']):.1f} | |")
    lines += [
        "",
        "## First load of each page (empty cache)",
        "",
        "Bytes as served by a plain static server, uncompressed; a host that gzips "
        "(GitHub Pages does) sends much less. Most of it is the theme and MathJax, "
        "shared by every page and cached after the first.",
        "",
        "| page | requests | kB |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {w['requests']} | {w['bytes'] / 1000:.0f} |"
        for name, w in report["page_weights"].items()
    ]
    e = report["engine"]
    lines += [
        "",
        f"## The engine's forward and backward pass ({e['nodes']} nodes, benchmarks/engine.py)",
        "",
        "| pass | CPU ms |",
        "| --- | ---: |",
        f"| forward (build the graph) | {e['forward_ms']:.2f} |",
        f"| backward | {e['backward_ms']:.2f} |",
        f"| forward / backward | {e['forward_over_backward']:.1f} |",
    ]
    nn = report["nn_vs_keras"]
    if nn is not None:
        lines += [
            "",
            "## NumPy `nn_model` vs the same network in Keras",
            "",
            "```",
            json.dumps(nn, indent=2),
            "```",
        ]
    return "\n".join(lines) + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in ["html", "jupyter_execute", ".doctrees", ".jupyter_cache"]:
        shutil.rmtree(ROOT / "_build" / stale, ignore_errors=True)
    report = {
        "machine": f"{platform.node()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    }
    print("setup of a fresh venv ...", flush=True)
    report["setup_s"] = setup_times()
    print("clean build ...", flush=True)
    report["clean_build_s"] = timed_build()
    print("rebuild with no change ...", flush=True)
    report["rebuild_s"] = timed_build()
    report["chapter_execution_s"] = chapter_execution_times()
    report["make_test"] = test_phases()
    print("page weights ...", flush=True)
    report["page_weights"] = page_weights()
    print("engine forward vs backward ...", flush=True)
    report["engine"] = engine()
    print("nn_model vs Keras ...", flush=True)
    report["nn_vs_keras"] = nn_vs_keras()
    (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report)
    (OUT / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
