"""``goldmine screen`` (issue #19, points 1 and 4): the generator, the ranking rule and filters, the use
case on every backend, the CLI.

Golden case: the verdicts of the bundled examples are those ``goldmine analyze`` gives with the
default settings (checked on 2026-12-06: forge-vision pass, lingxi-cx watch, medicare-ai watch,
northstar-studio watch, promptly pass, xuebao-tutor pass); the screen, with each company's own seed
(:func:`goldmine.pipeline.screen.profile_seed`) and the default paths, gives the same verdicts, and
ranks them by the rule of :mod:`goldmine.portfolio.screen`.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldmine.errors import AnalysisError
from goldmine.io import load_profile
from goldmine.model import Startup
from goldmine.pipeline.screen import (
    ScreenFailure,
    ScreenResult,
    profile_seed,
    profile_settings,
    run_screen,
)
from goldmine.pipeline.settings import DueDiligenceSettings, ScreenSettings
from goldmine.portfolio.generate import generate
from goldmine.portfolio.screen import ScreenFilter, ScreenRow, rank, select

FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".yaml")
BASES = [load_profile(p) for p in FILES]
ANALYZE_VERDICTS = {"forge-vision": "pass", "lingxi-cx": "watch", "medicare-ai": "watch", "northstar-studio": "watch",
                    "promptly": "pass", "xuebao-tutor": "pass"}
FEW = ScreenSettings.default().with_(paths=200)


@pytest.fixture(scope="module")
def examples_screened() -> ScreenResult:
    return run_screen(BASES, ScreenSettings.default())


# ----------------------------------------------------------------------------------- the examples
def test_examples_have_the_verdicts_of_analyze_and_are_ranked(examples_screened):
    r = examples_screened
    assert (r.total, r.screened, r.kept, r.failures) == (6, 6, 6, ())
    assert {row.id: row.verdict for row in r.rows} == ANALYZE_VERDICTS
    # watch before pass; within a verdict, lower risk first
    order = [row.id for row in r.rows]
    watch = sorted((x for x in r.rows if x.verdict == "watch"), key=lambda x: x.risk_score)
    passed = sorted((x for x in r.rows if x.verdict == "pass"), key=lambda x: x.risk_score)
    assert order == [x.id for x in (*watch, *passed)]
    assert order[:3] == ["lingxi-cx", "medicare-ai", "northstar-studio"]
    # a proposal gives returns; no proposal, none
    by_id = {row.id: row for row in r.rows}
    assert by_id["medicare-ai"].mean_moic is not None and 0 <= by_id["medicare-ai"].p_loss <= 1
    assert by_id["lingxi-cx"].mean_moic is None and by_id["lingxi-cx"].p_loss is None


def test_a_screened_company_has_the_numbers_of_its_due_diligence_run(examples_screened):
    from goldmine.pipeline.due_diligence import run_due_diligence

    row = next(x for x in examples_screened.rows if x.id == "medicare-ai")
    p = BASES[[b.id for b in BASES].index("medicare-ai")]
    assert row.seed == profile_seed(ScreenSettings.default().seed, "medicare-ai", 2)
    dd = run_due_diligence(p, profile_settings(DueDiligenceSettings.default(), ScreenSettings.default(), row.seed))
    assert dd.recommendation.verdict == row.verdict
    assert len(dd.recommendation.reasons) == row.reasons
    assert dd.runway.value.monte_carlo.p_cash_out == row.p_cash_out
    assert dd.deal.value.analysis.returns.moic.mean == row.mean_moic


def test_json_is_language_neutral_and_complete(examples_screened):
    d = json.loads(json.dumps(examples_screened.to_dict()))
    assert set(d) == {"settings", "filters", "top", "total", "screened", "kept", "rows", "failures"}
    assert set(d["rows"][0]) == {"position", "id", "name_en", "name_zh", "stage", "vertical", "country", "currency", "verdict",
                                 "reasons", "risk_score", "p_cash_out", "valuation", "mean_moic", "p_loss",
                                 "outcome_probability", "seed"}


# ----------------------------------------------------------------------------------- generator
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**63 - 1), n=st.integers(1, 9))
def test_generated_profiles_validate_are_deterministic_and_unique(seed, n):
    made = generate(BASES, n, seed)
    assert len(made) == n
    assert made == generate(BASES, n, seed)                      # deterministic for a seed
    assert made[: n - 1] == generate(BASES, n - 1, seed) if n > 1 else True  # a prefix does not depend on n
    ids = [p.id for p in made]
    assert len(set(ids)) == n and all(i.endswith(f"-g{k:04d}") for k, i in enumerate(ids, 1))
    for i, p in enumerate(made):
        assert Startup.model_validate(p.model_dump(mode="json")) == p   # valid as a profile file
        base = BASES[i % len(BASES)]
        assert p.identity.founded == base.identity.founded and p.financials.as_of == base.financials.as_of
        assert [r.month for r in p.financials.revenue_history] == [r.month for r in base.financials.revenue_history]
        # burn and the latest month's revenue scaled by one factor (the size), up to rounding to whole units
        size = p.financials.monthly_burn / base.financials.monthly_burn
        if base.financials.revenue_history:
            rev = p.financials.revenue_history[-1].revenue / base.financials.revenue_history[-1].revenue
            assert math.isclose(rev, size, rel_tol=1e-3, abs_tol=2 / base.financials.revenue_history[-1].revenue)
        # cash: the same size times a runway factor within its bounds
        runway = p.financials.cash / base.financials.cash / size
        assert 0.49 <= runway <= 2.01
        assert p.team.size >= len(p.team.founders)


def test_generator_refuses_nothing_to_vary():
    with pytest.raises(AnalysisError):
        generate([], 3, 1)
    with pytest.raises(AnalysisError):
        generate(BASES, 0, 1)


# ----------------------------------------------------------------------------------- ranking and filters
def _row(i: int, verdict: str, risk: float | None, moic: float | None = None, p: float | None = None, **kw) -> ScreenRow:
    base = dict(position=i, id=f"c{i}", name_en=f"C{i}", name_zh=f"C{i}", stage="seed", vertical="medical", country="CN",
                currency="CNY", verdict=verdict, reasons=3, risk_score=risk, p_cash_out=0.2, valuation=1e6, mean_moic=moic,
                p_loss=None if moic is None else 0.5, outcome_probability=p, seed=1)
    return ScreenRow(**{**base, **kw})


def test_ranking_rule():
    rows = [_row(0, "pass", 10), _row(1, "insufficient", 20), _row(2, "watch", 30, 2.0), _row(3, "watch", 30, 3.0),
            _row(4, "watch", 30), _row(5, "invest", 50), _row(6, "watch", 30, 3.0, 0.4), _row(7, "watch", None)]
    assert [r.position for r in rank(rows)] == [5, 6, 3, 2, 4, 7, 1, 0]


def test_filters():
    rows = [_row(0, "watch", 20, 3.0), _row(1, "pass", 60, 1.0, stage="series_a", country="US"),
            _row(2, "invest", 40, None, vertical="finance")]
    assert [r.position for r in select(rows, ScreenFilter(verdicts=("watch", "invest")))] == [2, 0]
    assert [r.position for r in select(rows, ScreenFilter(max_risk=40))] == [2, 0]
    assert [r.position for r in select(rows, ScreenFilter(min_moic=1.0))] == [0, 1]   # no proposal: left out
    assert [r.position for r in select(rows, ScreenFilter(stages=("series_a",)))] == [1]
    assert [r.position for r in select(rows, ScreenFilter(verticals=("finance",)))] == [2]
    assert [r.position for r in select(rows, ScreenFilter(countries=("us",)))] == [1]
    assert [r.position for r in select(rows, None, top=2)] == [2, 0]


# ----------------------------------------------------------------------------------- batch behaviour
def test_a_failing_profile_does_not_stop_the_batch(monkeypatch):
    import goldmine.metrics

    real = goldmine.metrics.startup_runway

    def broken(p):
        if p.id == "lingxi-cx":
            raise AnalysisError("screen.error.no_bases")
        return real(p)

    monkeypatch.setattr(goldmine.metrics, "startup_runway", broken)
    seen = []
    r = run_screen(BASES[:3], FEW, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (r.total, r.screened) == (3, 2)
    assert [(f.position, f.id, f.error["key"]) for f in r.failures] == [(1, "lingxi-cx", "screen.error.no_bases")]
    assert r.failures[0].text("zh") and r.failures[0].text("en")


def test_same_results_on_every_backend():
    from dask.distributed import Client, LocalCluster

    from goldmine.parallel import DaskBackend, ProcessBackend, SerialBackend

    made = generate(BASES, 4, 7)
    serial = run_screen(made, FEW, backend=SerialBackend()).to_dict()
    assert serial == run_screen(made, FEW).to_dict()
    assert serial == run_screen(made, FEW, backend=ProcessBackend(2)).to_dict()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        assert serial == run_screen(made, FEW, backend=DaskBackend(client)).to_dict()
    # the seed of a company depends on the batch seed and its id, not on its place in the batch
    reversed_ = run_screen(made[::-1], FEW).to_dict()
    assert [r["seed"] for r in reversed_["rows"]] == [r["seed"] for r in serial["rows"]]


# ----------------------------------------------------------------------------------- the CLI
@pytest.mark.parametrize(("args", "option"), [
    (["--from-db", "X.yaml"], "--from-db"),
    ([], "PROFILES"),
    (["X.yaml", "--verdict", "maybe"], "--verdict"),
    (["X.yaml", "--stage", "series_z"], "--stage"),
    (["X.yaml", "--vertical", "mining"], "--vertical"),
    (["X.yaml", "--country", "China"], "--country"),
    (["X.yaml", "--backend", "gpu"], "--backend"),
    (["X.yaml", "--generate", "0"], "--generate"),
    (["X.yaml", "--top", "0"], "--top"),
    (["X.yaml", "--out", "ranking.txt"], "--out"),
    (["X.yaml", "--scheduler", "localhost"], "--scheduler"),
])
def test_bad_options_exit_2_naming_the_option(cli, args, option):
    args = [str(EXAMPLES / "promptly.yaml") if a == "X.yaml" else a for a in args]
    r = cli("screen", *args)
    assert r.exit_code == 2, r
    assert option in r.stderr + r.stdout


def test_cli_lists_unreadable_profiles_and_writes_outputs(cli, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    for suffix in ("csv", "json"):
        r = cli("screen", str(EXAMPLES / "northstar-studio.yaml"), str(bad), "--paths", "200", "--out", str(tmp_path / f"s.{suffix}"))
        assert r.exit_code == 0, r
        assert "broken.yaml" in r.stdout and "North" in r.stdout
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[1].startswith("1,0,northstar-studio,")
    doc = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert doc["failures"][0]["source"] == str(bad) and doc["screened"] == 1


def test_html_output_escapes_names(cli, tmp_path):
    import yaml

    data = yaml.safe_load((EXAMPLES / "northstar-studio.yaml").read_text(encoding="utf-8"))
    data["identity"]["name"] = {"en": "<script>alert(1)</script>", "zh": "<b>脚本</b>"}
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = cli("screen", str(path), "--paths", "200", "--out", str(tmp_path / "s.html"))
    assert r.exit_code == 0, r
    page = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<link" not in page and "src=" not in page   # self-contained


def test_cli_generate_and_from_db(cli, tmp_path):
    r = cli("screen", str(EXAMPLES / "northstar-studio.yaml"), "--generate", "3", "--seed", "5", "--paths", "200", "--json")
    assert r.exit_code == 0, r
    doc = json.loads(r.stdout)
    assert sorted(x["id"] for x in doc["rows"]) == ["northstar-studio-g0001", "northstar-studio-g0002", "northstar-studio-g0003"]
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert cli("screen", "--from-db", "--db", db, "--paths", "200").exit_code == 2    # an empty workspace
    assert cli("startups", "add", str(EXAMPLES / "xuebao-tutor.yaml"), "--db", db).exit_code == 0
    r = cli("screen", "--from-db", "--db", db, "--paths", "200", "--json")
    assert r.exit_code == 0, r
    assert [x["id"] for x in json.loads(r.stdout)["rows"]] == ["xuebao-tutor"]


def test_failure_record_is_language_neutral():
    f = ScreenFailure.of(0, None, "x.yaml", AnalysisError("screen.error.no_bases"))
    assert f.to_dict() == {"position": 0, "id": None, "source": "x.yaml",
                           "error": {"type": "AnalysisError", "key": "screen.error.no_bases", "params": {}, "path": None}}
