"""Benchmark: calibration of the deal engine against Correlation Ventures' published outcomes.

Run:  .venv/bin/python benchmarks/deal_calibration.py [--paths 200000] [--seed 20251126] [--no-docs]

Writes ``docs/benchmarks/deal_calibration.md`` (a stamp, the tables, the command) unless ``--no-docs``.

The generic seed deal (:func:`goldmine.deal.generic_seed`: stage priors only, no company data — a seed
round of $3.7M at a $16M pre-money, Carta Q4 2024 medians, into a company with a $0.5M revenue run rate
and no obtainable-market ceiling) is simulated with the shipped priors (``data/deal.yaml``,
``data/finance.yaml``, ``data/growth.yaml``).  The investor's gross multiples (1x non-participating,
no pro-rata) are bucketed as Correlation Ventures published them for US venture financings 2004-2013
(REFERENCES.md): 65 % below 1x, 25 % 1-5x, 6 % 5-10x, 2.5 % 10-20x, 1 % 20-50x, 0.5 % above 50x.  The
issue's acceptance band: P(< 1x) = 65 % +- 8 points, P(>= 10x) = 4 % +- 2 points.  A second table
shows how the one assumption without a published value, the strength of selection on growth
(``graduation.selection``), moves the two figures.
"""

from __future__ import annotations

import argparse

import numpy as np
from docs_table import ROOT, cores, cpu_model, load, markdown_table, stamp, write_region

from goldmine.config import load_config
from goldmine.deal import DealConfig, analyze_deal, generic_seed

PAGE = ROOT / "docs" / "benchmarks" / "deal_calibration.md"
DOC_REGIONS = ("deal-calibration",)  # the region of docs/benchmarks.md this script writes (with the whole page)
CV = {"< 1x": 0.65, "1-5x": 0.25, "5-10x": 0.06, "10-20x": 0.025, "20-50x": 0.01, ">= 50x": 0.005}
EDGES = [(-1.0, 1.0), (1.0, 5.0), (5.0, 10.0), (10.0, 20.0), (20.0, 50.0), (50.0, np.inf)]


def run(cfg: DealConfig, paths: int, seed: int):
    s, p = generic_seed(cfg)
    a = analyze_deal(s, p, n_paths=paths, seed=seed, decision=False, config=cfg)
    return a


def buckets(a, paths: int, seed: int, cfg: DealConfig) -> list[float]:
    """Shares of the MOIC buckets, recomputed from the same run's distribution (exact thresholds)."""
    from goldmine.deal.analysis import ONE_X_TOLERANCE, _book, _payouts, company_model
    from goldmine.deal.simulate import simulate
    from goldmine.financing import Rounding

    s, p = generic_seed(cfg)
    terms = a.terms
    book = _book(s, terms, cfg, Rounding(price_decimals=None), "percentage_ownership", source=None, paths=None)
    sim = simulate(company_model(s, terms, cfg), paths, seed)
    moic = _payouts(sim, book.eval_) / float(terms.new_money)
    moic[np.abs(moic - 1.0) <= ONE_X_TOLERANCE] = 1.0      # the money back, as the analysis counts it
    return [float(((moic >= lo) & (moic < hi)).mean()) for lo, hi in EDGES]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--paths", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=20251126)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks/deal_calibration.md")
    args = ap.parse_args()
    load_start = load()
    cfg = DealConfig.shipped()
    a = run(cfg, args.paths, args.seed)
    r = a.returns
    shares = buckets(a, args.paths, args.seed, cfg)
    se = [np.sqrt(x * (1 - x) / args.paths) for x in shares]
    rows = [[k, f"{v:.1%}", f"{x:.1%} ± {e:.2%}"] for (k, v), x, e in zip(CV.items(), shares, se, strict=True)]
    p1, p1se = r.moic.p_below["1"]["value"], r.moic.p_below["1"]["se"]
    p10, p10se = r.moic.p_at_least["10"]["value"], r.moic.p_at_least["10"]["se"]
    ok1, ok10 = abs(p1 - 0.65) <= 0.08, abs(p10 - 0.04) <= 0.02
    table = markdown_table(["gross multiple", "Correlation Ventures 2004-2013", "goldmine, generic seed deal"], rows, "lrr")
    checks = markdown_table(["acceptance (issue #14)", "target", "simulated", "within"], [
        ["P(multiple < 1x)", "65 % ± 8 points", f"{p1:.1%} ± {p1se:.2%}", "yes" if ok1 else "**no**"],
        ["P(multiple >= 10x)", "4 % ± 2 points", f"{p10:.1%} ± {p10se:.2%}", "yes" if ok10 else "**no**"],
        ["mean multiple", "(about 2.2x implied by the buckets' midpoints)", f"{r.moic.mean:.2f}x ± {r.moic.mean_se:.2f}", ""],
    ], "llrl")
    outcomes = ", ".join(f"{k} {v['value']:.1%}" for k, v in a.simulated.outcomes.items())
    sens_rows = []
    base = cfg.graduation.selection.value
    for rho in (0.0, 0.2, 0.4, 0.6):
        c = load_config(DealConfig, "deal.yaml", override={"graduation": {"selection": {"value": rho}}})
        b = run(c, args.paths // 2, args.seed).returns
        sens_rows.append([f"{rho:g}" + (" (shipped)" if rho == base else ""), f"{b.moic.p_below['1']['value']:.1%}",
                          f"{b.moic.p_at_least['10']['value']:.1%}", f"{b.moic.mean:.2f}x"])
    sens = markdown_table(["selection on growth (rho)", "P(< 1x)", "P(>= 10x)", "mean multiple"], sens_rows, "lrrr")
    text = (f"# Deal engine: calibration against Correlation Ventures\n\n{stamp(load_start)}\n\n"
            f"Machine: {cpu_model()}, {cores()}. Generic seed deal: ${cfg.generic_seed.round_usd / 1e6:.1f}M at "
            f"${cfg.generic_seed.pre_money_usd / 1e6:.0f}M pre-money, {args.paths:,} paths, seed {args.seed}; "
            f"entry ownership {a.entry_ownership:.1%}; simulated outcomes: {outcomes}.\n\n{table}\n\n{checks}\n\n"
            f"Selection strength (the one prior set by this calibration; {args.paths // 2:,} paths each):\n\n{sens}\n\n"
            "Written by `benchmarks/deal_calibration.py` (it writes this page, `docs/benchmarks/deal_calibration.md`, "
            "whole). Correlation Ventures' buckets are of all US venture financings 2004-2013 (every stage); "
            "the generic deal is a seed round.\n")
    print(text)
    if not args.no_docs:
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")
        write_region("deal-calibration", f"{table}\n\n{checks}", script="benchmarks/deal_calibration.py", load_start=load_start)


if __name__ == "__main__":
    main()
