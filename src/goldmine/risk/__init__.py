"""Risk engine for AI startups: five dimensions, mitigations, compliance (issue #3).

The five dimensions are those of the seed article 《AI大模型创业：泡沫还是金矿？》 (undated) ch.5.

Public interface::

    from goldmine.risk import assess
    result = assess(startup)              # goldmine.model.Startup -> RiskAssessment
    result.overall.score, result.overall.rating, result.overall.confidence, result.overall.missing
    result.dimensions["technical"].indicators   # Indicator(name, value, unit, score, source, missing, ...)
    result.mitigations, result.compliance, result.matrix, result.to_dict(), result.summary("zh")
    result.methods                        # the seed's textbook formulas (D(t), N S / D, R(t), C(t)): unscored
    result.not_applicable                 # ids of the compliance rules checked that do not apply

The result is language-neutral (``to_dict()`` is the same in every language: numbers, codes and
message keys with parameters); ``summary(lang)`` and the ``explain``/``title``/``actions``/
``gap_text``/``action`` methods render text for people.

Modules: :mod:`~goldmine.risk.indicators` (documented functions of the profile, built on
:mod:`goldmine.metrics` — growth, burn and runway — and the seed's formulas as unscored methods),
:mod:`~goldmine.risk.scoring` (scales, dimensions, overall, rating, likelihood x impact),
:mod:`~goldmine.risk.mitigations` (bilingual catalogue; actions keyed on stage, checklist, vertical
and activities), :mod:`~goldmine.risk.compliance` (rules keyed on country, vertical, data type and
business activity, each with its legal source: PIPL and its impact assessment, generative-AI
measures and filing, minors' protection, NMPA, FDA, HIPAA, COPPA, CCPA, EU AI Act, GDPR, EU MDR,
export controls, data licences, output ownership, IP), :mod:`~goldmine.risk.config`
(``data/risk*.yaml`` as frozen pydantic models).  Indicator names are stable and listed in
``docs/risk.md``.  The use case of ``goldmine risk`` is :func:`goldmine.pipeline.risk.run_risk`.
"""

from goldmine.risk.assess import RiskAssessment, assess
from goldmine.risk.compliance import ComplianceItem, checklist, evaluate
from goldmine.risk.config import DIMENSIONS, RATINGS, RiskConfig, Scale
from goldmine.risk.indicators import (
    INDICATOR_NAMES,
    METHOD_NAMES,
    SCORED_NAMES,
    Indicator,
    depends_on_llms,
)
from goldmine.risk.mitigations import Mitigation
from goldmine.risk.scoring import DimensionScore, MatrixCell, OverallScore, RiskMatrix

__all__ = [
    "assess", "RiskAssessment", "RiskConfig", "Scale", "Indicator", "DimensionScore", "OverallScore",
    "RiskMatrix", "MatrixCell", "Mitigation", "ComplianceItem", "checklist", "evaluate", "DIMENSIONS", "RATINGS",
    "INDICATOR_NAMES", "SCORED_NAMES", "METHOD_NAMES", "depends_on_llms",
]
