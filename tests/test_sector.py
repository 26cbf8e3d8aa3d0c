"""The sector analytics of issue #17: the goldmine AI market index (goldmine.sector.index), the drivers
of the boom (goldmine.sector.drivers), the strategy paragraph (goldmine.sector.strategy), the sector
use case's freshness rule (goldmine.pipeline.sector) and the LPPLS qualification filter of Sornette et
al. (2015) (goldmine.bubble.lppls).

Golden numbers are computed by hand in the docstrings or recomputed here from the shipped data files
(``src/goldmine/data/``) and the evaluation data (``../shared/data``, skipped when absent).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLES, dd_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.bubble.config import bubble_config
from goldmine.bubble.lppls import (
    LPPLSConfidence,
    LPPLSFit,
    SearchBox,
    damping,
    failed_filters,
    oscillations,
)
from goldmine.io.demo_data import (
    ai_index_pieces,
    cset_investment,
    demo_news,
    demo_prices,
    epoch_models,
    load_component,
)
from goldmine.pipeline.sector import load_sector_data, run_sector
from goldmine.pipeline.settings import SectorSettings
from goldmine.sector.config import drivers_config, index_config
from goldmine.sector.drivers import policy, technology
from goldmine.sector.index import (
    Piece,
    adjust_splits,
    ai_index,
    build_index,
    stitch_pieces,
    weekly_closes,
)
from goldmine.sector.strategy import PillarFact, strategy

CFG = index_config()
FAST = SectorSettings.default().with_(lppls=False)      # the PSY tests only: LPPLS has its own tests below
AI_FOLDER = "prices/ai_stocks_recent"


def days(start: str, values: list[float] | np.ndarray) -> pd.Series:
    """``values`` on consecutive business days from ``start``."""
    return pd.Series(np.asarray(values, dtype=float), index=pd.bdate_range(start, periods=len(values)))


def weekly(dates: list[str], values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.DatetimeIndex(dates), dtype=float)


# ------------------------------------------------------------------------------------------ 1. the index
def test_two_bases_are_ratio_spliced_at_the_overlap_with_the_median_ratio():
    """Ratio splicing at the overlap (IMF, Quarterly National Accounts Manual, 2017, ch. 8; module
    docstring step 2): the older piece is multiplied by the median of newer/older over the common days
    and the newer basis is kept.  Over five common days the ratios are 1.9, 2.0, 2.0, 2.05, 2.5:
    median 2.0, largest relative deviation |2.5 / 2 - 1| = 0.25.  Five common days are fewer than
    ``min_overlap`` (20): the join is reported as short."""
    old = days("2024-01-01", 10 + 0.1 * np.arange(30))                 # 2024-01-01 .. 2024-02-09
    common = old.index[25:]
    ratios = [1.9, 2.0, 2.0, 2.05, 2.5]
    new_values = list(old.loc[common].to_numpy() * ratios) + [30.0, 31.0, 32.0]
    new = pd.Series(new_values, index=common.append(pd.bdate_range(common[-1] + pd.offsets.BDay(), periods=3)))
    comp = stitch_pieces("NVDA", [Piece("NVDA", new, "new.csv"), Piece("NVDA", old, "old.csv")], CFG)  # given newest first
    assert [(j.source, j.method) for j in comp.joins] == [("old.csv", "first"), ("new.csv", "overlap")]
    join = comp.joins[1]
    assert join.overlap == 5 and join.factor == pytest.approx(2.0) and join.dispersion == pytest.approx(0.25)
    assert comp.short_overlaps(int(CFG.stitch.min_overlap.value)) == (join,)
    s = comp.series()
    assert len(comp.runs) == 1 and len(s) == 25 + 5 + 3
    np.testing.assert_allclose(s.iloc[:25].to_numpy(), old.iloc[:25].to_numpy() * 2.0)   # older part rescaled
    pd.testing.assert_series_equal(s.loc[common[0]:], new, check_names=False)            # newest basis kept as it is


def test_a_ten_for_one_split_inside_an_unadjusted_piece_is_adjusted_and_reported():
    """Module docstring step 1: a one-day close ratio within ``split_tolerance`` (3 %) of a split ratio
    in an unadjusted piece is a split.  1220 -> 122.5 is a ratio of 0.10041, 0.4 % from 1/10: a 10:1
    split on 2024-06-06 (the fourth business day from Monday 2024-06-03); the earlier closes are divided
    by 10 (1200, 1210, 1220 -> 120, 121, 122).  The same closes marked as adjusted are left alone."""
    raw = days("2024-06-03", [1200, 1210, 1220, 122.5, 123, 124])
    comp = stitch_pieces("NVDA", [Piece("NVDA", raw, "polygon.csv", adjusted=False)], CFG)
    np.testing.assert_allclose(comp.series().to_numpy(), [120, 121, 122, 122.5, 123, 124])
    (split,) = comp.splits
    assert (split.date, split.split, split.source) == ("2024-06-06", "10:1", "polygon.csv")
    assert split.ratio == pytest.approx(122.5 / 1220, abs=1e-6)
    assert comp.to_dict()["splits"] == [split.to_dict()]
    same, found = adjust_splits(Piece("NVDA", raw, "yahoo.csv", adjusted=True), CFG)
    assert found == () and same.to_numpy().tolist() == raw.to_numpy().tolist()


@pytest.mark.parametrize("start_b, method", [("2024-03-01", "bridge"), ("2024-06-03", "break")])
def test_a_gap_is_reported_and_never_filled(start_b, method):
    """Module docstring step 2: a piece after a gap of at most ``max_bridge_days`` (120 calendar days)
    joins on the same basis (``bridge``); a longer gap ends the run (``break``).  2024-01-31 ->
    2024-03-01 is 30 days, 2024-01-31 -> 2024-06-03 is 124 days.  Either way no date is invented inside
    the gap, in the member's history or in the index; the index reports the step: a bridged one with
    its member and the return across it (105 / 100 - 1 = 5 %), a break with no member and no return."""
    assert int(CFG.stitch.max_bridge_days.value) == 120
    a = days("2024-01-02", [100.0] * 22)                    # 2024-01-02 .. 2024-01-31
    b = days(start_b, [105.0] * 25)
    comp = stitch_pieces("NVDA", [Piece("NVDA", a, "a.csv"), Piece("NVDA", b, "b.csv")], CFG)
    gap = (pd.Timestamp(start_b) - pd.Timestamp("2024-01-31")).days
    assert comp.joins[1].method == method and comp.joins[1].gap_days == gap and comp.joins[1].jump == pytest.approx(1.05)
    assert len(comp.runs) == (1 if method == "bridge" else 2)
    inside = lambda s: s[(s.index > "2024-01-31") & (s.index < start_b)]   # noqa: E731
    assert inside(comp.series()).empty
    index = build_index([comp], CFG)
    assert inside(index.level).empty
    (step,) = index.gaps
    after = weekly_closes(b).index[0]                       # the first weekly close after the gap (a Friday)
    assert (step.start, step.end, step.days) == ("2024-01-31", str(after.date()), (after - pd.Timestamp("2024-01-31")).days)
    if method == "bridge":
        assert step.members == ("NVDA",) and step.ret == pytest.approx(0.05) and not step.is_break
        assert index.level.loc[after] == pytest.approx(105.0)
    else:
        assert step.is_break and step.ret is None
    assert [s.end for s in index.stretches][0] == "2024-01-31"          # the sample is cut at the step


@pytest.mark.parametrize("jump, method", [(0.1032, "rebase"), (0.97, "bridge"), (1.144, "bridge"), (0.7, "break"),
                                          (0.6, "break")])
def test_a_split_like_jump_across_a_short_gap_is_a_change_of_basis(jump, method):
    """Module docstring step 2: a piece after a short gap joins on the same basis unless the jump
    across looks like a split.  NVDA's Yahoo files of 2008-2019 and 2020-2024 meet at 0.1032 (5.998 /
    58.08 on 2019-12-30 -> 2020-01-02: a tenfold basis change plus a 3 % move, the shared data's
    SOURCE.md and tests/test_data_import.py): not a -90 % return but the 10:1 split, so the older
    part is rescaled by 1/10 and joined (rebase), keeping the +3.2 % move.  A 3 % fall and the +14.4 %
    of NVDA across the 2024-09-25..2024-12-31 hole are moves: bridged.  0.7 (a 3:2 reverse split or a
    real fall?) and 0.6 (20 % off a halving) cannot be told apart from moves: breaks."""
    a = days("2024-01-02", [60.0] * 22)                     # .. 2024-01-31 (Wednesday)
    b = days("2024-02-05", [60.0 * jump] * 10)
    comp = stitch_pieces("NVDA", [Piece("NVDA", a, "a.csv"), Piece("NVDA", b, "b.csv")], CFG)
    assert comp.joins[1].method == method and comp.joins[1].gap_days == 5
    if method == "rebase":
        assert comp.joins[1].factor == pytest.approx(0.1) and len(comp.runs) == 1
        assert comp.runs[0].loc["2024-01-31"] == pytest.approx(6.0) and comp.runs[0].loc["2024-02-05"] == pytest.approx(6.192)


def test_a_break_inside_a_stretch_cuts_the_sample():
    """Module docstring steps 4-5: a step no member spans is a break (its return is unknown), so the
    sample the bubble tests use never spans it, even when the dates around it are a week apart."""
    from goldmine.sector.index import sample

    a = days("2024-01-02", [60.0] * 22)
    b = days("2024-02-05", [36.0] * 60)                  # 0.6: split-like, but not unmistakably a split: a break
    index = build_index([stitch_pieces("NVDA", [Piece("NVDA", a, "a"), Piece("NVDA", b, "b")], CFG)], CFG)
    (brk,) = index.gaps
    assert brk.is_break and (brk.start, brk.end, brk.days) == ("2024-01-31", "2024-02-09", 9)   # weekly closes
    assert [(s.start, s.end) for s in index.stretches] == [("2024-01-05", "2024-01-31"), ("2024-02-09", "2024-04-26")]
    cut, smp = sample(index.level, 4, [brk.end])
    assert (smp.start, smp.end, smp.rule) == ("2024-02-09", "2024-04-26", "latest") and len(cut) == 12


def test_equal_weights_reset_at_the_first_week_of_each_quarter():
    """Equal weights reset each calendar quarter, drifting with prices in between (S&P 500 Equal Weight
    Index methodology; module docstring step 4).  By hand, two members A and B, base 100:

    * 03-21: A 100, B 100, weights 1/2, 1/2; level 100;
    * 03-28: A 200 (+100 %), B 100 (0 %): level 100 x 1.5 = 150; weights drift to 2/3, 1/3;
    * 04-04 (the first week of Q2): A 100 (-50 %), B 200 (+100 %), on the drifted weights
      2/3 x -0.5 + 1/3 x 1 = 0: level 150; the weights reset to 1/2, 1/2;
    * 04-11: A 200 (+100 %), B 200 (0 %): level 150 x 1.5 = 225.

    Without the reset (the same prices one quarter earlier, weights 1/3, 2/3 at the last step) the last
    level would be 150 x (1 + 1/3) = 200."""
    prices_a, prices_b = [100, 200, 100, 200], [100, 100, 200, 200]

    def level(dates: list[str]) -> list[float]:
        comps = [stitch_pieces(t, [Piece(t, weekly(dates, v), "hand")], CFG) for t, v in (("NVDA", prices_a), ("AMD", prices_b))]
        index = build_index(comps, CFG)
        assert index.members.tolist() == [2, 2, 2, 2] and index.gaps == ()
        return index.level.tolist()

    across = level(["2025-03-21", "2025-03-28", "2025-04-04", "2025-04-11"])
    assert across == pytest.approx([100, 150, 150, 225])
    within = level(["2025-01-10", "2025-01-17", "2025-01-24", "2025-01-31"])
    assert within == pytest.approx([100, 150, 150, 200])


def test_weekly_closes_are_the_last_close_of_each_week():
    """Module docstring step 3: the last close of each week (Monday to Friday), dated by its own trading
    day: with Friday 2025-01-17 missing, the second week closes on Thursday 2025-01-16."""
    s = days("2025-01-06", np.arange(1.0, 11.0))                # Mon 01-06 .. Fri 01-17
    s = s.drop(pd.Timestamp("2025-01-17"))
    w = weekly_closes(s)
    assert [str(d.date()) for d in w.index] == ["2025-01-10", "2025-01-16"]
    assert w.tolist() == [5.0, 9.0]


# ------------------------------------------------------------------------------------------ 2. real series
def _nvda_pieces(shared_data) -> list[Piece]:
    folder = shared_data / AI_FOLDER
    files = ["NVDA_2008_2019_yahoo.csv", "NVDA_2020_2024_yahoo.csv", "2025_NVDA.csv"]
    missing = [f for f in files if not (folder / f).is_file()]
    if missing:
        pytest.skip(f"not found in {folder}: {missing}")
    return [load_component(f"NVDA={folder / f}") for f in files]


@pytest.mark.shared_data
def test_real_nvda_files_are_stitched_across_the_2024_gap(shared_data):
    """NVDA from three files of ../shared/data/prices/ai_stocks_recent (SOURCE.md): Yahoo 2008-2019
    (adjusted for the 2021 split only), Yahoo 2020-2024 (adjusted for the 2024 10:1 split as well,
    ending 2024-09-24) and Polygon 2025 (as traded).  2019 -> 2020 is a tenfold basis change (rebase:
    the 2008-2019 prices divided by 10, the run goes on);
    2024-09-24 -> 2025-01-02 is a 100-day hole bridged on one basis: reported as an index gap with the
    return 144.47 / 120.87 - 1 (the 2025-01-03 close of the Polygon file over the 2024-09-24 adjusted
    close), no date inside it."""
    index = ai_index(_nvda_pieces(shared_data), CFG, dt.date(2026, 1, 15))
    nvda = index.component("NVDA")
    assert [(j.source, j.method) for j in nvda.joins] == [
        ("NVDA_2008_2019_yahoo.csv", "first"), ("NVDA_2020_2024_yahoo.csv", "rebase"), ("2025_NVDA.csv", "bridge")]
    assert nvda.joins[1].jump == pytest.approx(0.103, abs=0.001)
    assert nvda.joins[2].gap_days == 100
    assert nvda.runs[-1].loc["2025-12-31"] == 186.5 and nvda.runs[-1].loc["2024-09-24"] == pytest.approx(120.87, abs=0.01)
    hole = [g for g in index.gaps if not g.is_break]
    assert [(g.start, g.end, g.members) for g in hole] == [("2024-09-24", "2025-01-03", ("NVDA",))]
    assert hole[0].ret == pytest.approx(144.47 / 120.87 - 1, rel=1e-4)
    assert index.level[(index.level.index > "2024-09-24") & (index.level.index < "2025-01-02")].empty
    assert not [g for g in index.gaps if g.is_break] and len(nvda.runs) == 1   # one run, 2008-2025
    assert index.end == "2025-12-31" and index.start == "2008-01-04"


@pytest.mark.slow
@pytest.mark.shared_data
def test_cli_sector_on_real_nvda_components_reports_the_index_and_the_tests(shared_data, cli):
    """``goldmine sector --component NVDA=FILE ...`` (docs/sector.md): the JSON carries the index
    construction (members, joins, gaps, sample) and the PSY results on its sample: GSADF, its critical
    values and the dated episodes (Phillips, Shi and Yu 2015); the explosive pillar quotes the same
    GSADF.  As of 2026-01-15 the sample (2008-2024, the longest stretch before the 2024 hole) is stale: without evidence."""
    pieces = _nvda_pieces(shared_data)
    folder = shared_data / AI_FOLDER
    args = [a for p in pieces for a in ("--component", f"NVDA={folder / p.source}")]
    r = cli("sector", *args, "--as-of", "2026-01-15", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    idx = d["index"]
    assert set(idx["construction"]) == {"base", "weighting", "rebalance", "frequency", "rebalances"}
    assert idx["construction"]["weighting"] == "equal" and idx["construction"]["rebalance"] == "quarterly"
    nvda = next(c for c in idx["components"] if c["ticker"] == "NVDA")
    assert [p["method"] for p in nvda["pieces"]][:3] == ["first", "rebase", "bridge"]
    assert {"start": "2024-09-24", "end": "2025-01-03"}.items() <= next(g for g in idx["gaps"] if not g["break"]).items()
    smp = idx["sample"]
    assert smp["rule"] in ("latest", "longest") and d["series"]["start"] == smp["start"] and d["series"]["end"] == smp["end"]
    bubble = d["analyses"]["bubble"]
    assert bubble["status"] == "ok"
    data = bubble["data"]
    g, cv = data["gsadf"], data["critical_values"]["gsadf"]["95"]
    assert math.isfinite(g) and math.isfinite(cv) and set(data["critical_values"]["gsadf"]) >= {"90", "95", "99"}
    assert data["episodes"] and all(e["start"] <= e["end"] for e in data["episodes"])
    assert all(smp["start"] <= e["start"] and e["end"] <= smp["end"] for e in data["episodes"])
    ex = next(p for p in d["pillars"] if p["id"] == "explosive")
    assert ex["evidence"][0]["value"] == pytest.approx(g)
    assert ex["reading"] == ("warning" if g > cv else "neutral")
    assert ex["freshness"]["state"] == "stale" and ex["status"] == "unavailable"


# ------------------------------------------------------------------------------------------ 3. regression
def test_the_nasdaq_demo_series_still_dates_the_dotcom_episode():
    """PSY on the weekly NASDAQ Composite 1994-2000 (the demo series; the dot-com bubble that Phillips,
    Wu and Yu 2011 date on the NASDAQ): GSADF above its 95 % critical value and an episode that begins
    before 2000 and ends in 2000 (the series ends 2000-03-10, the NASDAQ's closing peak)."""
    prices, name, source = demo_prices()
    view = run_sector(prices, name, source, settings=FAST, demo=True, as_of=dt.date(2000, 3, 10))
    rep = view.bubble.value.report
    assert float(rep.stats.gsadf) > float(rep.cv.level("gsadf", 95))
    assert any(pd.Timestamp(e.end).year == 2000 and pd.Timestamp(e.start) < pd.Timestamp("2000-01-01") for e in rep.episodes)


# ------------------------------------------------------------------------------------------ 4. freshness
@pytest.fixture(scope="module")
def shipped():
    """The shipped 2025 index with the shipped drivers, as of 2026-01-15."""
    return run_sector(None, pieces=ai_index_pieces(), models=epoch_models(), investment=cset_investment(),
                      settings=FAST, as_of=dt.date(2026, 1, 15))


def test_a_pillar_older_than_its_limit_is_without_evidence_and_keeps_its_reading():
    """pipeline.sector module docstring: a pillar whose data end more than its staleness limit
    (data/report_sector.yaml: 31 days for explosive prices) before the as-of date counts as without
    evidence (status unavailable) and keeps what the data read.  The shipped index ends 2025-12-31:
    current on 2026-01-31 (31 days), stale on 2026-02-01 (32 days), on the same numbers."""
    limit = load_sector_data().staleness.days("explosive")
    assert limit == 31
    views = [run_sector(None, pieces=ai_index_pieces(), settings=FAST, as_of=dt.date(2025, 12, 31) + dt.timedelta(days=n))
             for n in (limit, limit + 1)]
    current, stale = (v.pillar("explosive") for v in views)
    assert current.freshness.state == "current" and current.status in ("warning", "neutral")
    assert (stale.freshness.state, stale.freshness.end, stale.freshness.age_days, stale.freshness.max_age_days) == \
        ("stale", "2025-12-31", limit + 1, limit)
    assert stale.status == "unavailable" and stale.reading == current.status
    assert views[1].counts()["unavailable"] == views[0].counts()["unavailable"] + 1


def test_a_demo_pillar_is_without_evidence():
    """A pillar on the demo's stand-in series counts as without evidence (state ``demo``) even on the
    day its data end; the same series given as real data is current."""
    prices, name, source = demo_prices()
    on = prices.index[-1].date()
    demo = run_sector(prices, name, source, settings=FAST, demo=True, as_of=on).pillar("explosive")
    real = run_sector(prices, name, source, settings=FAST, demo=False, as_of=on).pillar("explosive")
    assert demo.freshness.state == "demo" and demo.status == "unavailable" and demo.reading == "warning"
    assert real.freshness.state == "current" and real.status == "warning"


def test_nothing_dated_after_the_as_of_date_is_used():
    """Nothing dated after ``as_of`` is used: an as-of date before the shipped 2025 series ends cuts the
    index (it equals the index built from the pieces cut by hand), the policy events, the models and the
    investment years (a year counts once it has ended).  On 2025-08-15 China's labelling measures (in
    force 2025-09-01) are not yet known."""
    on = dt.date(2025, 8, 15)
    view = run_sector(None, pieces=ai_index_pieces(), models=epoch_models(), investment=cset_investment(),
                      settings=FAST, as_of=on)
    assert view.index.end <= on.isoformat() and view.series.end <= on.isoformat()
    cut = [Piece(p.ticker, p.series[p.series.index <= pd.Timestamp(on)], p.source, p.adjusted) for p in ai_index_pieces()]
    pd.testing.assert_series_equal(view.index.level, ai_index(cut, CFG).level)
    assert all(c.end <= on.isoformat() for c in view.index.components)
    events = view.drivers.policy.events
    assert events and all(e.date <= on for e in events)
    assert len(events) == sum(e.date <= on for e in drivers_config().policy) < len(drivers_config().policy)
    tech = view.drivers.technology.value
    assert tech.until <= on.isoformat() and tech.vintage <= on.isoformat()
    cap = view.drivers.capital.value
    assert all(y < on.year for series in cap.series for y, _ in series)


def test_a_company_report_on_a_demo_sector_view_shows_no_verdict_banner():
    """SectorContext.shows_verdict (issue #17): a company report shows the sector verdict only when the
    view rests on no demo input.  A view on the demo series and headlines whose typed pillars are
    current (re-dated to 2025-10, as of 2025-11-15) has a verdict and a vintage, and still shows no
    banner, only the one-line reason; the same view on real inputs shows it."""
    from goldmine.io import load_profile
    from goldmine.pipeline.due_diligence import run_due_diligence
    from goldmine.pipeline.outcome import Outcome
    from goldmine.report import due_diligence_document
    from goldmine.report.sector import VERDICT_TONE

    prices, name, source = demo_prices()
    dated = {"date": "2025-10"}
    data = load_sector_data({"valuation": {k: dated for k in ("ai_multiple", "llm_multiple", "baseline_multiple")},
                             "funding": {"ai_share_of_vc": dated},
                             "capex": {k: dated for k in ("gpu_run_rate", "datacenter_factor", "margin_factor", "ai_revenue")}})
    profile = load_profile(EXAMPLES / "medicare-ai.yaml")
    kinds = {}
    for demo in (True, False):
        view = run_sector(prices, name, source, demo_news(), data=data, settings=FAST, demo=demo, as_of=dt.date(2025, 11, 15))
        ctx = view.context()
        assert ctx.verdict != "insufficient" and ctx.evidence_vintage
        assert ctx.shows_verdict is (not demo)
        dd = run_due_diligence(profile, dd_settings(paths=200, seed=3),
                               sector=Outcome.of("sector", "goldmine.pipeline.sector", ctx))
        section = next(s for s in due_diligence_document(dd, "en").sections if s.id == "sector")
        kinds[demo] = [getattr(b, "kind", "") for b in section.blocks]
        if demo:
            from goldmine.i18n import t

            assert [getattr(b, "text", "") for b in section.blocks] == [t("sector.context.demo", "en")]
    assert not set(kinds[True]) & set(VERDICT_TONE.values())
    assert set(kinds[False]) & set(VERDICT_TONE.values())


# ------------------------------------------------------------------------------------------ 5. drivers
def test_compute_doubling_time_recomputed_from_the_epoch_file():
    """Sevilla et al. (2022): doubling time = 12 / slope of log2 training FLOP on the publication date
    in years, by least squares, over Epoch AI's notable models since 2010 with a compute estimate
    (data/ai_epoch_notable_models.csv).  Recomputed here with numpy's lstsq on days since the first
    model (the slope does not depend on the origin); about 6 months in their paper."""
    frame = _read_data("ai_epoch_notable_models.csv", parse_dates=["date"])
    cfg = drivers_config().technology
    assert cfg.since.value == dt.date(2010, 1, 1)
    frame = frame[(frame["date"] >= "2010-01-01") & (pd.to_numeric(frame["training_compute_flop"], errors="coerce") > 0)]
    x = ((frame["date"] - frame["date"].min()).dt.days / 365.25).to_numpy()
    y = np.log2(frame["training_compute_flop"].astype(float).to_numpy())
    slope = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0][0]
    tech = technology(epoch_models(), cfg)
    assert tech.models == len(frame)
    assert tech.doubling_months == pytest.approx(12 / slope, rel=1e-9)
    assert 4 < tech.doubling_months < 8


