"""The outcome model (issue #13, point 5): metrics against published cases, the fit on data with a
known answer, the leakage guard, the shipped model and its model card, the profile mapping, the use
case and the CLI.  Tests marked ``shared_data`` read ``../shared/data/startups`` and skip without it;
everything else runs on the shipped model alone."""

from __future__ import annotations

import ast
import json

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLES

from goldmine.config import read_mapping
from goldmine.errors import AnalysisError, GoldmineError
from goldmine.i18n import has_key
from goldmine.io import load_profile, parse_profile
from goldmine.model import Vertical
from goldmine.outcomes import (
    ALLOWED,
    FORBIDDEN,
    OutcomeModelSpec,
    assess,
    brier,
    calibration_table,
    cross_validate,
    fit_logistic,
    guard_features,
    map_profile,
    roc_auc,
    shipped_model,
    time_split,
)
from goldmine.outcomes.evaluate import auc_interval, calibration_line, score, wilson
from goldmine.pipeline.outcomes import assess_outcome, outcome_model_card

# ---------------------------------------------------------------------------- helpers


def synthetic(n: int = 4000, seed: int = 1, beta: float = 0.8, effects: dict[str, float] | None = None) -> pd.DataFrame:
    """Companies whose success follows a known logistic law in two allowed features."""
    rng = np.random.default_rng(seed)
    effects = effects or {"software": 0.6, "web": 0.0, "other": -0.6}
    age = rng.gamma(2.0, 1.0, n)
    cat = rng.choice(list(effects), n)
    eta = 0.3 + beta * (age - 2.0) + np.array([effects[c] for c in cat])
    p = 1 / (1 + np.exp(-eta))
    y = (rng.random(n) < p).astype(int)
    year = rng.integers(2000, 2012, n)
    return pd.DataFrame({"age_first_funding_year": age, "category_code": cat, "year_founded": year,
                         "success": y, "true_p": p, "age_last_funding_year": age + 3 * y})


def profile_data(**identity: object) -> dict[str, object]:
    """promptly.yaml as a mapping, moved into the model's population: a US company founded in 2008."""
    data = read_mapping(EXAMPLES / "promptly.yaml")
    data["identity"] = {**data["identity"], "founded": "2008-03-01", **identity}
    data["rounds"] = [{**data["rounds"][0], "date": "2009-05-15"}, {**data["rounds"][1], "date": "2010-10-02"}]
    data["financials"] = {**data["financials"], "revenue_history": [], "as_of": "2011-01-31"}
    data["market"] = {**data["market"], "history": []}
    return data


# ---------------------------------------------------------------------------- metrics: published cases


def test_auc_reproduces_hanley_mcneil_1982():
    """Hanley & McNeil (1982), Radiology 143:29-36, Table 1: 58 normal and 51 abnormal CT images
    rated on five levels; the area under the ROC curve (Wilcoxon, ties 1/2) is 0.893."""
    normal, abnormal = [33, 6, 6, 11, 2], [3, 2, 2, 11, 33]
    y = [0] * 58 + [1] * 51
    s = [r for r, c in enumerate(normal) for _ in range(c)] + [r for r, c in enumerate(abnormal) for _ in range(c)]
    assert roc_auc(y, s) == pytest.approx(0.893, abs=5e-4)
    low, high = auc_interval(y, s, seed=3, reps=1000)
    assert low < 0.893 < high and high - low < 0.2


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)])
def test_wilson_interval_reproduces_newcombe_1998(k, n, low, high):
    """Newcombe (1998), Stat. Med. 17:857-872, Table II, method 3 (Wilson score interval)."""
    lo, hi = wilson(k, n)
    assert (lo, hi) == pytest.approx((low, high), abs=1e-4)


def test_brier_and_auc_by_hand():
    y = [0, 0, 1, 1]
    p = [0.1, 0.6, 0.4, 0.9]
    assert brier(y, p) == pytest.approx((0.01 + 0.36 + 0.36 + 0.01) / 4)
    assert roc_auc(y, p) == pytest.approx(0.75)  # 3 of 4 (success, failure) pairs ordered right
    assert roc_auc(y, [0.5] * 4) == pytest.approx(0.5)
    with pytest.raises(AnalysisError):
        brier(y, [0.1, 0.2, 1.3, 0.4])
    with pytest.raises(AnalysisError):
        roc_auc([1, 1], [0.2, 0.3])


