"""The AI landscape dataset and the named comparables (issue #15, points 1 and 2).

* the shipped dataset: at least 60 companies across the stack, US, China and elsewhere, listed and
  private; every figure with a source of the registry and a date no later than the cut-off; every
  currency known to the FX table; Chinese names for Chinese companies;
* the validator refuses bad files with the file and the field path (unknown key, bad date, unknown
  source, unknown currency, a figure after the cut-off, a duplicate id, an empty figure);
* comparables: nothing available after the as-of date is used (property test over dates), pinned
  companies always in, excluded never, similarity in [0, 1] and independent of the data's order
  (hypothesis), the quartiles bracket the median, stale multiples flagged;
* the CLI in both languages, and bad input with exit code 2.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldmine.config import read_mapping
from goldmine.errors import InputError
from goldmine.landscape import (
    SEGMENTS,
    LandscapeFilter,
    build_landscape,
    company_multiple,
    comparables,
    date_end,
    landscape_settings,
    landscape_view,
    shipped_landscape,
)
from goldmine.landscape.comparables import ProfilePosition, _scores, similarity
from goldmine.landscape.data import company_file_names
from goldmine.landscape.query import STAGE_ORDER
from goldmine.metrics.fx import default_fx
from goldmine.model.enums import Vertical

DATA = ROOT / "src" / "goldmine" / "data" / "landscape"
EXAMPLE_IDS = ("medicare-ai", "promptly", "xuebao-tutor", "lingxi-cx")
FIGURE_LISTS = ("rounds", "valuations", "revenue", "market")

REQUIRED = ("nvidia", "amd", "tsmc", "microsoft", "alphabet", "amazon", "meta", "baidu", "alibaba", "tencent",
            "iflytek", "sensetime", "cambricon", "openai", "anthropic", "mistral", "xai", "cohere", "zhipu",
            "moonshot", "minimax", "baichuan", "deepseek", "01-ai", "stepfun", "infervision", "shukun",
            "united-imaging-intelligence", "aidoc", "viz-ai", "zuoyebang", "yuanfudao", "duolingo", "sierra",
            "decagon", "zhuiyi", "scale-ai", "databricks", "hugging-face", "perplexity", "anysphere")


def _profile(name):
    from goldmine.io import load_profile

    return load_profile(EXAMPLES / f"{name}.yaml")


def _raw():
    """The shipped files as written (duplicate keys refused by the reader)."""
    sources = read_mapping(DATA / "sources.yaml")
    files = {n: read_mapping(DATA / n) for n in company_file_names()}
    return sources, files


# ----------------------------------------------------------------------------------- the dataset
def test_the_dataset_has_at_least_60_companies_across_the_stack():
    land = shipped_landscape()
    ids = land.ids
    assert len(ids) >= 60 and len(set(ids)) == len(ids)
    assert set(REQUIRED) <= set(ids), sorted(set(REQUIRED) - set(ids))
    assert {c.segment for c in land.companies} == set(SEGMENTS)
    countries = {c.country for c in land.companies}
    assert {"US", "CN"} <= countries and len(countries - {"US", "CN"}) >= 3
    assert any(c.listed for c in land.companies) and any(c.listed is None for c in land.companies)
    verticals = {c.vertical.value for c in land.companies}
    assert {"medical", "education", "customer_service", "content", "finance", "manufacturing"} <= verticals


def test_no_figure_lacks_a_source_or_a_date():
    sources, files = _raw()
    registry = sources["sources"]
    count = 0
    for name, data in files.items():
        for i, company in enumerate(data["companies"]):
            for kind in FIGURE_LISTS:
                for j, figure in enumerate(company.get(kind, [])):
                    where = f"{name}: companies[{i}].{kind}[{j}] ({company['id']})"
                    assert figure.get("source") in registry, where
                    assert figure.get("date") not in (None, ""), where
                    count += 1
    assert count == shipped_landscape().counts()["figures"] >= 100
    for sid, src in registry.items():
        assert src.get("publisher") and src.get("title") and src.get("published"), sid


def test_figures_are_dated_no_later_than_the_cutoff_and_every_source_is_used():
    land = shipped_landscape()
    assert land.cutoff == dt.date(2025, 12, 31)
    used = set()
    for c in land.companies:
        for kind in FIGURE_LISTS:
            for f in getattr(c, kind):
                assert date_end(f.date) <= land.cutoff, (c.id, f)
                assert land.available_on(f) <= land.cutoff
                used.add(f.source)
        if c.listed and c.listed.source:
            used.add(c.listed.source)
    assert used == set(land.sources)
    assert land.counts()["sources"] == len(land.sources)


def test_currencies_are_known_to_the_fx_table_and_amounts_are_positive():
    fx = default_fx()
    for c in shipped_landscape().companies:
        for kind in FIGURE_LISTS:
            for f in getattr(c, kind):
                assert f.currency in fx.rates, (c.id, f.currency)


def test_chinese_companies_have_chinese_names():
    for c in shipped_landscape().companies:
        if c.country == "CN":
            assert c.name.zh, c.id


def test_settings_have_sources_and_the_weights_sum_to_one():
    s = landscape_settings()
    assert abs(sum(float(w.value) for w in s.weights.values()) - 1.0) < 1e-12
    entries = [*s.weights.values(), *s.stale_months.values(), *s.quantiles.values(), s.cutoff, s.n,
               s.also_segment_score, s.region_score, s.regions, s.size_span_decades, s.max_gap_months]
    assert all(e.source and e.date for e in entries)


# ----------------------------------------------------------------------------------- the validator
def _first_company(files):
    name = next(iter(files))
    return name, files[name]["companies"][0]


@pytest.mark.parametrize("change, path, key", [
    (lambda c: c.update(revnue=[]), "companies[0].revnue", "expected.known_field"),
    (lambda c: c["rounds"][0].update(date="2025-13"), "companies[0].rounds[0].date", "expected.date"),
    (lambda c: c["rounds"][0].pop("source"), "companies[0].rounds[0].source", "expected.required"),
    (lambda c: c["rounds"][0].update(source="no-such-source"), "companies[0].rounds[0].source", "landscape.expected.known_source"),
    (lambda c: c["rounds"][0].update(currency="EUR"), "companies[0].rounds[0].currency", "landscape.expected.known_currency"),
    (lambda c: c["rounds"][0].update(date="2026-01-15"), "companies[0].rounds[0].date", "landscape.expected.before_cutoff"),
    (lambda c: c["rounds"][0].update(amount=-5), "companies[0].rounds[0].amount", "expected.gt"),
    (lambda c: [c["rounds"][0].pop(k, None) for k in ("amount", "post_money")], "companies[0].rounds[0].amount",
     "landscape.expected.round_figure"),
    (lambda c: c.update(market=[{"date": "2025-01-02", "currency": "USD", "source": c["rounds"][0]["source"]}]),
     "companies[0].market[0].market_cap", "landscape.expected.market_figure"),
    (lambda c: c.update(segment="quantum"), "companies[0].segment", "expected.one_of"),
])
def test_the_validator_names_the_file_and_the_path(change, path, key):
    sources, files = _raw()
    files = {n: copy.deepcopy(d) for n, d in files.items()}
    # a company with a round to change: move Groq (chips) to the front of its file
    name = next(n for n in files if "chips" in n)
    companies = files[name]["companies"]
    groq = next(c for c in companies if c["id"] == "groq")
    companies.remove(groq)
    companies.insert(0, groq)
    change(groq)
    with pytest.raises(InputError) as err:
        build_landscape(sources, {name: files[name]})
    problems = err.value.problems
    assert err.value.source == name
    assert any(p.path == path and p.expected == key for p in problems), [(p.path, p.expected) for p in problems]
    assert name in err.value.message("en") and path in err.value.message("zh")


def test_the_validator_refuses_a_company_id_used_twice():
    sources, files = _raw()
    name = next(iter(files))
    data = copy.deepcopy(files[name])
    data["companies"].append(copy.deepcopy(data["companies"][0]))
    with pytest.raises(InputError) as err:
        build_landscape(sources, {name: data})
    assert err.value.problems[0].expected == "landscape.expected.unique_id"


def test_the_validator_refuses_a_source_published_after_the_cutoff():
    sources, files = _raw()
    sources = copy.deepcopy(sources)
    sid = next(iter(sources["sources"]))
    sources["sources"][sid]["published"] = "2026-02"
    with pytest.raises(InputError) as err:
        build_landscape(sources, files)
    assert err.value.problems[0].path == f"sources.{sid}.published"


def test_a_month_or_a_year_counts_from_its_last_day():
    assert date_end("2025") == dt.date(2025, 12, 31)
    assert date_end("2024-02") == dt.date(2024, 2, 29)
    assert date_end("2025-09-02") == dt.date(2025, 9, 2)


# ----------------------------------------------------------------------------------- as-of discipline
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 6, 30)), st.sampled_from(EXAMPLE_IDS))
def test_nothing_dated_after_as_of_is_used(as_of, example):
    cs = comparables(_profile(example), as_of=as_of, n=50)
    assert cs.as_of == as_of
    for c in cs.comparables:
        assert c.available_on is not None and c.available_on <= as_of
        assert c.valuation is not None and c.valuation["available_on"] <= as_of
        assert date_end(c.valuation["date"]) <= as_of
        if c.revenue is not None:
            assert c.revenue["available_on"] <= as_of and date_end(c.revenue["date"]) <= as_of


def test_a_prospectus_figure_is_used_only_after_its_publication():
    land = shipped_landscape()
    zhipu = land.company("zhipu")
    assert company_multiple(land, zhipu, dt.date(2025, 12, 18)) is None     # revenue published 2025-12-19
    m = company_multiple(land, zhipu, dt.date(2025, 12, 31))
    assert m is not None and m.kind == "post_money_run_rate"
    assert m.value == pytest.approx(24.3e9 / 312.4e6)


def test_the_default_as_of_is_the_profiles_and_stale_multiples_are_flagged():
    cs = comparables(_profile("medicare-ai"), pin=("tempus-ai",))
    assert cs.as_of == dt.date(2025, 10, 31)
    tempus = next(c for c in cs.comparables if c.id == "tempus-ai")
    assert tempus.stale and tempus.age_months > 6
    assert any(m.key == "landscape.reason.stale" for m in tempus.reasons)
    fresh = comparables(_profile("medicare-ai"), as_of=dt.date(2025, 4, 30), pin=("tempus-ai",))
    assert not next(c for c in fresh.comparables if c.id == "tempus-ai").stale


# ----------------------------------------------------------------------------------- pin and exclude
def test_pinned_companies_are_always_included_and_excluded_never():
    base = comparables(_profile("medicare-ai"))
    top = base.comparables[0].id
    cs = comparables(_profile("medicare-ai"), pin=("deepseek", "palantir"), exclude=(top,), n=3)
    ids = [c.id for c in cs.comparables]
    assert "deepseek" in ids and "palantir" in ids and top not in ids and len(ids) == 3
    deepseek = next(c for c in cs.comparables if c.id == "deepseek")
    assert deepseek.multiple is None and deepseek.pinned
    assert any(m.key == "landscape.reason.no_multiple" for m in deepseek.reasons)
    assert cs.median_multiple is not None    # DeepSeek has no multiple and does not enter the median
    many = comparables(_profile("medicare-ai"), pin=("deepseek", "palantir", "openai"), n=1)
    assert {c.id for c in many.comparables} == {"deepseek", "palantir", "openai"}


@pytest.mark.parametrize("kwargs, key", [
    ({"pin": ("no-such-co",)}, "landscape.expected.company_id"),
    ({"exclude": ("nvidiaa",)}, "landscape.expected.company_id"),
    ({"pin": ("nvidia",), "exclude": ("nvidia",)}, "landscape.expected.not_pinned"),
    ({"n": 0}, "expected.ge"),
    ({"n": 51}, "expected.le"),
])
def test_bad_pins_excludes_and_n_are_refused(kwargs, key):
    with pytest.raises(InputError) as err:
        comparables(_profile("promptly"), **kwargs)
    assert err.value.problems[0].expected == key


# ----------------------------------------------------------------------------------- similarity
def _position(segment, vertical, country, stage, run_rate):
    return ProfilePosition(id="x", name_en="X", name_zh=None, segment=segment, vertical=vertical, country=country,
                           stage=stage, currency="USD", run_rate=run_rate, run_rate_usd=run_rate)


@settings(max_examples=200, deadline=None)
@given(segment=st.sampled_from(SEGMENTS), vertical=st.sampled_from([v.value for v in Vertical]),
       country=st.sampled_from(["US", "CN", "HK", "GB", "FR", "IL", "SG", "BR"]),
       stage=st.sampled_from([s for s in STAGE_ORDER if s != "public"]),
       run_rate=st.one_of(st.none(), st.floats(min_value=1.0, max_value=1e12)),
       company=st.integers(min_value=0, max_value=10_000))
def test_similarity_lies_in_0_1_and_a_perfect_match_scores_1(segment, vertical, country, stage, run_rate, company):
    land = shipped_landscape()
    s = landscape_settings()
    c = land.companies[company % len(land.companies)]
    scores = _scores(_position(segment, vertical, country, stage, run_rate), c, "series_a", 1e6, s)
    assert all(v is None or 0.0 <= v <= 1.0 for v in scores.values())
    assert 0.0 <= similarity(scores, s) <= 1.0
    twin = _position(c.segment, c.vertical.value, c.country, "series_a", 1e6)
    assert similarity(_scores(twin, c, "series_a", 1e6, s), s) == pytest.approx(1.0)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.sampled_from(EXAMPLE_IDS))
def test_the_choice_does_not_depend_on_the_order_of_the_data(rnd, example):
    from dataclasses import replace

    land = shipped_landscape()
    shuffled = list(land.companies)
    rnd.shuffle(shuffled)
    a = comparables(_profile(example), land)
    b = comparables(_profile(example), replace(land, companies=tuple(shuffled)))
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize("example", EXAMPLE_IDS)
def test_every_example_gets_sorted_comparables_with_multiples(example):
    cs = comparables(_profile(example))
    sims = [c.similarity for c in cs.comparables]
    assert sims == sorted(sims, reverse=True) and len(cs.comparables) == 8
    assert all(c.multiple is not None and c.multiple > 0 for c in cs.comparables)
    assert all(c.source and c.date and c.multiple_kind in ("ev_revenue", "post_money_run_rate") for c in cs.comparables)
    assert cs.low_multiple <= cs.median_multiple <= cs.high_multiple
    import numpy as np

    assert cs.median_multiple == pytest.approx(float(np.median(cs.multiples)))
    assert all(c.reasons for c in cs.comparables)


def test_a_chinese_medical_profile_gets_chinese_medical_comparables_first():
    cs = comparables(_profile("medicare-ai"))
    first = cs.comparables[0]
    assert first.country == "CN" and first.vertical == "medical"
    keys = {m.key for m in first.reasons}
    assert {"landscape.reason.vertical", "landscape.reason.country", "landscape.reason.segment"} <= keys


def test_a_profile_without_revenue_leaves_size_out():
    cs = comparables(_profile("xuebao-tutor"))
    assert cs.profile.run_rate is None
    assert all(c.components["size"] is None for c in cs.comparables)
    assert any(m.key == "landscape.note.no_revenue" for m in cs.notes)


# ----------------------------------------------------------------------------------- the view
def test_funding_totals_add_up_and_filters_apply():
    land = shipped_landscape()
    view = landscape_view(land)
    assert sum(r.funding_usd for r in view.by_segment) == pytest.approx(view.funding_usd)
    assert sum(r.funding_usd for r in view.by_country) == pytest.approx(view.funding_usd)
    assert sum(r.funding_usd for r in view.companies) == pytest.approx(view.funding_usd)
    fx = default_fx()
    anthropic = next(r for r in view.companies if r.id == "anthropic")
    assert anthropic.funding_usd == pytest.approx(0.45e9 + 4e9 + 3.5e9 + 13e9)
    zhipu = next(r for r in view.companies if r.id == "zhipu")
    assert zhipu.funding_usd == pytest.approx(fx.convert(4.5e9, "CNY", "USD"))
    cn = landscape_view(land, LandscapeFilter(country="CN", segment="foundation_models", listed=False))
    assert cn.companies and all(r.country == "CN" and r.listed is None for r in cn.companies)
    assert {r.key for r in cn.by_country} == {"CN"}
    early = landscape_view(land, LandscapeFilter(as_of=dt.date(2024, 1, 1)))
    assert early.funding_usd < view.funding_usd
    moore = next(r for r in early.companies if r.id == "moore-threads")
    assert moore.listed is None and moore.stage is None and moore.revenue is None


# ----------------------------------------------------------------------------------- the CLI
def test_cli_landscape_in_both_languages(cli):
    en = cli("--lang", "en", "landscape", "--segment", "foundation_models", "--country", "CN")
    assert en.exit_code == 0, en
    assert "Zhipu AI" in en.stdout and "foundation models" in en.stdout and "Funding by country" in en.stdout
    zh = cli("--lang", "zh", "landscape", "--segment", "foundation_models", "--country", "cn")
    assert zh.exit_code == 0, zh
    assert "智谱" in zh.stdout and "基础大模型" in zh.stdout and "按国家/地区汇总" in zh.stdout
    listed = json.loads(cli("landscape", "--listed", "--json").stdout)
    assert listed["companies"] and all(c["listed"] for c in listed["companies"])
    private = json.loads(cli("landscape", "--private", "--vertical", "healthcare", "--json").stdout)
    assert all(c["listed"] is None and c["vertical"] == "medical" for c in private["companies"])


def test_cli_comps_in_both_languages(cli):
    profile = str(EXAMPLES / "medicare-ai.yaml")
    en = cli("--lang", "en", "comps", profile, "--pin", "openai", "--n", "4")
    assert en.exit_code == 0, en
    assert "Airdoc" in en.stdout and "OpenAI" in en.stdout and "Median multiple" in en.stdout
    zh = cli("--lang", "zh", "comps", profile, "--exclude", "airdoc")
    assert zh.exit_code == 0, zh
    assert "鹰瞳科技" not in zh.stdout and "讯飞医疗科技" in zh.stdout and "倍数中位数" in zh.stdout
    doc = json.loads(cli("comps", profile, "--as-of", "2025-06-30", "--json").stdout)
    assert doc["as_of"] == "2025-06-30" and doc["count"] == len(doc["comparables"])


@pytest.mark.parametrize("args, needle", [
    (["landscape", "--segment", "quantum"], "--segment"),
    (["landscape", "--country", "USA"], "--country"),
    (["landscape", "--vertical", "space"], "--vertical"),
    (["landscape", "--as-of", "2025-13-01"], "--as-of"),
    (["comps", str(EXAMPLES / "promptly.yaml"), "--pin", "no-such-co"], "no-such-co"),
    (["comps", str(EXAMPLES / "promptly.yaml"), "--n", "0"], "n"),
    (["comps", str(EXAMPLES / "promptly.yaml"), "--pin", "openai", "--exclude", "openai"], "openai"),
    (["comps", "missing-profile.yaml"], "missing-profile.yaml"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_bad_input_exits_2(cli, args, needle, lang):
    r = cli("--lang", lang, *args)
    assert r.exit_code == 2, r
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_random_filter_combinations_never_fail():
    land = shipped_landscape()
    rnd = random.Random(15)
    for _ in range(50):
        flt = LandscapeFilter(segment=rnd.choice([None, *SEGMENTS]), country=rnd.choice([None, "CN", "US", "FR", "ZZ"]),
                              vertical=rnd.choice([None, *[v.value for v in Vertical]]),
                              listed=rnd.choice([None, True, False]),
                              as_of=rnd.choice([None, dt.date(2020, 1, 1), dt.date(2025, 6, 30)]))
        view = landscape_view(land, flt)
        assert len(view.companies) <= len(land.companies)
        assert view.to_dict()["filters"]["segment"] == flt.segment
