"""Benchmark: holdout comparison of Bass, logistic and exponential on AI private investment 2014-2023.

Run:  .venv/bin/python benchmarks/market_holdout.py [--data ../shared/data] [--no-docs]

Series: "Estimated investment - Field: All", World, constant 2021 US$ (CSET via Our World in Data;
shared/data/ai_market/owid_ai_investment, CC BY 4.0, read in place, never copied).  Models are
fitted on 2014-2020 and forecast 2021-2023, as per-year flows (kind="flow": investment is new money
per year) and, for contrast, as levels.  Reference (``reference_holdout`` in data/market.yaml): Bass
and logistic about $211bn for 2023, exponential $451bn, actual $127bn.  Skips with a message when the
data is absent.  Writes its table into docs/benchmarks.md (region ``market-holdout``) unless
``--no-docs``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
from docs_table import load, markdown_table, write_region

from goldmine.market import compare_holdout

DOC_REGIONS = ("market-holdout",)  # the regions of docs/benchmarks.md this script writes

ROOT = Path(__file__).resolve().parents[1]
FILE = "ai_market/owid_ai_investment/private-investment-in-artificial-intelligence-cset.csv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    path = args.data / FILE
    if not path.is_file():
        print(f"skipped: {path} not found (../shared is absent)")
        return 0
    df = pd.read_csv(path)
    world = df[df["Entity"] == "World"].sort_values("Year")
    s = pd.Series(world.iloc[:, 3].to_numpy(dtype=float) / 1e9, index=pd.to_datetime(world["Year"].astype(str) + "-01-01"),
                  name="usd_bn")
    s = s[(s.index.year >= 2014) & (s.index.year <= 2023)]
    print(f"AI private investment, world, US$bn (constant 2021): {', '.join(f'{y}: {v:.1f}' for y, v in zip(s.index.year, s, strict=True))}")
    results: dict[tuple[str, str], object] = {}
    took_by: dict[tuple[str, str], float] = {}
    for kind in ("flow", "level"):
        for interval in ("parametric", "bootstrap"):
            t0 = time.perf_counter()
            comp = compare_holdout(s, 3, kind=kind, interval=interval, seed=0)
            took = time.perf_counter() - t0
            results[(kind, interval)], took_by[(kind, interval)] = comp, took
            print(f"\nkind={kind}, interval={interval} ({took:.2f} s): fitted 2014-2020, held out 2021-2023")
            print(f"  {'model':9} {'2021':>7} {'2022':>7} {'2023':>7} {'90% PI 2023':>17} {'RMSE':>7} {'MAPE':>6} {'ceiling':>8}")
            for sc in comp.scores:
                ceiling = f"{sc.ceiling:8.0f}" if sc.ceiling is not None else "    none"
                f = sc.forecast
                print(f"  {sc.model:9} {f[0]:7.1f} {f[1]:7.1f} {f[2]:7.1f} [{sc.lower[-1]:6.1f}, {sc.upper[-1]:6.1f}]"
                      f" {sc.rmse:7.1f} {sc.mape:6.1%} {ceiling}")
            print(f"  actual    {comp.actual[0]:7.1f} {comp.actual[1]:7.1f} {comp.actual[2]:7.1f}   best: {comp.best}")
    rows = []
    for kind in ("flow", "level"):
        par, boot = results[(kind, "parametric")], results[(kind, "bootstrap")]
        for sc in par.scores:
            bs = next(b for b in boot.scores if b.model == sc.model)
            f = sc.forecast
            ceiling = f"{sc.ceiling:,.0f}" if sc.ceiling is not None else "none"
            rows.append([kind, sc.model, f"{f[0]:.1f}", f"{f[1]:.1f}", f"**{f[2]:.1f}**",
                         f"{sc.lower[-1]:.1f}-{sc.upper[-1]:.1f} / {bs.lower[-1]:.1f}-{bs.upper[-1]:.1f}",
                         f"{sc.rmse:.1f}", f"{sc.mape:.1%}", ceiling])
    actual = results[("flow", "parametric")].actual
    table = (f"Fitted 2014-2020, forecasts for 2021-2023 against {actual[0]:.1f}, {actual[1]:.1f} and {actual[2]:.1f} "
             f"(US$bn); 90 % prediction interval for 2023 parametric / bootstrap (200 refits). Time, flow kind: "
             f"{took_by[('flow', 'parametric')]:.2f} s for the three parametric fits and forecasts, "
             f"{took_by[('flow', 'bootstrap')]:.1f} s with the bootstrap.\n\n"
             + markdown_table(["kind", "model", "2021", "2022", "2023", "90 % PI 2023", "RMSE", "MAPE", "ceiling"], rows,
                              "llrrrlrrr"))
    if not args.no_docs:
        write_region("market-holdout", table, script="benchmarks/market_holdout.py", load_start=load_start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
