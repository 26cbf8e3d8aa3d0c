"""Configuration of the risk engine: scales, weights, thresholds (``goldmine/data/risk*.yaml``).

* :class:`Scale` — a monotone piecewise-linear map from an indicator value to a 0-100 risk score.
* :class:`RiskConfig` — everything the engine reads: the frozen, validated content of the package's
  ``risk.yaml``, with the mitigation catalogue (``risk_mitigations.yaml``, :class:`MitigationCatalogue`:
  each action with the stages, checklist items, verticals and activities it suits, :class:`ActionSpec`)
  and the compliance rules (``risk_compliance.yaml``, :class:`ComplianceRules`: each
  :class:`ComplianceRule` with its law, articles, source and date, when it applies and how its status
  is read).

The configuration is read by :func:`goldmine.config.load_config` (goldmine convention:
configuration is read once, validated into frozen models):
:meth:`RiskConfig.default` is the shipped one, read and validated once per process; a user file
(``goldmine risk --config FILE``) is given to ``load_config(RiskConfig, "risk.yaml", override=FILE)``
by the command or the use case (:func:`goldmine.pipeline.risk.load_risk_config`), never read here.
An override is deep-merged into the shipped values; an unknown key is refused with its path, and
the checks below are validators whose problems carry catalogue keys (``risk.expected.*``):

* the weights of every stage (``dimension_weights.stages.<stage>``) and of every dimension
  (``indicator_weights.dimensions.<dimension>``) are >= 0, cover what they must and sum to 1;
* every scale has at least two points, x increasing, scores in [0, 100] and monotone;
* every category score, vertical score and rating bound is in [0, 100];
* ``ratings`` are the five ratings in order, bounds increasing, the last without a bound;
* ``matrix.likelihood_steps`` are four increasing scores, ``matrix.impact`` 1-5 per dimension;
* ``horizon_months`` is in (0, 600], ``max_blend`` in [0, 1], ``demand_compounding`` discrete or
  continuous;
* every compliance rule has a law, articles, a source and a date, known data conditions, the setting
  its check needs and its texts in the message catalogue (an override may change shipped rules, not
  add new ones); every mitigation action has its text, and the checklist items it names exist.

Every value in the data files carries its rationale and source (goldmine convention: no magic
numbers in code).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Mapping
from typing import Annotated, Any, Generic, Literal, TypeVar, cast

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from goldmine.config import ConfigModel, Sourced, deep_merge, load_config, shipped
from goldmine.errors import AnalysisError
from goldmine.i18n import has_key
from goldmine.model.compliance import Activity, DataType
from goldmine.model.enums import ModelType, Vertical

DIMENSIONS = ("technical", "market", "capital", "legal", "social")
STAGES = ("idea", "pre_seed", "seed", "angel", "series_a", "series_b", "series_c_plus", "growth")
RATINGS = ("low", "moderate", "elevated", "high", "critical")
TIERS = ("prohibited", "high", "limited", "minimal")
#: Data conditions of a compliance rule beside the data types of the profile (goldmine.model.compliance.DataType).
DATA_CONDITIONS = ("personal", "sensitive", "minors", "children_under_13")
MARKETS = ("nmpa", "fda", "ce_mdr")

Dimension = Literal["technical", "market", "capital", "legal", "social"]
Stage = Literal["idea", "pre_seed", "seed", "angel", "series_a", "series_b", "series_c_plus", "growth"]
Rating = Literal["low", "moderate", "elevated", "high", "critical"]
Tier = Literal["prohibited", "high", "limited", "minimal"]
Compounding = Literal["discrete", "continuous"]
CheckKind = Literal["regime", "ccpa", "device", "filing", "eu_ai_act", "licence", "flag"]
Market = Literal["nmpa", "fda", "ce_mdr"]
UnlessField = Literal["social.ethics_review", "social.ethics_board", "compliance.ip_assigned",
                      "compliance.output_ownership_terms"]
FlagField = Literal["ip_assigned", "output_ownership_terms", "impact_assessment", "minors_protection",
                    "export_control_review"]

Finite = Annotated[float, Field(allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Impact = Annotated[int, Field(ge=1, le=5)]
DateLike = str | int | dt.date | None

_TOL = 1e-9
_WEIGHT_TOL = 1e-6
T = TypeVar("T")


def _by_name(table: Mapping[Any, T]) -> Mapping[str, T]:
    """A table whose keys pydantic checked against a ``Literal`` of names, looked up by a plain name."""
    return cast(Mapping[str, T], table)


def _problem(field: str, expected: str, found: str) -> PydanticCustomError:
    """A problem of the field ``field`` (relative to the model that raises it), ``expected`` a catalogue key."""
    return PydanticCustomError("consistency", "expected {expected}, found {found}",
                               {"field": field, "expected": expected, "found": found})


class Noted(Sourced[T], Generic[T]):
    """A configured value with its rationale: ``{value, rationale, source, date, unit, note}``."""

    rationale: str = ""


# --------------------------------------------------------------------------- scales and tables
class Scale(ConfigModel):
    """Piecewise-linear risk scale through ``points`` ``(x, score)``; flat beyond the ends.

    The points are sorted by ``x`` and their scores are monotone (either direction), so the
    score is a monotone function of the value: a better input never raises it.
    """

    points: tuple[tuple[Finite, Finite], ...] = Field(min_length=2)
    rationale: str = ""
    source: str = ""
    date: DateLike = None

    @model_validator(mode="after")
    def _monotone(self) -> Scale:
        if not _valid_points(self.points):
            raise _problem("points", "risk.expected.scale_points",
                           "[" + ", ".join(f"[{x:g}, {y:g}]" for x, y in self.points) + "]")
        return self

    def __call__(self, x: float) -> float:
        if math.isnan(x):
            raise AnalysisError("risk.error.nan_value")
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        if x <= xs[0]:
            return float(ys[0])
        if x >= xs[-1]:
            return float(ys[-1])
        i = bisect_right(xs, x) - 1
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
        return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))

    @property
    def higher_is_better(self) -> bool:
        return self.points[-1][1] <= self.points[0][1]


def _valid_points(pts: tuple[tuple[float, float], ...]) -> bool:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)) or not all(0 <= y <= 100 for y in ys):
        return False
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    return all(s >= -_TOL for s in steps) or all(s <= _TOL for s in steps)


class Category(ConfigModel):
    """Risk score of each answer of a categorical indicator."""

    scores: dict[str, Score] = Field(min_length=1)
    rationale: str = ""
    source: str = ""
    date: DateLike = None


class RatingBound(ConfigModel):
    """A score below ``below`` gets ``rating``; the last rating has no bound."""

    rating: Rating
    below: Score | None


class DimensionWeights(ConfigModel):
    """Weights of the five dimensions for each stage (each stage's weights sum to 1)."""

    stages: dict[Stage, dict[Dimension, Weight]]
    rationale: str = ""
    source: str = ""
    date: DateLike = None

    @model_validator(mode="after")
    def _complete_and_summing_to_one(self) -> DimensionWeights:
        for stage in STAGES:
            w = _by_name(self.stages).get(stage)
            if w is None or set(w) != set(DIMENSIONS):
                raise _problem(f"stages.{stage}", "risk.expected.dimension_weights", ", ".join(w or ()) or "—")
            _check_sum(f"stages.{stage}", w)
        return self


class IndicatorWeights(ConfigModel):
    """Weights of the scored indicators within each dimension (each dimension's weights sum to 1)."""

    dimensions: dict[Dimension, dict[str, Weight]]
    rationale: str = ""
    source: str = ""
    date: DateLike = None

    @model_validator(mode="after")
    def _complete_and_summing_to_one(self) -> IndicatorWeights:
        for dim in DIMENSIONS:
            w = _by_name(self.dimensions).get(dim)
            if not w:
                raise _problem(f"dimensions.{dim}", "risk.expected.indicator_weights", "—")
            _check_sum(f"dimensions.{dim}", w)
        return self


def _check_sum(field: str, weights: Mapping[Any, float]) -> None:
    total = sum(weights.values())
    if abs(total - 1.0) > _WEIGHT_TOL:
        raise _problem(field, "risk.expected.weights_sum", f"Σ = {total:.4g}")


class VerticalRegulation(ConfigModel):
    """Regulatory exposure of each vertical, and the verticals that raise the legal impact."""

    scores: dict[str, Score]
    high_impact: tuple[str, ...] = ()
    rationale: str = ""
    source: str = ""
    date: DateLike = None


class SocietalSensitivity(ConfigModel):
    """How much the product's decisions affect people, by vertical; the floor when serving minors."""

    scores: dict[str, Score]
    minors: Score
    rationale: str = ""
    source: str = ""
    date: DateLike = None


class RoundMedian(ConfigModel):
    """Market median months from one round to the next."""

    months: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    days: int | None = None
    source: str = ""
    date: DateLike = None


class RoundMedians(ConfigModel):
    """The two published medians and which one each stage compares with."""

    seed_to_a: RoundMedian
    a_to_b: RoundMedian
    stage_to_median: dict[Stage, Literal["seed_to_a", "a_to_b"]]
    rationale: str = ""

    def median(self, stage: str) -> tuple[str, RoundMedian]:
        """The name and the median the stage compares with."""
        key = _by_name(self.stage_to_median)[stage]
        return key, self.seed_to_a if key == "seed_to_a" else self.a_to_b


class StageSuccess(ConfigModel):
    """Equidam's success rate of each of its stages, and the Equidam stage of each financing stage."""

    rates: dict[str, Share]
    stage_to_equidam: dict[Stage, str]
    rationale: str = ""
    source: str = ""
    date: DateLike = None

    def equidam(self, stage: str) -> str:
        """The Equidam stage of a financing stage."""
        return _by_name(self.stage_to_equidam)[stage]

    @model_validator(mode="after")
    def _known_stages(self) -> StageSuccess:
        for stage, eq in self.stage_to_equidam.items():
            if eq not in self.rates:
                raise _problem(f"stage_to_equidam.{stage}", "risk.expected.equidam_stage", eq)
        return self


class FrontierScope(ConfigModel):
    """Which companies depend on large language models, so that frontier releases are their risk."""

    verticals: tuple[Vertical, ...] = ()
    activities: tuple[Activity, ...] = ()
    model_types: tuple[ModelType, ...] = ()
    rationale: str = ""


class Frontier(ConfigModel):
    """Frontier-scale model releases per month (Epoch AI), and the companies they concern."""

    releases_per_month: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    applies_to: FrontierScope
    rationale: str = ""
    source: str = ""
    date: DateLike = None


class Matrix(ConfigModel):
    """Likelihood steps and base impacts of the likelihood x impact matrix."""

    likelihood_steps: tuple[Score, ...]
    impact: dict[Dimension, Impact]
    rationale: str = ""

    @model_validator(mode="after")
    def _ordered_and_complete(self) -> Matrix:
        steps = list(self.likelihood_steps)
        if len(steps) != 4 or steps != sorted(steps):
            raise _problem("likelihood_steps", "risk.expected.likelihood_steps", ", ".join(f"{s:g}" for s in steps))
        if set(self.impact) != set(DIMENSIONS):
            raise _problem("impact", "risk.expected.impact", ", ".join(self.impact) or "—")
        return self


# --------------------------------------------------------------------------- the other two files
class ActionSpec(ConfigModel):
    """One action of a mitigation and when it is proposed (text: ``risk.mitigation.<mitigation>.<id>``).

    Every condition given must hold: the stage is one of ``stages``; one of the checklist ``items``
    applies and is open (gap, partial or unknown: an action never asks for what the checklist shows
    done or not applicable); the vertical is one of ``verticals``; one of ``activities`` is declared
    and none of ``not_activities``; the company depends (``llm: true``) or does not depend
    (``llm: false``) on large language models (``frontier.applies_to``); none of the profile's
    yes/no answers in ``unless`` is yes (an ethics board already in place).
    """

    id: str = Field(min_length=1)
    stages: tuple[Stage, ...] = ()
    items: tuple[str, ...] = ()
    verticals: tuple[Vertical, ...] = ()
    activities: tuple[Activity, ...] = ()
    not_activities: tuple[Activity, ...] = ()
    llm: bool | None = None
    unless: tuple[UnlessField, ...] = ()


class MitigationSpec(ConfigModel):
    """One entry of the mitigation catalogue; its texts are ``risk.mitigation.<id>.*`` in i18n/risk.yaml."""

    id: str
    dimension: Dimension
    source: str
    triggers: tuple[str, ...] = Field(min_length=1)
    actions: tuple[ActionSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _texts_exist(self) -> MitigationSpec:
        for key in [f"risk.mitigation.{self.id}.title", *(f"risk.mitigation.{self.id}.{a.id}" for a in self.actions)]:
            if not has_key(key):
                raise _problem("actions", "risk.expected.mitigation_text", key)
        return self


class MitigationCatalogue(ConfigModel):
    """``risk_mitigations.yaml``: the catalogue, the trigger threshold and the most actions shown per mitigation."""

    threshold: Score
    max_actions: Annotated[int, Field(ge=1, le=10)] = 3
    mitigations: tuple[MitigationSpec, ...]
    date: DateLike = None


class RuleCondition(ConfigModel):
    """When a compliance rule applies: every key given must hold (a list: any of its entries)."""

    serves: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    activities: tuple[Activity, ...] = ()
    generative_public_cn: bool | None = None

    @model_validator(mode="after")
    def _known_data(self) -> RuleCondition:
        known = (*DATA_CONDITIONS, *(d.value for d in DataType))
        for key in self.data:
            if key not in known:
                raise _problem("data", "risk.expected.data_condition", key)
        return self


class RuleCheck(ConfigModel):
    """How the status of a rule is read from the profile (see ``risk_compliance.yaml``)."""

    kind: CheckKind
    regime: str | None = None
    market: Market | None = None
    field: FlagField | None = None

    @model_validator(mode="after")
    def _complete(self) -> RuleCheck:
        needs = {"regime": "regime", "ccpa": "regime", "device": "market", "flag": "field"}.get(self.kind)
        if needs is not None and getattr(self, needs) is None:
            raise _problem(needs, "risk.expected.rule_check", self.kind)
        return self


class RuleExtra(ConfigModel):
    """A further action (``risk.compliance.<rule>.<action>``) added when one of its data conditions holds."""

    action: str
    data: tuple[str, ...] = Field(min_length=1)


class ComplianceRule(ConfigModel):
    """One law: when it applies, how its status is read, and its legal source (law, articles, source, date)."""

    law: str = Field(min_length=1)
    articles: str = Field(min_length=1)
    source: str = Field(min_length=1)
    date: dt.date
    when: RuleCondition = RuleCondition()
    check: RuleCheck
    extras: tuple[RuleExtra, ...] = ()


class Presumed(ConfigModel):
    """Verticals where an activity or a data type is presumed possible when the profile does not list them."""

    activities: dict[Activity, tuple[Vertical, ...]] = {}
    data: dict[DataType, tuple[Vertical, ...]] = {}


class TierKeywords(ConfigModel):
    """The keywords that place a use case in an EU AI Act tier."""

    keywords: tuple[str, ...]
    source: str = ""


class ComplianceRules(ConfigModel):
    """``risk_compliance.yaml``: the rules (laws with their sources), presumptions, thresholds and the
    EU AI Act keyword table."""

    rules: dict[str, ComplianceRule] = Field(min_length=1)
    presumed: Presumed = Presumed()
    ccpa_revenue_threshold_usd: Sourced[Annotated[float, Field(gt=0, allow_inf_nan=False)]]
    eu_ai_act_tiers: dict[Tier, TierKeywords]
    date: DateLike = None

    @model_validator(mode="after")
    def _complete(self) -> ComplianceRules:
        for rule_id, rule in self.rules.items():
            for key in (f"risk.compliance.{rule_id}.title", f"risk.term.item.{rule_id}",
                        *(f"risk.compliance.{rule_id}.{x.action}" for x in rule.extras)):
                if not has_key(key):
                    raise _problem(f"rules.{rule_id}", "risk.expected.rule_text", key)
        if any(t not in self.eu_ai_act_tiers for t in TIERS):
            raise _problem("eu_ai_act_tiers", "risk.expected.tiers", ", ".join(self.eu_ai_act_tiers) or "—")
        return self


# --------------------------------------------------------------------------- the configuration
class RiskConfig(ConfigModel):
    """The risk engine's parameters (``data/risk.yaml``; see it for the meaning of every value).

    ``mitigation`` and ``compliance`` hold ``risk_mitigations.yaml`` and ``risk_compliance.yaml``;
    an override may change keys of either (deep-merged into the shipped file).
    """

    version: int = 1
    date: DateLike = None
    horizon_months: Noted[Annotated[float, Field(gt=0, le=600, allow_inf_nan=False)]]
    demand_compounding: Noted[Compounding]
    missing_score: Noted[Score]
    max_blend: Noted[Share]
    ratings: tuple[RatingBound, ...]
    dimension_weights: DimensionWeights
    indicator_weights: IndicatorWeights
    scales: dict[str, Scale]
    categories: dict[str, Category]
    vertical_regulation: VerticalRegulation
    societal_sensitivity: SocietalSensitivity
    round_medians: RoundMedians
    stage_success: StageSuccess
    frontier: Frontier
    matrix: Matrix
    mitigation: MitigationCatalogue
    compliance: ComplianceRules

    @model_validator(mode="before")
    @classmethod
    def _shipped_catalogues(cls, data: Any) -> Any:
        """The shipped mitigation catalogue and compliance rules, with the keys an override gives."""
        if not isinstance(data, Mapping):
            return data
        out = dict(data)
        for key, name in (("mitigation", "risk_mitigations.yaml"), ("compliance", "risk_compliance.yaml")):
            given = out.get(key, {})
            if isinstance(given, Mapping):
                out[key] = deep_merge(shipped(name), given)
        return out

    @model_validator(mode="after")
    def _actions_name_rules(self) -> RiskConfig:
        """An action tied to checklist items names rules that exist."""
        for k, entry in enumerate(self.mitigation.mitigations):
            for a in entry.actions:
                unknown = [i for i in a.items if i not in self.compliance.rules]
                if unknown:
                    raise _problem(f"mitigation.mitigations[{k}].actions", "risk.expected.action_items", ", ".join(unknown))
        return self

    @model_validator(mode="after")
    def _ratings_in_order(self) -> RiskConfig:
        bounds = [r.below for r in self.ratings]
        inner = [b for b in bounds[:-1] if b is not None]
        if ([r.rating for r in self.ratings] != list(RATINGS) or bounds[-1] is not None
                or len(inner) != len(bounds) - 1 or inner != sorted(set(inner))):
            found = ", ".join(f"{r.rating} < {'—' if r.below is None else f'{r.below:g}'}" for r in self.ratings)
            raise _problem("ratings", "risk.expected.ratings", found or "—")
        return self

    # ------------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> RiskConfig:
        """The shipped configuration (read and validated once per process)."""
        return load_config(cls, "risk.yaml")

    # ------------------------------------------------------------------ accessors
    @property
    def score_if_missing(self) -> float:
        """The score a missing scored indicator counts at (``missing_score``)."""
        return float(self.missing_score.value)

    @property
    def worst_blend(self) -> float:
        """The weight of the worst dimension in the overall score (``max_blend``)."""
        return float(self.max_blend.value)

    @property
    def horizon(self) -> float:
        return float(self.horizon_months.value)

    @property
    def compounding(self) -> Compounding:
        return self.demand_compounding.value

    @property
    def threshold(self) -> float:
        """The score at or above which an indicator triggers its mitigations."""
        return float(self.mitigation.threshold)

    def stage_weights(self, stage: str) -> dict[str, float]:
        """The dimension weights of ``stage`` (summing to 1)."""
        return {d: float(w) for d, w in _by_name(self.dimension_weights.stages)[stage].items()}

    def weights_of(self, dimension: str) -> dict[str, float]:
        """The indicator weights of ``dimension`` (summing to 1)."""
        return dict(_by_name(self.indicator_weights.dimensions)[dimension])

    def weight(self, dimension: str, name: str) -> float:
        return self.weights_of(dimension).get(name, 0.0)

    def scale(self, name: str) -> Scale:
        return self.scales[name]

    def score(self, name: str, x: float) -> float:
        return self.scales[name](x)

    def category(self, name: str, key: str) -> float:
        return float(self.categories[name].scores[key])

    def rationale(self, name: str) -> str:
        spec: Scale | Category | None = self.scales.get(name) or self.categories.get(name)
        return spec.rationale.strip() if spec is not None else ""

    def rating(self, score: float) -> str:
        for entry in self.ratings:
            if entry.below is None or score < entry.below:
                return entry.rating
        return RATINGS[-1]

    def likelihood(self, score: float) -> int:
        return 1 + sum(score >= s for s in self.matrix.likelihood_steps)

    def base_impact(self, dimension: str) -> int:
        return int(_by_name(self.matrix.impact)[dimension])