def test_calibration_table_and_line_on_calibrated_data():
    rng = np.random.default_rng(7)
    p = rng.uniform(0.05, 0.95, 20000)
    y = (rng.random(20000) < p).astype(int)
    table = calibration_table(y, p, bins=10)
    assert sum(b.n for b in table.bins) == 20000 and len(table.bins) == 10
    assert [b.mean_predicted for b in table.bins] == sorted(b.mean_predicted for b in table.bins)
    for b in table.bins:  # calibrated by construction: every observed rate within its Wilson band (+ slack)
        assert b.observed_low - 0.01 <= b.mean_predicted <= b.observed_high + 0.01
    assert table.ece < 0.02
    line = calibration_line(y, p)
    assert line is not None
    assert line[0] == pytest.approx(0.0, abs=0.1) and line[1] == pytest.approx(1.0, abs=0.08)
    fixed = calibration_table(y, p, bins=10, strategy="fixed")
    assert all(b.upper - b.lower <= 0.1 + 1e-12 for b in fixed.bins)
    # over-confident predictions: slope well below 1
    over = 1 / (1 + np.exp(-3 * np.log(p / (1 - p))))
    assert calibration_line(y, over)[1] == pytest.approx(1 / 3, abs=0.05)  # type: ignore[index]


# ---------------------------------------------------------------------------- fit on a known law


def test_fit_recovers_a_known_logistic_law_and_calibrates():
    frame = synthetic(n=6000)
    model = fit_logistic(frame, "success", ["age_first_funding_year", "category_code"], c=1e4, seed=0)
    age = model.features[0]
    # coefficient on the standardised age = beta * sd(age)
    assert model.weights[0] == pytest.approx(0.8 * age.scale, rel=0.08)  # type: ignore[union-attr]
    cats = dict(zip(model.terms[1:], model.weights[1:], strict=True))
    assert cats["category_code=software"] - cats["category_code=other"] == pytest.approx(1.2, abs=0.15)
    # well specified: Platt's map is close to the identity
    assert model.calibration.a == pytest.approx(1.0, abs=0.08)
    assert model.calibration.b == pytest.approx(0.0, abs=0.08)
    p = model.predict(frame)
    assert np.max(np.abs(p - frame["true_p"])) < 0.08


def test_penalised_fit_solves_its_stated_objective_and_covariance_matches_mle():
    """The covariance assumes scikit-learn minimises C * sum(log-loss) + |w|^2 / 2: at the optimum
    X'(y - p) = w / C.  With a negligible penalty the covariance equals the MLE's (statsmodels)."""
    import statsmodels.api as sm

    frame = synthetic(n=3000, seed=5)
    for c in (0.05, 1.0):
        model = fit_logistic(frame, "success", ["age_first_funding_year", "category_code"], c=c)
        x = model.design(frame)
        p = 1 / (1 + np.exp(-model.linear_score(x)))
        y = frame["success"].to_numpy()
        assert x.T @ (y - p) == pytest.approx(np.array(model.weights) / c, abs=1e-3)
        assert abs(np.sum(y - p)) < 1e-3  # unpenalised intercept
    model = fit_logistic(frame, "success", ["age_first_funding_year"], c=1e8)
    x = model.design(frame)
    mle = sm.Logit(frame["success"].to_numpy(), sm.add_constant(x)).fit(disp=0)
    assert np.array(model.covariance) == pytest.approx(np.asarray(mle.cov_params()), rel=1e-3)
    assert (model.intercept, model.weights[0]) == pytest.approx(tuple(mle.params), rel=1e-4)


