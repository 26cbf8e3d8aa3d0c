"""Benchmark: `goldmine screen` on 1,000 generated profiles, and its scaling from 1 to 2 Dask workers (issue #19).

Run:  .venv/bin/python benchmarks/screen_scale.py [--n 1000] [--scaling-n 100] [--no-docs]

What is timed (wall clock, once each: the machine is shared, so the load average is recorded):

* **batch**: ``--n`` profiles generated from the six bundled examples (seed 20251126,
  :func:`goldmine.portfolio.generate.generate`) screened with the default settings
  (:class:`~goldmine.pipeline.settings.ScreenSettings`: 20,000 Monte Carlo paths per company, the
  due-diligence defaults) on the default backend for a batch, local processes over the usable cores;
  the issue's target is under 10 minutes for 1,000 profiles on this machine;
* **serial, per profile**: the first 24 of them in this process (the per-profile cost);
* **Dask scaling**: the first ``--scaling-n`` profiles on a ``LocalCluster`` of 1 and then 2 worker
  processes (one thread each), the results checked identical to each other.

Writes the region ``screen-scale`` of docs/benchmarks.md unless ``--no-docs``.  A run with ``--n``
below 1,000 writes its measured numbers and the extrapolation to 1,000, labelled as such.
"""

from __future__ import annotations

import argparse
import os
import time

from docs_table import ROOT, load, markdown_table, write_region

from goldmine.io import load_profile
from goldmine.parallel import DaskBackend, ProcessBackend
from goldmine.pipeline.screen import run_screen
from goldmine.pipeline.settings import ScreenSettings
from goldmine.portfolio.generate import generate

EXAMPLES = ROOT / "src" / "goldmine" / "examples"
DOC_REGIONS = ("screen-scale",)
SEED = 20251126
TARGET_S = 600.0


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def dask_run(profiles, settings, workers: int):
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        backend = DaskBackend(client)
        run_screen(profiles[:workers], settings, backend=backend)   # warm the workers (imports)
        return timed(lambda: run_screen(profiles, settings, backend=backend))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--scaling-n", type=int, default=100)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    load_start = load()
    settings = ScreenSettings.default()
    bases = [load_profile(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    profiles = list(generate(bases, max(args.n, args.scaling_n, 24), SEED))
    cores = len(os.sched_getaffinity(0))

    serial_s, _ = timed(lambda: run_screen(profiles[:24], settings))
    per_profile = serial_s / 24
    print(f"serial: 24 profiles in {serial_s:.1f} s, {per_profile:.3f} s per profile")

    batch = profiles[:args.n]
    batch_s, result = timed(lambda: run_screen(batch, settings, backend=ProcessBackend(cores)))
    print(f"batch: {args.n} profiles in {batch_s:.1f} s on {cores} processes ({args.n / batch_s:.2f} profiles/s), "
          f"{len(result.failures)} failures, verdicts {dict(sorted(_count(result).items()))}")

    few = profiles[:args.scaling_n]
    one_s, r1 = dask_run(few, settings, 1)
    two_s, r2 = dask_run(few, settings, 2)
    same = r1.to_dict() == r2.to_dict()
    print(f"dask: {args.scaling_n} profiles, 1 worker {one_s:.1f} s, 2 workers {two_s:.1f} s ({one_s / two_s:.2f}x), identical: {same}")
    if not same:
        raise SystemExit("the Dask results differ between 1 and 2 workers")

    rows = [
        ["serial, in one process (first 24 profiles)", "24", f"{serial_s:.1f} s", f"{24 / serial_s:.2f}", f"{per_profile:.2f} s"],
        [f"batch, local processes ({cores})", f"{args.n:,}", f"{batch_s:.0f} s ({batch_s / 60:.1f} min)", f"{args.n / batch_s:.2f}",
         f"{batch_s / args.n * cores:.2f} s"],
    ]
    if args.n < 1000:
        est = batch_s / args.n * 1000
        rows.append(["batch, **extrapolated** to 1,000 from the row above", "1,000", f"~{est:.0f} s ({est / 60:.1f} min)", "", ""])
    rows += [
        ["Dask LocalCluster, 1 worker", f"{args.scaling_n:,}", f"{one_s:.1f} s", f"{args.scaling_n / one_s:.2f}", ""],
        ["Dask LocalCluster, 2 workers", f"{args.scaling_n:,}", f"{two_s:.1f} s", f"{args.scaling_n / two_s:.2f}",
         f"speed-up {one_s / two_s:.2f}x, results identical"],
    ]
    table = markdown_table(["run", "profiles", "wall time", "profiles/s", "per profile (core-seconds)"], rows, "lrrrr")
    total = batch_s if args.n >= 1000 else batch_s / args.n * 1000
    verdict = "meets" if total < TARGET_S else "misses"
    table += (f"\n\n{args.n:,} generated profiles (seed {SEED}), {settings.paths:,} paths per company: "
              f"{len(result.failures)} failures; 1,000 profiles {'take' if args.n >= 1000 else 'would take'} "
              f"{total / 60:.1f} min, which {verdict} the issue's target of 10 minutes.")
    print(table)
    if not args.no_docs:
        write_region("screen-scale", table, script="benchmarks/screen_scale.py", load_start=load_start)


def _count(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in result.rows:
        out[r.verdict] = out.get(r.verdict, 0) + 1
    return out


if __name__ == "__main__":
    main()
