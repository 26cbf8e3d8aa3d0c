"""Issue #8 thresholds on the shared evaluation data (../shared/data/sentiment; skipped when absent).

Sources: Financial PhraseBank v1.0 (Malo et al. 2014, JASIST 65(4)); FinFE from BBT-FinCUGE (Lu et al.
2023, arXiv:2302.09432). The data are read in place, never copied. The full 10-fold figures are in
benchmarks/sentiment_bench.py and docs/benchmarks.md; these tests check the fast ones.
"""

from __future__ import annotations

import json

import pytest

from goldmine.sentiment import ChineseDictionaryAnalyzer, EnglishFinanceAnalyzer, evaluate

pytestmark = pytest.mark.shared_data


def phrasebank(shared_data, level):
    path = shared_data / "sentiment" / "financial_phrasebank" / f"Sentences_{level}.txt"
    if not path.exists():
        pytest.skip(f"{path} absent")
    rows = [line.rsplit("@", 1) for line in path.read_text(encoding="latin-1").splitlines() if "@" in line]
    return [r[0].strip() for r in rows], [r[1].strip() for r in rows]


def finfe(shared_data, split):
    path = shared_data / "sentiment" / "zh_fincuge" / "finfe" / f"{split}_list.json"
    if not path.exists():
        pytest.skip(f"{path} absent")
    rows = json.loads(path.read_text(encoding="utf-8"))
    names = {0: "negative", 1: "neutral", 2: "positive"}
    return [r[0] for r in rows], [names[int(r[1])] for r in rows]


def test_zero_shot_english_on_phrasebank_allagree(shared_data):
    """Issue #8: >= 0.72 accuracy (VADER alone 0.571, REFERENCES.md)."""
    ev = evaluate(EnglishFinanceAnalyzer(), *phrasebank(shared_data, "AllAgree"))
    assert ev.n == 2264
    assert ev.accuracy >= 0.72


def test_zero_shot_chinese_on_finfe_eval(shared_data):
    """Issue #8: >= 0.54 accuracy on FinFE's eval split (Yao informal + jieba: 0.540, REFERENCES.md)."""
    ev = evaluate(ChineseDictionaryAnalyzer(), *finfe(shared_data, "eval"))
    assert ev.n == 2020
    assert ev.accuracy >= 0.54


@pytest.mark.slow
def test_trained_default_on_finfe_subset(shared_data):
    """The trained default beats the dictionary on FinFE even from a quarter of the training split.

    (The issue's >= 0.78 with the full split is measured by benchmarks/sentiment_bench.py: 0.787;
    fitting all 16,157 posts takes longer than a test should.)
    """
    from goldmine.sentiment import fit

    texts, labels = finfe(shared_data, "train")
    model = fit(texts[:4000], labels[:4000])
    eval_texts, eval_labels = finfe(shared_data, "eval")
    ev = evaluate(model, eval_texts, eval_labels)
    dictionary = evaluate(ChineseDictionaryAnalyzer(), eval_texts, eval_labels)
    assert ev.accuracy >= 0.65 and ev.accuracy > dictionary.accuracy + 0.05
