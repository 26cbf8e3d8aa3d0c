"""Trainable sentiment classifiers and their cross-validated evaluation (issue #8).

* :class:`TrainConfig` — the default model: TF-IDF of word 1-2-grams (jieba words for Chinese,
  letters-and-digits words otherwise) and character 1-4-grams, sublinear term frequency
  (Manning, Raghavan & Schütze 2008, *Introduction to Information Retrieval* §6.4.1), then
  multinomial logistic regression (scikit-learn). This is the classic strong baseline for short-text
  sentiment (Wang & Manning 2012, ACL, "Baselines and Bigrams"). ``features="embeddings"`` uses
  all-MiniLM-L6-v2 sentence embeddings instead (``ml`` extra, see ``embeddings.py``).
* :func:`fit` → :class:`TrainedModel` (an :class:`~goldmine.sentiment.base.Analyzer`: scores are
  P(positive) − P(negative) when those labels exist).
* :func:`cross_validate` — stratified k-fold predictions → :class:`Evaluation`;
  :func:`evaluate` — a fitted model or any analyzer on held-out labelled texts.
* :class:`Evaluation` — accuracy, macro-F1 (unweighted mean of per-class F1), per-class F1 and
  the confusion matrix (rows = true label, columns = predicted, in ``labels`` order).
* Labels: :func:`check_labels` refuses labels outside the accepted set before anything is fitted or
  scored — training needs labels whose polarity is known (``positive``/``neutral``/``negative`` and
  the names :func:`polarity_of` lists: ``pos``, ``bullish``, ``积极``, ``利空`` ...), because a model's
  score is P(positive) − P(negative); an evaluation needs labels the analyzer can predict. Codes such
  as ``0``/``1``/``2`` are refused with the values found (issue #21: they used to give accuracy 0.0
  and exit code 0). :func:`evaluate` compares labels by polarity (``Positive``, ``bullish`` and the
  analyzer's ``positive`` are the same class).

Pure: texts and labels in, fitted objects and frozen results out; randomness from ``seed``.
Saving and loading model files is in :mod:`goldmine.io.sentiment_models`; the use cases of
``goldmine sentiment train|eval`` are :mod:`goldmine.pipeline.sentiment`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from goldmine.errors import AnalysisError, InputError, Problem
from goldmine.results import Result
from goldmine.sentiment.base import (
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    Analyzer,
    Progress,
    Scores,
    Texts,
    prepare_texts,
)

_WORD_RE = re.compile(r"[a-z0-9]+(?:['\-.][a-z0-9]+)*")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_POS_NAMES = {"positive", "pos", "bullish", "积极", "正面", "正向", "利好"}
_NEG_NAMES = {"negative", "neg", "bearish", "消极", "负面", "负向", "利空"}
_NEU_NAMES = {"neutral", "neu", "中性"}


def word_tokens(text: str) -> list[str]:
    """Word tokens for the TF-IDF word n-grams: jieba words where Han script occurs, else words."""
    low = text.lower()
    if _HAN_RE.search(low):
        from goldmine.sentiment.zh_dict import _base_tokenizer

        return [w for w in _base_tokenizer().lcut(low) if w.strip() and (w.isalnum() or _HAN_RE.search(w))]
    return _WORD_RE.findall(low)


@dataclass(frozen=True)
class TrainConfig:
    """Settings of the default classifier (see the module docstring)."""

    features: str = "tfidf"            # "tfidf" or "embeddings"
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (1, 4)
    min_df: int = 1
    sublinear_tf: bool = True
    C: float = 10.0
    class_weight: str | None = "balanced"
    max_iter: int = 3000

    def to_dict(self) -> dict[str, Any]:
        return {"features": self.features, "word_ngrams": list(self.word_ngrams),
                "char_ngrams": list(self.char_ngrams), "min_df": self.min_df,
                "sublinear_tf": self.sublinear_tf, "C": self.C, "class_weight": self.class_weight,
                "max_iter": self.max_iter}


def build_pipeline(config: TrainConfig = TrainConfig(), seed: int = 0) -> Any:
    """The unfitted scikit-learn pipeline for ``config`` (scikit-learn is untyped here: ``Any``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    clf = LogisticRegression(C=config.C, class_weight=config.class_weight, max_iter=config.max_iter,
                             random_state=seed)
    if config.features == "embeddings":
        from goldmine.sentiment.embeddings import MiniLMEmbedder

        return Pipeline([("embed", MiniLMEmbedder()), ("clf", clf)])
    if config.features != "tfidf":
        raise InputError("config", [Problem("features", "expected.one_of", config.features,
                                            params={"choices": "tfidf, embeddings"})])
    words = TfidfVectorizer(tokenizer=word_tokens, token_pattern=None, lowercase=False,
                            ngram_range=config.word_ngrams, min_df=config.min_df,
                            sublinear_tf=config.sublinear_tf)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, min_df=config.min_df,
                            sublinear_tf=config.sublinear_tf, lowercase=True)
    return Pipeline([("features", FeatureUnion([("words", words), ("chars", chars)])), ("clf", clf)])


