"""From a goldmine profile to the outcome model's features, and whether the profile is in the
model's population (issue #13, point 5; docs/outcomes.md, "Profile mapping").

* :func:`map_profile` — one :class:`FeatureValue` per model feature, each ``filled`` (with the
  profile field it comes from), ``ambiguous`` (several Crunchbase categories fit the vertical: all are
  kept as candidates and the probability is reported as a range over them), ``clipped`` (outside the
  training range: the model uses the nearest edge) or ``missing`` (the profile has no such field:
  no probability is computed); plus the profile's *departures* from the model's population (a
  country other than the training country, a founding year outside the training period).

What a profile can fill:

================================  =========================================================
feature                           from the profile
================================  =========================================================
``age_first_funding_year``        ``rounds[0].date - identity.founded`` in years (rounds after
                                  the as-of date are ignored); missing without a round
``category_code``                 ``vertical`` through the model file's ``profile_mapping``
``year_founded``                  ``identity.founded``
``state_code``, ``latitude``,     never: a profile records the country, not the US state or the
``longitude``                     coordinates
``yc_year``, ``yc_session``       never (Y Combinator evaluation features)
================================  =========================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Message
from goldmine.model import Startup
from goldmine.outcomes.model import CategoricalFeature, NumericFeature, OutcomeModelSpec
from goldmine.results import Result

__all__ = ["FeatureValue", "ProfileFeatures", "map_profile"]

FeatureStatus = Literal["filled", "ambiguous", "clipped", "missing"]
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class FeatureValue(Result):
    """One model feature filled from a profile: its value (or candidates), where it comes from, and
    a note (catalogue key) when it is not a plain fill."""

    name: str
    status: FeatureStatus
    value: float | str | None
    candidates: tuple[str, ...]
    source: str | None
    note: Message | None


@dataclass(frozen=True)
class ProfileFeatures(Result):
    """The model's features of one profile and the profile's departures from the model's population."""

    values: tuple[FeatureValue, ...]
    departures: tuple[Message, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.values if v.status == "missing")

    @property
    def in_population(self) -> bool:
        return not self.departures

    def value(self, name: str) -> FeatureValue:
        for v in self.values:
            if v.name == name:
                return v
        raise KeyError(name)  # internal: callers ask only for the model's own features


def _first_round_age(startup: Startup, as_of: dt.date | None) -> tuple[float | None, int]:
    rounds = [r for r in startup.rounds if as_of is None or r.date <= as_of]
    if not rounds:
        return None, 0
    first = min(rounds, key=lambda r: r.date)
    return (first.date - startup.identity.founded).days / _DAYS_PER_YEAR, startup.rounds.index(first)


def _numeric(spec: NumericFeature, value: float, source: str) -> FeatureValue:
    if value < spec.lower or value > spec.upper:
        return FeatureValue(spec.name, "clipped", value, (), source,
                            Message("outcomes.gap.clipped", {"value": round(value, 2), "lower": round(spec.lower, 2),
                                                             "upper": round(spec.upper, 2)}))
    return FeatureValue(spec.name, "filled", value, (), source, None)


def _feature(spec: NumericFeature | CategoricalFeature, startup: Startup, model: OutcomeModelSpec,
             as_of: dt.date | None) -> FeatureValue:
    name = spec.name
    if isinstance(spec, NumericFeature):
        if name == "age_first_funding_year":
            age, index = _first_round_age(startup, as_of)
            if age is None:
                return FeatureValue(name, "missing", None, (), "rounds", Message("outcomes.gap.no_round"))
            return _numeric(spec, age, f"rounds[{index}].date - identity.founded")
        if name == "year_founded":
            return _numeric(spec, float(startup.identity.founded.year), "identity.founded")
        key = "outcomes.gap.no_location" if name in ("latitude", "longitude") else "outcomes.gap.not_in_profile"
        return FeatureValue(name, "missing", None, (), None, Message(key, {"feature": name}))
    if name == "category_code":
        vertical = startup.vertical.value
        choice = model.profile_mapping.category_code.get(vertical)
        candidates = choice.candidates if choice is not None else spec.levels
        if len(candidates) == 1:
            return FeatureValue(name, "filled", candidates[0], candidates, "vertical", None)
        return FeatureValue(name, "ambiguous", None, candidates, "vertical",
                            Message("outcomes.gap.ambiguous_category", {"vertical": vertical, "candidates": list(candidates)}))
    key = "outcomes.gap.no_state" if name == "state_code" else "outcomes.gap.not_in_profile"
    return FeatureValue(name, "missing", None, (), None, Message(key, {"feature": name}))


def map_profile(startup: Startup, model: OutcomeModelSpec, *, as_of: dt.date | None = None) -> ProfileFeatures:
    """The model's features of ``startup`` as known on ``as_of`` (default: every recorded round),
    and its departures from the model's population (module docstring)."""
    founded = startup.identity.founded
    if as_of is not None and as_of < founded:
        raise AnalysisError("outcomes.error.as_of", path="as_of", as_of=as_of.isoformat(), founded=founded.isoformat())
    values = tuple(_feature(f, startup, model, as_of) for f in model.model.features)
    pop = model.population
    departures: list[Message] = []
    if startup.identity.country != pop.country:
        departures.append(Message("outcomes.population.country",
                                  {"country": startup.identity.country, "expected": pop.country}))
    if not model.in_period(founded.year):
        departures.append(Message("outcomes.population.period",
                                  {"year": founded.year, "start": pop.founded_from, "end": pop.founded_to}))
    return ProfileFeatures(values=values, departures=tuple(departures))
