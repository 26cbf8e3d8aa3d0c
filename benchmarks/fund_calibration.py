"""Benchmark: calibration of the fund simulation (issue #19, point 2) against published anchors.

Run:  .venv/bin/python benchmarks/fund_calibration.py [--paths 10000] [--seed 20251126] [--no-docs]

Deal level: the generic seed deal's pool (the deal engine, ``data/deal.yaml``) against Correlation
Ventures' US financings 2004-2013 (REFERENCES.md: 65 % below 1x, 4 % at 10x or more).  Fund level: the
default fund (``data/settings.yaml`` ``fund``: $50M, 2 % fee, 20 % carry, 8 % hurdle, 25 deals, 60 %
seed / 40 % Series A, 40 % reserves) against (a) Horsley Bridge via a16z (REFERENCES.md: about 6 % of
deals returned 10x or more and produced about 60 % of all returns) and (b) published VC fund TVPI
quartiles of mature US vintages 2014-2017 (valueaddvc.com "VC Fund Performance Benchmarks", 2025,
secondary, compiled from Carta, PitchBook and Cambridge Associates: median TVPI 1.9-2.3x, bottom
quartile 1.0-1.3x, top quartile 3.3-4.2x).  Writes the region ``fund-calibration`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time

from docs_table import load, markdown_table, write_region

from goldmine.pipeline.fund import run_fund
from goldmine.pipeline.settings import FundSettings

DOC_REGIONS = ("fund-calibration",)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--paths", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20251126)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    load_start = load()
    t0 = time.perf_counter()
    r = run_fund(FundSettings.default().with_(paths=args.paths, seed=args.seed))
    secs = time.perf_counter() - t0
    seed_pool = next(p for p in r.pools if p["name"] == "seed")
    deal = markdown_table(["deal level (generic seed deal)", "Correlation Ventures 2004-2013", "goldmine"], [
        ["P(multiple < 1x)", "65 %", f"{seed_pool['p_below_1']:.1%}"],
        ["P(multiple >= 10x)", "4 %", f"{seed_pool['p_at_least_10']:.1%}"],
        ["mean multiple", "about 2.2x (bucket midpoints)", f"{seed_pool['mean_moic']:.2f}x"]], "lrr")
    q = r.net_tvpi.percentiles
    fund = markdown_table(["fund level (default fund, 25 deals)", "published", "goldmine"], [
        ["positions at 10x or more", "about 6 % (Horsley Bridge)", f"{r.tenx_share_of_deals:.1%}"],
        ["their share of gross proceeds", "about 60 % (Horsley Bridge)", f"{r.tenx_share_of_proceeds:.1%}"],
        ["net TVPI, bottom quartile", "1.0-1.3x (vintages 2014-2017)", f"{q['p25']:.2f}x"],
        ["net TVPI, median", "1.9-2.3x (vintages 2014-2017)", f"{q['p50']:.2f}x ± {r.net_tvpi.median_se:.2f}"],
        ["net TVPI, top quartile", "3.3-4.2x (vintages 2014-2017)", f"{q['p75']:.2f}x"],
        ["P(net TVPI < 1x)", "about a quarter (bottom quartile near 1x)", f"{1 - r.p_net_tvpi_at_least_1['value']:.1%}"],
        ["net IRR, median", "12-18 % (funds under $50M, same source)", f"{r.net_irr.median:.1%}"]], "lrr")
    sens = markdown_table(["initial deals", "gross TVPI sd", "gross TVPI IQR", "median net TVPI", "P(net TVPI < 1x)"], [
        [str(s["deals"]), f"{s['gross_tvpi_sd']:.2f}", f"{s['gross_tvpi_iqr']:.2f}", f"{s['net_tvpi_median']:.2f}x",
         f"{s['p_net_below_1']:.1%}"] for s in r.sensitivity], "rrrrr")
    text = (f"{deal}\n\n{fund}\n\nSensitivity to the number of deals (2,000 funds each):\n\n{sens}\n\n"
            f"{args.paths:,} funds, seed {args.seed}, {secs:.1f} s (serial, including the deal pools).")
    print(text)
    if not args.no_docs:
        write_region("fund-calibration", text, script="benchmarks/fund_calibration.py", load_start=load_start)


if __name__ == "__main__":
    main()
