"""The sector view on a real AI series (evaluation data, not shipped) beside the demo's NASDAQ 1994-2000.

Run: ``.venv/bin/python benchmarks/sector_nvda.py [--data ../shared/data] [--no-docs]``

Runs ``goldmine sector --prices NVDA_2020_2024_yahoo.csv --column "Adj Close" --json`` (NVIDIA's daily
prices 2020-2024 from the evaluation data, aggregated to weekly closes by the command) and
``goldmine sector --demo-inputs --json`` in-process, and tabulates what decides the verdict: the
GSADF statistic against its 95 % critical value, the date-stamped episodes, the LPPLS confidence,
the pillars' statuses and the verdict.  Skips with a message when the data is absent.  Writes its
table into docs/benchmarks.md (region ``sector-nvda``) unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

from docs_table import load, markdown_table, write_region

DOC_REGIONS = ("sector-nvda",)  # the regions of docs/benchmarks.md this script writes

ROOT = Path(__file__).resolve().parents[1]
FILE = "prices/ai_stocks_recent/NVDA_2020_2024_yahoo.csv"


def sector(args: list[str]) -> tuple[dict, float]:
    from goldmine.cli import main

    buf = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(buf), contextlib.suppress(SystemExit):
        main(["sector", *args, "--json"])
    return json.loads(buf.getvalue()), time.perf_counter() - t0


def row(label: str, d: dict, took: float) -> list[str]:
    b = d["analyses"]["bubble"]["data"]
    episodes = b["episodes"]
    ongoing = " (one open at the last date)" if episodes and episodes[-1]["ongoing"] else ""
    lppls = b.get("lppls") or {}
    status = ", ".join(f"{p['id']} {p['status']}" for p in d["pillars"])
    return [label, str(d["series"]["n"]), f"{b['gsadf']:.3f}", f"{b['critical_values']['gsadf']['95']:.3f}",
            f"{len(episodes)}{ongoing}", f"{lppls.get('confidence', float('nan')):.0%}", status,
            f"**{d['verdict']}**", f"{took:.1f} s"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    path = args.data / FILE
    if not path.is_file():
        print(f"skipped: {path} not found (../shared is absent)")
        return 0
    load_start = load()
    real, t_real = sector(["--prices", str(path), "--column", "Adj Close"])
    demo, t_demo = sector(["--demo-inputs"])
    rows = [row("NVIDIA weekly closes 2020-2024 (evaluation data)", real, t_real),
            row("NASDAQ Composite weekly 1994-2000 (the demo's series)", demo, t_demo)]
    for r in rows:
        print(" | ".join(r))
    table = markdown_table(["series", "weeks", "GSADF", "95 % cv", "episodes", "LPPLS confidence", "pillars", "verdict",
                            "time"], rows, "lrrrlrllr")
    if not args.no_docs:
        write_region("sector-nvda", table, script="benchmarks/sector_nvda.py", load_start=load_start,
                     command="python benchmarks/sector_nvda.py (= goldmine sector --prices NVDA_2020_2024_yahoo.csv "
                             "--column \"Adj Close\" --json, and --demo-inputs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