LABEL_NAMES: dict[str, tuple[str, ...]] = {
    NEGATIVE: tuple(sorted(_NEG_NAMES)), NEUTRAL: tuple(sorted(_NEU_NAMES)), POSITIVE: tuple(sorted(_POS_NAMES)),
}
"""The accepted label names by class (any case): what ``sentiment train`` and ``eval`` read."""


def polarity_of(label: str) -> int | None:
    """+1, 0, -1 for recognised label names (positive/积极/bullish ...), None otherwise."""
    name = str(label).strip().lower()
    if name in _POS_NAMES:
        return 1
    if name in _NEG_NAMES:
        return -1
    if name in _NEU_NAMES:
        return 0
    return None


def canonical_label(label: Any) -> str:
    """``positive``, ``neutral`` or ``negative`` for a recognised name (any case), else the label as text."""
    p = polarity_of(str(label))
    if p is None:
        return str(label).strip()
    return POSITIVE if p > 0 else NEGATIVE if p < 0 else NEUTRAL


def check_labels(labels: Sequence[str], accepted: Sequence[str] | None = None, *,
                 source: str = "labelled data", column: str = "label") -> None:
    """Refuse labels outside ``accepted`` (compared by :func:`canonical_label`; default: every name
    of :data:`LABEL_NAMES`): an :class:`InputError` naming ``source`` (the file), ``column`` and the
    values found, so ``0``/``1``/``2`` never score silently against ``negative``/``neutral``/``positive``."""
    allowed = {canonical_label(a) for a in accepted} if accepted is not None else set(LABEL_NAMES)
    bad = sorted({str(y).strip() for y in labels if canonical_label(y) not in allowed})
    if not bad:
        return
    if accepted is None:
        key, names = "sentiment.expected.labels", "; ".join(
            f"{cls} ({', '.join(n for n in LABEL_NAMES[cls] if n != cls)})" for cls in (NEGATIVE, NEUTRAL, POSITIVE))
    else:
        key, names = "sentiment.expected.labels_of_analyzer", ", ".join(sorted(allowed, key=_label_key))
    shown = ", ".join(bad[:10]) + (", ..." if len(bad) > 10 else "")
    raise InputError(source, [Problem(column, key, shown, params={"names": names}, raw_found=True)])


