"""goldmine's vocabulary, shared by every layer: the startup profile and its parts, enums and units.

* :class:`Startup` and its sections (:class:`Identity`, :class:`Team`, :class:`Technology`,
  :class:`Market`, :class:`Financials`, :class:`CapTable`, :class:`Round`, :class:`Compliance`,
  :class:`Social`) — pydantic v2 models, validated at the boundary, immutable afterwards.
* enums: :class:`Stage`, :class:`Vertical`, :class:`BusinessModel`, ... (``enums``).
* validated scalars: :data:`Money`, :data:`Fraction01`, ... (``types``).
"""

from goldmine.model.enums import (
    BusinessModel,
    DataLicence,
    FilingStatus,
    FoundationModel,
    FounderBackground,
    Instrument,
    Level,
    ModelType,
    ShareClass,
    Stage,
    Vertical,
)
from goldmine.model.startup import (
    SCHEMA_VERSION,
    CapTable,
    CashFlowPlan,
    Compliance,
    Financials,
    Founder,
    FundingDemand,
    Holding,
    Identity,
    LocalName,
    Market,
    Observation,
    ProprietaryData,
    RevenuePoint,
    Round,
    Social,
    Startup,
    Team,
    Technology,
)

__all__ = [
    "SCHEMA_VERSION", "BusinessModel", "CapTable", "CashFlowPlan", "Compliance", "DataLicence",
    "FilingStatus", "Financials", "Founder", "FounderBackground", "FoundationModel", "FundingDemand",
    "Holding", "Identity", "Instrument", "Level", "LocalName", "Market", "ModelType", "Observation",
    "ProprietaryData", "RevenuePoint", "Round", "ShareClass", "Social", "Stage", "Startup", "Team",
    "Technology", "Vertical",
]
