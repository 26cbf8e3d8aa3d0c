"""LPPLS second opinion and the parallel adapter (issue #7)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from goldmine.bubble import lppls
from goldmine.errors import AnalysisError


def _lppls_series(tc=5.4, m=0.5, w=8.0, noise=0.005, seed=0):
    """Johansen-Ledoit-Sornette (2000) form with known parameters, time in years from 2020-01-01."""
    t = np.arange(300) / 60.0
    lp = 7 - 0.6 * (tc - t) ** m + 0.03 * (tc - t) ** m * np.cos(w * np.log(tc - t))
    lp += np.random.default_rng(seed).normal(0, noise, len(t))
    idx = pd.Timestamp("2020-01-01") + pd.to_timedelta(t * 365.25, unit="D")
    return pd.Series(np.exp(lp), index=pd.DatetimeIndex(idx))


def test_fit_recovers_known_parameters():
    f = lppls.fit(_lppls_series(), seed=1)
    assert f.qualified and f.positive_bubble
    assert f.tc == pytest.approx(5.4, abs=0.1)
    assert f.m == pytest.approx(0.5, abs=0.1)
    assert f.w == pytest.approx(8.0, abs=0.5)
    d = f.to_dict()
    assert {"tc", "tc_date", "m", "w", "B", "qualified"} <= set(d)


def test_best_of_many_starts_never_worse_than_one_start():
    s = _lppls_series(noise=0.02, seed=3)
    many = lppls.fit(s, starts=12, seed=5)
    for seed in range(4):
        one = lppls.fit(s, starts=1, seed=seed)
        assert many.ssr <= one.ssr * (1 + 1e-9) or many.ssr <= one.ssr + 1e-12


def test_confidence_indicator_and_interval():
    s = _lppls_series()
    c = lppls.confidence(s, min_window=120, max_window=300, windows=4, starts=6, seed=2)
    assert len(c.fits) == 4 and c.confidence >= 0.5
    assert c.tc_low <= c.tc <= c.tc_high
    assert abs((pd.Timestamp(c.tc) - pd.Timestamp("2025-05-27")).days) < 60   # 2020-01-01 + 5.4 years
    with pytest.raises(AnalysisError):
        lppls.confidence(s, min_window=10)
    with pytest.raises(AnalysisError):
        lppls.fit(pd.Series([1.0, -1.0] * 20))


def _chunk(scale, n, seedseq):
    return np.random.default_rng(seedseq).standard_normal(n) * scale


def test_replicate_is_backend_and_chunk_order_independent():
    from goldmine.parallel import ProcessBackend, SerialBackend, get_backend, replicate

    a = np.concatenate(replicate(_chunk, 250, 9, (2.0,), backend=SerialBackend()))
    b = np.concatenate(replicate(_chunk, 250, 9, (2.0,), backend=ProcessBackend(2)))
    np.testing.assert_array_equal(a, b)
    assert a.shape == (250,)
    seen = []
    replicate(_chunk, 250, 9, (1.0,), backend="serial", on_done=seen.append)
    assert sorted(seen) == [50, 100, 100]
    assert get_backend("auto", work=10).name == "serial"
    assert get_backend("processes:3").workers == 3
    with pytest.raises(ValueError):
        get_backend("cluster")


def test_dask_backend_gives_the_same_draws():
    """The ``distributed`` extra: the same chunks and seeds on a Dask cluster (skipped without dask)."""
    distributed = pytest.importorskip("dask.distributed")
    from goldmine.parallel import DaskBackend, replicate

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = np.concatenate(replicate(_chunk, 230, 4, (1.5,), backend=DaskBackend(client)))
    np.testing.assert_array_equal(got, np.concatenate(replicate(_chunk, 230, 4, (1.5,), backend="serial")))


def test_a_dask_client_made_from_an_address_is_closed_after_the_run():
    """`--backend dask://...`: the client goldmine opens is closed when the work is done, before the
    cluster goes (no reconnect noise after it), while a caller's own client stays open."""
    distributed = pytest.importorskip("dask.distributed")
    from goldmine.parallel import replicate

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        got = np.concatenate(replicate(_chunk, 50, 4, (1.5,), backend=cluster.scheduler_address.replace("tcp://", "dask://")))
        with pytest.raises(ValueError):
            distributed.default_client()          # no client is left open
    np.testing.assert_array_equal(got, np.concatenate(replicate(_chunk, 50, 4, (1.5,), backend="serial")))
