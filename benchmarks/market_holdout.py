"""Benchmark: holdout comparison of Bass, logistic and exponential on AI private investment 2014-2023.

Run:  .venv/bin/python benchmarks/market_holdout.py [--data ../shared/data]

Series: "Estimated investment - Field: All", World, constant 2021 US$ (CSET via Our World in Data;
shared/data/ai_market/owid_ai_investment, CC BY 4.0, read in place, never copied).  Models are
fitted on 2014-2020 and forecast 2021-2023, as per-year flows (kind="flow": investment is new money
per year) and, for contrast, as levels.  Reference (REFERENCES.md): Bass and logistic about $211bn
for 2023, exponential $451bn, actual $127bn.  Skips with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from goldmine.market import compare_holdout

ROOT = Path(__file__).resolve().parents[1]
FILE = "ai_market/owid_ai_investment/private-investment-in-artificial-intelligence-cset.csv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
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
    for kind in ("flow", "level"):
        for interval in ("parametric", "bootstrap"):
            t0 = time.perf_counter()
            comp = compare_holdout(s, 3, kind=kind, interval=interval, seed=0)
            took = time.perf_counter() - t0
            print(f"\nkind={kind}, interval={interval} ({took:.2f} s): fitted 2014-2020, held out 2021-2023")
            print(f"  {'model':9} {'2021':>7} {'2022':>7} {'2023':>7} {'90% PI 2023':>17} {'RMSE':>7} {'MAPE':>6} {'ceiling':>8}")
            for sc in comp.scores:
                ceiling = f"{sc.ceiling:8.0f}" if sc.ceiling is not None else "    none"
                f = sc.forecast
                print(f"  {sc.model:9} {f[0]:7.1f} {f[1]:7.1f} {f[2]:7.1f} [{sc.lower[-1]:6.1f}, {sc.upper[-1]:6.1f}]"
                      f" {sc.rmse:7.1f} {sc.mape:6.1%} {ceiling}")
            print(f"  actual    {comp.actual[0]:7.1f} {comp.actual[1]:7.1f} {comp.actual[2]:7.1f}   best: {comp.best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
