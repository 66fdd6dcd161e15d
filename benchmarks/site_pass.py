"""The site pass (each page finished as it is written, then the built folder), profiled
(not a test: it reports figures).

    .venv/bin/python benchmarks/site_pass.py [--runs 3] [--tools 0]

Builds a copy of the project (with `--tools N`, N synthetic tools and N/20 territories from
tests/scale.py) `--runs` times, each in its own process, timing the whole build and each piece
of the site pass (macros/engine/site_pass.py) from inside; then the same pages built with plain
mkdocs-material in the same run (benchmarks/run.py's baseline). Prints medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from conftest import copy_project  # noqa: E402
from run import ENV, plain_project, timed_build  # noqa: E402
from scale import generate  # noqa: E402

# Run in the build's process: each piece of the pass wrapped with a timer before MkDocs
# loads the hooks (which import the pass by name).
PROBE = r"""
import json, sys, time
from collections import defaultdict
sys.path.insert(0, sys.argv[1])
from macros.engine import a11y, csp, search, site_pass, sitemaps
times = defaultdict(float)
def timed(module, name, label):
    original = getattr(module, name)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            times[label] += time.perf_counter() - start
    setattr(module, name, run)
for module, name, label in [
        (site_pass.PageFinisher, "page", "pages finished (all)"),
        (site_pass, "finish_site", "site pass after the build"),
        (site_pass, "collapse_indentation", "page: indentation"),
        (site_pass, "fix_material_markup", "page: markup fixes"),
        (site_pass, "label_search_dialog", "page: markup fixes"),
        (site_pass, "language_search_base", "page: search base"),
        (site_pass, "add_policy", "page: CSP"),
        (site_pass, "write_language_indexes", "search split"),
        (site_pass, "add_worker_preludes", "search worker"),
        (site_pass, "write_language_sitemaps", "sitemaps")]:
    timed(module, name, label)
from mkdocs.__main__ import cli
start = time.perf_counter()
cli(["build", "-q", "-d", "site"], standalone_mode=False)  # as `mkdocs build` runs it
times["build (all)"] = time.perf_counter() - start
print(json.dumps(times))
"""


def profiled_build(project: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], cwd=project, env=ENV,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        project = copy_project(work / "project")
        if args.tools:
            generate(project, args.tools // 20, args.tools)
        runs = [profiled_build(project) for _ in range(args.runs)]
        pages = sum(1 for _ in (project / "site").rglob("*.html"))
        plain = plain_project(project, work / "plain")
        baseline = [timed_build(plain) for _ in range(args.runs)]
    print(f"{args.tools or 'real'} tools, {pages} HTML pages, medians of {args.runs} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    for label in sorted(runs[0]):
        print(f"  {label:<22} {statistics.median(r.get(label, 0.0) for r in runs):7.2f} s")
    print(f"  {'plain Material build':<22} {statistics.median(baseline):7.2f} s")


if __name__ == "__main__":
    main()
