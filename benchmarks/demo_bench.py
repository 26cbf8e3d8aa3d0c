"""`goldmine demo` end to end (issue #9): every step of every module on the bundled examples — the
examples' database, risk, market, runway, cap tables, valuation, bubble tests, sentiment, and the
HTML, Markdown and PDF reports in both languages — as a user runs it.

Run: ``.venv/bin/python benchmarks/demo_bench.py [--no-docs]``

Two runs of ``python -m goldmine demo --out DIR`` in a subprocess: first with empty matplotlib and
numba caches (``MPLCONFIGDIR``, ``NUMBA_CACHE_DIR`` pointed at new folders: the state of a fresh
clone, and of CI), then again with the caches the first run built.  Wall time, and the CPU time of
the child (user + system, ``resource.getrusage(RUSAGE_CHILDREN)``).  Writes its table into
docs/benchmarks.md (region ``demo-end-to-end``) unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_table import load, markdown_table, write_region

DOC_REGIONS = ("demo-end-to-end",)  # the regions of docs/benchmarks.md this script writes

def run_demo(out: Path, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "goldmine", "demo", "--out", str(out)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    rows = []
    with tempfile.TemporaryDirectory(prefix="goldmine-demo-bench-") as tmp:
        env = dict(os.environ, MPLCONFIGDIR=str(Path(tmp) / "mpl"), NUMBA_CACHE_DIR=str(Path(tmp) / "numba"),
                   GOLDMINE_HOME=str(Path(tmp) / "home"))
        for label, out in (("cold caches (a fresh clone, CI)", "cold"), ("warm caches (the second run)", "warm")):
            wall, cpu = run_demo(Path(tmp) / out, env)
            print(f"goldmine demo, {label}: {wall:.1f} s wall, {cpu:.1f} s CPU")
            rows.append([f"`goldmine demo`, {label}", f"**{wall:.1f}**", f"{cpu:.1f}"])
    table = markdown_table(["run", "wall s", "CPU s"], rows, "lrr")
    if not args.no_docs:
        write_region("demo-end-to-end", table, script="benchmarks/demo_bench.py", load_start=load_start)


if __name__ == "__main__":
    main()