def test_interval_contains_the_probability_and_narrows_with_data():
    small = fit_logistic(synthetic(n=300, seed=2), "success", ["age_first_funding_year", "category_code"])
    large = fit_logistic(synthetic(n=6000, seed=2), "success", ["age_first_funding_year", "category_code"])
    row = {"age_first_funding_year": [1.5], "category_code": ["web"]}
    for m in (small, large):
        lo, hi = m.interval(row, 0.9)
        assert lo[0] < m.predict(row)[0] < hi[0]
    width = {k: float(m.interval(row)[1][0] - m.interval(row)[0][0]) for k, m in (("small", small), ("large", large))}
    assert width["large"] < width["small"] / 2  # about sqrt(20) narrower
    with pytest.raises(AnalysisError):
        large.interval(row, 1.5)


def test_cross_validation_and_time_split_are_out_of_sample():
    frame = synthetic(n=3000, seed=4)
    oracle = roc_auc(frame["success"], frame["true_p"])
    cv = cross_validate(frame, "success", ["age_first_funding_year", "category_code"], seed=0)
    assert cv.scores.n == 3000 and cv.scores.auc == pytest.approx(oracle, abs=0.02)
    assert cv.scores.brier < cv.scores.base_brier
    ts = time_split(frame, "success", ["age_first_funding_year", "category_code"], by="year_founded", train_to=2006)
    assert ts.n_train == int((frame["year_founded"] <= 2006).sum())
    assert ts.scores.n == int((frame["year_founded"] > 2006).sum())
    assert ts.params["test_from"] == 2007
    # a pure-noise feature cannot look good out of sample
    noise = frame.assign(category_code=np.random.default_rng(9).choice(["a", "b", "c"], len(frame)))
    cv_noise = cross_validate(noise, "success", ["category_code"], seed=0)
    assert cv_noise.scores.auc < 0.56
    with pytest.raises(AnalysisError):
        time_split(frame, "success", ["category_code"], by="year_founded", train_to=2020)


def test_fit_is_deterministic():
    frame = synthetic(n=800, seed=8)
    a = fit_logistic(frame, "success", ["age_first_funding_year", "category_code"], seed=3)
    b = fit_logistic(frame, "success", ["age_first_funding_year", "category_code"], seed=3)
    assert a == b


# ---------------------------------------------------------------------------- the leakage guard


@pytest.mark.parametrize("column", ["age_last_funding_year", "relationships", "milestones", "funding_rounds",
                                    "funding_total_usd", "has_roundB", "is_top500", "closed_at", "status", "n_founders"])
def test_guard_refuses_post_outcome_columns(column):
    with pytest.raises(AnalysisError) as err:
        guard_features(["age_first_funding_year", column])
    assert err.value.key == "outcomes.error.leaky_feature"
    assert err.value.params["feature"] == column
    assert "outcome" in err.value.message("en") or "identifier" in err.value.message("en")


def test_guard_refuses_unlisted_columns_and_accepts_the_allow_list():
    with pytest.raises(AnalysisError) as err:
        guard_features(["category_code", "ceo_height"])
    assert err.value.key == "outcomes.error.unknown_feature"
    assert guard_features(list(ALLOWED)) == tuple(ALLOWED)
    with pytest.raises(AnalysisError):
        guard_features(["category_code", "category_code"])
    assert not set(ALLOWED) & set(FORBIDDEN)


def test_training_with_a_leaked_column_is_refused():
    """The leaked column predicts the outcome perfectly (it is larger for every success); the fit
    must refuse it before looking at the data."""
    frame = synthetic(n=500)
    assert roc_auc(frame["success"], frame["age_last_funding_year"] - frame["age_first_funding_year"]) == 1.0
    with pytest.raises(AnalysisError) as err:
        fit_logistic(frame, "success", ["age_first_funding_year", "age_last_funding_year"])
    assert err.value.key == "outcomes.error.leaky_feature"
    with pytest.raises(AnalysisError):
        cross_validate(frame, "success", ["age_last_funding_year"])


def test_a_model_file_with_a_leaked_feature_is_refused():
    data = shipped_model().model_dump(mode="json")
    data["model"]["features"][0]["name"] = "age_last_funding_year"
    data["model"]["terms"][0] = "age_last_funding_year"
    with pytest.raises(AnalysisError) as err:
        OutcomeModelSpec.model_validate(data)
    assert err.value.key == "outcomes.error.leaky_feature"
    data = shipped_model().model_dump(mode="json")
    data["excluded"] = [*data["excluded"], "year_founded"]  # allowed: not something the guard refuses
    with pytest.raises(AnalysisError):
        OutcomeModelSpec.model_validate(data)


