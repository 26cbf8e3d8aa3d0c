"""The calibrated success probability of one profile, with its model card (issue #13, point 5).

* :func:`assess` — maps the profile (:func:`goldmine.outcomes.profile.map_profile`) and returns an
  :class:`OutcomeAssessment` whose ``status`` says what a reader may see:

  - ``estimated`` — the profile is in the model's population and every feature is filled (a
    category that fits several Crunchbase categories is kept as candidates: ``probability`` is
    their mean, ``low``/``high`` span every candidate's interval);
  - ``out_of_population`` — another country or a founding year outside the training period: no
    probability (a number from US companies of 1984-2013 would look precise and mean nothing for,
    say, a Chinese AI company of 2023);
  - ``not_computable`` — a feature the profile cannot fill (no funding round yet): no probability.

  ``usable_for_verdict`` is true only when the probability is estimated *and* the model's measured
  out-of-sample AUC (cross-validation and time split, from the model file) reaches the target of
  issue #13 (0.75); ``verdict_note`` says why not.
* :class:`ModelCard` — what the model is: data, period, population, decision point, features with
  the reason each is known before the decision, excluded columns with their leak, method, metrics,
  target, limitations, licence (Mitchell et al. 2019, "Model Cards for Model Reporting").

Language-neutral: texts are catalogue keys with parameters; ``summary(lang)`` renders them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.i18n import get_lang, t
from goldmine.i18n.messages import Message
from goldmine.model import Startup
from goldmine.outcomes.features import ALLOWED, FORBIDDEN
from goldmine.outcomes.model import OutcomeModelSpec, ScoreRecord
from goldmine.outcomes.profile import FeatureValue, ProfileFeatures, map_profile
from goldmine.results import Result

__all__ = ["CardExclusion", "CardFeature", "ModelCard", "OutcomeAssessment", "assess", "model_card"]

Status = Literal["estimated", "out_of_population", "not_computable"]


@dataclass(frozen=True)
class CardFeature(Result):
    name: str
    known_at: str
    reason: Message


@dataclass(frozen=True)
class CardExclusion(Result):
    name: str
    reason: Message


@dataclass(frozen=True)
class ModelCard(Result):
    """The model card of the outcome model (module docstring); numbers and catalogue keys only."""

    name: str
    version: int
    trained: str
    dataset: str
    citation: str
    url: str
    licence: str
    sha256: str
    file_rows: int
    file_period: tuple[int, int]
    rows: int
    positives: int
    period: tuple[int, int]
    country: str
    label: Message
    decision_point: Message
    features: tuple[CardFeature, ...]
    excluded: tuple[CardExclusion, ...]
    method: Message
    base_rate: float
    cross_validation: Mapping[str, Any]
    time_split: Mapping[str, Any]
    target_auc: float
    target_source: str
    meets_target: bool
    limitations: tuple[Message, ...]

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        cv, ts = self.cross_validation, self.time_split
        cvs, tss = cv["scores"], ts["scores"]
        sep = "、" if L == "zh" else ", "
        lines = [
            t("outcomes.card.title", L, version=self.version, trained=self.trained),
            t("outcomes.card.data", L, dataset=self.dataset, rows=self.rows, positives=self.positives,
              negatives=self.rows - self.positives, start=self.period[0], end=self.period[1], licence=self.licence,
              file_rows=self.file_rows, file_start=self.file_period[0], file_end=self.file_period[1]),
            t("outcomes.card.population", L, country=self.country, start=self.period[0], end=self.period[1]),
            t("outcomes.card.label", L, label=self.label.render(L), rate=f"{100 * self.base_rate:.1f}"),
            t("outcomes.card.decision", L, decision=self.decision_point.render(L)),
            t("outcomes.card.features", L, features=sep.join(
                f"{t(f'outcomes.feature.{f.name}', L)}（{f.reason.render(L)}）" if L == "zh"
                else f"{t(f'outcomes.feature.{f.name}', L)} ({f.reason.render(L)})" for f in self.features)),
            t("outcomes.card.excluded", L, columns=sep.join(e.name for e in self.excluded)),
            t("outcomes.card.method", L, method=self.method.render(L)),
            t("outcomes.card.cv", L, folds=cv["folds"], auc=f"{cvs['auc']:.3f}", low=f"{cvs['auc_low']:.3f}",
              high=f"{cvs['auc_high']:.3f}", brier=f"{cvs['brier']:.3f}", base=f"{cvs['base_brier']:.3f}"),
            t("outcomes.card.time_split", L, train_to=ts["train_to"], test_from=ts["test_from"],
              n_train=ts["n_train"], n_test=tss["n"], auc=f"{tss['auc']:.3f}", low=f"{tss['auc_low']:.3f}",
              high=f"{tss['auc_high']:.3f}", brier=f"{tss['brier']:.3f}", base=f"{tss['base_brier']:.3f}"),
            t("outcomes.card.target_met" if self.meets_target else "outcomes.card.target_missed", L,
              target=f"{self.target_auc:.2f}", source=self.target_source),
        ]
        lines += [f"- {m.render(L)}" for m in self.limitations]
        return "\n".join(lines)


def _record(record: ScoreRecord) -> dict[str, Any]:
    return record.model_dump()


def model_card(spec: OutcomeModelSpec) -> ModelCard:
    """The model card of ``spec``."""
    d, m = spec.dataset, spec.metrics
    return ModelCard(
        name=spec.name, version=spec.version, trained=spec.trained, dataset=d.name, citation=d.citation, url=d.url,
        licence=d.licence, sha256=d.sha256, file_rows=d.rows, file_period=d.period, rows=spec.model.n,
        positives=spec.model.positives, period=(spec.population.founded_from, spec.population.founded_to),
        country=spec.population.country, label=Message(spec.population.label),
        decision_point=Message(spec.population.decision_point),
        features=tuple(CardFeature(f.name, ALLOWED[f.name].known_at, ALLOWED[f.name].reason) for f in spec.model.features),
        excluded=tuple(CardExclusion(name, FORBIDDEN[name].reason) for name in spec.excluded),
        method=Message("outcomes.card.method.logistic_platt", {"c": spec.model.penalty_c, "folds": m.cross_validation.folds}),
        base_rate=spec.model.base_rate,
        cross_validation={"folds": m.cross_validation.folds, "seed": m.cross_validation.seed,
                          "scores": _record(m.cross_validation.scores)},
        time_split={"train_to": m.time_split.train_to, "test_from": m.time_split.test_from,
                    "n_train": m.time_split.n_train, "scores": _record(m.time_split.scores)},
        target_auc=spec.target_auc.value, target_source=spec.target_auc.source, meets_target=spec.meets_target,
        limitations=tuple(Message(k) for k in spec.limitations),
    )


@dataclass(frozen=True)
class OutcomeAssessment(Result):
    """The outcome model's answer for one profile (module docstring).

    ``probability``, ``low`` and ``high`` are ``None`` unless ``status == "estimated"``;
    ``by_category`` holds the probability for each candidate category when the vertical fits
    several; ``base_rate`` is the training set's success rate (context, not a forecast).
    """

    status: Status
    probability: float | None
    low: float | None
    high: float | None
    level: float
    by_category: Mapping[str, float]
    base_rate: float
    as_of: dt.date | None
    features: tuple[FeatureValue, ...]
    departures: tuple[Message, ...]
    usable_for_verdict: bool
    verdict_note: Message
    card: ModelCard

    @property
    def reasons(self) -> tuple[Message, ...]:
        """Why no probability is shown: the population departures, else the notes of missing features."""
        if self.status == "out_of_population":
            return self.departures
        if self.status == "not_computable":
            return tuple(f.note for f in self.features if f.status == "missing" and f.note is not None)
        return ()

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        if self.status == "estimated" and self.probability is not None and self.low is not None and self.high is not None:
            lines = [t("outcomes.summary.estimated", L, p=f"{100 * self.probability:.0f}", low=f"{100 * self.low:.0f}",
                       high=f"{100 * self.high:.0f}", level=f"{100 * self.level:.0f}",
                       base=f"{100 * self.base_rate:.0f}")]
            lines += [f"- {f.note.render(L)}" for f in self.features if f.note is not None]
        else:
            lines = [t(f"outcomes.summary.{self.status}", L, base=f"{100 * self.base_rate:.0f}")]
            lines += [f"- {m.render(L)}" for m in self.reasons]
        lines.append(self.verdict_note.render(L))
        return "\n".join(lines)


def _verdict_note(spec: OutcomeModelSpec, status: Status) -> tuple[bool, Message]:
    m = spec.metrics
    if status != "estimated":
        return False, Message("outcomes.verdict.not_applicable")
    if not spec.meets_target:
        return False, Message("outcomes.verdict.weak_model", {
            "cv": round(m.cross_validation.scores.auc, 3), "time": round(m.time_split.scores.auc, 3),
            "target": spec.target_auc.value})
    return True, Message("outcomes.verdict.usable", {
        "cv": round(m.cross_validation.scores.auc, 3), "time": round(m.time_split.scores.auc, 3)})


def _combinations(features: ProfileFeatures) -> list[dict[str, float | str]]:
    """Every combination of candidate values (one per ambiguous categorical feature)."""
    options: list[list[float | str]] = []
    names = []
    for f in features.values:
        names.append(f.name)
        if f.status == "ambiguous":
            options.append(list(f.candidates))
        elif f.value is None:  # only missing features have no value; assess() stops before them
            raise AnalysisError("outcomes.error.missing_value", path=f.name, feature=f.name)
        else:
            options.append([f.value])
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*options)]


def assess(startup: Startup, spec: OutcomeModelSpec, *, as_of: dt.date | None = None,
           level: float = 0.90) -> OutcomeAssessment:
    """The outcome model's assessment of ``startup`` as known on ``as_of`` (module docstring)."""
    mapped = map_profile(startup, spec, as_of=as_of)
    status: Status
    if not mapped.in_population:
        status = "out_of_population"
    elif mapped.missing:
        status = "not_computable"
    else:
        status = "estimated"
    usable, note = _verdict_note(spec, status)
    probability = low = high = None
    by_category: dict[str, float] = {}
    if status == "estimated":
        combos = _combinations(mapped)
        columns = {name: [c[name] for c in combos] for name in spec.model.feature_names}
        p = spec.model.predict(columns)
        lo, hi = spec.model.interval(columns, level)
        probability, low, high = float(np.mean(p)), float(np.min(lo)), float(np.max(hi))
        category = next((f for f in mapped.values if f.name == "category_code" and f.status == "ambiguous"), None)
        if category is not None:
            by_category = {str(c["category_code"]): float(v) for c, v in zip(combos, p, strict=True)}
    return OutcomeAssessment(status=status, probability=probability, low=low, high=high, level=level,
                             by_category=by_category, base_rate=spec.model.base_rate, as_of=as_of,
                             features=mapped.values, departures=mapped.departures, usable_for_verdict=usable,
                             verdict_note=note, card=model_card(spec))
