"""The sentiment use cases (issue #12): one function per command for the CLI and the sector view, defaults
from data/sentiment.yaml, model files through goldmine.io, language-neutral JSON."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from goldmine.errors import FileFormatError, InputError
from goldmine.pipeline.sentiment import (
    evaluate_model,
    resolve_analyzer,
    run_index,
    score_texts,
    train_model,
)
from goldmine.sentiment import (
    AutoAnalyzer,
    EnglishFinanceAnalyzer,
    IndexConfig,
    sentiment_config,
    sentiment_index,
)

ROWS = [(f"2025-03-{d + 1:02d}", "Profit rose strongly." if d < 15 else "Losses widened sharply.", "wire")
        for d in range(30)] + [(f"2025-03-{d + 1:02d}", "利润大幅增长" if d % 3 else "亏损扩大，不看好", "论坛") for d in range(30)]


def _news() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["date", "text", "source"])


def test_run_index_is_the_index_with_the_shipped_defaults():
    ix = run_index(_news())
    ref = sentiment_index(_news(), AutoAnalyzer())
    assert ix.to_dict() == ref.to_dict()
    assert ix.half_life_days == sentiment_config().index.half_life_days.value == 7
    slow = run_index(_news(), "auto", half_life=30, zscore="expanding")
    assert slow.config.half_life_days == 30 and slow.config.zscore == "expanding"
    assert slow.to_dict() == sentiment_index(_news(), config=IndexConfig(half_life_days=30, zscore="expanding")).to_dict()


def test_index_result_has_typed_fields_for_reports():
    ix = run_index(_news())
    d = ix.to_dict()
    assert ix.latest_date == d["latest"]["date"] == d["end"] == ix.end == "2025-03-30"
    assert ix.start == d["start"] == "2025-03-01"
    assert ix.latest_index == pytest.approx(d["latest"]["index"])
    assert ix.latest_attention_z == pytest.approx(d["latest"]["attention_z"])
    assert ix.n_documents == d["n_documents"] == 60
    assert list(ix.combined.columns[:1]) == ["index"] and len(ix.combined) == len(d["combined"])
    assert d["config"] == {"half_life_days": 7.0, "zscore": "full", "min_periods": 14}


def test_score_texts_and_analyzer_names():
    texts = ["Revenue rose sharply", "利润大幅下降"]
    r = score_texts(texts)
    assert r.to_dict() == AutoAnalyzer().score(texts).to_dict()
    assert r.labels == ("positive", "negative")
    assert score_texts(texts, "en").analyzer == "en-lexicon"
    en = EnglishFinanceAnalyzer()
    assert resolve_analyzer(en) is en
    with pytest.raises(InputError) as exc:
        resolve_analyzer("model.joblib")        # a model file is loaded by the CLI, through goldmine.io
    assert exc.value.problems[0].expected == "sentiment.expected.analyzer"


def test_train_and_evaluate_model(tmp_path):
    texts = [f"{c} reported record profit" for c in "ABCDEF"] + [f"{c} warned of heavy losses" for c in "ABCDEF"]
    labels = ["positive"] * 6 + ["negative"] * 6
    result = train_model(texts, labels, folds=3, seed=1)
    assert result.evaluation is not None and result.evaluation.folds == 3 and result.seed == 1
    assert result.to_dict()["n_train"] == 12 and result.to_dict()["labels"] == ["negative", "positive"]
    assert train_model(texts, labels, folds=0).evaluation is None
    assert train_model(texts, labels, folds=0).seed == sentiment_config().train.seed.value
    ev = evaluate_model(texts, labels, result.model)
    assert ev.accuracy == 1.0

    from goldmine.io.sentiment_models import load_model, save_model

    path, meta = save_model(result.model, tmp_path / "m.joblib", result.evaluation)
    assert evaluate_model(texts, labels, load_model(path)).accuracy == 1.0
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(FileFormatError) as exc:
        load_model(path)
    assert exc.value.problems[0].expected == "sentiment.expected.model_hash"
    assert "SHA-256" in exc.value.message("en") and "哈希" in exc.value.message("zh")
    meta.unlink()
    with pytest.raises(FileFormatError) as exc:
        load_model(path)
    assert exc.value.problems[0].to_dict()["params"] == {"name": "m.json"}


def test_sentiment_yaml_is_a_frozen_model_that_refuses_unknown_keys():
    cfg = sentiment_config()
    assert cfg.train.folds.value == 10 and cfg.index.zscore.value == "full"
    with pytest.raises(InputError) as exc:
        sentiment_config({"index": {"half_lif_days": {"value": 3}}})
    assert exc.value.problems[0].path == "index.half_lif_days"
    with pytest.raises(InputError):
        sentiment_config({"index": {"zscore": {"value": "rolling"}}})


def test_training_errors_are_keyed():
    from goldmine.errors import AnalysisError
    from goldmine.sentiment.train import check_training_data, cross_validate

    with pytest.raises(InputError) as exc:
        check_training_data(["a", "b"], ["x"])
    assert exc.value.problems[0].expected == "sentiment.expected.label_count"
    assert "as many labels as texts (2)" in exc.value.message("en")
    with pytest.raises(AnalysisError) as exc2:
        check_training_data(["a", "b"], ["x", "x"])
    assert exc2.value.key == "sentiment.error.one_label"
    with pytest.raises(AnalysisError) as exc2:
        cross_validate(["a", "b", "c", "d"], ["x", "x", "y", "y"], folds=10)
    assert exc2.value.key == "sentiment.error.folds" and exc2.value.params == {"folds": 10, "smallest": 2}


@pytest.mark.parametrize("args", [
    ["sentiment", "score", "Revenue rose sharply", "利润大幅下降", "--json"],
    ["sentiment", "index", "NEWS", "--half-life", "3", "--zscore", "expanding", "--json"],
])
def test_json_is_the_same_in_both_languages(cli, tmp_path, args):
    news = tmp_path / "news.csv"
    _news().to_csv(news, index=False)
    args = [str(news) if a == "NEWS" else a for a in args]
    docs = []
    for lang in ("en", "zh"):
        r = cli("--lang", lang, *args)
        assert r.exit_code == 0, r
        docs.append(json.loads(r.stdout))
    assert docs[0] == docs[1]


def test_cli_index_equals_the_use_case(cli, tmp_path):
    news = tmp_path / "news.csv"
    _news().to_csv(news, index=False)
    r = cli("sentiment", "index", news, "--json")
    assert r.exit_code == 0, r
    got = json.loads(r.stdout)
    frame = pd.read_csv(news, dtype=str, keep_default_na=False)
    want = json.loads(json.dumps(run_index(frame).to_dict()))
    assert {k: v for k, v in got.items() if k != "files"} == want
    assert np.isfinite(want["latest"]["index"])


def test_demo_news_comes_from_io():
    from goldmine.io.demo_data import demo_news, sentiment_demo_news

    frame = sentiment_demo_news()
    assert {"date", "text"} <= set(frame.columns) and len(frame) >= 60
    assert all(isinstance(x, str) for x in frame["date"])
    assert len(demo_news()) == 88