def test_costliest_training_run_is_gpt4_by_the_file():
    """The frontier training cost (Epoch AI, 2023 US$): the row with the largest cost in the file."""
    frame = _read_data("ai_epoch_notable_models.csv")
    top = frame.loc[pd.to_numeric(frame["training_cost_2023_usd"], errors="coerce").idxmax()]
    assert top["model"] == "GPT-4"
    model, org, date, cost = technology(epoch_models(), drivers_config().technology).frontier
    assert (model, org, date) == ("GPT-4", top["organization"], str(top["date"])[:10])
    assert cost == pytest.approx(float(top["training_cost_2023_usd"]))


def test_policy_events_after_the_as_of_date_are_left_out():
    """pipeline.sector / drivers.policy: only events dated up to the as-of date, oldest first."""
    events = drivers_config().policy
    on = dt.date(2023, 12, 31)
    kept = policy(events, on).events
    assert [e.id for e in kept] == [e.id for e in sorted(events, key=lambda e: (e.date, e.id)) if e.date <= on]
    assert 0 < len(kept) < len(events)


def test_every_evidence_row_has_a_source_and_a_date(shipped):
    """drivers module docstring: each driver is dated, sourced evidence (technology, capital, policy)."""
    drivers = shipped.to_dict()["drivers"]
    rows = drivers["technology"]["data"]["evidence"] + drivers["capital"]["data"]["evidence"]
    rows += [e.to_dict() for e in shipped.drivers.policy.evidence()]
    assert {r["id"][0] for r in rows} == {"T", "C", "P"}
    for r in rows:
        assert str(r["source"]).strip() and str(r["date"]).strip(), r
        assert re.match(r"^\d{4}", r["date"]) and r["date"][:10] <= "2026-01-15"
    assert all(e["source"] and e["date"] for e in drivers["policy"]["events"])