# ---------------------------------------------------------------------------- the shipped model


def test_shipped_model_uses_only_pre_decision_features_and_states_its_metrics():
    spec = shipped_model()
    assert set(spec.model.feature_names) <= set(ALLOWED)
    assert not set(spec.model.feature_names) & set(FORBIDDEN)
    assert spec.dataset.licence == "CC0-1.0"  # only CC0/CC BY/MIT data may train a shipped model
    assert spec.population.country == "US"
    assert spec.population.founded_from >= spec.dataset.period[0]
    m = spec.metrics
    for s in (m.cross_validation.scores, m.time_split.scores):
        assert 0.0 <= s.auc_low <= s.auc <= s.auc_high <= 1.0
        assert 0.0 < s.brier < 0.5
    assert spec.meets_target == (min(m.cross_validation.scores.auc, m.time_split.scores.auc) >= spec.target_auc.value)
    assert spec.model.calibration.a > 0  # calibration keeps the order of the scores
    for key in (*spec.limitations, spec.population.label, spec.population.decision_point):
        assert has_key(key), key
    assert set(spec.excluded) <= set(FORBIDDEN)


def test_every_vertical_maps_to_known_categories():
    spec = shipped_model()
    levels = next(f.levels for f in spec.model.features if f.name == "category_code")  # type: ignore[union-attr]
    for vertical in Vertical:
        choice = spec.profile_mapping.category_code.get(vertical.value)
        if vertical is Vertical.OTHER:
            assert choice is None  # unknown vertical: every category is a candidate
        else:
            assert choice is not None and set(choice.candidates) <= set(levels), vertical


def test_model_card_renders_in_both_languages():
    card = outcome_model_card()
    en, zh = card.summary("en"), card.summary("zh")
    assert "AUC" in en and "CC0-1.0" in en and "age_last_funding_year" in en
    assert "交叉验证" in zh and "模型卡" in zh
    json.dumps(card.to_dict())


# ---------------------------------------------------------------------------- profiles and the use case


@pytest.mark.parametrize("name", ["forge-vision", "lingxi-cx", "medicare-ai", "northstar-studio", "promptly",
                                  "xuebao-tutor"])
def test_examples_are_outside_the_population_and_get_no_number(name):
    result = assess_outcome(load_profile(EXAMPLES / f"{name}.yaml"))
    assert result.status == "out_of_population"
    assert result.probability is None and result.low is None and result.high is None
    assert not result.usable_for_verdict
    keys = {m.key for m in result.reasons}
    assert "outcomes.population.period" in keys
    startup = load_profile(EXAMPLES / f"{name}.yaml")
    assert ("outcomes.population.country" in keys) == (startup.identity.country != "US")
    for lang in ("en", "zh"):
        assert result.summary(lang)


def test_a_profile_in_the_population_gets_a_calibrated_range():
    spec = shipped_model()
    startup = parse_profile(profile_data())
    result = assess(startup, spec)
    assert result.status == "estimated"
    assert result.probability is not None and result.low is not None and result.high is not None
    assert 0 < result.low < result.probability < result.high < 1
    # content fits several Crunchbase categories: the number is their mean, the range spans them all
    candidates = spec.profile_mapping.category_code["content"].candidates
    assert set(result.by_category) == set(candidates)
    assert result.probability == pytest.approx(np.mean(list(result.by_category.values())))
    assert result.low <= min(result.by_category.values()) and max(result.by_category.values()) <= result.high
    age = next(f for f in result.features if f.name == "age_first_funding_year")
    assert age.status == "filled" and age.value == pytest.approx((pd.Timestamp("2009-05-15") - pd.Timestamp("2008-03-01")).days / 365.25)
    assert age.source == "rounds[0].date - identity.founded"
    assert result.usable_for_verdict == spec.meets_target
    assert result.verdict_note.key == ("outcomes.verdict.usable" if spec.meets_target else "outcomes.verdict.weak_model")
    assert "%" in result.summary("en") and "概率" in result.summary("zh")


