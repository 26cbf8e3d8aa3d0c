"""Loaders of the shared evaluation data sets for the sentiment benchmarks (issue #8).

The data stay in ``../shared/data/sentiment`` (see each folder's SOURCE.md); nothing is copied into
the repository. Every loader returns ``(texts, labels)`` with labels ``negative``/``neutral``/
``positive`` (FinNSP's negative-news flag: 1 = ``negative``, 0 = ``neutral``, read as "not negative"),
or raises ``FileNotFoundError``.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GOLDMINE_SHARED", ROOT.parent / "shared")) / "data" / "sentiment"
FINFE_LABELS = {0: "negative", 1: "neutral", 2: "positive"}
TWITTER_LABELS = {"0": "negative", "1": "positive", "2": "neutral"}


def available() -> bool:
    return SHARED.is_dir()


def phrasebank(level: str = "AllAgree") -> tuple[list[str], list[str]]:
    """Financial PhraseBank v1.0 (Malo et al. 2014), latin-1 "sentence@label" lines."""
    path = SHARED / "financial_phrasebank" / f"Sentences_{level}.txt"
    texts, labels = [], []
    for line in path.read_text(encoding="latin-1").splitlines():
        if "@" not in line:
            continue
        text, label = line.rsplit("@", 1)
        texts.append(text.strip())
        labels.append(label.strip())
    return texts, labels


def finfe(split: str = "train") -> tuple[list[str], list[str]]:
    """FinFE (BBT-FinCUGE): stock-forum posts, 0 = negative, 1 = neutral, 2 = positive."""
    rows = json.loads((SHARED / "zh_fincuge" / "finfe" / f"{split}_list.json").read_text(encoding="utf-8"))
    return [r[0] for r in rows], [FINFE_LABELS[int(r[1])] for r in rows]


def finnsp(split: str = "train") -> tuple[list[str], list[str]]:
    """FinNSP (BBT-FinCUGE): title + text of financial news, label 1 = negative news, 0 = not."""
    rows = json.loads((SHARED / "zh_fincuge" / "finnsp" / f"{split}_list.json").read_text(encoding="utf-8"))
    texts = [(r[1] + "。" + r[2]) if r[1] and r[1] != r[2] else r[2] for r in rows]
    return texts, ["negative" if str(r[4]) == "1" else "neutral" for r in rows]


def twitter(split: str = "train") -> tuple[list[str], list[str]]:
    """Twitter Financial News Sentiment v1.0.0 (MIT): 0 = bearish, 1 = bullish, 2 = neutral."""
    path = SHARED / "twitter_financial_news" / f"sent_{'train' if split == 'train' else 'valid'}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [TWITTER_LABELS[r["label"]] for r in rows]
