"""Benchmarks of goldmine.financing (issue #5). Run: .venv/bin/python benchmarks/financing_bench.py [--no-docs]

Writes its tables into docs/benchmarks.md (regions ``financing-solver``, ``financing-waterfall``,
``financing-plan``) unless ``--no-docs``.

1. Exact priced-round solver (regime enumeration + rational linear solve) against the peer a
   spreadsheet uses: floating-point fixed-point iteration of the circular Carta definitions, on the
   YC Post-Money Safe User Guide example with n SAFEs. Reports time per solve (ratio) and the
   float iteration's share-count error after rounding.
2. Waterfall: full enumeration of conversion profiles against best-response iteration, for k
   preferred series; time ratio and whether both give the same payouts.
3. The medicare-ai plan end to end (load, plan, four waterfalls).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import math
import time
from fractions import Fraction as F
from pathlib import Path

from docs_table import load, markdown_table, write_region

from goldmine.financing import (
    CapTable,
    PreferredTerms,
    Safe,
    SecurityClass,
    run_plan,
    solve_priced_round,
    waterfalls,
)
from goldmine.financing.waterfall import waterfall
from goldmine.io.plans import load_plan

DOC_REGIONS = ("financing-solver", "financing-waterfall", "financing-plan")  # the regions of docs/benchmarks.md this script writes

D = dt.date(2020, 1, 1)
wf_mod = importlib.import_module("goldmine.financing.waterfall")


def timeit(fn, repeat=5):
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def float_fixed_point(E, safes, pre, pool_inc, tol=1e-9, max_iter=10_000):
    """Iterate C = E + sum(amount / min(cap / C, (1 - d) P)), P = pre / (C + pool) in floats."""
    C = float(E)
    for i in range(max_iter):
        P = pre / (C + pool_inc)
        S = [a / min(cap / C, (1 - d) * P) for a, cap, d in safes]
        new = E + sum(S)
        if abs(new - C) < tol:
            return new, S, i + 1
        C = new
    return C, S, max_iter


def bench_solver():
    rows = []
    for n in (2, 4, 8):
        safes = [(200_000 * (i + 1), 4_000_000 * (i + 1), 0.2 if i % 2 else 0.0) for i in range(n)]
        conv = [(Safe(f"s{i}", D, f"h{i}", F(a), F(c), F(d).limit_denominator(100)), F(a)) for i, (a, c, d) in enumerate(safes)]
        t_exact, ex = timeit(lambda conv=conv: solve_priced_round(10_000_000, 100_000, F(5_000_000), pre_money=F(15_000_000),
                                                                  price=None, convertibles=conv, pool_increase=1_695_000))
        t_float, (C, S, iters) = timeit(lambda safes=safes: float_fixed_point(10_000_000, safes, 15_000_000, 1_695_000))
        exact_shares = [math.floor(s) for s in ex.conversion_shares]
        diff = sum(abs(math.floor(s) - e) for s, e in zip(S, exact_shares, strict=True))
        rows.append((n, t_exact * 1e3, t_float * 1e3, t_exact / t_float, iters, diff, ex.regimes_tried))
    print("1. priced-round solver: exact (ours) vs float fixed-point iteration (peer), YC example with n SAFEs")
    print("   n  exact_ms  float_ms  ratio  float_iters  share_diff_after_floor  regimes_tried")
    for r in rows:
        print(f"  {r[0]:2d}  {r[1]:8.3f}  {r[2]:8.3f}  {r[3]:5.1f}  {r[4]:11d}  {r[5]:22d}  {r[6]:13d}")
    return markdown_table(
        ["SAFEs n", "exact solver (ms)", "float iteration (ms)", "ratio", "float iterations", "shares apart after rounding down",
         "regimes tried"],
        [[str(r[0]), f"{r[1]:.3f}", f"{r[2]:.3f}", f"{r[3]:.1f}x", str(r[4]), str(r[5]), str(r[6])] for r in rows], "rrrrrrr")


def table_with(k):
    t = CapTable(classes=(SecurityClass("Common", "common"),)).issue("F", "Common", 10_000_000)
    for i in range(k):
        t = t.with_class(SecurityClass(f"P{i}", "preferred", F(i + 1), PreferredTerms(F(1 + i % 2)), i + 1))
        t = t.issue(f"h{i}", f"P{i}", 1_000_000)
    return t


def bench_waterfall():
    print(f"2. waterfall: full enumeration vs best-response iteration (the default beyond {wf_mod.ENUMERATE_UP_TO} makers)")
    print("   k  enum_ms  iter_ms  ratio  same_payouts")
    rows = []
    for k in (2, 4, 8, 10):
        t = table_with(k)
        exits = [F(x) for x in (5_000_000, 40_000_000, 200_000_000)]
        old = wf_mod.ENUMERATE_UP_TO
        try:
            wf_mod.ENUMERATE_UP_TO = 64
            t_enum, a = timeit(lambda t=t, exits=exits: [waterfall(t, x) for x in exits], repeat=2)
            wf_mod.ENUMERATE_UP_TO = -1
            t_iter, b = timeit(lambda t=t, exits=exits: [waterfall(t, x) for x in exits], repeat=2)
        finally:
            wf_mod.ENUMERATE_UP_TO = old
        same = all(x.by_holder() == y.by_holder() for x, y in zip(a, b, strict=True))
        print(f"  {k:2d}  {t_enum * 1e3:7.1f}  {t_iter * 1e3:7.1f}  {t_enum / t_iter:5.1f}  {same}")
        rows.append([str(k), f"{t_enum * 1e3:.1f}", f"{t_iter * 1e3:.1f}", f"{t_enum / t_iter:.1f}x", "yes" if same else "**no**"])
    return markdown_table(["series k", "enumeration (ms, 3 exits)", "iteration (ms)", "ratio", "same payouts"], rows, "rrrrl")


def bench_plan():
    path = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / "plans" / "medicare-ai.plan.yaml"

    def run():
        plan = load_plan(path)
        result = run_plan(plan)
        return waterfalls(result.final, list(plan.exits))
    t, _ = timeit(run)
    print(f"3. medicare-ai plan, load + 4 events + 4 waterfalls: {t * 1e3:.1f} ms")
    return markdown_table(["task", "time (best of 5)"],
                          [["`examples/plans/medicare-ai.plan.yaml`: load, 4 events, 4 waterfalls", f"{t * 1e3:.1f} ms"]], "lr")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    tables = {"financing-solver": bench_solver(), "financing-waterfall": bench_waterfall(), "financing-plan": bench_plan()}
    if not args.no_docs:
        for name, table in tables.items():
            write_region(name, table, script="benchmarks/financing_bench.py", load_start=load_start)


if __name__ == "__main__":
    main()
