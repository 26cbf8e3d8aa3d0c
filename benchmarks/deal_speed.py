"""Benchmark: `goldmine deal` on the medicare-ai example, 100,000 paths, against the exact per-path waterfall.

Run:  .venv/bin/python benchmarks/deal_speed.py [--paths 100000] [--peer-paths 400] [--no-docs]

Writes ``docs/benchmarks/deal_speed.md`` (a stamp: date, machine, cores, load; the table; the command)
unless ``--no-docs``.

What is timed (best of 3, wall and CPU; the machine is shared, so the load average is printed):

* **core**: the whole analysis of the issue's speed target — the pro-forma cap table of the proposed
  round, the capitalisations after each number of later rounds with and without pro-rata, the exact
  payout curve of each (breakpoints computed once per capitalisation), the simulation of 100,000
  paths, every path's payout through its capitalisation's curve, MOIC and IRR (pyxirr) distributions
  with standard errors, for both pro-rata policies (``analyze_deal(..., decision=False)``);
* **full**: the same plus the decision figures (the root find on the price, the sensitivity table),
  what ``goldmine deal --paths 100000`` runs;
* the **peer**: :func:`goldmine.financing.waterfall` — the exact joint-decision waterfall — solved
  per path on its exit capitalisation, on a random subsample of ``--peer-paths`` paths and scaled
  linearly to all paths.  The ratio compares it with the curves' part (building the curves plus
  evaluating every path).  The subsample's payouts from both are compared (max abs difference).
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np
from docs_table import ROOT, cores, cpu_model, load, markdown_table, stamp, write_region

from goldmine.deal import (
    DealConfig,
    analyze_deal,
    capitalisations,
    deal_terms,
    payout_curve,
    pro_forma,
)
from goldmine.deal.analysis import company_model
from goldmine.deal.proforma import conversion_date
from goldmine.deal.simulate import simulate
from goldmine.financing import waterfall
from goldmine.io import load_profile

EXAMPLES = ROOT / "src" / "goldmine" / "examples"
PAGE = ROOT / "docs" / "benchmarks" / "deal_speed.md"
DOC_REGIONS = ("deal-speed",)  # the region of docs/benchmarks.md this script writes (with the whole page)


def timed(fn, repeat: int = 3):
    best, best_cpu, out = float("inf"), 0.0, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if wall < best:
            best, best_cpu = wall, cpu
    return best, best_cpu, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--peer-paths", type=int, default=400)
    ap.add_argument("--example", default="medicare-ai")
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks/deal_speed.md")
    args = ap.parse_args()
    load_start = load()
    s = load_profile(EXAMPLES / f"{args.example}.yaml")
    p = s.proposal
    analyze_deal(s, p, n_paths=2000, seed=1, decision=False)          # warm caches (configuration, imports)

    core, core_cpu, a = timed(lambda: analyze_deal(s, p, n_paths=args.paths, seed=1, decision=False))
    full, full_cpu, _ = timed(lambda: analyze_deal(s, p, n_paths=args.paths, seed=1, decision=True), repeat=1)

    terms = deal_terms(s, p)
    on = conversion_date(terms)

    def build():
        caps = capitalisations(pro_forma(s, terms), pro_rata=terms.pro_rata)
        return caps, [payout_curve(c.table, on=on) for c in caps]

    t_curves, _, (caps, curves) = timed(build)
    model = company_model(s, terms, DealConfig.shipped())
    t_sim, cpu_sim, sim = timed(lambda: simulate(model, args.paths, 1))
    evaluators = [c.evaluator(terms.investor) for c in curves]

    def evaluate():
        out = np.zeros(sim.n)
        for n, ev in enumerate(evaluators):
            m = sim.rounds == n
            out[m] = ev(sim.exit_value[m])
        return out

    t_eval, _, payouts = timed(evaluate)

    rng = np.random.default_rng(5)
    sample = rng.choice(sim.n, size=min(args.peer_paths, sim.n), replace=False)
    t0 = time.perf_counter()
    peer = [waterfall(caps[sim.rounds[i]].table, Fraction(float(sim.exit_value[i])), on=on).by_holder().get(terms.investor, 0)
            for i in sample]
    t_peer = (time.perf_counter() - t0) / sample.size * sim.n
    diff = max(abs(float(w) - payouts[i]) for w, i in zip(peer, sample, strict=True))
    ours = t_curves + t_eval
    ratio = t_peer / ours
    makers = max(c.makers for c in curves)
    points = [len(c.x) for c in curves]

    rows = [
        [f"core: pro-forma, {len(caps)} capitalisations x 2 pro-rata policies, their curves, {args.paths:,} paths, payouts, "
         "MOIC and IRR distributions (`analyze_deal(..., decision=False)`, best of 3)",
         f"**{core:.2f} s** (CPU {core_cpu:.2f} s)", "target < 5 s"],
        [f"full `goldmine deal --paths {args.paths:,}` analysis: core + root find on the price + sensitivity table",
         f"{full:.2f} s (CPU {full_cpu:.2f} s)", ""],
        [f"simulation of {args.paths:,} company paths (growth model, rounds, exits; 2 threads)",
         f"{t_sim:.2f} s (CPU {cpu_sim:.2f} s)", ""],
        [f"exact payout curves of the {len(caps)} exit capitalisations (up to {makers} decision makers; "
         f"{', '.join(map(str, points))} breakpoints)", f"{t_curves:.3f} s", ""],
        [f"every path's payout from its curve ({args.paths:,} paths)", f"{t_eval * 1000:.1f} ms", ""],
        [f"peer: exact waterfall per path (`goldmine.financing.waterfall`), {sample.size} paths scaled to {args.paths:,}",
         f"{t_peer:.1f} s", f"**{ratio:,.0f}x** slower than curves + evaluation"],
        ["max abs difference, curve against per-path waterfall (subsample, currency units)", f"{diff:.2e}", ""],
    ]
    table = markdown_table(["task", "time", "note"], rows, "lrl")
    text = (f"# Deal engine: speed against the exact per-path waterfall\n\n{stamp(load_start)}\n\n"
            f"Machine: {cpu_model()}, {cores()}; load average {load_start:.1f} at the start, {load():.1f} at the end. "
            f"Example `{args.example}` with its profile's proposal (seed 1).\n\n{table}\n\n"
            "Written by `benchmarks/deal_speed.py` (it writes this page, `docs/benchmarks/deal_speed.md`, whole). "
            "The curve is the waterfall solved once per capitalisation as a piecewise-linear function of the exit "
            "value; the peer solves the joint conversion decisions again for every path.\n")
    print(text)
    if not args.no_docs:
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)}")
        write_region("deal-speed", table, script="benchmarks/deal_speed.py", load_start=load_start)


if __name__ == "__main__":
    main()
