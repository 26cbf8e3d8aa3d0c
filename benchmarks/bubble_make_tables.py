"""Regenerate the shipped critical-value tables ``src/goldmine/data/bubble_cv/lag0_T*.json``.

Monte Carlo under PSY's null (random walk with drift 1/T, N(0,1) errors; Phillips, Shi and Yu 2015),
lag 0, PSY's default window floor(T (0.01 + 1.8/sqrt(T))) observations; the BSADF critical value at r2
is the quantile of BSADF(r2) (PSY's rule, not exuber's).  Seed = T, so each table is reproducible.

    .venv/bin/python benchmarks/bubble_make_tables.py            # all sizes, 5,000 replications
    .venv/bin/python benchmarks/bubble_make_tables.py --sizes 100 200 --reps 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from goldmine.bubble.critical import monte_carlo, table_payload

SIZES = (100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1680, 2000)
OUT = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "data" / "bubble_cv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--reps", type=int, default=5000)
    ap.add_argument("--backend", default="auto")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for T in args.sizes:
        t0 = time.perf_counter()
        cv = monte_carlo(T, reps=args.reps, seed=T, backend=args.backend)
        path = OUT / f"lag0_T{T}.json"
        path.write_text(json.dumps(table_payload(cv, dt.date.today().isoformat()), separators=(",", ":")) + "\n",
                        encoding="utf-8")
        print(f"T={T:5d} window={cv.window:4d} SADF95={cv.level('sadf'):.3f} GSADF95={cv.level('gsadf'):.3f} "
              f"{time.perf_counter() - t0:6.1f}s -> {path.name}", flush=True)


if __name__ == "__main__":
    main()
