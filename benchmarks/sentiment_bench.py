"""Sentiment benchmarks of issue #8 on ../shared/data/sentiment (skipped when absent).

Run:  .venv/bin/python benchmarks/sentiment_bench.py [--quick] [--json out.json] [--only NAME ...] [--no-docs]

Writes its tables into docs/benchmarks.md (regions ``sentiment-zero-shot``, ``sentiment-trained``,
``sentiment-throughput``), each only when all of its rows ran (``--only "zero-shot" throughput``
reruns the fast ones), never with ``--quick``, and not with ``--no-docs``.

* Financial PhraseBank AllAgree and 50Agree: the trained default (TF-IDF word + char n-grams,
  logistic regression), stratified 10-fold CV (seed from data/sentiment.yaml); the zero-shot English
  analyzer on AllAgree and 50Agree (no training).
* Twitter Financial News (MIT): zero-shot English analyzer and trained default, train → valid.
* FinFE: trained on the train split, evaluated on the eval split; zero-shot dictionary analyzer on
  the eval split.
* FinNSP: trained default, train → eval split; dictionary analyzer (negative-news flag = label
  ``negative``, everything else ``neutral``: ``positive`` predictions count as ``neutral``) on the eval split.
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
from docs_table import load, markdown_table, write_region  # noqa: E402

from goldmine.sentiment import ChineseDictionaryAnalyzer, EnglishFinanceAnalyzer  # noqa: E402
from goldmine.sentiment.train import TrainConfig, cross_validate, evaluate, fit  # noqa: E402

# issue #8's targets (accuracy, and macro-F1 where given) for the rows that have one
DOC_REGIONS = ("sentiment-zero-shot", "sentiment-trained", "sentiment-throughput")  # the regions of docs/benchmarks.md this script writes

TARGETS = {
    "PhraseBank AllAgree trained default (10-fold)": (0.88, 0.84),
    "PhraseBank 50Agree trained default (10-fold)": (0.78, None),
    "PhraseBank AllAgree zero-shot en-lexicon": (0.72, None),
    "FinFE trained default (train->eval)": (0.78, None),
    "FinFE eval zero-shot zh-dictionary": (0.54, None),
    "FinNSP trained default (train->eval)": (0.94, None),
}


def target_cell(r: dict) -> str:
    if r["benchmark"] not in TARGETS:
        return "—"
    acc, f1 = TARGETS[r["benchmark"]]
    ok = r["accuracy"] >= acc and (f1 is None or r["macro_f1"] >= f1)
    text = f">= {acc:.2f}" + (f" / >= {f1:.2f}" if f1 is not None else "")
    return f"{text} {'✓' if ok else '**✗**'}"


def accuracy_table(rows: list[dict]) -> str:
    return markdown_table(
        ["benchmark", "n", "accuracy", "macro-F1", "issue #8 target", "majority class", "time"],
        [[r["benchmark"], f"{r['n']:,}", f"**{r['accuracy']:.3f}**", f"{r['macro_f1']:.3f}", target_cell(r),
          f"{r['majority_baseline']:.3f}", f"{r['seconds']:.1f} s"] for r in rows], "lrrrlrr")


def write_docs(results: list[dict], expected: list[str], load_start: float) -> None:
    """Each region is written when every row it holds ran in this call."""
    rows = {r["benchmark"]: r for r in results}
    for region, names in (("sentiment-zero-shot", [n for n in expected if "zero-shot" in n]),
                          ("sentiment-trained", [n for n in expected if "trained" in n])):
        if all(n in rows for n in names):
            table = accuracy_table([rows[n] for n in names])
            if region == "sentiment-trained":
                table += "\n\nPrediction throughput of the trained models (texts/s): " + ", ".join(
                    f"{n.split(' trained')[0]} {rows[n]['predict_texts_per_s']:,.0f}" for n in names
                    if "predict_texts_per_s" in rows[n]) + "."
            write_region(region, table, script="benchmarks/sentiment_bench.py", load_start=load_start)
    if "throughput" in rows:
        tp = rows["throughput"]["texts_per_s"]
        write_region("sentiment-throughput", markdown_table(["analyzer (corpus)", "texts/s"],
                                                            [[k, f"{v:,}"] for k, v in tp.items()], "lr"),
                     script="benchmarks/sentiment_bench.py", load_start=load_start)


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
    ap.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = ap.parse_args(argv)
    load_start = load()
    expected: list[str] = []
    if not D.available():
        print(f"skipped: {D.SHARED} not found")
        return 0
    folds = 3 if args.quick else 10
    s = seed()
    results = []

    def want(name):
        if name != "throughput":
            expected.append(name)
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
        ev, sec = timed(evaluate, zh, Nev, nev, label_map={"positive": "neutral"})
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
    if not args.no_docs and not args.quick:
        write_docs(results, expected, load_start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