# ------------------------------------------------------------------------------------------ 6. strategy
def _shown_refs(view) -> set[str]:
    d = view.drivers
    ids = {e.id for e in d.technology.value.evidence()} | {e.id for e in d.capital.value.evidence()}
    ids |= {e.id for e in d.policy.evidence()} | {p.id for p in view.pillars}
    if view.ratio is not None and view.ratio.ok:
        ids.add("ratio")            # the valuation-ratio test, shown in the index section (sector.ref.ratio)
    return ids


def test_every_claim_points_at_figures_the_view_shows(shipped):
    """strategy module docstring: each claim says which figures it rests on (driver evidence ids or
    pillar ids), all of them shown by the same view."""
    claims = shipped.strategy.claims
    refs = {r for c in claims for r in c.refs}
    assert {"T1", "C1"} <= refs and any(r.startswith("P") for r in refs)
    shown = _shown_refs(shipped)
    for c in claims:
        assert c.refs and set(c.refs) <= shown, c


def test_a_pillar_without_current_evidence_makes_no_claim(shipped):
    """strategy module docstring: a pillar without current evidence makes no claim; only the note on
    silent pillars names it.  As of 2026-01-15 the shipped valuation and capex figures are stale while
    their data read ``warning``; a current warning pillar would make a claim."""
    by = {p.id: p for p in shipped.pillars}
    assert by["valuation"].state == "stale" and by["valuation"].reading == "warning"
    silent = {p.id for p in shipped.pillars if p.state != "current"}
    for c in shipped.strategy.claims:
        if c.message.key == "sector.strategy.without_evidence":
            assert set(c.refs) == silent
        else:
            assert not set(c.refs) & silent, c
    stale = strategy(None, None, None, [PillarFact("valuation", "warning", "stale", {"ratio": "3.0"})])
    current = strategy(None, None, None, [PillarFact("valuation", "warning", "current", {"ratio": "3.0"})])
    assert [c.message.key for c in stale.claims] == ["sector.strategy.without_evidence"]
    assert [c.message.key for c in current.claims] == ["sector.strategy.valuation_rich"]


