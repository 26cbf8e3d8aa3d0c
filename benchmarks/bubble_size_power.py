"""Size and power of SADF/GSADF with the shipped critical-value tables, and PSY date-stamping accuracy.

    .venv/bin/python benchmarks/bubble_size_power.py [--reps 1000] [--wb-samples 300] [--wb-reps 199] [--no-docs]

Size: random walk with drift 1/T (PSY 2015 null), rejection rate at the 5 % level.
Power: PSY (2015, IER 56(4), section 5, eq. 11) single-bubble DGP: X_0 = 100, sigma = 6.79, explosive root
delta_T = 1 + c T^-alpha with c = 1, alpha = 0.6 during [0.4T, 0.55T), then collapse to the pre-bubble level
plus a small step, random walk afterwards.  Also reported: the share of bubbles dated by the BSADF rule and
the mean estimated origination r_e (true 0.4).  Seeds differ from the tables' (seed = T).
Wild bootstrap (Phillips and Shi 2020) size of GSADF at 5 %, T = 200: under the iid null and under a
volatility shift (error s.d. 1 in the first half, 3 in the second), where iid tables over-reject.
Writes its tables into docs/benchmarks.md (regions ``bubble-size-power`` and ``bubble-wild-bootstrap``)
unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from docs_table import load, markdown_table, write_region

from goldmine.bubble import minimum_window, radf
from goldmine.bubble.critical import tabulated
from goldmine.bubble.datestamp import min_duration, stamp

DOC_REGIONS = ("bubble-size-power", "bubble-wild-bootstrap")  # the regions of docs/benchmarks.md this script writes

def null_path(T, rng):
    return np.cumsum(1.0 / T + rng.standard_normal(T))


def bubble_path(T, rng, re=0.4, rf=0.55, c=1.0, alpha=0.6, sigma=6.79, x0=100.0):
    delta = 1.0 + c * T ** -alpha
    e, f = int(re * T), int(rf * T)
    x = np.empty(T)
    x[0] = x0
    eps = rng.standard_normal(T) * sigma
    for t in range(1, T):
        if t < e:
            x[t] = x[t - 1] + eps[t]
        elif t <= f:
            x[t] = delta * x[t - 1]
        elif t == f + 1:
            x[t] = x[e] + 0.1 * (x[f] - x[e]) + eps[t]      # collapse
        else:
            x[t] = x[t - 1] + eps[t]
    return x


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--wb-samples", type=int, default=300)
    ap.add_argument("--wb-reps", type=int, default=199)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args()
    load_start = load()
    rows = []
    print(f"{'T':>5} {'size SADF':>9} {'size GSADF':>10} {'power SADF':>10} {'power GSADF':>11} {'dated':>6} {'mean r_e':>8} {'secs':>6}")
    for T in (100, 200, 400):
        t0 = time.perf_counter()
        cv = tabulated(T)
        L = min_duration(T)
        w = minimum_window(T)
        rng = np.random.default_rng(10_000 + T)
        size_s = size_g = pow_s = pow_g = dated = 0
        starts = []
        for _ in range(args.reps):
            r = radf(null_path(T, rng))
            size_s += r.sadf > cv.level("sadf")
            size_g += r.gsadf > cv.level("gsadf")
            b = radf(bubble_path(T, rng))
            pow_s += b.sadf > cv.level("sadf")
            pow_g += b.gsadf > cv.level("gsadf")
            eps = [(s, e) for s, e, _ in stamp(b.bsadf, cv.bsadf[:, 1], L) if (w - 1 + e) >= 0.4 * T and (w - 1 + s) <= 0.55 * T]
            if eps:
                dated += 1
                starts.append((w - 1 + eps[0][0]) / T)
        n = args.reps
        print(f"{T:5d} {size_s / n:9.3f} {size_g / n:10.3f} {pow_s / n:10.3f} {pow_g / n:11.3f} {dated / n:6.3f} "
              f"{np.mean(starts) if starts else float('nan'):8.3f} {time.perf_counter() - t0:6.1f}")
        rows.append([str(T), f"{size_s / n:.3f}", f"{size_g / n:.3f}", f"{pow_s / n:.3f}", f"{pow_g / n:.3f}", f"{dated / n:.3f}",
                     f"{np.mean(starts):.3f}" if starts else "—"])
    table = (f"{args.reps:,} samples per row.\n\n"
             + markdown_table(["T", "size SADF", "size GSADF", "power SADF", "power GSADF", "bubble dated", "mean r_e (true 0.40)"],
                              rows, "rrrrrrr"))
    if not args.no_docs:
        write_region("bubble-size-power", table, script="benchmarks/bubble_size_power.py", load_start=load_start)
    if args.wb_samples:
        load_start = load()
        wb = wb_size(args.wb_samples, args.wb_reps)
        if not args.no_docs:
            write_region("bubble-wild-bootstrap", wb, script="benchmarks/bubble_size_power.py", load_start=load_start)


def wb_size(mc: int, boot: int) -> str:
    from goldmine.bubble.critical import wild_bootstrap

    T = 200
    cv = tabulated(T)
    print(f"\nwild bootstrap, T = {T}, {mc} samples x {boot} bootstrap replications")
    print(f"{'null':>14} {'size table':>10} {'size wb':>8} {'secs':>6}")
    rows = []
    for name, scale in (("iid", None), ("vol. shift x3", 3.0)):
        t0 = time.perf_counter()
        rng = np.random.default_rng(77)
        rej_t = rej_w = 0
        for i in range(mc):
            e = rng.standard_normal(T)
            if scale is not None:
                e[T // 2:] *= scale
            y = np.cumsum(1.0 / T + e)
            g = radf(y).gsadf
            rej_t += g > cv.level("gsadf")
            rej_w += g > wild_bootstrap(y, reps=boot, seed=i, backend="serial").level("gsadf")
        print(f"{name:>14} {rej_t / mc:10.3f} {rej_w / mc:8.3f} {time.perf_counter() - t0:6.1f}")
        rows.append(["iid N(0,1)" if scale is None else f"error s.d. x{scale:g} in the second half",
                     f"{rej_t / mc:.3f}", f"{rej_w / mc:.3f}"])
    return (f"GSADF size at 5 %, T = {T}, {mc} samples x {boot} bootstrap replications.\n\n"
            + markdown_table(["null", "size, iid tables", "size, wild bootstrap"], rows, "lrr"))


if __name__ == "__main__":
    main()
