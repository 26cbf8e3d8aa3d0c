"""A news sentiment index for the AI sector: daily net tone → decaying average → z-score (issue #8).

The construction follows the San Francisco Fed's Daily News Sentiment Index (Shapiro, Sudhof and
Wilson 2022, "Measuring news sentiment", Journal of Econometrics 228(2):221-243; methodology page
of the Federal Reserve Bank of San Francisco): score each article with a lexicon, aggregate by day,
and form a trailing average whose weights decline geometrically with the age of the article.

1. **Document scores** come from any :class:`~goldmine.sentiment.base.Analyzer` (or are given).
2. **Daily net tone** per group (source × language, then language, then all):
   ``net_tone = (n_pos − n_neg) / (n_pos + n_neg)`` (labels recognised in any case or language —
   Positive, bullish, 积极 — other label names counted by the sign of their score), with ``n_docs``
   (attention: the volume of news) and ``mean_score`` beside it. Days without news are kept.
3. **Decaying average**: every article dated *d* weighs w^(t−d) on day t, with w = 0.5^(1/h)
   for half-life h days (default in ``data/sentiment.yaml``). The smoothed tone is
   ``(P̃ − Ñ) / (P̃ + Ñ)`` with P̃_t = Σ_k w^k n_pos,t−k (likewise Ñ), i.e. the net tone of the
   decay-weighted article counts; the smoothed attention is (1 − w) Σ_k w^k n_docs,t−k
   (documents per day).
4. **z-score** of the smoothed tone and attention per group: over the full sample, or expanding
   (each day standardised with data up to that day only, no look-ahead; ``min_periods`` days).
5. **Combined zh/en index**: the equally weighted mean of the language tone z-scores available
   that day, so a language with more articles does not dominate; its attention is all documents.

Result: :class:`SentimentIndex` (frozen; ``to_dict()`` and ``summary()``).  Defaults (half-life,
z-score, ``min_periods``) come from ``data/sentiment.yaml`` (:class:`~goldmine.sentiment.config.SentimentConfig`).

Bounded work (issue #20, :mod:`goldmine.model.limits`): dates with a time-zone offset are converted to
UTC (offsets may differ from row to row), every date must lie between 1800 and 2200, and the index
spans at most 7,305 days (20 years): one mistyped year (2205 for 2025) would otherwise make a daily
index of centuries.  Each is an :class:`~goldmine.errors.InputError` naming the row.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from goldmine.errors import AnalysisError, InputError, Problem
from goldmine.model.limits import MAX_INDEX_DAYS, SERIES_DATE_MAX, SERIES_DATE_MIN
from goldmine.results import Result
from goldmine.sentiment.base import NEGATIVE, NEUTRAL, POSITIVE, Analyzer, Progress
from goldmine.sentiment.config import SentimentConfig, sentiment_config

ZSCORES = ("full", "expanding")


@dataclass(frozen=True)
class IndexParameters:
    """The settings an index was built with (the ``config`` of its JSON)."""

    half_life_days: float
    zscore: str            # "full" or "expanding"
    min_periods: int       # days before an expanding z-score is reported

    def to_dict(self) -> dict[str, Any]:
        return {"half_life_days": self.half_life_days, "zscore": self.zscore, "min_periods": self.min_periods}


@dataclass(frozen=True)
class IndexConfig:
    """Settings asked for; ``None`` takes ``data/sentiment.yaml``'s value (:meth:`resolved`)."""

    half_life_days: float | None = None
    zscore: str | None = None          # "full" or "expanding"
    min_periods: int | None = None     # for "expanding"

    def resolved(self, config: SentimentConfig | None = None) -> IndexParameters:
        """The settings with the defaults of ``config`` (default: the shipped ``data/sentiment.yaml``) filled
        in; :class:`InputError` naming each bad one."""
        d = (config or sentiment_config()).index
        half_life = float(self.half_life_days if self.half_life_days is not None else d.half_life_days.value)
        zscore = self.zscore or d.zscore.value
        min_periods = int(self.min_periods if self.min_periods is not None else d.min_periods.value)
        problems = []
        if not half_life > 0:
            problems.append(Problem("half_life_days", "expected.positive", half_life))
        if zscore not in ZSCORES:
            problems.append(Problem("zscore", "expected.one_of", zscore, params={"choices": ", ".join(ZSCORES)}))
        if min_periods < 2:
            problems.append(Problem("min_periods", "expected.ge", min_periods, params={"ge": 2}))
        if problems:
            raise InputError("index settings", problems)
        return IndexParameters(half_life_days=half_life, zscore=zscore, min_periods=min_periods)