# ------------------------------------------------------------------------------------------ 7. LPPLS filter
LP = bubble_config().lppls
BOX = SearchBox.of(np.linspace(0.0, 1.0, 101), LP)          # t1 = 0, t2 = 1 year, step 0.01, tc up to 1.2


def test_a_hand_checked_fit_within_every_range_qualifies_and_omega_5_does_not():
    """Sornette et al. (2015) filter on the window t1 = 0, t2 = 1: tc = 1.1 (in (1, 1.2]), m = 0.5,
    omega = 10, B = -1, C = 0.02.  Oscillations (10 / 2 pi) ln(1.1 / 0.1) = 3.82 >= 2.5; damping
    0.5 x 1 / (10 x 0.02) = 2.5 >= 0.5; nothing within 0.5 % of the search box: qualified.  With
    omega = 5 it fails the omega range (6..13) and has (5 / 2 pi) ln 11 = 1.91 < 2.5 oscillations;
    with m = 0.05 it fails the m range (0.1..0.9) and damps 0.05 / (10 x 0.02) = 0.25 < 0.5."""
    assert BOX.tc_high == pytest.approx(1.2) and BOX.step == pytest.approx(0.01)
    assert oscillations(10, 1.1, 0, 1) == pytest.approx(10 / (2 * math.pi) * math.log(11))
    assert damping(0.5, 10, -1, 0.02, 0) == pytest.approx(2.5)
    assert failed_filters(1.1, 0.5, 10, -1, 0.02, 0, 0.1, BOX, LP) == ()
    assert failed_filters(1.1, 0.5, 5, -1, 0.02, 0, 0.1, BOX, LP) == ("omega", "oscillations")
    assert failed_filters(1.1, 0.05, 10, -1, 0.02, 0, 0.1, BOX, LP) == ("m", "damping")   # 0.05 / 0.2 = 0.25 < 0.5


