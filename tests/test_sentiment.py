"""Tests of goldmine.sentiment on small corpora written for these tests (issue #8).

Every sentence here was written for this file (no data set was copied). Golden behaviours come
from the rules' sources: VADER's negation and "but" rules (Hutto & Gilbert 2014, ICWSM) and the SF
Fed news-sentiment construction (Shapiro, Sudhof & Wilson 2022, J. Econometrics 228(2)).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.errors import AnalysisError, InputError
from goldmine.sentiment import (
    AutoAnalyzer,
    ChineseDictionaryAnalyzer,
    EnglishFinanceAnalyzer,
    IndexConfig,
    build_index,
    detect,
    prepare_texts,
    sentiment_index,
)
from goldmine.sentiment.langdetect import split_scripts


@pytest.fixture(scope="module")
def en():
    return EnglishFinanceAnalyzer()


@pytest.fixture(scope="module")
def zh():
    return ChineseDictionaryAnalyzer()


@pytest.fixture(scope="module")
def auto(en, zh):
    return AutoAnalyzer(en=en, zh=zh)


# ------------------------------------------------------------------ English analyzer

@pytest.mark.parametrize("pos, neg", [
    ("The company is profitable.", "The company is not profitable."),
    ("Analysts expect strong demand.", "Analysts do not expect strong demand."),
    ("Net sales increased in the quarter.", "Net sales did not increase in the quarter."),
])
def test_english_negation_flips_polarity(en, pos, neg):
    """VADER's rule: a negation within three words before a sentiment word flips it (x -0.74)."""
    a, b = en.score([pos, neg]).scores
    assert a > 0 > b


def test_english_negated_opinion_verb_covers_its_object(en):
    """Review: "We do not believe the company has a bright future" scored +0.44: the negation was more than
    three words before "bright".  A negated opinion verb negates its clause."""
    pos, neg = en.score(["We believe the company has a bright future.",
                         "We do not believe the company has a bright future."]).scores
    assert pos > 0 > neg
    assert en.score("We did not see any improvement in margins.").scores[0] < 0
    assert en.score("We do not expect losses to widen.").scores[0] > 0       # movement x quantity, negated
    assert en.score("I do not think it is not good.").scores[0] > 0          # not double counted
    assert en.score("They don't think the outlook is great, but sales rose.").scores[0] > 0  # scope ends at but


@pytest.mark.parametrize("text, label", [
    ("Operating loss narrowed to EUR 2.1 mn from EUR 5.3 mn.", "positive"),
    ("Costs fell sharply in the third quarter.", "positive"),
    ("Orders fell by 20 % and the outlook was cut.", "negative"),
    ("The company will cut 120 jobs at its plant.", "negative"),
    ("Net loss widened to USD 40 million.", "negative"),
    ("Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.", "positive"),
    ("Operating profit totalled EUR 4.0 mn compared with EUR 6.2 mn a year earlier.", "negative"),
    ("The annual general meeting will be held in Helsinki on 12 March.", "neutral"),
    ("The interest rate on the bond is 5 %.", "neutral"),
])
def test_english_finance_rules(en, text, label):
    """Movement x quantity ("loss narrowed" is good news) and earlier-period comparisons."""
    assert en.score(text).labels[0] == label


def test_english_but_rule_weighs_the_second_clause(en):
    """VADER's "but" rule: after "but" words weigh 1.5, before 0.5."""
    s = en.score("Revenue grew strongly, but the company warned of a steep loss.").scores[0]
    assert s < 0


def test_boosters_intensify(en):
    plain, boosted = en.score(["Results were good.", "Results were extremely good."]).scores
    assert boosted > plain > 0


# ------------------------------------------------------------------ Chinese analyzer

@pytest.mark.parametrize("pos, neg", [
    ("我看好这家公司", "我不看好这家公司"),
    ("公司实现盈利", "公司没有盈利"),
    ("投资者很乐观", "投资者并不乐观"),
])
def test_chinese_negation_flips_polarity(zh, pos, neg):
    a, b = zh.score([pos, neg]).scores
    assert a > 0 > b


