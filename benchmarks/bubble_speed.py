"""Speed of goldmine.bubble against exuber's C++ core (PyPI ``pyexuber``), measured in the same run.

    .venv/bin/python benchmarks/bubble_speed.py [--reps 2000] [--repeat 7]

1. BSADF sequence (all statistics) at T = 1,680, lag 0, exuber's default window: best of ``repeat`` runs;
   also lags 1, 2, 4 (best of 3).
2. Monte Carlo critical values, T = 500, ``reps`` replications: pyexuber ``radf_mc_cv`` against
   ``goldmine.bubble.monte_carlo`` (serial, and over local processes through ``goldmine.parallel``).
Prints the load average before and after, since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    import exuber

    from goldmine.bubble import monte_carlo, radf, window_from_exuber

    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}, cores usable: {len(os.sched_getaffinity(0))}")
    y = np.cumsum(np.random.default_rng(1).standard_normal(1680))
    minw = exuber.psy_minw(1680)
    w = window_from_exuber(minw)
    radf(y, window=w)                                   # compile / load the numba cache
    monte_carlo(60, reps=4, seed=0, backend="serial")
    t_ex = best(lambda: exuber.radf(y, minw=minw), args.repeat)
    t_gm = best(lambda: radf(y, window=w), args.repeat)
    print(f"BSADF T=1680: pyexuber radf {t_ex * 1e3:.1f} ms, goldmine radf {t_gm * 1e3:.1f} ms, ratio {t_ex / t_gm:.1f}x")
    for lag in (1, 2, 4):
        wl = window_from_exuber(minw, lag)
        radf(y, window=wl, lags=lag)
        t_ex = best(lambda lag=lag: exuber.radf(y, minw=minw, lag=lag), 3)
        t_gm = best(lambda lag=lag, wl=wl: radf(y, window=wl, lags=lag), 3)
        print(f"  lag {lag}: pyexuber {t_ex * 1e3:.1f} ms, goldmine {t_gm * 1e3:.1f} ms, ratio {t_ex / t_gm:.1f}x")

    n = 500
    mw = exuber.psy_minw(n)
    t0 = time.perf_counter()
    exuber.radf_mc_cv(n, minw=mw, nrep=args.reps, seed=1)
    t_ex_mc = time.perf_counter() - t0
    t0 = time.perf_counter()
    monte_carlo(n, window=window_from_exuber(mw), reps=args.reps, seed=1, backend="serial")
    t_gm_serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    monte_carlo(n, window=window_from_exuber(mw), reps=args.reps, seed=1, backend="processes")
    t_gm_proc = time.perf_counter() - t0
    print(f"MC cv T=500 x {args.reps}: pyexuber radf_mc_cv {t_ex_mc:.2f} s, goldmine serial {t_gm_serial:.2f} s "
          f"({t_ex_mc / t_gm_serial:.1f}x), goldmine processes {t_gm_proc:.2f} s ({t_ex_mc / t_gm_proc:.1f}x)")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