class TrainedModel(Analyzer):
    """A fitted classifier with the :class:`Analyzer` interface and its metadata.

    ``score`` is Σ P(label) × polarity(label) over labels whose polarity is known
    (positive = +1, negative = -1, neutral and unknown = 0), so it lies in [-1, 1].
    """

    def __init__(self, pipeline: Any, labels: Sequence[str], config: TrainConfig,
                 metadata: dict[str, Any] | None = None):
        self.pipeline = pipeline
        self.labels = tuple(str(x) for x in labels)
        self.config = config
        self.metadata = dict(metadata or {})
        self.name = str(self.metadata.get("name", f"trained-{config.features}"))
        self._polarity = np.array([polarity_of(x) or 0 for x in self.labels], dtype=float)

    def predict_proba(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        proba: npt.NDArray[np.float64] = self.pipeline.predict_proba(list(texts))
        return proba

    def _score_batch(self, texts: list[str]) -> tuple[list[str], list[float]]:
        if not texts:
            return [], []
        proba = self.predict_proba(texts)
        classes = [str(c) for c in self.pipeline.classes_]
        order = [classes.index(lab) for lab in self.labels]
        proba = proba[:, order]
        labels = [self.labels[k] for k in proba.argmax(axis=1)]
        return labels, list(proba @ self._polarity)


@dataclass(frozen=True)
class Evaluation(Result):
    """Accuracy, macro-F1, per-class F1 and confusion matrix of predictions against labels.

    JSON keys: ``method`` (``cv`` or ``holdout``), ``folds``, ``n``, ``labels``, ``accuracy``,
    ``macro_f1``, ``per_class_f1``, ``confusion`` (rows true, columns predicted),
    ``fold_accuracy``, ``majority_baseline`` (accuracy of always predicting the commonest label).
    """

    method: str
    n: int
    labels: tuple[str, ...]
    accuracy: float
    macro_f1: float
    per_class_f1: dict[str, float]
    confusion: tuple[tuple[int, ...], ...]
    folds: int | None = None
    fold_accuracy: tuple[float, ...] = ()
    majority_baseline: float = float("nan")
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import has_key, t

        def name(label: str) -> str:
            key = f"sentiment.label.{label}"
            return t(key, lang) if has_key(key) else label

        head = t("sentiment.summary.eval", lang, n=self.n, method=t(f"sentiment.method.{self.method}", lang),
                 folds="" if self.folds is None else f" ({self.folds})",
                 acc=f"{self.accuracy:.3f}", f1=f"{self.macro_f1:.3f}",
                 base=f"{self.majority_baseline:.3f}")
        per = ", ".join(f"{name(k)} {v:.3f}" for k, v in self.per_class_f1.items())
        return f"{head}\n  F1: {per}"


def evaluation_from_predictions(y_true: Sequence[str], y_pred: Sequence[str], method: str,
                                labels: Sequence[str] | None = None, folds: int | None = None,
                                fold_accuracy: Sequence[float] = ()) -> Evaluation:
    """Metrics of ``y_pred`` against ``y_true`` (scikit-learn's definitions)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    y_true = [str(x) for x in y_true]
    y_pred = [str(x) for x in y_pred]
    labs = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred), key=_label_key)
    per = f1_score(y_true, y_pred, labels=labs, average=None, zero_division=0)
    present = [lab for lab in labs if lab in set(y_true)]
    macro = f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=labs)
    majority = Counter(y_true).most_common(1)[0][1] / len(y_true) if y_true else float("nan")
    return Evaluation(method=method, n=len(y_true), labels=tuple(labs),
                      accuracy=float(accuracy_score(y_true, y_pred)), macro_f1=float(macro),
                      per_class_f1={lab: float(f) for lab, f in zip(labs, per, strict=True)},
                      confusion=tuple(tuple(int(v) for v in row) for row in cm), folds=folds,
                      fold_accuracy=tuple(float(a) for a in fold_accuracy),
                      majority_baseline=float(majority))


def _label_key(label: str) -> tuple[int, int | str]:
    p = polarity_of(label)
    return (0, p) if p is not None else (1, label)


def check_training_data(texts: Texts, labels: Sequence[Any],
                        source: str = "labelled data") -> tuple[list[str], list[str]]:
    """Clean texts (``prepare_texts``), labels as strings; at least two classes, equal lengths."""
    xs = prepare_texts(texts, source)
    ys = [str(y).strip() for y in labels]
    if len(xs) != len(ys):
        raise InputError(source, [Problem("labels", "sentiment.expected.label_count", len(ys), params={"n": len(xs)},
                                          raw_found=True)])
    missing = [i for i, y in enumerate(ys) if y in ("", "nan", "None")]
    if missing:
        raise InputError(source, [Problem(f"[{missing[0]}].label", "expected.nonempty", None)])
    if len(set(ys)) < 2:
        raise AnalysisError("sentiment.error.one_label", path="labels", label=ys[0] if ys else "")
    return xs, ys


def fit(texts: Sequence[str], labels: Sequence[str], config: TrainConfig = TrainConfig(),
        seed: int = 0, metadata: dict[str, Any] | None = None, *,
        source: str = "labelled data", column: str = "label") -> TrainedModel:
    """Fit ``config``'s pipeline on all the labelled texts (labels: :func:`check_labels`; ``source``
    and ``column`` name the file and the label column in its errors)."""
    xs, ys = check_training_data(texts, labels)
    pipe = build_pipeline(config, seed)
    check_labels(ys, source=source, column=column)
    pipe.fit(xs, ys)
    labs = sorted(set(ys), key=_label_key)
    meta = {"n_train": len(xs), "class_counts": dict(Counter(ys)), "config": config.to_dict(),
            "seed": seed}
    meta.update(metadata or {})
    return TrainedModel(pipe, labs, config, meta)


def cross_validate(texts: Sequence[str], labels: Sequence[str], config: TrainConfig = TrainConfig(),
                   folds: int = 10, seed: int = 0, progress: Progress | None = None, *,
                   source: str = "labelled data", column: str = "label") -> Evaluation:
    """Stratified k-fold cross-validation (shuffled with ``seed``); pooled out-of-fold metrics.

    Accuracy and F1 are computed on the pooled out-of-fold predictions (every text predicted once
    by a model that did not see it); ``fold_accuracy`` lists each fold's accuracy.
    """
    from sklearn.model_selection import StratifiedKFold

    xs, ys = check_training_data(texts, labels)
    smallest = min(Counter(ys).values())
    if folds < 2 or smallest < folds:
        raise AnalysisError("sentiment.error.folds", path="folds", folds=folds, smallest=smallest)
    check_labels(ys, source=source, column=column)
    x_arr = np.array(xs, dtype=object)
    y_arr = np.array(ys, dtype=object)
    pred = np.empty(len(ys), dtype=object)
    fold_acc = []
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (tr, te) in enumerate(skf.split(x_arr, y_arr)):
        pipe = build_pipeline(config, seed)
        pipe.fit(list(x_arr[tr]), list(y_arr[tr]))
        pred[te] = pipe.predict(list(x_arr[te]))
        fold_acc.append(float(np.mean(pred[te] == y_arr[te])))
        if progress is not None:
            progress(k + 1, folds)
    labs = sorted(set(ys), key=_label_key)
    return evaluation_from_predictions(ys, list(pred), "cv", labs, folds, fold_acc)


def evaluate(analyzer: Analyzer, texts: Sequence[str], labels: Sequence[str],
             label_map: dict[str, str] | None = None, *,
             source: str = "labelled data", column: str = "label") -> Evaluation:
    """Held-out evaluation of any analyzer; ``label_map`` renames predicted labels first
    (e.g. ``{"positive": "neutral"}`` for a negative-news flag).  True and predicted labels are
    compared by :func:`canonical_label`; a true label the analyzer cannot predict is refused
    (:func:`check_labels`) before any text is scored."""
    xs, ys = check_training_data(texts, labels)
    mapping = label_map or {}
    predictable = analyzer.labels if isinstance(analyzer, TrainedModel) else (NEGATIVE, NEUTRAL, POSITIVE)
    check_labels(ys, [mapping.get(p, p) for p in predictable], source=source, column=column)
    ys = [canonical_label(y) for y in ys]
    scores: Scores = analyzer.score(xs)
    pred = [canonical_label(mapping.get(p, p)) for p in scores.labels]
    labs = sorted(set(ys) | set(pred), key=_label_key)
    return evaluation_from_predictions(ys, pred, "holdout", labs)


__all__ = ["TrainConfig", "TrainedModel", "Evaluation", "build_pipeline", "fit", "cross_validate",
           "evaluate", "evaluation_from_predictions", "word_tokens", "polarity_of", "canonical_label",
           "check_labels", "LABEL_NAMES",
           "POSITIVE", "NEGATIVE", "NEUTRAL"]