def test_a_single_category_vertical_and_a_late_first_round():
    data = profile_data()
    data["vertical"] = "finance"
    data["rounds"] = [{**data["rounds"][1], "date": "2012-06-01"}]  # ~4.3 years after founding
    result = assess_outcome(parse_profile(data))
    assert result.status == "estimated" and not result.by_category
    category = next(f for f in result.features if f.name == "category_code")
    assert category.status == "filled" and category.value == "other"
    data["identity"] = {**data["identity"], "founded": "2000-01-10"}
    data["rounds"] = [{**data["rounds"][0], "date": "2013-06-01"}]  # 13.4 years: beyond the training range
    clipped = assess_outcome(parse_profile(data))
    age = next(f for f in clipped.features if f.name == "age_first_funding_year")
    assert age.status == "clipped" and age.note is not None and age.note.key == "outcomes.gap.clipped"
    assert clipped.status == "estimated"


def test_no_round_before_the_decision_means_no_number():
    startup = parse_profile(profile_data())
    import datetime as dt

    result = assess_outcome(startup, as_of=dt.date(2009, 1, 1))
    assert result.status == "not_computable" and result.probability is None
    assert [m.key for m in result.reasons] == ["outcomes.gap.no_round"]
    with pytest.raises(AnalysisError):
        assess_outcome(startup, as_of=dt.date(2007, 1, 1))
    later = assess_outcome(startup, as_of=dt.date(2009, 6, 1))
    assert later.status == "estimated"


def test_other_countries_are_outside_even_in_the_period():
    result = assess_outcome(parse_profile(profile_data(country="CN", currency="CNY")))
    assert result.status == "out_of_population"
    assert [m.key for m in result.reasons] == ["outcomes.population.country"]


def test_mapping_names_what_a_profile_cannot_fill():
    spec = shipped_model()
    data = spec.model_dump(mode="json")
    data["model"]["features"][0]["name"] = "year_founded"
    data["model"]["terms"][0] = "year_founded"
    state = {"name": "state_code", "kind": "categorical", "levels": ["CA", "NY", "Other"]}
    data["model"]["features"].append(state)
    k = len(data["model"]["terms"])
    data["model"]["terms"] += ["state_code=CA", "state_code=NY", "state_code=Other"]
    data["model"]["weights"] += [0.0, 0.0, 0.0]
    data["model"]["covariance"] = np.eye(k + 4).tolist()
    other = OutcomeModelSpec.model_validate(data)
    mapped = map_profile(parse_profile(profile_data()), other)
    assert mapped.missing == ("state_code",)
    assert mapped.value("year_founded").value == 2008
    result = assess(parse_profile(profile_data()), other)
    assert result.status == "not_computable"
    assert [m.key for m in result.reasons] == ["outcomes.gap.no_state"]


def test_results_are_language_neutral_json():
    from goldmine.i18n import set_lang

    startup = parse_profile(profile_data())
    docs = []
    for lang in ("en", "zh"):
        set_lang(lang)
        docs.append(json.dumps(assess_outcome(startup).to_dict(), sort_keys=True))
    set_lang(None)
    assert docs[0] == docs[1]
    doc = json.loads(docs[0])
    assert {"status", "probability", "low", "high", "base_rate", "features", "card", "usable_for_verdict"} <= set(doc)
    assert doc["verdict_note"]["key"].startswith("outcomes.verdict.")


# ---------------------------------------------------------------------------- CLI


def test_cli_json_is_the_same_in_both_languages(cli):
    path = str(EXAMPLES / "medicare-ai.yaml")
    en = cli("--lang", "en", "outcome", path, "--json")
    zh = cli("--lang", "zh", "outcome", path, "--json")
    assert en.exit_code == 0 and zh.exit_code == 0, (en, zh)
    assert en.stdout == zh.stdout
    assert json.loads(en.stdout)["status"] == "out_of_population"


