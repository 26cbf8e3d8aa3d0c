"""Mixed-language corpora: route each text to the analyzer of its language (issue #8).

:class:`AutoAnalyzer` detects each text's language (:mod:`goldmine.sentiment.langdetect`) and
scores Chinese texts with the Chinese analyzer and English ones with the English analyzer; texts
without letters (``und``) are neutral with score 0. A text with both scripts (at least two Han
characters and two Latin words, e.g. "英伟达 Nvidia beats estimates，股价大涨") is scored by both
analyzers — the Chinese one on the whole text, the English one on its Latin words — and the two
scores are averaged, weighted by each script's share of the estimated word count; the label is
then taken from the combined score with the dominant language's neutral threshold.

:func:`get_analyzer` builds an analyzer by name (``auto``, ``en``, ``zh``);
:func:`goldmine.pipeline.sentiment.load_analyzer` also accepts the path of a model file.
"""

from __future__ import annotations

from goldmine.errors import InputError, Problem
from goldmine.sentiment.base import Analyzer, label_from_score
from goldmine.sentiment.en_lexicon import EnglishFinanceAnalyzer
from goldmine.sentiment.langdetect import (
    CHARS_PER_ZH_WORD,
    detect,
    is_mixed,
    script_counts,
    split_scripts,
)
from goldmine.sentiment.zh_dict import ChineseDictionaryAnalyzer


class AutoAnalyzer(Analyzer):
    """Per-text language routing between an English and a Chinese analyzer."""

    name = "auto"

    def __init__(self, en: Analyzer | None = None, zh: Analyzer | None = None):
        self.en = en or EnglishFinanceAnalyzer()
        self.zh = zh or ChineseDictionaryAnalyzer()

    def _score_batch(self, texts: list[str]) -> tuple[list[str], list[float]]:
        langs = [detect(x) for x in texts]
        labels = ["neutral"] * len(texts)
        scores = [0.0] * len(texts)
        for lang, analyzer in (("en", self.en), ("zh", self.zh)):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            if not idx:
                continue
            labs, scs = analyzer._score_batch([texts[i] for i in idx])
            for k, i in enumerate(idx):
                labels[i], scores[i] = labs[k], float(scs[k])
        mixed = [i for i, x in enumerate(texts) if is_mixed(x)]
        if mixed:
            self._rescore_mixed(texts, langs, mixed, labels, scores)
        return labels, scores

    def _rescore_mixed(self, texts: list[str], langs: list[str], idx: list[int], labels: list[str],
                       scores: list[float]) -> None:
        zh_scores = self.zh._score_batch([texts[i] for i in idx])[1]
        en_scores = self.en._score_batch([split_scripts(texts[i])[1] for i in idx])[1]
        for k, i in enumerate(idx):
            han, latin = script_counts(texts[i])
            w_zh = (han / CHARS_PER_ZH_WORD) / (han / CHARS_PER_ZH_WORD + latin)
            s = w_zh * float(zh_scores[k]) + (1 - w_zh) * float(en_scores[k])
            dominant = self.zh if langs[i] == "zh" else self.en
            scores[i] = s
            labels[i] = label_from_score(s, float(getattr(dominant, "threshold", 0.0)))


NAMES = {"auto": "auto", "en": "en", "en-lexicon": "en", "english": "en",
         "zh": "zh", "zh-dictionary": "zh", "chinese": "zh"}


def is_analyzer_name(name: str) -> bool:
    """True for the names of the shipped analyzers (``auto``, ``en``, ``zh`` and their long names)."""
    return str(name).strip().lower() in NAMES


def get_analyzer(name: str = "auto") -> Analyzer:
    """The shipped analyzer called ``name``: ``auto`` (default), ``en`` (``en-lexicon``, ``english``) or
    ``zh`` (``zh-dictionary``, ``chinese``); :class:`InputError` for any other name.  A model file
    is loaded by :func:`goldmine.pipeline.sentiment.load_analyzer`."""
    key = NAMES.get(str(name).strip().lower())
    if key == "auto":
        return AutoAnalyzer()
    if key == "en":
        return EnglishFinanceAnalyzer()
    if key == "zh":
        return ChineseDictionaryAnalyzer()
    raise InputError("--analyzer", [Problem("", "sentiment.expected.analyzer", name)])
