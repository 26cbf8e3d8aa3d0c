"""Benchmark: the runway Monte Carlo, 1,000,000 paths x 60 months, against a plain per-path Python loop.

Run:  .venv/bin/python benchmarks/finance_montecarlo.py [--paths 1000000] [--loop-paths 20000] [--example northstar-studio] [--no-docs]

Writes its table into docs/benchmarks.md (region ``runway-monte-carlo``) unless ``--no-docs``.

The loop (goldmine.finance.simulate_loop: the same model, one path at a time in plain Python) is
run on a subsample of --loop-paths paths and its time scaled linearly to --paths; the ratio is
(scaled loop time) / (vectorised time), both measured in the same run.  Best of 3 for the
vectorised run (the machine is shared: wall time is inflated by other jobs, so CPU time is
printed too, with the load average).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from docs_table import load, markdown_table, write_region

from goldmine.finance import resolve_drivers, simulate, simulate_loop
from goldmine.io import load_profile

DOC_REGIONS = ("runway-monte-carlo",)  # the regions of docs/benchmarks.md this script writes

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--loop-paths", type=int, default=20_000)
    ap.add_argument("--example", default="northstar-studio")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    drivers = resolve_drivers(load_profile(EXAMPLES / f"{args.example}.yaml"))
    times, cpus = [], []
    load_before = os.getloadavg()[0]
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        res = simulate(drivers, args.paths, seed=1, workers=args.workers)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    vec = min(times)
    t0, c0 = time.perf_counter(), time.process_time()
    loop = simulate_loop(drivers, args.loop_paths, seed=1)
    loop_t = time.perf_counter() - t0
    loop_cpu = time.process_time() - c0
    scaled = loop_t * args.paths / args.loop_paths
    H = drivers.horizon
    loop_p = sum(o < r for o, r in zip(loop["out_month"], loop["round_month"], strict=True)) / args.loop_paths
    print(f"example {args.example}: {args.paths:,} paths x {H} months, workers={args.workers}")
    print(f"load average before: {load_before:.1f} on {os.cpu_count()} cores (other jobs inflate wall time, not CPU time)")
    print(f"vectorised numpy: wall best of 3 {vec:.2f} s (runs: {', '.join(f'{x:.2f}' for x in times)}); "
          f"CPU time best {min(cpus):.2f} s (all threads)")
    print(f"plain Python loop: {args.loop_paths:,} paths in {loop_t:.2f} s wall, {loop_cpu:.2f} s CPU -> scaled to {args.paths:,}: "
          f"{scaled:.1f} s wall, {loop_cpu * args.paths / args.loop_paths:.1f} s CPU")
    print(f"ratio loop / vectorised: {scaled / vec:.0f}x wall, {loop_cpu * args.paths / args.loop_paths / min(cpus):.0f}x CPU")
    print(f"p_cash_out vectorised {res.p_cash_out:.4f}, loop subsample {loop_p:.4f}; runway p50 {res.runway_months['p50']}")
    scale = args.paths / args.loop_paths
    table = markdown_table(
        ["", "wall", "CPU", "P(cash runs out before the next round)"],
        [[f"vectorised numpy (`goldmine.finance.simulate`), {args.paths:,} paths x {H} months, {args.workers} threads, best of 3",
          f"**{vec:.2f} s** (runs {', '.join(f'{x:.2f}' for x in times)})", f"{min(cpus):.2f} s", f"{res.p_cash_out:.4f}"],
         [f"plain per-path Python loop (`simulate_loop`), run on {args.loop_paths:,} paths and scaled x {scale:g}",
          f"{scaled:.1f} s", f"{loop_cpu * scale:.1f} s", f"{loop_p:.4f}"],
         ["ratio loop / vectorised", f"{scaled / vec:.0f}x", f"{loop_cpu * scale / min(cpus):.0f}x", ""]],
        "lrrr")
    if not args.no_docs:
        write_region("runway-monte-carlo", f"Example `{args.example}`.\n\n{table}",
                     script="benchmarks/finance_montecarlo.py", load_start=load_start)


if __name__ == "__main__":
    main()