@dataclass(frozen=True)
class SentimentIndex(Result):
    """The index series. Frames are indexed by ``date`` (daily, no gaps).

    * ``combined``: ``index`` (mean language tone z), ``tone_z_<lang>``, ``n_docs``,
      ``attention``, ``attention_z``;
    * ``by_language`` and ``by_group``: long frames with ``language`` (and ``source``),
      ``n_docs``, ``n_pos``, ``n_neg``, ``net_tone``, ``mean_score``, ``tone``, ``tone_z``,
      ``score_smoothed``, ``attention``, ``attention_z``.

    JSON keys: ``config``, ``start``, ``end``, ``n_documents``, ``languages``, ``sources``,
    ``latest``, ``combined``, ``by_language``, ``by_group`` (lists of records with ISO dates).

    Read by reports: ``combined`` (the rows), ``latest_index``, ``latest_attention_z``,
    ``latest_attention``, ``latest_date``, ``start``, ``end``, ``n_documents``, ``half_life_days``,
    ``languages``, ``config`` (:class:`IndexParameters`).
    """

    config: IndexParameters
    combined: pd.DataFrame
    by_language: pd.DataFrame
    by_group: pd.DataFrame
    n_documents: int
    languages: tuple[str, ...]
    sources: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def half_life_days(self) -> float:
        return self.config.half_life_days

    @property
    def start(self) -> str | None:
        """The first day of the index (ISO date), ``None`` when it is empty."""
        return _iso(self.combined.index.min()) if len(self.combined) else None

    @property
    def end(self) -> str | None:
        """The last day of the index (ISO date), ``None`` when it is empty."""
        return _iso(self.combined.index.max()) if len(self.combined) else None

    def _last(self, column: str) -> float | None:
        return _f(self.combined[column].iloc[-1]) if len(self.combined) else None

    @property
    def latest_date(self) -> str | None:
        return self.end

    @property
    def latest_index(self) -> float | None:
        """The combined index (mean of the language tone z-scores) on the last day; ``None`` when undefined."""
        return self._last("index")

    @property
    def latest_attention(self) -> float | None:
        return self._last("attention")

    @property
    def latest_attention_z(self) -> float | None:
        return self._last("attention_z")

    @property
    def latest(self) -> dict[str, Any]:
        if self.combined.empty:
            return {}
        return {"date": self.latest_date, "index": self.latest_index, "attention": self.latest_attention,
                "attention_z": self.latest_attention_z}

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            f = frame.reset_index()
            f["date"] = f["date"].dt.date.astype(str)
            rows: list[dict[str, Any]] = to_jsonable(f.to_dict(orient="records"))
            return rows

        return {"config": self.config.to_dict(), "start": _iso(self.combined.index.min()),
                "end": _iso(self.combined.index.max()), "n_documents": self.n_documents,
                "languages": list(self.languages), "sources": list(self.sources), "latest": self.latest,
                "combined": records(self.combined), "by_language": records(self.by_language),
                "by_group": records(self.by_group)}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        last = self.latest
        if not last:
            return t("sentiment.summary.index_empty", lang)
        idx = last["index"]
        return t("sentiment.summary.index", lang, n=self.n_documents, start=_iso(self.combined.index.min()),
                 end=last["date"], langs=", ".join(self.languages), half_life=self.config.half_life_days,
                 index="—" if idx is None else f"{idx:+.2f}", attention=f"{last['attention']:.1f}")


def _f(x: Any) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def _iso(ts: Any) -> str | None:
    return None if ts is None or pd.isna(ts) else str(ts.date().isoformat())


def prepare_frame(frame: pd.DataFrame, source: str = "news") -> pd.DataFrame:
    """Check a news frame: ``date`` and ``text`` (or ``label``/``score``) required; optional
    ``source`` and ``language``/``lang``. Dates parse to days; bad dates raise InputError by row."""
    cols = {c.lower().strip(): c for c in frame.columns}
    missing = [c for c in ("date",) if c not in cols]
    if "text" not in cols and not ("label" in cols and "score" in cols):
        missing.append("text")
    if missing:
        raise InputError(source, [Problem(m, "expected.required", None, has_found=False) for m in missing])
    out = pd.DataFrame(index=frame.index)
    raw = frame[cols["date"]]
    out["date"] = parse_dates(raw, source).dt.normalize()
    if "text" in cols:
        out["text"] = frame[cols["text"]].astype(object).where(frame[cols["text"]].notna(), "")
    for name in ("label", "score"):
        if name in cols:
            out[name] = frame[cols[name]]
    src = cols.get("source")
    out["source"] = frame[src].fillna("").astype(str).str.strip().replace("", "all") if src else "all"
    lang = cols.get("language") or cols.get("lang")
    if lang:
        out["language"] = frame[lang].fillna("").astype(str).str.strip().str.lower()
    return out.reset_index(drop=True)