@pytest.mark.parametrize("pos, neg", [
    ("市场看好这家公司的前景", "市场并不看好这家公司的前景"),
    ("我们认为公司前景乐观", "我们并不认为公司前景乐观"),
    ("分析师认为营收会增长", "分析师不认为营收会增长"),
])
def test_chinese_negated_opinion_verb_covers_its_object(zh, pos, neg):
    """Review: 市场并不看好这家公司的前景 scored neutral (不看好 -1 and the positive dictionary word 前景 +1
    cancelled) and 我们并不认为公司前景乐观 scored positive.  A negated opinion verb negates its object up to
    the end of the clause."""
    a, b = zh.score([pos, neg]).scores
    assert a > 0 > b
    assert zh.score(neg).labels[0] == "negative"


def test_chinese_opinion_scope_ends_at_the_clause_and_is_not_double_counted(zh):
    # the scope stops at the comma and at a contrast word: the second clause keeps its own polarity
    assert zh.score("我不看好大盘，但是这家公司前景很好").labels[0] == "positive"
    assert zh.score("我不看好大盘但公司前景好").labels[0] == "positive"
    # 不 before 认为 is the verb's negation, not counted a second time for 不好: double negation is positive
    assert zh.score("不认为公司不好").labels[0] == "positive"


@pytest.mark.parametrize("text, label", [
    ("公司前景不乐观", "negative"), ("业绩不佳", "negative"), ("业绩并不理想", "negative"),
    ("风险可控", "positive"), ("前景广阔", "positive"), ("存在风险", "negative"),
])
def test_chinese_judged_topic_noun_takes_the_judgement(zh, text, label):
    """Review: 前景 (prospects) and 业绩 are positive dictionary words, so 公司前景不乐观 and 业绩并不理想 scored
    neutral (+1 - 1) and 业绩不佳 positive.  A topic noun judged later in its clause takes that judgement."""
    assert zh.score(text).labels[0] == label


def test_chinese_negated_compound_word(zh):
    """不看好 may be one jieba token: the negation prefix rule still flips 看好."""
    assert zh.score("不看好").labels[0] == "negative"
    assert zh.score("看好").labels[0] == "positive"


def test_chinese_degree_and_contrast(zh):
    weak, strong = zh.score(["业绩增长", "业绩非常大幅增长"]).scores
    assert strong > weak > 0
    assert zh.score("短期有些利好，但是长期风险很大，前景悲观").labels[0] == "negative"


@pytest.mark.parametrize("text, label", [
    ("公司亏损收窄", "positive"), ("营收下滑", "negative"), ("净利润大幅增长", "positive"),
    ("费用明显增加", "negative"), ("股价没有上涨", "negative"),
])
def test_chinese_movement_rule(zh, text, label):
    """Movement x quantity, as in the English analyzer: a narrowing loss is good news."""
    assert zh.score(text).labels[0] == label


def test_chinese_user_lexicon():
    from goldmine.sentiment.zh_dict import lexicon_from_words

    a = ChineseDictionaryAnalyzer(lexicon=lexicon_from_words({"起飞"}, {"趴下"}))
    assert a.score(["股价起飞", "股价趴下", "股价不会趴下"]).labels == ("positive", "negative", "positive")


# ------------------------------------------------------------------ input handling

def test_empty_inputs(en, zh, auto):
    for a in (en, zh, auto):
        assert len(a.score([])) == 0
        r = a.score(["", "   ", "12345 %%"])
        assert r.labels == ("neutral",) * 3 and r.scores == (0.0,) * 3
        assert r.to_dict()["n"] == 3


def test_none_and_nan_are_empty_texts(auto):
    r = auto.score([None, float("nan"), "profit rose", pd.NA])
    assert r.labels == ("neutral", "neutral", "positive", "neutral")
    assert r.languages == ("und", "und", "en", "und")
    col = pd.Series(["利润大增", None, "Sales fell"], dtype="string")
    assert auto.score(col).labels == ("positive", "neutral", "negative")


@pytest.mark.parametrize("bad", [[1, "ok"], ["ok", {"a": 1}], ["ok", ["nested"]]])
def test_non_text_raises_input_error_with_position(auto, bad):
    with pytest.raises(InputError) as exc:
        auto.score(bad)
    assert "[" in exc.value.message("en") and "text" in exc.value.message("en")
    assert "文本" in exc.value.message("zh")


def test_non_iterable_raises():
    with pytest.raises(InputError):
        prepare_texts(42)
    assert prepare_texts("one text") == ["one text"]
    assert prepare_texts([b"bytes \xe2\x9c\x93"]) == ["bytes ✓"]


def test_single_string_is_one_text(en):
    assert len(en.score("Revenue rose.")) == 1


