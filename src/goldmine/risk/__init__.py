"""Risk engine for AI startups: five dimensions, mitigations, compliance (issue #3; seed 003 ch.5).

Public interface::

    from goldmine.risk import assess
    result = assess(startup)              # goldmine.model.Startup -> RiskAssessment
    result.overall.score, result.overall.rating, result.overall.confidence, result.overall.missing
    result.dimensions["technical"].indicators   # Indicator(name, value, unit, score, source, missing, ...)
    result.mitigations, result.compliance, result.matrix, result.to_dict(), result.summary("zh")

Modules: :mod:`~goldmine.risk.formulas` (the seed's formulas), :mod:`~goldmine.risk.indicators`
(documented functions of the profile), :mod:`~goldmine.risk.scoring` (scales, dimensions, overall,
rating, likelihood x impact), :mod:`~goldmine.risk.mitigations` (bilingual catalogue),
:mod:`~goldmine.risk.compliance` (PIPL, generative-AI measures and filing, EU AI Act, GDPR, CCPA,
data licences, output ownership, IP), :mod:`~goldmine.risk.config` (``data/risk*.yaml``).
Indicator names are stable and listed in ``docs/risk.md``.
"""

from goldmine.risk.assess import RiskAssessment, assess
from goldmine.risk.compliance import ComplianceItem, checklist
from goldmine.risk.config import DIMENSIONS, RATINGS, RiskConfig, Scale
from goldmine.risk.indicators import INDICATOR_NAMES, Indicator, runway
from goldmine.risk.mitigations import Mitigation
from goldmine.risk.scoring import DimensionScore, MatrixCell, OverallScore, RiskMatrix

__all__ = [
    "assess", "RiskAssessment", "RiskConfig", "Scale", "Indicator", "DimensionScore", "OverallScore",
    "RiskMatrix", "MatrixCell", "Mitigation", "ComplianceItem", "checklist", "DIMENSIONS", "RATINGS",
    "INDICATOR_NAMES", "runway",
]
