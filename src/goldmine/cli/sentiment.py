"""``goldmine sentiment score|train|eval|index``: news sentiment in English and Chinese (issue #8).

The commands read CSV files (UTF-8, header row), call :mod:`goldmine.sentiment` and print Rich
tables, or JSON with ``--json`` (keys documented in docs/sentiment.md). ``index --out DIR`` also
writes the series (CSV, JSON) and a chart (PNG). The demo step builds an index from the fictional
bilingual corpus shipped as ``goldmine/data/sentiment_demo_news.csv``.
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from goldmine.cli.common import console, emit_json, escape, lang, out_dir
from goldmine.datafiles import data_path, read_data_yaml
from goldmine.i18n import t

ORDER = 70

AnalyzerOpt = Annotated[str, typer.Option("--analyzer", "-a", help="auto (detect each text's language), en, zh, or a model file written by 'sentiment train'.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help=t("sentiment.help"), no_args_is_help=True, rich_markup_mode=None)
    sub.command("score", help=t("sentiment.score.help"))(score)
    sub.command("train", help=t("sentiment.train.help"))(train)
    sub.command("eval", help=t("sentiment.eval.help"))(evaluate)
    sub.command("index", help=t("sentiment.index.help"))(index)
    app.add_typer(sub, name="sentiment")


# ---------------------------------------------------------------- helpers

def read_csv(path: Path, columns: list[str]):
    """Read a UTF-8 CSV (strings kept as text); InputError when unreadable or a column is missing."""
    import pandas as pd

    from goldmine.errors import FileFormatError, InputError, Problem

    if not path.is_file():
        raise InputError(str(path), [Problem("", "expected.file_exists", None, has_found=False)])
    _check_field_counts(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", index_col=False)
    except UnicodeDecodeError as exc:
        raise FileFormatError(str(path), [Problem("", "expected.utf8", str(exc)[:60], raw_found=True)]) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FileFormatError(str(path), [Problem("", "sentiment.error.csv", str(exc)[:80], raw_found=True)]) from exc
    lower = {c.lower().strip(): c for c in frame.columns}
    problems = [Problem(c, "sentiment.error.column", None, params={"column": c, "found": ", ".join(frame.columns)},
                        has_found=False) for c in columns if c.lower() not in lower]
    if problems:
        raise InputError(str(path), problems)
    return frame.rename(columns={lower[c.lower()]: c for c in columns})


def _check_field_counts(path: Path) -> None:
    """Refuse rows with more or fewer fields than the header (an unquoted comma in a text would
    otherwise shift columns silently)."""
    import csv

    from goldmine.errors import FileFormatError, Problem

    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return
            for row in reader:
                if row and len(row) != len(header):
                    raise FileFormatError(str(path), [Problem(
                        f"line {reader.line_num}", "sentiment.error.fields", len(row), params={"n": len(header)})])
    except UnicodeDecodeError:
        return  # reported by the reader below with its own message


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True):
    """A Rich progress bar on stderr; yields a ``(done, total)`` callback."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from goldmine.cli.common import err_console

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console(), transient=True) as prog:
        task = prog.add_task(description, total=total)
        yield lambda done, tot: prog.update(task, completed=done, total=tot)


def _label(x: str, L: str) -> str:
    key = f"sentiment.label.{x}"
    from goldmine.i18n import has_key

    return t(key, L) if has_key(key) else x


def _print_evaluation(ev, L: str) -> None:
    from rich.table import Table

    c = console()
    table = Table(title=t("sentiment.title.eval", L))
    table.add_column(t("sentiment.col.metric", L))
    table.add_column(t("sentiment.col.value", L), justify="right")
    table.add_row(t("sentiment.metric.n", L), str(ev.n))
    table.add_row(t("sentiment.metric.accuracy", L), f"{ev.accuracy:.3f}")
    table.add_row(t("sentiment.metric.macro_f1", L), f"{ev.macro_f1:.3f}")
    table.add_row(t("sentiment.metric.majority", L), f"{ev.majority_baseline:.3f}")
    for lab, f in ev.per_class_f1.items():
        table.add_row(f"{t('sentiment.col.f1', L)} {escape(_label(lab, L))}", f"{f:.3f}")
    c.print(table)
    cm = Table(title=t("sentiment.title.confusion", L))
    cm.add_column(t("sentiment.col.true", L))
    for lab in ev.labels:
        cm.add_column(escape(_label(lab, L)), justify="right")
    for lab, row in zip(ev.labels, ev.confusion, strict=True):
        cm.add_row(escape(_label(lab, L)), *map(str, row))
    c.print(cm)
    c.print(escape(ev.summary(L)))


# ---------------------------------------------------------------- commands

