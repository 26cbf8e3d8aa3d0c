"""Monte Carlo critical values against exuber's published ``radf_crit`` (2,000 reps, seed 123, lag 0).

    .venv/bin/python benchmarks/bubble_mc_accuracy.py [--reps 2000] [--seed 123] [--no-docs]

exuber's values (the ``radf_crit`` data shipped with the R package exuber, 2,000 reps, seed 123): n = 100 / 200 / 500,
SADF 90/95/99: 0.988/1.295/1.916, 1.093/1.388/1.950, 1.199/1.493/2.040;
GSADF 90/95/99: 1.710/1.974/2.571, 1.875/2.114/2.611, 1.961/2.210/2.691.
The window here is exuber's minw + 1 observations (exuber's minw counts regression rows).  The Monte Carlo
standard error of each quantile is estimated by resampling the simulated statistics (200 bootstrap
draws); both tables are simulations, so the difference is judged against sqrt(2) x se.  Writes its
table into docs/benchmarks.md (region ``bubble-mc-accuracy``) unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from docs_table import load, markdown_table, write_region

DOC_REGIONS = ("bubble-mc-accuracy",)  # the regions of docs/benchmarks.md this script writes

EXUBER = {
    100: {"sadf": (0.988, 1.295, 1.916), "gsadf": (1.710, 1.974, 2.571)},
    200: {"sadf": (1.093, 1.388, 1.950), "gsadf": (1.875, 2.114, 2.611)},
    500: {"sadf": (1.199, 1.493, 2.040), "gsadf": (1.961, 2.210, 2.691)},
}
PROBS = (0.90, 0.95, 0.99)


def main() -> None:
    import exuber

    from goldmine.bubble import monte_carlo, window_from_exuber

    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=123)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    rows = []
    rng = np.random.default_rng(0)
    worst = 0.0
    print(f"{'n':>4} {'stat':>6} {'level':>5} {'goldmine':>9} {'exuber':>7} {'diff':>7} {'se':>6} {'z':>5}")
    for n, ref in EXUBER.items():
        t0 = time.perf_counter()
        cv = monte_carlo(n, window=window_from_exuber(exuber.psy_minw(n)), reps=args.reps, seed=args.seed)
        took = time.perf_counter() - t0
        for name in ("sadf", "gsadf"):
            sims = cv.samples[name]
            boots = np.array([np.quantile(rng.choice(sims, len(sims)), PROBS) for _ in range(200)])
            se = boots.std(axis=0)
            cells, zmax = [], 0.0
            for i, p in enumerate(PROBS):
                ours = float(getattr(cv, name)[i])
                diff = ours - ref[name][i]
                z = diff / (np.sqrt(2) * se[i])
                worst = max(worst, abs(z))
                zmax = max(zmax, abs(z))
                cells.append(f"{ours:.3f} / {ref[name][i]:.3f}")
                print(f"{n:4d} {name:>6} {int(p * 100):5d} {ours:9.3f} {ref[name][i]:7.3f} {diff:7.3f} {se[i]:6.3f} {z:5.1f}")
            rows.append([str(n), name.upper(), *cells, f"{zmax:.1f}"])
        print(f"     (n={n}: {args.reps} replications in {took:.2f} s)")
    print(f"largest |z| = {worst:.2f} (|z| < 2 for 95 % of comparisons when both tables are unbiased)")
    table = (markdown_table(["n", "stat", "90 % ours / exuber", "95 % ours / exuber", "99 % ours / exuber", "largest abs z"],
                            rows, "llrrrr")
             + f"\n\nLargest |z| over all {len(rows) * 3} comparisons: **{worst:.2f}** ({args.reps:,} replications, seed {args.seed}).")
    if not args.no_docs:
        write_region("bubble-mc-accuracy", table, script="benchmarks/bubble_mc_accuracy.py", load_start=load_start)


if __name__ == "__main__":
    main()
