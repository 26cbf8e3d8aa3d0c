"""``goldmine sentiment score|train|eval|index``: news sentiment in English and Chinese (issue #8).

The commands read CSV files (UTF-8, header row), call the use cases of
:mod:`goldmine.pipeline.sentiment` and print Rich tables, or JSON with ``--json`` (keys documented in
docs/sentiment.md). ``train`` writes the model file (:mod:`goldmine.io.sentiment_models`);
``index --out DIR`` also writes the series (CSV, JSON) and a chart (PNG,
:mod:`goldmine.report.charts.series`). The demo step builds an index from the fictional bilingual
corpus shipped as ``goldmine/data/sentiment_demo_news.csv`` (:mod:`goldmine.io.demo_data`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from goldmine.cli.common import (
    console,
    emit_json,
    escape,
    lang,
    out_dir,
    png_bytes,
    write_json_bytes,
)
from goldmine.i18n import t
from goldmine.model.limits import MAX_SKLEARN_SEED

if TYPE_CHECKING:
    import pandas as pd

    from goldmine.cli.demo import DemoContext
    from goldmine.sentiment.base import Analyzer
    from goldmine.sentiment.index import SentimentIndex
    from goldmine.sentiment.train import Evaluation

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

def read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a UTF-8 CSV (strings kept as text) within the limits of :mod:`goldmine.io.texts` (size, rows,
    cell length, field counts); InputError naming the file and the line otherwise."""
    from goldmine.io.texts import read_text_csv

    return read_text_csv(path, columns)


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
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


def load_analyzer(spec: str) -> Analyzer:
    """``--analyzer``: a shipped analyzer by name, or else the model file of that path (hash checked)."""
    from goldmine.io.sentiment_models import load_model
    from goldmine.sentiment.auto import get_analyzer, is_analyzer_name

    return get_analyzer(spec) if is_analyzer_name(spec) else load_model(spec)


def _label(x: str, L: str) -> str:
    key = f"sentiment.label.{x}"
    from goldmine.i18n import has_key

    return t(key, L) if has_key(key) else x


def _print_evaluation(ev: Evaluation, L: str) -> None:
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
    from goldmine.pipeline.sentiment import score_texts

    L = lang()
    items = list(texts or [])
    if file is None and len(items) == 1 and items[0].lower().endswith((".csv", ".xlsx")) and Path(items[0]).is_file():
        file, items = Path(items[0]), []  # `goldmine sentiment score news.csv` means the file, not its name
    if file is not None:
        items += list(read_csv(file, [column])[column])
    if not items:
        raise AnalysisError("sentiment.error.no_texts")
    model = load_analyzer(analyzer)
    with progress_bar(t("sentiment.progress.score", L), len(items), enabled=len(items) > 2000 and not as_json) as cb:
        result = score_texts(items, model, progress=cb)
    if as_json:
        out = result.to_dict()
        for item, text in zip(out["items"], items, strict=True):
            item["text"] = text
        emit_json(out)
        return
    table = Table(title=t("sentiment.title.scores", L))
    columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
        ("sentiment.col.text", "left"), ("sentiment.col.label", "left"), ("sentiment.col.score", "right"),
        ("sentiment.col.language", "left"))
    for key, justify in columns:
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
    folds: Annotated[int | None, typer.Option("--folds", help="Folds of the stratified cross-validation (0 skips it; default 10, data/sentiment.yaml train.folds).")] = None,
    features: Annotated[str, typer.Option("--features", help="tfidf (default) or embeddings (needs the ml extra).")] = "tfidf",
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SKLEARN_SEED, help="Seed of the cross-validation folds and the classifier, 0 to 2^32-1 (default 20251126, data/sentiment.yaml train.seed).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Cross-validate the classifier, fit it on all rows and write the model file."""
    from goldmine.io.sentiment_models import save_model
    from goldmine.pipeline.sentiment import train_model
    from goldmine.sentiment.config import sentiment_config

    L = lang()
    frame = read_csv(labelled, [text_column, label_column])
    texts, labels = list(frame[text_column]), list(frame[label_column])
    k = sentiment_config().train.folds.value if folds is None else folds
    with progress_bar(t("sentiment.progress.cv", L), k, enabled=bool(k) and not as_json) as cb:
        result = train_model(texts, labels, features=features, folds=k, seed=seed,
                             metadata={"name": out.stem, "trained_on": labelled.name}, progress=cb,
                             source=str(labelled), column=label_column)
    path, meta = save_model(result.model, out, result.evaluation)
    if as_json:
        emit_json({"model": str(path), "metadata": str(meta), **result.to_dict()})
        return
    if result.evaluation is not None:
        _print_evaluation(result.evaluation, L)
    console().print(t("sentiment.written.model", L, path=escape(str(path)), meta=escape(str(meta))))


