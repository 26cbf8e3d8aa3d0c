"""News sentiment for the AI sector, in English and Chinese (issue #8).

One interface for every analyzer: ``analyzer.score(texts)`` → :class:`Scores` (a label and a
score in [-1, 1] per text, batched).

* :class:`EnglishFinanceAnalyzer` (``en_lexicon``) — zero-shot: VADER lexicon + finance lexicon
  and rules (negation, boosters, movement × quantity, earlier-period comparisons).
* :class:`ChineseDictionaryAnalyzer` (``zh_dict``) — zero-shot: jieba tokens + Yao 2021 / Jiang
  2021 financial sentiment dictionaries, negation and degree words.
* :class:`AutoAnalyzer` (``auto``) — per-text language detection (``langdetect``) and routing.
* ``train`` — TF-IDF word + character n-grams with logistic regression (or MiniLM embeddings,
  ``ml`` extra), stratified k-fold evaluation (model files: :mod:`goldmine.io.sentiment_models`).
* ``index`` — daily net tone per source and language, decaying average, z-score, combined zh/en
  index and attention (SF Fed Daily News Sentiment Index construction).
* ``config`` — the defaults of ``data/sentiment.yaml`` as a frozen model.

Pure: texts and frames in, frozen results out; lexicons and rules are read through
:mod:`goldmine.datafiles`.  The use cases of ``goldmine sentiment`` are :mod:`goldmine.pipeline.sentiment`.
See docs/sentiment.md for the resources shipped and their licences.
"""

from goldmine.sentiment.auto import AutoAnalyzer, get_analyzer
from goldmine.sentiment.base import LABELS, Analyzer, Scores, prepare_texts
from goldmine.sentiment.config import SentimentConfig, sentiment_config
from goldmine.sentiment.en_lexicon import EnglishFinanceAnalyzer
from goldmine.sentiment.index import (
           IndexConfig,
           IndexParameters,
           SentimentIndex,
           build_index,
           sentiment_index,
)
from goldmine.sentiment.langdetect import detect
from goldmine.sentiment.train import (
           Evaluation,
           TrainConfig,
           TrainedModel,
           cross_validate,
           evaluate,
           fit,
)
from goldmine.sentiment.zh_dict import ChineseDictionaryAnalyzer

__all__ = ["Analyzer", "Scores", "LABELS", "prepare_texts", "EnglishFinanceAnalyzer",
           "ChineseDictionaryAnalyzer", "AutoAnalyzer", "get_analyzer", "detect", "TrainConfig",
           "TrainedModel", "Evaluation", "fit", "cross_validate", "evaluate", "IndexConfig",
           "IndexParameters", "SentimentIndex", "build_index", "sentiment_index", "SentimentConfig",
           "sentiment_config"]
