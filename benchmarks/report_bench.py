"""Timings of the reports (issue #9): due-diligence runs, each format, the sector run, the demo step.

Run: ``.venv/bin/python benchmarks/report_bench.py [--cold] [--no-docs]``: writes its table into
docs/benchmarks.md (region ``report-warm``, or ``report-cold`` with ``--cold``) unless ``--no-docs``.
``--cold`` points matplotlib's font cache and numba's cache at empty temporary folders first, the
state of a fresh clone.  Timings on a shared machine are noisy: the table reports wall and CPU
seconds of one pass in the same process.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from docs_table import load, markdown_table, write_region

DOC_REGIONS = ("report-warm", "report-cold")  # the regions of docs/benchmarks.md this script writes

def timed(label: str, rows: list, fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    rows.append((label, time.perf_counter() - w0, time.process_time() - c0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold", action="store_true", help="empty matplotlib and numba caches first")
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    if args.cold:
        os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="mpl-")
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-")
    rows: list = []
    timed("import goldmine.report + pipeline", rows, lambda: __import__("goldmine.report.render") and __import__("goldmine.pipeline"))
    from goldmine.cli.demo import DemoContext, example_files
    from goldmine.io import load_profile
    from goldmine.io.demo_data import demo_news, demo_prices
    from goldmine.pipeline.due_diligence import run_due_diligence
    from goldmine.pipeline.sector import run_sector
    from goldmine.pipeline.settings import DueDiligenceSettings, SectorSettings
    from goldmine.report import due_diligence_document, render, sector_document

    profiles = [load_profile(f) for f in example_files()]
    prices, name, source = demo_prices()
    view = timed("sector run (PSY table cv, LPPLS 10 windows, sentiment index)", rows,
                 lambda: run_sector(prices, name, source, demo_news(), None, SectorSettings.default()))
    dds = timed(f"due-diligence runs, {len(profiles)} examples (demo settings)", rows,
                lambda: [run_due_diligence(p, DueDiligenceSettings.demo()) for p in profiles])
    for fmt in ("md", "html", "pdf"):
        def go(fmt=fmt):
            figures = {}
            for dd in dds:
                figures = {}
                for lang in ("en", "zh"):
                    render(due_diligence_document(dd, lang, figures), fmt)
        timed(f"render {fmt}, {len(dds)} examples x 2 languages (charts drawn in the first format that needs them)", rows, go)
    timed("render sector report, 3 formats x 2 languages", rows,
          lambda: [render(sector_document(view, lang), f) for lang in ("en", "zh") for f in ("md", "html", "pdf")])
    from goldmine.cli import report as cli_report

    with tempfile.TemporaryDirectory() as tmp:
        ctx = DemoContext(out=Path(tmp))
        devnull = open(os.devnull, "w")  # noqa: SIM115 - the demo step prints tables
        real = sys.stdout
        sys.stdout = devnull
        try:
            timed("demo step of goldmine.cli.report (everything above, written to disk, runs stored)", rows,
                  lambda: cli_report.demo_step(ctx))
        finally:
            sys.stdout = real
            devnull.close()
    table = markdown_table([f"step ({'cold caches' if args.cold else 'warm caches'})", "wall s", "CPU s"],
                           [[label, f"{w:.2f}", f"{c:.2f}"] for label, w, c in rows], "lrr")
    print(table)
    if not args.no_docs:
        write_region("report-cold" if args.cold else "report-warm", table, script="benchmarks/report_bench.py",
                     load_start=load_start)


if __name__ == "__main__":
    main()