def test_cli_prints_tables_and_refuses_a_bad_date(cli, tmp_path):
    import yaml

    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(profile_data(), allow_unicode=True), encoding="utf-8")
    for lang in ("en", "zh"):
        out = cli("--lang", lang, "outcome", str(path))
        assert out.exit_code == 0, out
        assert "AUC" in out.stdout
    assert "%" in cli("outcome", str(path), "--level", "0.8").stdout
    bad = cli("outcome", str(path), "--as-of", "2009-13-40")
    assert bad.exit_code == 2


# ---------------------------------------------------------------------------- architecture


def test_outcomes_package_is_pure_analytics():
    from test_architecture import SRC, goldmine_imports, io_calls

    bad = []
    for path in sorted((SRC / "outcomes").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad += [f"{path.name}: {c}" for c in io_calls(tree)]
        bad += [f"{path.name} imports goldmine.{d}" for d in goldmine_imports(tree, path)
                if d in ("pipeline", "report", "cli", "store", "io", "api")]
    assert not bad, bad


def test_errors_render_in_both_languages():
    err: GoldmineError
    with pytest.raises(AnalysisError) as info:
        guard_features(["relationships"])
    err = info.value
    assert "relationships" in err.message("en") and "relationships" in err.message("zh")


# ---------------------------------------------------------------------------- the real data (../shared)


@pytest.mark.shared_data
def test_kaggle_reader_and_checksum(shared_data):
    from goldmine.io.startup_datasets import file_sha256, kaggle_file, read_startup_success

    path = kaggle_file(shared_data / "startups" / "startup_success")
    frame = read_startup_success(path)
    assert len(frame) == 843 and int(frame["success"].sum()) == 555
    assert file_sha256(path) == shipped_model().dataset.sha256


@pytest.mark.shared_data
def test_shipped_model_is_reproduced_from_the_data(shared_data):
    """Refitting on the Kaggle set with the model file's settings gives the shipped numbers, and the
    cross-validation gives the metrics the model card states."""
    from goldmine.io.startup_datasets import read_startup_success

    spec = shipped_model()
    frame = read_startup_success(shared_data / "startups" / "startup_success")
    frame = frame[frame["year_founded"] >= spec.population.founded_from]
    transforms = {f.name: f.transform for f in spec.model.features if f.kind == "numeric"}  # type: ignore[union-attr]
    names = spec.model.feature_names
    refit = fit_logistic(frame, "success", names, transforms=transforms, c=spec.model.penalty_c,
                         folds=spec.metrics.cross_validation.folds, seed=spec.seed)
    assert refit.weights == pytest.approx(spec.model.weights, abs=1e-6)
    assert (refit.calibration.a, refit.calibration.b) == pytest.approx(
        (spec.model.calibration.a, spec.model.calibration.b), abs=1e-6)
    cv = cross_validate(frame, "success", names, transforms=transforms, c=spec.model.penalty_c,
                        folds=spec.metrics.cross_validation.folds, seed=spec.metrics.cross_validation.seed)
    assert cv.scores.auc == pytest.approx(spec.metrics.cross_validation.scores.auc, abs=1e-6)
    assert cv.scores.brier == pytest.approx(spec.metrics.cross_validation.scores.brier, abs=1e-6)


@pytest.mark.shared_data
def test_leaked_columns_would_inflate_the_auc_and_are_refused(shared_data):
    """On the real data the post-outcome columns carry the outcome (a one-column AUC far above the
    shipped model's), which is why the guard refuses them."""
    from goldmine.io.startup_datasets import read_startup_success

    frame = read_startup_success(shared_data / "startups" / "startup_success")
    assert roc_auc(frame["success"], frame["relationships"]) > 0.7
    with pytest.raises(AnalysisError) as err:
        fit_logistic(frame, "success", ["category_code", "relationships"])
    assert err.value.params["feature"] == "relationships"
    honest = score(frame["success"], np.full(len(frame), frame["success"].mean()))
    assert honest.auc == 0.5


@pytest.mark.shared_data
def test_yc_reader(shared_data):
    from goldmine.io.startup_datasets import read_yc_startups

    yc = read_yc_startups(shared_data / "startups" / "ali-ce")
    assert len(yc) == 688
    assert yc["status"].value_counts().to_dict() == {"operating": 523, "dead": 85, "exited": 80}
    assert yc["success"].isna().sum() == 523