def evaluate(
    labelled: Annotated[Path, typer.Argument(help="CSV with a text and a label column.", show_default=False)],
    analyzer: AnalyzerOpt = "auto",
    text_column: Annotated[str, typer.Option("--text-column", help="Name of the text column.")] = "text",
    label_column: Annotated[str, typer.Option("--label-column", help="Name of the label column.")] = "label",
    as_json: JsonOpt = False,
) -> None:
    """Held-out evaluation of an analyzer or model file on labelled texts."""
    from goldmine.pipeline.sentiment import evaluate_model

    frame = read_csv(labelled, [text_column, label_column])
    ev = evaluate_model(list(frame[text_column]), list(frame[label_column]), load_analyzer(analyzer),
                        source=str(labelled), column=label_column)
    if as_json:
        emit_json({"analyzer": analyzer, **ev.to_dict()})
        return
    _print_evaluation(ev, lang())


def index(
    news: Annotated[Path, typer.Argument(help="CSV with date and text columns (optional: source, language).", show_default=False)],
    analyzer: AnalyzerOpt = "auto",
    half_life: Annotated[float | None, typer.Option("--half-life", help="Half-life of the decaying average, in days (default 7, data/sentiment.yaml index.half_life_days).")] = None,
    zscore: Annotated[str | None, typer.Option("--zscore", help="full (whole sample, the default) or expanding (no look-ahead).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for sentiment_index.csv, .json and .png.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Build the sentiment index; with --out write the series and a chart."""
    from goldmine.pipeline.sentiment import run_index

    L = lang()
    frame = read_csv(news, ["date"])
    with progress_bar(t("sentiment.progress.score", L), len(frame), enabled=len(frame) > 2000 and not as_json) as cb:
        result = run_index(frame, load_analyzer(analyzer), half_life, zscore, progress=cb, source=str(news))
    written = write_index(result, out, L) if out is not None else []
    if as_json:
        emit_json({**result.to_dict(), "files": [str(p) for p in written]})
        return
    print_index(result, L)
    for p in written:
        key = "sentiment.written.chart" if p.suffix == ".png" else "sentiment.written.index"
        console().print(t(key, L, path=escape(str(p))))


def print_index(result: SentimentIndex, L: str, title: str | None = None, weeks: int = 8) -> None:
    import pandas as pd
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

    def fmt(x: float) -> str:
        return "—" if x != x else f"{x:+.2f}"

    for label, row in weekly.tail(weeks).iterrows():
        day = pd.Timestamp(str(label))
        cells = [day.date().isoformat(), fmt(row["index"])]
        cells += [fmt(row.get(f"tone_z_{lg}", float("nan"))) for lg in result.languages]
        cells += [str(int(docs.loc[day])), f"{row['attention']:.2f}"]
        table.add_row(*cells)
    console().print(table)
    console().print(escape(result.summary(L)))


def write_index(result: SentimentIndex, folder: Path, L: str) -> list[Path]:
    """Write sentiment_index.csv (combined), sentiment_index.json (everything) and the PNG chart: all
    three rendered first, then written all or none (:func:`goldmine.io.files.write_all`)."""
    from goldmine.io.files import write_all
    from goldmine.report.charts.series import sentiment_index_chart

    folder = out_dir(folder)
    return write_all([(folder / "sentiment_index.csv", result.combined.to_csv(float_format="%.6g")),
                      (folder / "sentiment_index.json", write_json_bytes(result.to_dict())),
                      (folder / "sentiment_index.png", png_bytes(sentiment_index_chart(result, L)))])


# ---------------------------------------------------------------- demo

def demo_step(ctx: DemoContext) -> None:
    """Build the index from the fictional bilingual demo news; print it, write JSON, CSV and PNG."""
    from goldmine.io.demo_data import sentiment_demo_news
    from goldmine.pipeline.sentiment import run_index

    L = lang()
    result = run_index(sentiment_demo_news())
    print_index(result, L, title=t("sentiment.title.demo", L, n=result.n_documents), weeks=6)
    folder = out_dir(ctx.out / "sentiment")
    csv_path, json_path, png_path = write_index(result, folder, L)
    ctx.wrote(t("sentiment.demo.json", L), json_path)
    ctx.wrote(t("sentiment.demo.chart", L), png_path)