def _fit(tc: float, m: float, w: float, B: float, C1: float) -> LPPLSFit:
    failed = failed_filters(tc, m, w, B, C1, 0.0, 0.1, BOX, LP)
    return LPPLSFit(t1=BOX.t1, t2=BOX.t2, tc=tc, m=m, w=w, A=1.0, B=B, C1=C1, C2=0.0, ssr=0.1, n=101, failed=failed,
                    oscillations=oscillations(w, tc, BOX.t1, BOX.t2), damping=damping(m, w, B, C1, 0.0))


@settings(max_examples=200, deadline=None)
@given(edge=st.sampled_from(["tc_last", "tc_horizon", "m_low", "m_high"]), inside=st.floats(0.0, 0.99),
       tc=st.floats(1.02, 1.19), m=st.floats(0.15, 0.85), w=st.floats(6.5, 12.5),
       B=st.floats(-5.0, -0.1), C1=st.floats(-0.01, 0.01))
def test_no_fit_on_the_edge_of_the_search_box_is_qualified(edge, inside, tc, m, w, B, C1):
    """goldmine's rule beside Sornette et al. (2015): a fit on the edge of the search box (tc at the
    last date, i.e. within one observation step of t2, or at the horizon t2 + 0.2 (t2 - t1); m at a
    bound of its search range) sits on the box, not at a minimum, and never counts as qualified, in
    the fit or in the nested-window count, whatever its other parameters.  (Points strictly inside the
    edge band: at its exact border float rounding decides.)"""
    span = BOX.tc_high - BOX.t2
    tol = float(LP.edge.value)
    lo, hi = BOX.m
    if edge == "tc_last":
        tc = BOX.t2 + inside * BOX.step
    elif edge == "tc_horizon":
        tc = BOX.tc_high - inside * tol * span
    elif edge == "m_low":
        m = lo + inside * tol * (hi - lo)
    else:
        m = hi - inside * tol * (hi - lo)
    f = _fit(tc, m, w, B, C1)
    assert "edge" in f.failed and not f.qualified
    good = _fit(1.1, 0.5, 10.0, -1.0, 0.02)
    conf = LPPLSConfidence(end=1.0, fits=(f, good), confidence=0.5, tc=None, tc_low=None, tc_high=None)
    assert conf.qualified == 1 and conf.edge_fits == 1