def parse_dates(raw: pd.Series, source: str = "news") -> pd.Series:
    """Dates of a news column as naive UTC timestamps: an offset (``+08:00``, ``Z``) converted to UTC, each
    row on its own (offsets may differ); unreadable dates, dates outside 1800-2200 and a span of more than
    :data:`~goldmine.model.limits.MAX_INDEX_DAYS` days are :class:`InputError` naming the row (the first
    data row is row 2, after the header)."""
    import warnings

    with warnings.catch_warnings():  # "mixed time zones": converted to UTC below, on purpose
        warnings.simplefilter("ignore")
        dates = pd.to_datetime(raw, errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
    low, high = pd.Timestamp(SERIES_DATE_MIN), pd.Timestamp(SERIES_DATE_MAX) + pd.Timedelta(days=1)
    bad = dates.isna().to_numpy()
    out_of_range = (~bad) & ((dates < low) | (dates >= high)).to_numpy()
    problems = [Problem(f"row {r + 2}.date", "expected.date", raw.iloc[r]) for r in np.flatnonzero(bad)[:5]]
    problems += [Problem(f"row {r + 2}.date", "expected.date_range", raw.iloc[r],
                         params={"low": SERIES_DATE_MIN.isoformat(), "high": SERIES_DATE_MAX.isoformat()})
                 for r in np.flatnonzero(out_of_range)[:5]]
    if problems:
        raise InputError(source, problems)
    check_span(dates, raw, source)
    return dates


def check_span(dates: pd.Series, raw: pd.Series | None = None, source: str = "news") -> None:
    """At most :data:`~goldmine.model.limits.MAX_INDEX_DAYS` days from the first date to the last; otherwise
    an :class:`InputError` naming the row farthest from the median date (the likely typo)."""
    if dates.empty or (dates.max() - dates.min()).days <= MAX_INDEX_DAYS:
        return
    median = dates.sort_values().iloc[len(dates) // 2]
    r = int(np.argmax((dates - median).abs().to_numpy()))
    found = raw.iloc[r] if raw is not None else dates.iloc[r].date().isoformat()
    raise InputError(source, [Problem(f"row {r + 2}.date", "expected.date_span", found,
                                      params={"days": f"{MAX_INDEX_DAYS:,}", "years": MAX_INDEX_DAYS // 365})])


def score_frame(frame: pd.DataFrame, analyzer: Analyzer, progress: Progress | None = None) -> pd.DataFrame:
    """Add ``label``, ``score`` and (when absent or empty) ``language`` from ``analyzer``."""
    res = analyzer.score(list(frame["text"]), progress=progress)
    out = frame.copy()
    out["label"] = list(res.labels)
    out["score"] = list(res.scores)
    detected = pd.Series(res.languages, index=out.index)
    if "language" not in out:
        out["language"] = detected
    else:
        out["language"] = out["language"].where(out["language"].isin(["zh", "en"]), detected)
    return out


def _decay(x: npt.NDArray[np.float64], w: float) -> npt.NDArray[np.float64]:
    """S_t = w S_{t-1} + x_t (geometric weights w^k on x_{t-k})."""
    out = np.empty_like(x, dtype=float)
    acc = 0.0
    for i, v in enumerate(x):
        acc = w * acc + v
        out[i] = acc
    return out


def _zscore(x: pd.Series, how: str, min_periods: int) -> pd.Series:
    if how == "full":
        sd = float(x.std(ddof=1))
        return (x - x.mean()) / sd if sd and np.isfinite(sd) and sd > 0 else x * np.nan
    mean = x.expanding(min_periods=min_periods).mean()
    sds = x.expanding(min_periods=min_periods).std(ddof=1)
    out: pd.Series = (x - mean) / sds.where(sds > 0)
    return out


def _series(docs: pd.DataFrame, days: pd.DatetimeIndex, cfg: IndexParameters) -> pd.DataFrame:
    """Daily and smoothed tone and attention of one group of documents."""
    w = 0.5 ** (1.0 / cfg.half_life_days)
    g = docs.groupby("date")
    daily = pd.DataFrame({"n_docs": g.size(), "n_pos": g["label"].apply(lambda s: int((s == POSITIVE).sum())),
                          "n_neg": g["label"].apply(lambda s: int((s == NEGATIVE).sum())),
                          "score_sum": g["score"].sum()}).reindex(days, fill_value=0)
    daily.index.name = "date"
    polar = daily["n_pos"] + daily["n_neg"]
    daily["net_tone"] = ((daily["n_pos"] - daily["n_neg"]) / polar.where(polar > 0)).astype(float)
    daily["mean_score"] = (daily["score_sum"] / daily["n_docs"].where(daily["n_docs"] > 0)).astype(float)
    p = _decay(daily["n_pos"].to_numpy(float), w)
    n = _decay(daily["n_neg"].to_numpy(float), w)
    c = _decay(daily["n_docs"].to_numpy(float), w)
    s = _decay(daily["score_sum"].to_numpy(float), w)
    with np.errstate(invalid="ignore", divide="ignore"):
        daily["tone"] = np.where(p + n > 0, (p - n) / (p + n), np.nan)
        daily["score_smoothed"] = np.where(c > 0, s / c, np.nan)
    daily["attention"] = (1 - w) * c
    daily["tone_z"] = _zscore(daily["tone"], cfg.zscore, cfg.min_periods)
    daily["attention_z"] = _zscore(daily["attention"], cfg.zscore, cfg.min_periods)
    return daily.drop(columns="score_sum")


def _polar_labels(labels: pd.Series, scores: pd.Series) -> pd.Series:
    """Labels as positive/negative/neutral: recognised names in any case or language (Positive, bullish,
    积极, 利空 ...: :func:`goldmine.sentiment.train.polarity_of`), other names by the sign of the score.

    A trained model keeps its users' label names and a CSV may carry its own: counting only the exact
    string "positive" left such an index empty (every tone NaN).
    """
    from goldmine.sentiment.train import polarity_of

    names = {1: POSITIVE, -1: NEGATIVE, 0: NEUTRAL}
    out = []
    for lab, sc in zip(labels.astype(str), scores, strict=True):
        pol = polarity_of(lab)
        if pol is None:
            pol = int(np.sign(sc))
        out.append(names[pol])
    return pd.Series(out, index=labels.index, dtype=object)


def build_index(docs: pd.DataFrame, config: IndexConfig = IndexConfig(),
                defaults: SentimentConfig | None = None) -> SentimentIndex:
    """The index from scored documents: columns ``date``, ``label``, ``score``, ``source``, ``language``;
    ``config`` overrides the defaults of ``defaults`` (default: the shipped ``data/sentiment.yaml``)."""
    cfg = config.resolved(defaults)
    if docs.empty:
        raise AnalysisError("sentiment.error.no_documents")
    docs = docs.copy()
    docs["score"] = pd.to_numeric(docs["score"], errors="coerce").fillna(0.0)
    docs["label"] = _polar_labels(docs["label"], docs["score"])
    if "source" not in docs:
        docs["source"] = "all"
    check_span(docs["date"].reset_index(drop=True))  # documents prepared elsewhere get the same bound
    days = pd.date_range(docs["date"].min(), docs["date"].max(), freq="D", name="date")
    langs = tuple(sorted(lg for lg in docs["language"].unique() if lg in ("en", "zh"))) or ("und",)
    groups = []
    for key, part in docs.groupby(["source", "language"], sort=True):
        src, lg = _pair(key)
        f = _series(part, days, cfg)
        f.insert(0, "language", lg)
        f.insert(0, "source", src)
        groups.append(f)
    by_lang = []
    for lg_key, part in docs.groupby("language", sort=True):
        f = _series(part, days, cfg)
        f.insert(0, "language", str(lg_key))
        by_lang.append(f)
    by_language = pd.concat(by_lang)
    combined = pd.DataFrame(index=days)
    for lg in langs:
        sel = by_language[by_language["language"] == lg]
        if not sel.empty:
            combined[f"tone_z_{lg}"] = sel["tone_z"]
    zcols = [c for c in combined.columns if c.startswith("tone_z_")]
    combined.insert(0, "index", combined[zcols].mean(axis=1, skipna=True) if zcols else np.nan)
    everything = _series(docs, days, cfg)
    combined["n_docs"] = everything["n_docs"]
    combined["attention"] = everything["attention"]
    combined["attention_z"] = everything["attention_z"]
    combined.index.name = "date"
    return SentimentIndex(config=cfg, combined=combined, by_language=by_language,
                          by_group=pd.concat(groups), n_documents=int(len(docs)), languages=langs,
                          sources=tuple(sorted(docs["source"].unique())))


def _pair(key: Hashable) -> tuple[str, str]:
    """The (source, language) of a two-column groupby key."""
    src, lg = key if isinstance(key, tuple) else (key, "")
    return str(src), str(lg)


def sentiment_index(frame: pd.DataFrame, analyzer: Analyzer | None = None,
                    config: IndexConfig = IndexConfig(), progress: Progress | None = None,
                    source: str = "news") -> SentimentIndex:
    """Score a news frame (unless it has ``label`` and ``score``) and build the index.

    ``source`` names the input (a file name) in error messages."""
    docs = prepare_frame(frame, source)
    if "label" not in docs or "score" not in docs:
        from goldmine.sentiment.auto import AutoAnalyzer

        docs = score_frame(docs, analyzer or AutoAnalyzer(), progress)
    elif "language" not in docs:
        from goldmine.sentiment.langdetect import detect

        docs["language"] = [detect(str(x)) for x in docs.get("text", [""] * len(docs))]
    return build_index(docs, config)
