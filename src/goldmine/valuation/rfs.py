"""Risk-factor summation (Ohio TechAngels, via Bill Payne 2011), fed by goldmine's risk engine.

value = base pre-money + sum over 12 risks of score_r x $250k, each score in -2..+2 (+2 = very
low risk, adds $500k; -2 = very high risk, takes $500k off).  The 12 risks: management, stage of
the business, legislation/political, manufacturing, sales and marketing, funding/capital
raising, competition, technology, litigation, international, reputation, potential lucrative
exit.  Base: the same regional average pre-money as the scorecard.

* :func:`rfs_value` — the formula from a mapping of the 12 risks to -2..+2.
* :func:`points_from_risk_score` — a 0-100 risk score (higher = riskier) as -2..+2:
  ``(50 - score) / 25`` clamped, rounded half up; never increasing in the score.
* :func:`scores_from_assessment` — the 12 scores from a ``goldmine.risk`` assessment, by the
  mapping in ``data/valuation.yaml`` (``rfs.mapping``; documented in docs/valuation.md): each
  risk takes the mean score of its named indicators (a missing one at ``rfs.missing_score``),
  else its dimension's score.
* :func:`risk_factor_summation` — the method on a profile.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from goldmine.errors import AnalysisError
from goldmine.valuation._config import FxTable, config, default_fx
from goldmine.valuation.base import MethodResult
from goldmine.valuation.scorecard import base_premoney

if TYPE_CHECKING:
    from goldmine.model import Startup

RISKS = ("management", "stage", "legislation_political", "manufacturing", "sales_marketing", "funding",
         "competition", "technology", "litigation", "international", "reputation", "lucrative_exit")


def rfs_value(base: float, scores: Mapping[str, float], per_point: float) -> float:
    """``base + per_point x sum(scores)`` over the 12 risks; each score must lie in [-2, 2]."""
    missing = [r for r in RISKS if r not in scores]
    unknown = [r for r in scores if r not in RISKS]
    if missing or unknown:
        raise AnalysisError("valuation.error.rfs_risks", missing=", ".join(missing) or "—", unknown=", ".join(unknown) or "—")
    for r, s in scores.items():
        if not -2 <= s <= 2:
            raise AnalysisError("valuation.error.rfs_score", path=r, found=s)
    return float(base) + float(per_point) * float(sum(scores[r] for r in RISKS))


def continuous_points(score: float) -> float:
    """A 0-100 risk score as a real number of points in [-2, 2]: ``(50 - score) / 25``."""
    cfg = config().rfs
    x = (float(cfg.neutral_score) - float(score)) / 25.0 * float(cfg.points_per_25)
    return min(2.0, max(-2.0, x))


def points_from_risk_score(score: float) -> int:
    """``continuous_points`` rounded half up: 0 -> +2, 25 -> +1, 50 -> 0, 75 -> -1, 100 -> -2."""
    return int(math.floor(continuous_points(score) + 0.5))


def _indicator_scores(dimension: Any, names: tuple[str, ...]) -> list[float]:
    """Scores of the named indicators of one dimension.

    A missing scored indicator counts at ``rfs.missing_score`` (the risk engine's 60), never
    skipped: skipping let a profile that left out its market section (40 competitors, 0.2 %
    share) score *better* on competition than one that stated it.  Informational indicators
    (``scored`` false, e.g. ``demand_forecast``) carry no score and are skipped.
    """
    out = []
    for ind in getattr(dimension, "indicators", []) or []:
        if str(getattr(ind, "name", "")) not in names or getattr(ind, "scored", True) is False:
            continue
        score = getattr(ind, "score", None)
        if getattr(ind, "missing", False):
            out.append(float(config().rfs.missing_score.value))
        elif score is not None:
            out.append(float(score))
    return out


def risk_scores_from_assessment(assessment: Any) -> tuple[dict[str, float], dict[str, str]]:
    """0-100 risk scores for the 11 risks read from an assessment (``stage`` excluded), and the basis of each.

    ``assessment.dimensions`` maps technical/market/capital/legal/social to objects with ``score``
    (0-100, higher = riskier) and ``indicators`` (each with ``name``, ``score`` or None, ``missing``).
    The basis of a risk is ``indicators``, ``dimension:<name>`` or ``neutral`` (no data: the neutral score).
    """
    dims: Mapping[str, Any] = getattr(assessment, "dimensions", {}) or {}
    dim_scores = {k: float(d.score) for k, d in dims.items() if getattr(d, "score", None) is not None}
    overall = sum(dim_scores.values()) / len(dim_scores) if dim_scores else None
    scores: dict[str, float] = {}
    basis: dict[str, str] = {}
    for risk, rule in config().rfs.mapping.items():
        if rule.profile is not None:
            continue
        names = rule.indicators
        found: list[float] = []
        for d in dims.values():
            found += _indicator_scores(d, names)
        if found:
            scores[risk] = sum(found) / len(found)
            basis[risk] = "indicators"
            continue
        dim = rule.dimension
        if dim == "overall":
            value = overall
        else:
            value = dim_scores.get(dim) if dim is not None else None
        if value is None:
            scores[risk] = float(config().rfs.neutral_score)
            basis[risk] = "neutral"
        else:
            scores[risk] = value
            basis[risk] = f"dimension:{dim}"
    return scores, basis


def scores_from_assessment(assessment: Any, stage: str) -> dict[str, int]:
    """The 12 RFS scores (-2..+2) from a risk assessment and the profile's stage."""
    risk, _ = risk_scores_from_assessment(assessment)
    out = {r: points_from_risk_score(s) for r, s in risk.items()}
    out["stage"] = int(config().rfs.stage_points[stage])
    return {r: out[r] for r in RISKS}


def risk_factor_summation(startup: Startup, *, assessment: Any = None, scores: Mapping[str, float] | None = None,
                          base: float | None = None, fx: FxTable | None = None, region: str | None = None) -> MethodResult:
    """RFS on a profile, from explicit ``scores`` or a risk ``assessment``; early stages only.

    Base and amount per point are the region's (:mod:`goldmine.valuation.anchors`; ``base`` replaces
    the base).  With an assessment the range comes from rounding every risk's continuous points down
    (low) and up (high); with explicit scores low = high = value.  A result below 0 is excluded with
    a reason (``valuation.reason.rfs_negative``), never floored.
    """
    from goldmine.valuation.anchors import region_for, rfs_per_point

    ccy = startup.currency
    if startup.stage.value not in config().anchors.early_stage_only:
        return MethodResult.not_applicable("risk_factor_summation", ccy, "valuation.reason.early_stage_only",
                                           stage=startup.stage.value)
    fx = fx or default_fx()
    reg = region_for(startup, region)
    if base is None:
        base, info = base_premoney(startup.stage.value, ccy, fx, reg)
    else:
        info = {"base_premoney": float(base), "base_source": "user"}
    per_point, point_info = rfs_per_point(ccy, fx, reg)
    basis: dict[str, str] = {}
    if scores is not None:
        pts = {r: float(scores[r]) for r in scores}
        low_pts = high_pts = pts
        source = "given"
    elif assessment is not None:
        risk, basis = risk_scores_from_assessment(assessment)
        stage_pt = int(config().rfs.stage_points[startup.stage.value])
        cont = {r: continuous_points(s) for r, s in risk.items()}
        pts = {**{r: points_from_risk_score(s) for r, s in risk.items()}, "stage": stage_pt}
        low_pts = {**{r: math.floor(c) for r, c in cont.items()}, "stage": stage_pt}
        high_pts = {**{r: math.ceil(c) for r, c in cont.items()}, "stage": stage_pt}
        source = "risk_engine"
        basis["stage"] = "profile.stage"
    else:
        raise AnalysisError("valuation.error.rfs_inputs")
    value = rfs_value(base, pts, per_point)
    low = rfs_value(base, low_pts, per_point)
    high = rfs_value(base, high_pts, per_point)
    assumptions = {**info, **point_info, "scores": {r: pts[r] for r in RISKS}, "scores_source": source,
                   "source": config().rfs.source}
    details = {"basis": basis, "points": float(sum(pts[r] for r in RISKS))}
    if value <= 0:   # the risks take more points than the base holds: the method cannot price the company
        return MethodResult(name="risk_factor_summation", currency=ccy, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.rfs_negative", assumptions=assumptions,
                            details={**details, "value_before_exclusion": value})
    return MethodResult(
        name="risk_factor_summation", currency=ccy, value=value, low=max(0.0, min(low, value)), high=max(high, value),
        assumptions=assumptions, details=details,
    )
