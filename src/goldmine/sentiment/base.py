"""The one interface of every sentiment analyzer, and the result it returns (issue #8).

* :class:`Analyzer` — ``score(texts)`` → :class:`Scores` (a label and a score per text), batched.
  Subclasses implement ``_score_batch(texts)`` on a list of clean strings.
* :class:`Scores` — labels (``negative`` / ``neutral`` / ``positive`` for the shipped analyzers),
  scores in [-1, 1] (negative to positive tone), the detected language of each text.
* :func:`prepare_texts` — input checking shared by all analyzers: one string or a sequence;
  ``None`` and NaN become empty texts (scored neutral, 0); anything else that is not text raises
  :class:`goldmine.errors.InputError` naming the position.

The label set and the [-1, 1] tone scale follow VADER's "compound" convention (Hutto & Gilbert
2014, ICWSM) so that lexicon analyzers and trained models feed one index (``index.py``).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from goldmine.errors import InputError, Problem
from goldmine.results import Result

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
LABELS = (NEGATIVE, NEUTRAL, POSITIVE)
POLARITY = {NEGATIVE: -1, NEUTRAL: 0, POSITIVE: 1}

Progress = Callable[[int, int], None]
Texts = str | bytes | Iterable[Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Scores(Result):
    """Labels and scores of a batch of texts, in input order.

    ``scores[i]`` is the tone of text *i* in [-1, 1] (VADER-style compound for lexicon
    analyzers; P(positive) − P(negative) for trained models). ``languages[i]`` is ``zh``, ``en``
    or ``und`` (no letters). JSON keys: ``analyzer``, ``n``, ``counts``, ``mean_score``,
    ``items`` (``label``, ``score``, ``language``).
    """

    analyzer: str
    labels: tuple[str, ...]
    scores: tuple[float, ...]
    languages: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(self.labels)
        keys = list(LABELS) + sorted(k for k in c if k not in LABELS)
        return {k: c.get(k, 0) for k in keys}

    @property
    def mean_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "analyzer": self.analyzer,
            "n": len(self),
            "counts": self.counts,
            "mean_score": self.mean_score,
            "items": [{"label": lab, "score": round(float(s), 6), "language": lg}
                      for lab, s, lg in zip(self.labels, self.scores, self.languages, strict=True)],
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        c = self.counts
        mean = self.mean_score
        return t("sentiment.summary.scores", lang, n=len(self), analyzer=self.analyzer,
                 pos=c.get(POSITIVE, 0), neu=c.get(NEUTRAL, 0), neg=c.get(NEGATIVE, 0),
                 mean="—" if mean is None else f"{mean:+.3f}")


def prepare_texts(texts: Texts, source: str = "texts") -> list[str]:
    """Check and normalise analyzer input: a list of strings, ``None``/NaN/``pd.NA`` → ``""``.

    Bytes are decoded as UTF-8. Numbers, mappings and other objects raise ``InputError``
    (``texts[i]: expected text, found 12``) rather than being silently stringified.
    """
    if isinstance(texts, str):
        return [texts]
    if isinstance(texts, bytes):
        texts = [texts]
    if texts is None or not isinstance(texts, Iterable) or isinstance(texts, dict):
        raise InputError(source, [Problem("", "sentiment.expected.text_list", texts)])
    out: list[str] = []
    problems: list[Problem] = []
    for i, x in enumerate(texts):
        if isinstance(x, str):
            out.append(x)
        elif x is None or (isinstance(x, float) and math.isnan(x)) or type(x).__name__ == "NAType":
            out.append("")
        elif isinstance(x, bytes):
            try:
                out.append(x.decode("utf-8"))
            except UnicodeDecodeError:
                problems.append(Problem(f"[{i}]", "expected.utf8", x[:20]))
        else:
            problems.append(Problem(f"[{i}]", "expected.text", x))
    if problems:
        raise InputError(source, problems[:10])
    return out


class Analyzer(ABC):
    """Base class: ``score(texts, batch_size, progress)`` → :class:`Scores`.

    Subclasses set ``name`` and implement ``_score_batch(texts) -> (labels, scores)``.
    ``languages`` come from :func:`goldmine.sentiment.langdetect.detect`.
    """

    name = "analyzer"
    labels: tuple[str, ...] = LABELS

    @abstractmethod
    def _score_batch(self, texts: list[str]) -> tuple[list[str], list[float]]:
        """Labels and scores of one batch of prepared texts."""

    def score(self, texts: Texts, batch_size: int = 512,
              progress: Progress | None = None) -> Scores:
        from goldmine.sentiment.langdetect import detect

        items = prepare_texts(texts)
        if batch_size < 1:
            raise InputError("batch_size", [Problem("", "expected.positive", batch_size)])
        labels: list[str] = []
        scores: list[float] = []
        for start in range(0, len(items), batch_size):
            batch = items[start:start + batch_size]
            lab, sc = self._score_batch(batch)
            labels.extend(lab)
            scores.extend(float(s) for s in sc)
            if progress is not None:
                progress(min(start + batch_size, len(items)), len(items))
        return Scores(self.name, tuple(labels), tuple(scores), tuple(detect(x) for x in items))

    def predict(self, texts: Texts) -> list[str]:
        """Labels only (scikit-learn style)."""
        return list(self.score(texts).labels)


def label_from_score(score: float, threshold: float) -> str:
    """``positive`` when score > threshold, ``negative`` when < -threshold, else ``neutral``."""
    if score > threshold:
        return POSITIVE
    if score < -threshold:
        return NEGATIVE
    return NEUTRAL


def normalize(x: float, alpha: float) -> float:
    """VADER's squashing x / sqrt(x² + alpha) into [-1, 1] (Hutto & Gilbert 2014, vaderSentiment)."""
    if x == 0:
        return 0.0
    return max(-1.0, min(1.0, x / math.sqrt(x * x + alpha)))


def chunks(seq: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]
