"""The features the outcome model may use, and the leakage guard (issue #13, point 5).

**Decision point.**  The model answers the question an outside investor faces when the company's
*first funding round* closes: will this company end acquired or closed?  A feature is allowed only
if its value was known at that moment.  The outcome data (Kaggle "Startup Success Prediction",
Crunchbase-derived; Y Combinator companies) record most columns at the snapshot date, after the
outcome: funding totals, round counts, relationships and milestones grow while a company lives, so
a company that survives longer shows more of them.  A model fed those columns learns the outcome
from its consequences (look-ahead bias); REFERENCES.md ("Startup data") measured a random forest
falling from AUC 0.82 to about 0.72 when three such columns were dropped.

* :data:`ALLOWED` — the allow-list: each feature with when it is known and why that is before the
  decision (a catalogue key, ``outcomes.feature.<name>.reason``);
* :data:`FORBIDDEN` — known post-outcome or lifetime columns of the two data sets, each with the kind
  of leak (``outcomes.leak.<kind>``);
* :func:`guard_features` — raises :class:`~goldmine.errors.AnalysisError` for a forbidden column
  (``outcomes.error.leaky_feature``) and for any column not on the allow-list
  (``outcomes.error.unknown_feature``).  Every fit (:func:`goldmine.outcomes.fit.fit_logistic`) and
  every model file (:class:`goldmine.outcomes.model.OutcomeModelSpec`) goes through it.

The allow-list is deliberately short.  Columns that are not on it are refused even if nobody has
yet thought them leaky: a new column needs a stated reason before a model may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Message

__all__ = ["ALLOWED", "FORBIDDEN", "FeatureRule", "LeakRule", "guard_features"]

Kind = Literal["numeric", "categorical"]
KnownAt = Literal["founding", "first_round"]
LeakKind = Literal["after_outcome", "lifetime_total", "curated_later", "identifier", "label", "missingness"]


@dataclass(frozen=True)
class FeatureRule:
    """An allowed feature: its kind, when its value is known, and the catalogue key of the reason."""

    name: str
    kind: Kind
    known_at: KnownAt

    @property
    def reason(self) -> Message:
        return Message(f"outcomes.feature.{self.name}.reason")


@dataclass(frozen=True)
class LeakRule:
    """A refused column and the kind of leak it carries (``outcomes.leak.<kind>``)."""

    name: str
    leak: LeakKind

    @property
    def reason(self) -> Message:
        return Message(f"outcomes.leak.{self.leak}")


_ALLOWED = (
    # Kaggle "Startup Success Prediction" (Crunchbase)
    FeatureRule("year_founded", "numeric", "founding"),
    FeatureRule("age_first_funding_year", "numeric", "first_round"),
    FeatureRule("category_code", "categorical", "founding"),
    FeatureRule("state_code", "categorical", "founding"),
    FeatureRule("latitude", "numeric", "founding"),
    FeatureRule("longitude", "numeric", "founding"),
    # Y Combinator companies (evaluation only): the batch is the first outside round
    FeatureRule("yc_year", "numeric", "first_round"),
    FeatureRule("yc_session", "categorical", "first_round"),
)
ALLOWED: dict[str, FeatureRule] = {r.name: r for r in _ALLOWED}

_FORBIDDEN = (
    LeakRule("age_last_funding_year", "after_outcome"),
    LeakRule("last_funding_at", "after_outcome"),
    LeakRule("closed_at", "after_outcome"),
    LeakRule("relationships", "lifetime_total"),
    LeakRule("milestones", "lifetime_total"),
    LeakRule("funding_rounds", "lifetime_total"),
    LeakRule("funding_total_usd", "lifetime_total"),
    LeakRule("has_VC", "lifetime_total"),
    LeakRule("has_angel", "lifetime_total"),
    LeakRule("has_roundA", "lifetime_total"),
    LeakRule("has_roundB", "lifetime_total"),
    LeakRule("has_roundC", "lifetime_total"),
    LeakRule("has_roundD", "lifetime_total"),
    LeakRule("avg_participants", "lifetime_total"),
    LeakRule("amounts_raised", "lifetime_total"),
    LeakRule("investors", "lifetime_total"),
    LeakRule("is_top500", "curated_later"),
    LeakRule("id", "identifier"),
    LeakRule("name", "identifier"),
    LeakRule("company", "identifier"),
    LeakRule("status", "label"),
    LeakRule("success", "label"),
    LeakRule("n_founders", "missingness"),
    LeakRule("has_description", "missingness"),
)
FORBIDDEN: dict[str, LeakRule] = {r.name: r for r in _FORBIDDEN}


def guard_features(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` as a tuple when every one is on the allow-list; otherwise an
    :class:`~goldmine.errors.AnalysisError` naming the first refused column and why."""
    checked = tuple(names)
    for name in checked:
        if name in FORBIDDEN:
            raise AnalysisError("outcomes.error.leaky_feature", path="features", feature=name,
                                reason=FORBIDDEN[name].reason)
        if name not in ALLOWED:
            raise AnalysisError("outcomes.error.unknown_feature", path="features", feature=name,
                                allowed=sorted(ALLOWED))
    if len(set(checked)) != len(checked):
        raise AnalysisError("outcomes.error.duplicate_feature", path="features", features=list(checked))
    return checked
