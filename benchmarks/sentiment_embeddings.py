"""Optional benchmark of the ``ml`` extra: all-MiniLM-L6-v2 embeddings + logistic regression (issue #8).

Run:  .venv/bin/python benchmarks/sentiment_embeddings.py [--level AllAgree] [--folds 10] [--no-docs]

Skipped (exit 0) when the extra or ../shared/data/sentiment is absent. The texts are embedded once
(the encoder is frozen, so embedding inside or outside the folds gives the same features); the
logistic regression of ``TrainConfig(features="embeddings")`` is then cross-validated with the same
stratified folds as the default model. Throughput = texts embedded per second on this machine.
Writes its table into docs/benchmarks.md (region ``sentiment-embeddings``) unless ``--no-docs``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sentiment_data as D  # noqa: E402
from docs_table import load, markdown_table, write_region  # noqa: E402

DOC_REGIONS = ("sentiment-embeddings",)  # the regions of docs/benchmarks.md this script writes

def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--level", default="AllAgree")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20251126)
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args(argv)
    load_start = load()
    from goldmine.sentiment import embeddings

    if not D.available() or not embeddings.available():
        print("skipped: shared data or the ml extra is absent")
        return 0
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from goldmine.sentiment.train import TrainConfig, evaluation_from_predictions

    X, y = D.phrasebank(args.level)
    emb = embeddings.MiniLMEmbedder()
    emb.transform(X[:8])  # load the encoder
    t0 = time.perf_counter()
    Z = emb.transform(X)
    rate = len(X) / (time.perf_counter() - t0)
    y_arr = np.array(y, dtype=object)
    pred = np.empty(len(y), dtype=object)
    cfg = TrainConfig(features="embeddings")
    for tr, te in StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(Z, y_arr):
        clf = LogisticRegression(C=cfg.C, class_weight=cfg.class_weight, max_iter=cfg.max_iter)
        clf.fit(Z[tr], y_arr[tr])
        pred[te] = clf.predict(Z[te])
    ev = evaluation_from_predictions(y, list(pred), "cv", folds=args.folds)
    print(f"PhraseBank {args.level} MiniLM embeddings + LR ({args.folds}-fold): n={ev.n} "
          f"acc={ev.accuracy:.3f} macroF1={ev.macro_f1:.3f}; embedding {rate:.0f} texts/s (CPU)")
    if not args.no_docs:
        import torch

        table = markdown_table(
            ["benchmark", "n", "accuracy", "macro-F1", "majority class", "embedding texts/s"],
            [[f"PhraseBank {args.level}, MiniLM embeddings + LR (`ml` extra, torch {torch.__version__} CPU), {args.folds}-fold",
              f"{ev.n:,}", f"{ev.accuracy:.3f}", f"{ev.macro_f1:.3f}", f"{ev.majority_baseline:.3f}", f"{rate:.0f}"]], "lrrrrr")
        write_region("sentiment-embeddings", table, script="benchmarks/sentiment_embeddings.py", load_start=load_start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
