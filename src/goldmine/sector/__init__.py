"""Sector analytics (issue #17): the AI market index, the drivers of the boom and the strategy paragraph.

* :mod:`~goldmine.sector.index` — the goldmine AI market index: pieces of each member's price history
  joined by ratio splicing at the overlap (splits found and adjusted, gaps reported, never filled),
  equal weights rebalanced quarterly, weekly closes, the sample the bubble tests use, and a
  valuation-ratio series (price over revenue from Form 10-K filings);
* :mod:`~goldmine.sector.drivers` — technology (Epoch AI's notable models: compute doubling time,
  frontier training cost, models by country), capital (CSET private investment via Our World in
  Data), policy (dated events of China, the US and the EU), each as dated, sourced evidence;
* :mod:`~goldmine.sector.strategy` — where the evidence favours allocating and where it warns, each
  claim pointing at the figures it rests on;
* :mod:`~goldmine.sector.config` — ``data/ai_index.yaml`` and ``data/drivers.yaml`` as frozen models.

Pure: series and frames in, frozen results out; files are read by :mod:`goldmine.io.demo_data`, the
use case is :func:`goldmine.pipeline.sector.run_sector`.
"""

from goldmine.sector.config import DriversConfig, IndexConfig, drivers_config, index_config
from goldmine.sector.drivers import (
    Capital,
    DriverEvidence,
    Policy,
    Technology,
    capital,
    policy,
    technology,
)
from goldmine.sector.index import (
    AIIndex,
    Component,
    Piece,
    Sample,
    ValuationRatio,
    ai_index,
    sample,
    valuation_ratio,
)
from goldmine.sector.strategy import Claim, PillarFact, Strategy, strategy

__all__ = [
    "AIIndex", "Capital", "Claim", "Component", "DriverEvidence", "DriversConfig", "IndexConfig", "Piece", "PillarFact",
    "Policy", "Sample", "Strategy", "Technology", "ValuationRatio", "ai_index", "capital", "drivers_config", "index_config",
    "policy", "sample", "strategy", "technology", "valuation_ratio",
]