# ------------------------------------------------------------------------------------------ 8. bilingual
def _md_section(md: str, title: str) -> str:
    head = re.search(rf"^#+ {re.escape(title)}\s*$", md, flags=re.M)
    assert head, title
    rest = md[head.end():]
    nxt = re.search(r"^## ", rest, flags=re.M)
    return rest[:nxt.start()] if nxt else rest


def _english_fragments() -> set[str]:
    """Literal runs of at least four English words in the en catalogue (placeholders cut out)."""
    from goldmine.i18n import catalogue

    out = set()
    for texts in catalogue().values():
        for part in re.split(r"\{[^}]*\}", texts.get("en", "")):
            part = part.strip(" .,:;()")
            if len(re.findall(r"[A-Za-z]{2,}", part)) >= 4:
                out.add(part)
    return out


def test_the_chinese_sector_report_has_its_drivers_and_strategy_in_chinese(shipped):
    """Bilingual (CONVENTIONS.md): the zh sector report's drivers and strategy sections are written in
    Chinese: their titles and claims come from the zh catalogue and no English sentence of the en
    catalogue appears in them (sources and model names are quoted as published)."""
    from goldmine.i18n import t
    from goldmine.report import render, sector_document

    md = render(sector_document(shipped, "zh"), "md").replace("\\", "")
    english = _english_fragments()
    for title in (t("sector.drivers.title", "zh"), t("sector.strategy.title", "zh")):
        text = _md_section(md, title)
        assert re.search(r"[\u4e00-\u9fff]", text)
        leaked = [e for e in english if e in text]
        assert not leaked, (title, leaked[:5])
    strat = _md_section(md, t("sector.strategy.title", "zh"))
    for side in ("favour", "warn", "note"):
        assert t(f"sector.strategy.{side}", "zh") in strat


