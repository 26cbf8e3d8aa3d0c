"""Compose the analytics into one due-diligence run and one sector run (DESIGN.md §3, issue #9).

* :func:`run_due_diligence` — a profile -> :class:`DueDiligence` (risk, market, runway, cap table,
  waterfall, valuation, sector context; each an optional :class:`Outcome`) with a recommendation.
* :func:`run_sector` — price series, news and typed sector figures -> :class:`SectorView`, a verdict
  on explicit pillars with evidence, data vintage and caveats.
* :func:`investor_update` — a KPI history (CSV) -> :class:`InvestorUpdate` (trends, variance to
  plan, runway), the periodic report of seed 003 §6.2.1.
* :func:`store_run` — record a due-diligence run through :class:`goldmine.store.Store`.
"""

from goldmine.pipeline.due_diligence import DueDiligence, run_due_diligence
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.recommend import Recommendation
from goldmine.pipeline.sector import SectorView, run_sector
from goldmine.pipeline.settings import SectorSettings, Settings
from goldmine.pipeline.store import store_run
from goldmine.pipeline.update import InvestorUpdate, investor_update, load_kpis

__all__ = ["DueDiligence", "InvestorUpdate", "Outcome", "Recommendation", "SectorSettings", "SectorView", "Settings",
           "investor_update", "load_kpis", "run_due_diligence", "run_sector", "store_run"]
