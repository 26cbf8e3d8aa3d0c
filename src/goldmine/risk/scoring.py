"""Aggregation: indicator scores -> dimension scores -> overall score, rating and matrix.

* Dimension score = sum of weight x score over its scored indicators (weights from
  ``indicator_weights``, summing to 1); a missing indicator counts at ``missing_score`` (60 by
  default), never at 0.  Dimension confidence = sum of weight x coverage.
* Overall score = (1 - b) x sum_d W_d x score_d + b x max_d score_d, with the stage's dimension
  weights W (summing to 1) and the blend b (``max_blend``, 0.25): a weighted mean that one critical
  dimension cannot hide behind.  Overall confidence = sum_d W_d x confidence_d.
* Rating: low < 20 <= moderate < 40 <= elevated < 60 <= high < 80 <= critical.
* Likelihood x impact matrix (ISO 31000-style 5 x 5): likelihood from the dimension score in steps
  of 20; impact from ``matrix.impact``, raised by one level for legal in regulated verticals or
  with minors, and for social with minors or sensitive data.

Every step is a weighted mean or a maximum of monotone functions, so a strictly better input can
never raise any score, and every score stays in [0, 100] (property-tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from goldmine.errors import AnalysisError
from goldmine.i18n import t
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk.config import DIMENSIONS, RiskConfig
from goldmine.risk.indicators import Indicator


@dataclass(frozen=True)
class DimensionScore(Result):
    """One of the five risk dimensions (《AI大模型创业：泡沫还是金矿？》 (undated) ch.5): score, weight, confidence, indicators."""

    name: str
    score: float
    weight: float
    confidence: float
    rating: str
    indicators: list[Indicator]
    drivers: tuple[str, ...] = ()

    @property
    def scored(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.scored)

    def indicator(self, name: str) -> Indicator:
        return find_indicator(self.indicators, name)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "rating": self.rating, "weight": self.weight,
                "confidence": round(self.confidence, 4), "drivers": list(self.drivers),
                "indicators": [i.to_dict() for i in self.indicators]}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return f"{t(f'risk.dim.{self.name}', lang)}: {self.score:.0f} ({t(f'risk.rating.{self.rating}', lang)})"


@dataclass(frozen=True)
class OverallScore(Result):
    """The overall risk: score 0-100, rating, confidence 0-1 and the missing field paths."""

    score: float
    rating: str
    confidence: float
    missing: list[str]
    weighted_mean: float
    worst_dimension: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 2), "rating": self.rating, "confidence": round(self.confidence, 4),
                "missing": list(self.missing), "weighted_mean": round(self.weighted_mean, 2),
                "worst_dimension": self.worst_dimension}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return t("risk.summary.overall", lang, score=f"{self.score:.0f}", rating=t(f"risk.rating.{self.rating}", lang),
                 confidence=f"{self.confidence:.2f}")


@dataclass(frozen=True)
class MatrixCell(Result):
    """Where one dimension sits in the 5 x 5 likelihood x impact matrix."""

    dimension: str
    likelihood: int
    impact: int
    severity: int

    def summary(self, lang: str | None = None) -> str:
        return f"{self.dimension}: L{self.likelihood} x I{self.impact} = {self.severity}"


@dataclass(frozen=True)
class RiskMatrix(Result):
    """The likelihood x impact matrix: one cell per dimension and the 5 x 5 grid of dimension names."""

    cells: tuple[MatrixCell, ...]

    @property
    def grid(self) -> list[list[list[str]]]:
        """grid[impact - 1][likelihood - 1] = dimensions in that cell."""
        g: list[list[list[str]]] = [[[] for _ in range(5)] for _ in range(5)]
        for c in self.cells:
            g[c.impact - 1][c.likelihood - 1].append(c.dimension)
        return g

    def cell(self, dimension: str) -> MatrixCell:
        for c in self.cells:
            if c.dimension == dimension:
                return c
        raise AnalysisError("risk.error.unknown_dimension", name=dimension, known=", ".join(DIMENSIONS))

    def to_dict(self) -> dict[str, Any]:
        return {"cells": [{"dimension": c.dimension, "likelihood": c.likelihood, "impact": c.impact,
                           "severity": c.severity} for c in self.cells],
                "grid": self.grid}

    def summary(self, lang: str | None = None) -> str:
        return "; ".join(c.summary(lang) for c in sorted(self.cells, key=lambda c: -c.severity))


def effective_score(ind: Indicator, cfg: RiskConfig) -> float:
    """The score an indicator contributes: its own, or ``missing_score`` when missing."""
    return cfg.score_if_missing if ind.score is None else ind.score


def find_indicator(indicators: Iterable[Indicator], name: str) -> Indicator:
    """The indicator called ``name``; :class:`AnalysisError` (``risk.error.unknown_indicator``) when there is none."""
    for i in indicators:
        if i.name == name:
            return i
    raise AnalysisError("risk.error.unknown_indicator", name=name)


def dimension(name: str, indicators: tuple[Indicator, ...], weight: float, cfg: RiskConfig) -> DimensionScore:
    """Weighted score and confidence of one dimension, with its top drivers."""
    scored = [i for i in indicators if i.scored]
    score = sum(i.weight * effective_score(i, cfg) for i in scored)
    confidence = sum(i.weight * i.coverage for i in scored)
    score = min(100.0, max(0.0, score))
    ranked = sorted(scored, key=lambda i: (-(i.weight * effective_score(i, cfg)), i.name))
    drivers = tuple(i.name for i in ranked if effective_score(i, cfg) >= 40)[:3]
    return DimensionScore(name, score, weight, min(1.0, confidence), cfg.rating(score), list(indicators), drivers)


def overall(dims: dict[str, DimensionScore], cfg: RiskConfig) -> OverallScore:
    """Blend of the weighted mean and the worst dimension; confidence and missing fields."""
    mean = sum(d.weight * d.score for d in dims.values())
    worst = max(dims.values(), key=lambda d: (d.score, d.weight))
    b = cfg.worst_blend
    score = min(100.0, max(0.0, (1 - b) * mean + b * worst.score))
    confidence = sum(d.weight * d.confidence for d in dims.values())
    missing = list(dict.fromkeys(p for d in dims.values() for i in d.indicators if i.scored for p in i.missing_inputs))
    return OverallScore(score, cfg.rating(score), min(1.0, confidence), missing, mean, worst.name)


def impact(dim: str, s: Startup, cfg: RiskConfig) -> int:
    """Impact level 1-5 of a dimension for this startup (see the module docstring)."""
    level = cfg.base_impact(dim)
    c = s.compliance
    if dim == "legal" and (s.vertical.value in cfg.vertical_regulation.high_impact or c.minors_users):
        level += 1
    if dim == "social" and (c.minors_users or c.sensitive_personal_data):
        level += 1
    return max(1, min(5, level))


def matrix(dims: dict[str, DimensionScore], s: Startup, cfg: RiskConfig) -> RiskMatrix:
    cells = []
    for name in DIMENSIONS:
        lik = cfg.likelihood(dims[name].score)
        imp = impact(name, s, cfg)
        cells.append(MatrixCell(name, lik, imp, lik * imp))
    return RiskMatrix(tuple(cells))


__all__ = ["DimensionScore", "OverallScore", "MatrixCell", "RiskMatrix", "dimension", "overall", "matrix",
           "effective_score"]
