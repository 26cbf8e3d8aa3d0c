"""Speed of goldmine.bubble against exuber's C++ core (PyPI ``pyexuber``), measured in the same run (issues #7, #19).

    .venv/bin/python benchmarks/bubble_speed.py [--T 1000] [--reps 2000] [--repeat 3] [--no-docs] [--no-region]

1. Monte Carlo critical values at T = 1,000 with 2,000 replications (lag 0, exuber's window), **whole
   processes** (interpreter start, imports, numba's cached machine code, the simulation): pyexuber
   ``radf_mc_cv`` against ``goldmine.bubble.monte_carlo`` (``bsadf_rule="exuber"``, the same
   quantities; also on the previous kernel, Welford's recursion one path at a time), each run ``repeat``
   times, interleaved, once with every usable core (goldmine's default
   backend: local processes) and once on one core (``taskset -c 0``, ``NUMBA_NUM_THREADS=1``: goldmine
   runs serially).  Wall time (median of the runs) and the processes' CPU time; the 1-minute load
   average at the start of every run is recorded, since the machine is shared.  pyexuber's Monte Carlo
   is a serial loop, so it gains nothing from a second core.
2. Equality: the statistics of ``radf`` against pyexuber ``radf`` (random walk and explosive series at
   T), and the lag-0 prefix-sum kernel against the previous kernel (Welford's recursion,
   ``goldmine.bubble.adf._sweep_lag0``) on ``reps`` null paths: max |difference|.
3. In process: one lag-0 sweep at T, CPU time per replication, previous and present kernel; the
   Phillips-Shi wild bootstrap at T with ``reps // 2`` replications (serial, CPU time) against pyexuber
   ``radf_wb_ps_cv`` (the same DGP) and against the previous kernel on the same bootstrap paths; all
   statistics of one series at T = 1,680, lag 0 (best of ``repeat``) and lags 1, 2, 4 (best of 3).

Writes ``docs/benchmarks/bubble_speed.md`` (stamp: date, machine, cores, load; the table; the commands)
and the region ``bubble-speed`` of docs/benchmarks.md unless ``--no-docs``; ``--no-region`` writes
only the former.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from docs_table import ROOT, load, markdown_table, stamp, write_region

DOC_REGIONS = ("bubble-speed",)  # the regions of docs/benchmarks.md this script writes
PAGE = ROOT / "docs" / "benchmarks" / "bubble_speed.md"
ONE_CORE_ENV = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

GOLDMINE = ("from goldmine.bubble import monte_carlo\n"
            "cv = monte_carlo({T}, window={window}, reps={reps}, seed=1, bsadf_rule='exuber')\n"
            "print(cv.level('adf', 95), cv.level('sadf', 95), cv.level('gsadf', 95))")
PREVIOUS = ("import numpy as np\n"          # the replications as they ran before: one path at a time, Welford's sweep
            "import goldmine.bubble.critical as critical\n"
            "from goldmine.bubble.adf import _sweep_lag0\n"
            "def one_at_a_time(paths, window, lags=0, ic=None):\n"
            "    fw = np.empty((paths.shape[0], paths.shape[1] - window + 1))\n"
            "    bs = np.empty_like(fw)\n"
            "    for r in range(paths.shape[0]):\n"
            "        fw[r], bs[r] = _sweep_lag0(paths[r], window)\n"
            "    return fw, bs\n"
            "critical.recursive_adf_many = one_at_a_time\n") + GOLDMINE
EXUBER = ("import exuber\n"
          "cv = exuber.radf_mc_cv({T}, minw={minw}, nrep={reps}, seed=1)\n"
          "print(float(cv.adf_cv[1]), float(cv.sadf_cv[1]), float(cv.gsadf_cv[1]))")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def cpu_once(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def wild_bootstrap_times(T: int, reps: int) -> tuple[float, float, float]:
    """CPU seconds of one wild bootstrap at T (serial): pyexuber, goldmine, goldmine's paths with the
    previous kernel (the loop the replications ran before)."""
    import exuber

    from goldmine.bubble import wild_bootstrap, window_from_exuber
    from goldmine.bubble.adf import _sweep_lag0
    from goldmine.bubble.critical import null_fit, wb_path

    y = np.cumsum(np.random.default_rng(3).standard_normal(T))
    minw = exuber.psy_minw(T)
    window = window_from_exuber(minw)
    wild_bootstrap(y[:100], window=20, reps=5, seed=0, backend="serial")
    phi, resid = null_fit(y, 0)

    def previous() -> None:
        rng = np.random.default_rng(1)
        for _ in range(reps):
            _sweep_lag0(wb_path(rng, y, phi, resid), window)

    return (cpu_once(lambda: exuber.radf_wb_ps_cv(y, minw=minw, nboot=reps, seed=1)),
            cpu_once(lambda: wild_bootstrap(y, window=window, reps=reps, seed=1, backend="serial")),
            cpu_once(previous))


def cpu_per_call(fn, repeat: int) -> float:
    """Smallest CPU time of this thread over ``repeat`` calls (less sensitive to other jobs than wall time)."""
    times = []
    for _ in range(repeat):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


def one_core_prefix() -> tuple[list[str], str]:
    core = min(os.sched_getaffinity(0))
    if shutil.which("taskset"):
        return ["taskset", "-c", str(core)], f"taskset -c {core} "
    return [], f"(affinity {{{core}}}) "


def run_process(code: str, one_core: bool) -> dict:
    """Run ``python -c code`` to completion: wall seconds, CPU seconds (the process and the processes it
    waited for), the load average at its start, and its printed 95 % critical values."""
    env = dict(os.environ)
    prefix: list[str] = []
    if one_core:
        env.update(ONE_CORE_ENV)
        prefix, _ = one_core_prefix()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_start = load()
    t0 = time.perf_counter()
    out = subprocess.run([*prefix, sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
                         cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    values = [float(v) for v in out.stdout.split()[-3:]]
    return {"wall": wall, "cpu": cpu, "load": load_start, "cv95": values}


def equality(T: int, reps: int) -> dict[str, float]:
    """Max |difference|: radf against pyexuber radf; the prefix-sum kernel against the previous one."""
    import exuber

    from goldmine.bubble import radf, window_from_exuber
    from goldmine.bubble.adf import _many_lag0, _sweep_lag0

    out: dict[str, float] = {}
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.standard_normal(T)) + 100.0
    expl = np.empty(T)
    expl[0] = 100.0
    for t in range(1, T):       # PSY (2015) eq. 11 bubbles, as in tests/test_bubble_exuber.py
        r = 1.0 + T ** -0.6 if (0.2 * T <= t < 0.4 * T or 0.6 * T <= t < 0.7 * T) else 1.0
        expl[t] = r * expl[t - 1] + rng.standard_normal()
        if t in (int(0.4 * T), int(0.7 * T)):
            expl[t] = 100.0 + rng.standard_normal()
    worst = 0.0
    for y in (walk, expl):
        ex = exuber.radf(y, lag=0)
        ours = radf(y, window=window_from_exuber(ex.minw))
        worst = max(worst, float(np.max(np.abs(ours.bsadf - ex.bsadf[:, 0]))),
                    float(np.max(np.abs(ours.forward - ex.badf[:, 0]))),
                    abs(ours.adf - float(ex.adf[0])), abs(ours.sadf - float(ex.sadf[0])),
                    abs(ours.gsadf - float(ex.gsadf[0])))
    out["exuber"] = worst
    window = window_from_exuber(exuber.psy_minw(T))
    paths = np.cumsum(1.0 / T + np.random.default_rng(1).standard_normal((reps, T)), axis=1)
    fw, bs = _many_lag0(paths, window)
    diff = 0.0
    for r in range(reps):
        f0, b0 = _sweep_lag0(paths[r], window)
        diff = max(diff, float(np.max(np.abs(fw[r] - f0))), float(np.max(np.abs(bs[r] - b0))))
    out["previous"] = diff
    return out


def fmt_runs(runs: list[dict]) -> str:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    return f"{wall:.2f} s (CPU {cpu:.2f} s)"


def main() -> None:
    import exuber

    from goldmine.bubble import monte_carlo, radf, window_from_exuber
    from goldmine.bubble.adf import _sweep_lag0, _sweep_lag0_fast

    ap = argparse.ArgumentParser()
    ap.add_argument("--T", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-docs", action="store_true", help="print only; write no page")
    ap.add_argument("--no-region", action="store_true", help="write docs/benchmarks/bubble_speed.md only")
    args = ap.parse_args()
    load_start = load()
    print(f"load average before: {os.getloadavg()}, cores usable: {len(os.sched_getaffinity(0))}")
    T, reps = args.T, args.reps
    minw = exuber.psy_minw(T)
    window = window_from_exuber(minw)
    gm_code = GOLDMINE.format(T=T, window=window, reps=reps)
    ex_code = EXUBER.format(T=T, minw=minw, reps=reps)

    # numba's cache, written once (a fresh install pays this once, not per run)
    subprocess.run([sys.executable, "-c", GOLDMINE.format(T=80, window=20, reps=8)], check=True, cwd=ROOT)
    monte_carlo(80, window=20, reps=8, seed=0, backend="serial")

    # 1. whole processes, interleaved
    prev_code = PREVIOUS.format(T=T, window=window, reps=reps)
    runs: dict[tuple[str, bool], list[dict]] = {(who, one): [] for who in ("exuber", "goldmine", "previous")
                                                for one in (False, True)}
    for i in range(args.repeat):
        for one in (False, True):
            for who, code in (("exuber", ex_code), ("goldmine", gm_code), ("previous", prev_code)):
                r = run_process(code, one)
                runs[(who, one)].append(r)
                print(f"run {i + 1} {'one core' if one else 'all cores'} {who}: {r['wall']:.2f} s wall, "
                      f"{r['cpu']:.2f} s CPU, load {r['load']:.2f}, 95% adf/sadf/gsadf {r['cv95']}")

    def ratio(one: bool, key: str, who: str = "goldmine") -> float:
        return (statistics.median(r[key] for r in runs[("exuber", one)])
                / statistics.median(r[key] for r in runs[(who, one)]))

    # 2. equality
    eq = equality(T, reps)
    print(f"max |radf - pyexuber radf| (T={T}, walk and explosive): {eq['exuber']:.1e}; "
          f"max |prefix kernel - previous kernel| over {reps} null paths: {eq['previous']:.1e}")

    # 3. in process
    y = np.cumsum(1.0 / T + np.random.default_rng(2).standard_normal(T))
    _sweep_lag0(y, window)
    _sweep_lag0_fast(y, window)
    k_old = cpu_per_call(lambda: _sweep_lag0(y, window), 50)
    k_new = cpu_per_call(lambda: _sweep_lag0_fast(y, window), 50)
    wb_reps = max(reps // 2, 10)
    wb_ex, wb_gm, wb_old = wild_bootstrap_times(T, wb_reps)
    print(f"wild bootstrap T={T} x {wb_reps} (CPU): pyexuber {wb_ex:.2f} s, goldmine {wb_gm:.2f} s, "
          f"previous kernel {wb_old:.2f} s")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import goldmine.bubble.critical"], check=True, cwd=ROOT)
    t_import = time.perf_counter() - t0
    y1680 = np.cumsum(np.random.default_rng(1).standard_normal(1680))
    mw1680 = exuber.psy_minw(1680)
    w1680 = window_from_exuber(mw1680)
    radf(y1680, window=w1680)
    t_ex = best(lambda: exuber.radf(y1680, minw=mw1680), args.repeat)
    t_gm = best(lambda: radf(y1680, window=w1680), args.repeat)
    lag_rows = []
    for lag in (1, 2, 4):
        wl = window_from_exuber(mw1680, lag)
        radf(y1680, window=wl, lags=lag)
        te = best(lambda lag=lag: exuber.radf(y1680, minw=mw1680, lag=lag), 3)
        tg = best(lambda lag=lag, wl=wl: radf(y1680, window=wl, lags=lag), 3)
        lag_rows.append([f"same, lag {lag} (best of 3)", f"{te * 1e3:.1f} ms", f"{tg * 1e3:.1f} ms", f"{te / tg:.1f}x"])
    print(f"load average after: {os.getloadavg()}")

    n_cores = len(os.sched_getaffinity(0))
    _, one_cmd = one_core_prefix()
    rows = [
        [f"Monte Carlo cvs, T = {T:,}, {reps:,} reps, whole processes, {n_cores} cores (median of {args.repeat})",
         f"`radf_mc_cv` {fmt_runs(runs[('exuber', False)])}", f"`monte_carlo` {fmt_runs(runs[('goldmine', False)])}",
         f"**{ratio(False, 'wall'):.1f}x** (CPU {ratio(False, 'cpu'):.1f}x)"],
        ["same, goldmine on the previous kernel (Welford's recursion, one path at a time)", "",
         fmt_runs(runs[("previous", False)]),
         f"{ratio(False, 'wall', 'previous'):.1f}x (CPU {ratio(False, 'cpu', 'previous'):.1f}x)"],
        [f"same, one core (`{one_cmd.strip()}`, `NUMBA_NUM_THREADS=1`)", fmt_runs(runs[("exuber", True)]),
         fmt_runs(runs[("goldmine", True)]), f"**{ratio(True, 'wall'):.1f}x** (CPU {ratio(True, 'cpu'):.1f}x)"],
        ["same, one core, goldmine on the previous kernel", "", fmt_runs(runs[("previous", True)]),
         f"{ratio(True, 'wall', 'previous'):.1f}x (CPU {ratio(True, 'cpu', 'previous'):.1f}x)"],
        ["95 % critical values ADF / SADF / GSADF (different random streams; PSY's null has drift 1/T, "
         "exuber's none)",
         " / ".join(f"{v:.3f}" for v in runs[("exuber", False)][0]["cv95"]),
         " / ".join(f"{v:.3f}" for v in runs[("goldmine", False)][0]["cv95"]), ""],
        [f"one lag-0 sweep, T = {T:,}, CPU per replication (previous kernel / prefix sums)", "",
         f"{k_old * 1e3:.2f} / {k_new * 1e3:.2f} ms", f"{k_old / k_new:.1f}x"],
        [f"wild bootstrap (Phillips-Shi), T = {T:,}, {wb_reps:,} reps, in process, serial, CPU "
         "(goldmine: now / on the previous kernel)", f"`radf_wb_ps_cv` {wb_ex:.2f} s",
         f"`wild_bootstrap` {wb_gm:.2f} s / {wb_old:.2f} s", f"**{wb_ex / wb_gm:.1f}x** ({wb_old / wb_gm:.1f}x)"],
        ["process start-up: `python -c 'import goldmine.bubble.critical'`", "", f"{t_import:.2f} s", ""],
        [f"all statistics incl. BSADF, T = 1,680, lag 0 (best of {args.repeat})", f"`radf` {t_ex * 1e3:.1f} ms",
         f"`radf` {t_gm * 1e3:.1f} ms", f"**{t_ex / t_gm:.1f}x**"],
        *lag_rows,
        [f"max abs difference: statistics against pyexuber `radf` (T = {T:,}, random walk and explosive)", "", "",
         f"{eq['exuber']:.1e}"],
        [f"max abs difference: prefix-sum kernel against the previous kernel ({reps:,} null paths, T = {T:,})", "", "",
         f"{eq['previous']:.1e}"],
    ]
    table = markdown_table(["task", "pyexuber", "goldmine", "ratio"], rows, "lrrr")
    loads = "; ".join(f"{who} {'one core' if one else 'all cores'} " + ", ".join(f"{r['load']:.1f}" for r in rs)
                      for (who, one), rs in runs.items())
    commands = (f"Commands timed (from the repository root): `python -c \"{gm_code.replace(chr(10), '; ')}\"` and "
                f"`python -c \"{ex_code.replace(chr(10), '; ')}\"` (the previous kernel: the same goldmine command "
                "after replacing `goldmine.bubble.critical.recursive_adf_many` by a loop over "
                f"`goldmine.bubble.adf._sweep_lag0`), then all again as `{one_cmd}env "
                + " ".join(f"{k}={v}" for k, v in ONE_CORE_ENV.items()) + " python -c ...`. numba's cache was warm "
                "(one small run first). 1-minute load average at the start of each run: " + loads + ".")
    print(table)
    if args.no_docs:
        return
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    page = (f"# Bubble tests: speed against pyexuber\n\n{stamp(load_start)}\n\n"
            f"{table}\n\n{commands}\n")
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {Path(PAGE).relative_to(ROOT)}")
    if not args.no_region:
        write_region("bubble-speed", table + "\n\n" + commands, script="benchmarks/bubble_speed.py",
                     load_start=load_start)


if __name__ == "__main__":
    main()