def score(
    texts: Annotated[list[str] | None, typer.Argument(help="Texts to score (or use --file).", show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="CSV file with a text column.")] = None,
    column: Annotated[str, typer.Option("--column", help="Name of the text column in --file.")] = "text",
    analyzer: AnalyzerOpt = "auto",
    as_json: JsonOpt = False,
) -> None:
    """Score texts; prints one row per text (label, score, language)."""
    from rich.table import Table

    from goldmine.errors import AnalysisError
    from goldmine.sentiment import get_analyzer

    L = lang()
    items = list(texts or [])
    if file is None and len(items) == 1 and items[0].lower().endswith((".csv", ".xlsx")) and Path(items[0]).is_file():
        file, items = Path(items[0]), []  # `goldmine sentiment score news.csv` means the file, not its name
    if file is not None:
        items += list(read_csv(file, [column])[column])
    if not items:
        raise AnalysisError(t("sentiment.error.no_texts", "en"), t("sentiment.error.no_texts", "zh"))
    model = get_analyzer(analyzer)
    with progress_bar(t("sentiment.progress.score", L), len(items), enabled=len(items) > 2000 and not as_json) as cb:
        result = model.score(items, progress=cb)
    if as_json:
        out = result.to_dict()
        for item, text in zip(out["items"], items, strict=True):
            item["text"] = text
        emit_json(out)
        return
    table = Table(title=t("sentiment.title.scores", L))
    for key, justify in (("sentiment.col.text", "left"), ("sentiment.col.label", "left"),
                         ("sentiment.col.score", "right"), ("sentiment.col.language", "left")):
        table.add_column(t(key, L), justify=justify, overflow="fold")
    for text, lab, s, lg in zip(items, result.labels, result.scores, result.languages, strict=True):
        short = text if len(text) <= 80 else text[:77] + "..."
        table.add_row(escape(short), escape(_label(lab, L)), f"{s:+.3f}", lg)
    console().print(table)
    console().print(escape(result.summary(L)))


