"""Sentiment benchmarks of issue #8 on ../shared/data/sentiment (skipped when absent).

Run:  .venv/bin/python benchmarks/sentiment_bench.py [--quick] [--json out.json] [--only NAME ...]

* Financial PhraseBank AllAgree and 50Agree: the trained default (TF-IDF word + char n-grams,
  logistic regression), stratified 10-fold CV (seed from data/sentiment.yaml); the zero-shot English
  analyzer on AllAgree and 50Agree (no training).
* Twitter Financial News (MIT): zero-shot English analyzer and trained default, train → valid.
* FinFE: trained on the train split, evaluated on the eval split; zero-shot dictionary analyzer on
  the eval split.
* FinNSP: trained default, train → eval split; dictionary analyzer (negative-news flag = label
  ``negative``) on the eval split.
* Throughput (texts/second, one process) of each analyzer, measured on the same machine in the same
  run; the trained model's throughput is prediction only.

Nothing here is written into the package: models are fitted in memory and discarded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sentiment_data as D  # noqa: E402

from goldmine.sentiment import ChineseDictionaryAnalyzer, EnglishFinanceAnalyzer  # noqa: E402
from goldmine.sentiment.train import TrainConfig, cross_validate, evaluate, fit  # noqa: E402


def seed() -> int:
    from importlib import resources

    import yaml

    data = yaml.safe_load((resources.files("goldmine") / "data" / "sentiment.yaml").read_text(encoding="utf-8"))
    return int(data["train"]["seed"]["value"])


def rate(analyzer, texts) -> float:
    analyzer.score(texts[:50])  # warm up (jieba dictionary, lexicon)
    t0 = time.perf_counter()
    analyzer.score(texts)
    return len(texts) / (time.perf_counter() - t0)


def row(name, ev, seconds, extra=None) -> dict:
    out = {"benchmark": name, "n": ev.n, "method": ev.method, "folds": ev.folds,
           "accuracy": round(ev.accuracy, 4), "macro_f1": round(ev.macro_f1, 4),
           "per_class_f1": {k: round(v, 4) for k, v in ev.per_class_f1.items()},
           "confusion": ev.confusion, "labels": ev.labels, "majority_baseline": round(ev.majority_baseline, 4),
           "seconds": round(seconds, 1)}
    if ev.fold_accuracy:
        out["fold_accuracy_min_max"] = [round(min(ev.fold_accuracy), 4), round(max(ev.fold_accuracy), 4)]
    out.update(extra or {})
    print(f"{name:<42} n={ev.n:<6} acc={ev.accuracy:.3f} macroF1={ev.macro_f1:.3f} "
          f"(majority {ev.majority_baseline:.3f}) {seconds:.1f}s", flush=True)
    return out


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    res = fn(*args, **kw)
    return res, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 folds instead of 10")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--only", nargs="*", help="run only benchmarks whose name contains one of these")
    args = ap.parse_args(argv)
    if not D.available():
        print(f"skipped: {D.SHARED} not found")
        return 0
    folds = 3 if args.quick else 10
    s = seed()
    results = []

    def want(name):
        return not args.only or any(k.lower() in name.lower() for k in args.only)

    en = EnglishFinanceAnalyzer()
    zh = ChineseDictionaryAnalyzer()
    for level in ("AllAgree", "50Agree"):
        X, y = D.phrasebank(level)
        name = f"PhraseBank {level} zero-shot en-lexicon"
        if want(name):
            ev, sec = timed(evaluate, en, X, y)
            results.append(row(name, ev, sec))
        name = f"PhraseBank {level} trained default ({folds}-fold)"
        if want(name):
            ev, sec = timed(cross_validate, X, y, TrainConfig(), folds=folds, seed=s)
            results.append(row(name, ev, sec))
    Xtr, ytr = D.twitter("train")
    Xva, yva = D.twitter("valid")
    name = "Twitter fin. news valid zero-shot en-lexicon"
    if want(name):
        ev, sec = timed(evaluate, en, Xva, yva)
        results.append(row(name, ev, sec))
    name = "Twitter fin. news trained default (train->valid)"
    if want(name):
        (model, sec) = timed(fit, Xtr, ytr, TrainConfig(), seed=s)
        ev = evaluate(model, Xva, yva)
        results.append(row(name, ev, sec, {"predict_texts_per_s": round(rate(model, Xva), 0)}))
    Ftr, ftr = D.finfe("train")
    Fev, fev = D.finfe("eval")
    name = "FinFE eval zero-shot zh-dictionary"
    if want(name):
        ev, sec = timed(evaluate, zh, Fev, fev)
        results.append(row(name, ev, sec))
    name = "FinFE trained default (train->eval)"
    if want(name):
        model, sec = timed(fit, Ftr, ftr, TrainConfig(), seed=s)
        ev = evaluate(model, Fev, fev)
        results.append(row(name, ev, sec, {"predict_texts_per_s": round(rate(model, Fev), 0)}))
    Ntr, ntr = D.finnsp("train")
    Nev, nev = D.finnsp("eval")
    name = "FinNSP eval zero-shot zh-dictionary"
    if want(name):
        ev, sec = timed(evaluate, zh, Nev, nev, label_map={"negative": "1", "neutral": "0", "positive": "0"})
        results.append(row(name, ev, sec))
    name = "FinNSP trained default (train->eval)"
    if want(name):
        model, sec = timed(fit, Ntr, ntr, TrainConfig(), seed=s)
        ev = evaluate(model, Nev, nev)
        results.append(row(name, ev, sec, {"predict_texts_per_s": round(rate(model, Nev), 0)}))
    if want("throughput"):
        pb, _ = D.phrasebank("AllAgree")
        from goldmine.sentiment import AutoAnalyzer

        tp = {"en-lexicon (PhraseBank AllAgree)": rate(en, pb),
              "zh-dictionary (FinFE eval)": rate(zh, Fev),
              "auto (PhraseBank AllAgree + FinFE eval)": rate(AutoAnalyzer(), pb + Fev)}
        for k, v in tp.items():
            print(f"throughput {k:<40} {v:,.0f} texts/s", flush=True)
        results.append({"benchmark": "throughput", "texts_per_s": {k: round(v) for k, v in tp.items()}})
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