def test_batching_gives_same_result(auto):
    texts = ["profit rose", "利润下滑", "neutral words here", "股价大涨"] * 5
    assert auto.score(texts, batch_size=3).scores == auto.score(texts, batch_size=100).scores
    with pytest.raises(InputError):
        auto.score(texts, batch_size=0)


# ------------------------------------------------------------------ language detection and mixing

@pytest.mark.parametrize("text, lang", [
    ("Revenue rose 5 %", "en"), ("营收增长百分之五", "zh"), ("", "und"), ("12,345.6 %", "und"),
    ("英伟达 Nvidia 股价大涨", "zh"), ("Nvidia (英伟达) beats estimates again this quarter", "en"),
    ("Выручка выросла", "und"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_mixed_corpus_routes_each_text(auto, en, zh):
    texts = ["Net profit rose sharply.", "公司利润大幅下滑，不看好。", "Sales fell.", "股价涨停，看好后市"]
    r = auto.score(texts)
    assert r.languages == ("en", "zh", "en", "zh")
    assert r.labels == ("positive", "negative", "negative", "positive")
    assert r.scores[0] == pytest.approx(en.score(texts[0]).scores[0])
    assert r.scores[1] == pytest.approx(zh.score(texts[1]).scores[1 - 1])


def test_mixed_script_text_uses_both_analyzers(auto):
    """A text with both scripts: the English words are scored too."""
    han, latin = split_scripts("英伟达 Nvidia beats estimates，股价大涨")
    assert latin == "Nvidia beats estimates" and "英伟达" in han
    r = auto.score(["公司 reported a record profit and strong growth", "公司 profit warning and heavy losses"])
    assert r.scores[0] > 0 > r.scores[1]


# ------------------------------------------------------------------ properties

@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_scores_bounded_and_labels_consistent(texts):
    """Any text: score in [-1, 1], one label per text, sign agrees with the label."""
    a = _AUTO
    r = a.score(texts)
    assert len(r) == len(texts)
    for lab, s in zip(r.labels, r.scores, strict=True):
        assert -1.0 <= s <= 1.0 and not math.isnan(s)
        assert lab in ("negative", "neutral", "positive")
        if lab == "positive":
            assert s > 0
        if lab == "negative":
            assert s < 0


_AUTO = AutoAnalyzer()


# ------------------------------------------------------------------ index

def _docs(rows):
    return pd.DataFrame(rows, columns=["date", "text", "source"])


def test_index_net_tone_and_decay_golden():
    """Net tone (pos − neg)/(pos + neg) per day; decayed counts with w = 0.5^(1/h) (SF Fed)."""
    docs = pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-01", "2025-01-03"]),
        "label": ["positive", "positive", "negative", "negative"], "score": [0.5, 0.5, -0.5, -0.5],
        "source": ["a", "a", "b", "a"], "language": ["en", "en", "en", "en"]})
    ix = build_index(docs, IndexConfig(half_life_days=1.0))
    lang = ix.by_language
    assert list(lang["n_docs"]) == [3, 0, 1]
    assert lang["net_tone"].iloc[0] == pytest.approx(1 / 3)
    assert math.isnan(lang["net_tone"].iloc[1])
    # day 3: P = 2 * 0.25, N = 1 * 0.25 + 1 → (0.5 - 1.25) / 1.75
    assert lang["tone"].iloc[2] == pytest.approx((0.5 - 1.25) / 1.75)
    # day 2 carries day 1 forward: same ratio
    assert lang["tone"].iloc[1] == pytest.approx(1 / 3)
    # attention in documents per day: (1 - w) * decayed count, w = 0.5
    assert lang["attention"].iloc[0] == pytest.approx(1.5)
    z = lang["tone_z"]
    assert z.mean() == pytest.approx(0.0, abs=1e-12) and z.std(ddof=1) == pytest.approx(1.0)
    groups = ix.by_group
    assert set(zip(groups["source"], groups["language"], strict=True)) == {("a", "en"), ("b", "en")}


def test_index_counts_label_names_in_any_case_or_language():
    """Review: a CSV (or a trained model) with labels "Positive"/"Negative", 积极/消极 or its own names gave an
    index of NaN only, because only the exact string "positive" was counted."""
    dates = pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"])
    base = {"date": dates, "score": [0.8, -0.5, 0.4, -0.2], "source": "s", "language": "en"}
    ref = build_index(pd.DataFrame({**base, "label": ["positive", "negative", "positive", "negative"]}))
    for labels in (["Positive", "Negative", "POSITIVE", "negative"], ["积极", "消极", "利好", "利空"],
                   ["up", "down", "up", "down"]):            # unknown names: the sign of the score
        ix = build_index(pd.DataFrame({**base, "label": labels}))
        np.testing.assert_allclose(ix.by_language["tone"], ref.by_language["tone"])
        assert ix.latest["index"] == pytest.approx(ref.latest["index"])


def test_index_combined_is_mean_of_language_z():
    rows = []
    for d in range(30):
        day = f"2025-03-{d + 1:02d}"
        rows.append((day, "Profit rose strongly." if d < 15 else "Losses widened sharply.", "wire"))
        rows.append((day, "利润大幅增长" if d % 3 else "亏损扩大，不看好", "论坛"))
    ix = sentiment_index(_docs(rows))
    c = ix.combined
    assert ix.languages == ("en", "zh")
    both = c[["tone_z_en", "tone_z_zh"]].mean(axis=1)
    np.testing.assert_allclose(c["index"], both)
    assert c["tone_z_en"].iloc[5] > 0 > c["tone_z_en"].iloc[-1]
    d = ix.to_dict()
    assert d["n_documents"] == 60 and d["combined"][0]["date"] == "2025-03-01"
    assert set(d["latest"]) == {"date", "index", "attention", "attention_z"}
    assert "60" in ix.summary("en") and "60" in ix.summary("zh")


def test_index_expanding_zscore_has_no_lookahead():
    rows = [(f"2025-01-{d + 1:02d}", "Profit rose." if d % 2 else "Sales fell.", "x") for d in range(28)]
    a = sentiment_index(_docs(rows), config=IndexConfig(zscore="expanding", min_periods=5))
    b = sentiment_index(_docs(rows[:20]), config=IndexConfig(zscore="expanding", min_periods=5))
    np.testing.assert_allclose(a.combined["index"].iloc[:20], b.combined["index"], equal_nan=True)
    assert a.combined["index"].iloc[:4].isna().all()


def test_index_half_life_changes_smoothing():
    rows = [(f"2025-01-{d + 1:02d}", "Profit rose." if d < 10 else "Sales fell.", "x") for d in range(20)]
    fast = sentiment_index(_docs(rows), config=IndexConfig(half_life_days=1)).by_language["tone"]
    slow = sentiment_index(_docs(rows), config=IndexConfig(half_life_days=30)).by_language["tone"]
    assert fast.iloc[12] < slow.iloc[12]


def test_index_bad_input():
    with pytest.raises(InputError) as exc:
        sentiment_index(pd.DataFrame({"text": ["a"]}))
    assert "date" in exc.value.message("en")
    with pytest.raises(InputError) as exc:
        sentiment_index(pd.DataFrame({"date": ["2025-01-01", "not a date"], "text": ["a", "b"]}))
    assert "row 3" in exc.value.message("en")
    with pytest.raises(InputError):
        sentiment_index(_docs([("2025-01-01", "x", "s")]), config=IndexConfig(half_life_days=0))
    with pytest.raises(AnalysisError):
        build_index(pd.DataFrame(columns=["date", "label", "score", "language"]))


def test_index_given_labels_and_language_column():
    frame = pd.DataFrame({"date": ["2025-01-01", "2025-01-02"], "label": ["positive", "negative"],
                          "score": [0.4, -0.2], "language": ["zh", "zh"], "text": ["", ""]})
    ix = sentiment_index(frame)
    assert ix.languages == ("zh",)
    assert list(ix.by_language["n_pos"]) == [1, 0]


def test_cli_score_takes_a_lone_csv_argument_as_the_file(cli, tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("text\nThe startup is not profitable and burns cash\n市场并不看好这家公司\n", encoding="utf-8")
    result = cli("sentiment", "score", f, "--json")
    assert result.exit_code == 0, result
    import json

    labels = [item["label"] for item in json.loads(result.stdout)["items"]]
    assert labels == ["negative", "negative"]


def test_cli_refuses_rows_with_extra_fields(cli, tmp_path):
    """An unquoted comma would otherwise shift the columns silently (pandas takes the first field
    as the index)."""
    f = tmp_path / "news.csv"
    f.write_text("text\nNvidia beats estimates, raises guidance\n", encoding="utf-8")
    result = cli("sentiment", "score", "--file", f)
    assert result.exit_code == 2
    assert "line 2: expected 1 fields as in the header" in " ".join(result.stderr.split())