def _read_data(name: str, **kwargs) -> pd.DataFrame:
    """A shipped CSV of goldmine/data read here, not through goldmine.io.demo_data."""
    from goldmine.datafiles import data_path

    with data_path(name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, comment="#", **kwargs)



@pytest.mark.slow
def test_lppls_critical_time_is_stable_to_the_seed_within_its_band():
    """Issue #17: on the NASDAQ 1994-2000 demo series the critical time moved by 22 days with the seed
    before the published filter and the multi-seed fits; now each seed's median tc lies inside the
    other seed's stated 10-90 % band (the spread across windows, starts and seeds), and the band is
    a few weeks wide around the dot-com peak of March 2000, not a random date."""
    import numpy as np

    from goldmine.bubble.lppls import confidence
    from goldmine.io.demo_data import demo_prices

    log_prices = np.log(demo_prices()[0])
    a, b = (confidence(log_prices, windows=10, seed=s) for s in (1, 2))
    for one, other in ((a, b), (b, a)):
        assert one.tc is not None and other.tc_low is not None and other.tc_high is not None
        assert pd.Timestamp(other.tc_low) <= pd.Timestamp(one.tc) <= pd.Timestamp(other.tc_high)
    width = pd.Timestamp(a.tc_high) - pd.Timestamp(a.tc_low)
    assert pd.Timedelta(0) < width <= pd.Timedelta(days=120)
    assert pd.Timestamp("2000-02-01") <= pd.Timestamp(a.tc) <= pd.Timestamp("2000-12-31")
