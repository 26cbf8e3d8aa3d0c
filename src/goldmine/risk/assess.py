"""The risk assessment of one startup: :func:`assess` and :class:`RiskAssessment` (issue #3).

``assess(startup, config=None)`` computes the compliance checklist
(:mod:`goldmine.risk.compliance`), every indicator that concerns the company
(:mod:`goldmine.risk.indicators`; within a dimension, the weights of those present are scaled to sum
to 1), the five dimension scores, the overall score, rating and confidence, the likelihood x impact
matrix (:mod:`goldmine.risk.scoring`), the mitigations they trigger, with the actions that fit the
company's stage and checklist (:mod:`goldmine.risk.mitigations`), and the seed's textbook formulas
as unscored ``methods`` for the report's appendix.
The five dimensions and their sub-risks are those of the seed article 《AI大模型创业：泡沫还是金矿？》 (undated)
ch.5 (technical, market, capital, legal, social).  Pure: no I/O; without a configuration the shipped one is used
(:meth:`RiskConfig.default`, read once per process by :mod:`goldmine.config`).

The result is language-neutral: ``to_dict()`` holds numbers, codes and message keys with
parameters, the same in every language; :meth:`RiskAssessment.summary` and the ``explain``,
``title``, ``actions``, ``gap_text`` and ``action`` methods of its parts render text for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from goldmine.i18n import t
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk import indicators as ind_mod
from goldmine.risk import scoring
from goldmine.risk.compliance import ComplianceItem, evaluate
from goldmine.risk.config import DIMENSIONS, RiskConfig
from goldmine.risk.indicators import Indicator
from goldmine.risk.mitigations import Mitigation, select
from goldmine.risk.scoring import DimensionScore, OverallScore, RiskMatrix, find_indicator


@dataclass(frozen=True)
class RiskAssessment(Result):
    """The risk of one startup. JSON keys (``to_dict``) are documented in docs/risk.md."""

    startup_id: str | None
    name: str
    name_zh: str
    stage: str
    overall: OverallScore
    dimensions: dict[str, DimensionScore]
    mitigations: tuple[Mitigation, ...]
    compliance: tuple[ComplianceItem, ...]
    matrix: RiskMatrix
    methods: tuple[Indicator, ...] = ()
    not_applicable: tuple[str, ...] = ()

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The scored indicators, dimension by dimension (the methods are not among them)."""
        return tuple(i for d in DIMENSIONS for i in self.dimensions[d].indicators)

    def indicator(self, name: str) -> Indicator:
        return find_indicator(self.indicators, name)

    def method(self, name: str) -> Indicator:
        """One of the seed's textbook formulas (``demand_forecast``, ``funding_demand`` ...)."""
        return find_indicator(self.methods, name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "startup": {"id": self.startup_id, "name": self.name, "name_zh": self.name_zh, "stage": self.stage},
            "overall": self.overall.to_dict(),
            "dimensions": {d: self.dimensions[d].to_dict() for d in DIMENSIONS},
            "mitigations": [m.to_dict() for m in self.mitigations],
            "compliance": [c.to_dict() for c in self.compliance],
            "compliance_not_applicable": list(self.not_applicable),
            "matrix": self.matrix.to_dict(),
            "methods": [m.to_dict() for m in self.methods],
        }

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        name = self.name_zh if lang == "zh" else self.name
        lines = [f"{name}: {self.overall.summary(lang)}"]
        for d in DIMENSIONS:
            dim = self.dimensions[d]
            drivers = ", ".join(t(f"risk.ind.{n}", lang) for n in dim.drivers) or "—"
            lines.append(f"  {dim.summary(lang)} — {t('risk.summary.drivers', lang)}: {drivers}")
        if self.mitigations:
            lines.append(f"  {t('risk.summary.first_actions', lang)}: " + "; ".join(m.title(lang) for m in self.mitigations[:3]))
        gaps = [c.title(lang) for c in self.compliance if c.status in ("gap", "partial")]
        if gaps:
            lines.append(f"  {t('risk.summary.compliance_gaps', lang)}: " + "; ".join(gaps))
        if self.overall.missing:
            lines.append(f"  {t('risk.summary.missing', lang)}: " + ", ".join(self.overall.missing))
        return "\n".join(lines)


def assess(startup: Startup, config: RiskConfig | None = None) -> RiskAssessment:
    """Assess the risk of ``startup`` with ``config`` (default: the packaged ``data/risk.yaml``)."""
    cfg = config or RiskConfig.default()
    every = evaluate(startup, cfg)
    items = tuple(i for i in every if i.applies is not False)
    indicators = rescale(ind_mod.compute(startup, cfg, items))
    weights = cfg.stage_weights(startup.stage.value)
    dims = {d: scoring.dimension(d, tuple(i for i in indicators if i.dimension == d), weights[d], cfg) for d in DIMENSIONS}
    return RiskAssessment(
        startup_id=startup.id,
        name=startup.display_name("en"),
        name_zh=startup.display_name("zh"),
        stage=startup.stage.value,
        overall=scoring.overall(dims, cfg),
        dimensions=dims,
        mitigations=select(indicators, cfg, startup, items),
        compliance=items,
        matrix=scoring.matrix(dims, startup, cfg),
        methods=ind_mod.methods(startup, cfg),
        not_applicable=tuple(i.id for i in every if i.applies is False),
    )


def rescale(indicators: Sequence[Indicator]) -> tuple[Indicator, ...]:
    """The indicators with the weights of each dimension's scored ones scaled to sum to 1.

    Unchanged when every configured indicator is present (the weights already sum to 1); when one
    does not concern the company (frontier_gap of a computer-vision company) the others share its weight.
    """
    totals: dict[str, float] = {}
    for i in indicators:
        if i.scored:
            totals[i.dimension] = totals.get(i.dimension, 0.0) + i.weight
    out = []
    for i in indicators:
        total = totals.get(i.dimension, 0.0)
        out.append(replace(i, weight=i.weight / total) if i.scored and total > 0 and abs(total - 1.0) > 1e-9 else i)
    return tuple(out)