def train(
    labelled: Annotated[Path, typer.Argument(help="CSV with a text and a label column.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model file to write (.joblib; metadata goes to .json beside it).")] = Path("sentiment-model.joblib"),
    text_column: Annotated[str, typer.Option("--text-column", help="Name of the text column.")] = "text",
    label_column: Annotated[str, typer.Option("--label-column", help="Name of the label column.")] = "label",
    folds: Annotated[int, typer.Option("--folds", help="Folds of the stratified cross-validation (0 skips it).")] = 10,
    features: Annotated[str, typer.Option("--features", help="tfidf (default) or embeddings (needs the ml extra).")] = "tfidf",
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the cross-validation folds.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Cross-validate the classifier, fit it on all rows and write the model file."""
    from goldmine.sentiment.index import defaults  # noqa: F401  (loads data/sentiment.yaml early)
    from goldmine.sentiment.modelfile import save_model
    from goldmine.sentiment.train import TrainConfig, cross_validate, fit

    L = lang()
    seed = _train_default("seed") if seed is None else seed
    frame = read_csv(labelled, [text_column, label_column])
    texts, labels = list(frame[text_column]), list(frame[label_column])
    config = TrainConfig(features=features)
    evaluation = None
    if folds:
        with progress_bar(t("sentiment.progress.cv", L), folds, enabled=not as_json) as cb:
            evaluation = cross_validate(texts, labels, config, folds=folds, seed=seed, progress=cb)
    model = fit(texts, labels, config, seed=seed, metadata={"name": out.stem, "trained_on": labelled.name})
    path, meta = save_model(model, out, evaluation)
    if as_json:
        emit_json({"model": str(path), "metadata": str(meta), "labels": list(model.labels),
                   "n_train": model.metadata["n_train"], "config": config.to_dict(),
                   "evaluation": None if evaluation is None else evaluation.to_dict()})
        return
    if evaluation is not None:
        _print_evaluation(evaluation, L)
    console().print(t("sentiment.written.model", L, path=escape(str(path)), meta=escape(str(meta))))


def _train_default(key: str):

    data = read_data_yaml("sentiment.yaml")
    return data["train"][key]["value"]


def evaluate(
    labelled: Annotated[Path, typer.Argument(help="CSV with a text and a label column.", show_default=False)],
    analyzer: AnalyzerOpt = "auto",
    text_column: Annotated[str, typer.Option("--text-column", help="Name of the text column.")] = "text",
    label_column: Annotated[str, typer.Option("--label-column", help="Name of the label column.")] = "label",
    as_json: JsonOpt = False,
) -> None:
    """Held-out evaluation of an analyzer or model file on labelled texts."""
    from goldmine.sentiment import get_analyzer
    from goldmine.sentiment.train import evaluate as run_eval

    frame = read_csv(labelled, [text_column, label_column])
    ev = run_eval(get_analyzer(analyzer), list(frame[text_column]), list(frame[label_column]))
    if as_json:
        emit_json({"analyzer": analyzer, **ev.to_dict()})
        return
    _print_evaluation(ev, lang())


def index(
    news: Annotated[Path, typer.Argument(help="CSV with date and text columns (optional: source, language).", show_default=False)],
    analyzer: AnalyzerOpt = "auto",
    half_life: Annotated[float | None, typer.Option("--half-life", help="Half-life of the decaying average, in days (default from data/sentiment.yaml).")] = None,
    zscore: Annotated[str | None, typer.Option("--zscore", help="full (whole sample) or expanding (no look-ahead).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for sentiment_index.csv, .json and .png.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Build the sentiment index; with --out write the series and a chart."""
    from goldmine.sentiment import IndexConfig, get_analyzer, sentiment_index

    L = lang()
    frame = read_csv(news, ["date"])
    config = IndexConfig(half_life_days=half_life, zscore=zscore)
    with progress_bar(t("sentiment.progress.score", L), len(frame), enabled=len(frame) > 2000 and not as_json) as cb:
        result = sentiment_index(frame, get_analyzer(analyzer), config, progress=cb, source=str(news))
    written = write_index(result, out, L) if out is not None else []
    if as_json:
        emit_json({**result.to_dict(), "files": [str(p) for p in written]})
        return
    print_index(result, L)
    for p in written:
        key = "sentiment.written.chart" if p.suffix == ".png" else "sentiment.written.index"
        console().print(t(key, L, path=escape(str(p))))


def print_index(result, L: str, title: str | None = None, weeks: int = 8) -> None:
    from rich.table import Table

    weekly = result.combined.resample("W").last()
    docs = result.combined["n_docs"].resample("W").sum()
    table = Table(title=title or t("sentiment.title.index", L))
    table.add_column(t("sentiment.col.date", L))
    table.add_column(t("sentiment.col.index", L), justify="right")
    for lg in result.languages:
        table.add_column(t("sentiment.chart.lang", L, language=lg), justify="right")
    table.add_column(t("sentiment.col.docs", L), justify="right")
    table.add_column(t("sentiment.col.attention", L), justify="right")

    def fmt(x) -> str:
        return "—" if x != x else f"{x:+.2f}"

    for day, row in weekly.tail(weeks).iterrows():
        cells = [day.date().isoformat(), fmt(row["index"])]
        cells += [fmt(row.get(f"tone_z_{lg}", float("nan"))) for lg in result.languages]
        cells += [str(int(docs.loc[day])), f"{row['attention']:.2f}"]
        table.add_row(*cells)
    console().print(table)
    console().print(escape(result.summary(L)))


def write_index(result, folder: Path, L: str) -> list[Path]:
    """Write sentiment_index.csv (combined), sentiment_index.json (everything) and the PNG chart."""
    import json

    from goldmine.jsonutil import to_jsonable

    folder = out_dir(folder)
    csv_path = folder / "sentiment_index.csv"
    result.combined.to_csv(csv_path, float_format="%.6g")
    json_path = folder / "sentiment_index.json"
    json_path.write_text(json.dumps(to_jsonable(result.to_dict()), ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    png_path = folder / "sentiment_index.png"
    chart(result, png_path, L)
    return [csv_path, json_path, png_path]


def _cjk_font() -> str | None:
    """The name of an installed CJK font for Chinese chart labels, or None."""
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if "CJK" in f.name or f.name in ("WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC"):
            return f.name
    for path in font_manager.findSystemFonts():
        if "CJK" in Path(path).name or "wqy" in Path(path).name.lower():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            return font_manager.FontProperties(fname=path).get_name()
    return None


def chart(result, path: Path, L: str) -> Path:
    """Two panels: the combined index and each language's tone z; documents per day and attention."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font() if L == "zh" else None
    L = L if (L != "zh" or font) else "en"
    rc = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with plt.rc_context(rc):
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True, height_ratios=[2, 1])
        comb = result.combined
        ax1.axhline(0, color="0.6", lw=0.8)
        for lg in result.languages:
            col = f"tone_z_{lg}"
            if col in comb:
                ax1.plot(comb.index, comb[col], lw=1.0, alpha=0.7, label=t("sentiment.chart.lang", L, language=lg))
        ax1.plot(comb.index, comb["index"], lw=2.2, color="black", label=t("sentiment.chart.index", L))
        ax1.legend(loc="best", fontsize=8)
        ax1.set_title(t("sentiment.chart.title", L, half_life=f"{result.config['half_life_days']:g}"))
        ax2.bar(comb.index, comb["n_docs"], color="0.75", label=t("sentiment.chart.attention", L))
        ax2.plot(comb.index, comb["attention"], color="tab:red", lw=1.5, label=t("sentiment.chart.attention_smoothed", L))
        ax2.legend(loc="best", fontsize=8)
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return path


# ---------------------------------------------------------------- demo

def demo_step(ctx) -> None:
    """Build the index from the fictional bilingual demo news; print it, write JSON, CSV and PNG."""
    import pandas as pd

    from goldmine.sentiment import sentiment_index

    L = lang()
    src = data_path("sentiment_demo_news.csv")
    with resources.as_file(src) as p:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    result = sentiment_index(frame)
    print_index(result, L, title=t("sentiment.title.demo", L, n=result.n_documents), weeks=6)
    folder = out_dir(ctx.out / "sentiment")
    csv_path, json_path, png_path = write_index(result, folder, L)
    ctx.wrote(t("sentiment.demo.json", L), json_path)
    ctx.wrote(t("sentiment.demo.chart", L), png_path)
