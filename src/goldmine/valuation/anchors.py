"""Country calibration of the anchored methods (issue #15): scorecard, Berkus and risk-factor summation.

The three methods start from an amount set for a region: the scorecard and the risk-factor summation
from the region's average pre-money of early-stage companies, Berkus from $500k an element, the
risk-factor summation from $250k a point.  The shipped anchors (``data/valuation.yaml`` ``anchors``):

* **US** (every country without its own region): Carta's medians, $10M at idea and pre-seed (median
  post-money SAFE cap, Q2 2023) and $16M at seed and angel (median seed pre-money, Q4 2024); Berkus
  (berkonomics.com) and Payne (2011) amounts as published;
* **CN** (``identity.country`` CN): the published Chinese range for the first round (种子轮), ¥3M to
  ¥6M for AI projects in the first half of 2024 (坚果BP, secondary; centre ¥4.5M); stages without a
  published figure, and Berkus's and Payne's amounts, scale the US anchor by the ratio of the regional
  to the US anchor at the published stage (goldmine rule ``derive: us_ratio``).

Amounts are converted with the FX table (:mod:`goldmine.metrics.fx`).  A profile of an unlisted
country uses the US anchors and the assumptions say so (``base_region: US``, ``region_fallback``).

* :func:`region_for` — the region of a profile; :func:`base_premoney` — the regional average
  pre-money of a stage; :func:`scale` — the regional-to-US ratio; :func:`berkus_element_max`,
  :func:`rfs_per_point` — the scaled amounts; :func:`dated_inputs` — the anchors as dated inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from goldmine.valuation._config import (
    EquidamStage,
    FxTable,
    Region,
    config,
    default_fx,
    equidam_stage,
)
from goldmine.valuation.asof import AsOf, DatedInput

if TYPE_CHECKING:
    from goldmine.model import Startup

US = "US"


def region_for(startup: Startup, region: str | None = None) -> str:
    """``region`` when given (``US`` or a key of ``anchors.regions``), else the region listing the
    profile's country, else ``US``."""
    regions = config().anchors.regions
    if region is not None:
        code = region.strip().upper()
        if code != US and code not in regions:
            from goldmine.errors import AnalysisError

            raise AnalysisError("valuation.error.unknown_region", found=region, known=", ".join([US, *sorted(regions)]))
        return code
    country = startup.identity.country.upper()
    for code, r in regions.items():
        if country in r.countries:
            return code
    return US


def _us_base(eq: EquidamStage) -> tuple[float, Any]:
    anchors = config().anchors.base_premoney_usd
    entry = anchors.get(eq, anchors["development"])
    return float(entry.value), entry


def _published(reg: Region) -> EquidamStage:
    """The regional stage the ratio to the US is taken at: the first published one."""
    return next(iter(reg.base_premoney))


def scale(region: str, fx: FxTable | None = None) -> float:
    """Regional anchor / US anchor at the region's published stage, both in USD (1 for the US)."""
    if region == US:
        return 1.0
    fx = fx or default_fx()
    reg = config().anchors.regions[region]
    eq = _published(reg)
    us, _ = _us_base(eq)
    return fx.convert(float(reg.base_premoney[eq].value), reg.currency, "USD") / us


def base_premoney(stage: str, currency: str, fx: FxTable | None = None, region: str = US) -> tuple[float, dict[str, Any]]:
    """The default regional average pre-money of ``stage`` in ``currency``, with its source, date,
    published range and whether it was derived (``base_derived``)."""
    fx = fx or default_fx()
    eq = equidam_stage(stage)
    us, entry = _us_base(eq)
    if region == US:
        value = fx.convert(us, "USD", currency)
        return value, {"base_premoney": value, "base_premoney_usd": us, "base_region": US,
                       "base_source": entry.source, "base_date": str(entry.date)}
    reg = config().anchors.regions[region]
    pub = reg.base_premoney.get(eq)
    if pub is not None:
        value = fx.convert(float(pub.value), reg.currency, currency)
        return value, {"base_premoney": value, "base_region": region, "base_currency": reg.currency,
                       "base_published": float(pub.value), "base_low": fx.convert(float(pub.low), reg.currency, currency),
                       "base_high": fx.convert(float(pub.high), reg.currency, currency), "base_source": pub.source,
                       "base_date": str(pub.date), "base_secondary": pub.secondary, "base_derived": False}
    ratio = scale(region, fx)
    value = fx.convert(us * ratio, "USD", currency)
    ref = reg.base_premoney[_published(reg)]
    return value, {"base_premoney": value, "base_region": region, "base_derived": True, "base_ratio_to_us": ratio,
                   "base_premoney_usd_us": us, "base_source": reg.derive.source, "base_date": str(ref.date),
                   "base_rule_source": entry.source}


def berkus_element_max(currency: str, fx: FxTable | None = None, region: str = US) -> tuple[float, dict[str, Any]]:
    """Berkus's $500k an element, scaled to the region and converted to ``currency``."""
    fx = fx or default_fx()
    anchor = config().anchors.berkus_element_max_usd
    ratio = scale(region, fx)
    value = fx.convert(float(anchor.value) * ratio, "USD", currency)
    info: dict[str, Any] = {"element_max": value, "element_max_usd": float(anchor.value), "source": anchor.source,
                            "region": region}
    if region != US:
        info.update(ratio_to_us=ratio, scale_source=config().anchors.regions[region].derive.source)
    return value, info


def rfs_per_point(currency: str, fx: FxTable | None = None, region: str = US) -> tuple[float, dict[str, Any]]:
    """Payne's $250k a point, scaled to the region and converted to ``currency``."""
    fx = fx or default_fx()
    anchor = config().anchors.rfs_per_point_usd
    ratio = scale(region, fx)
    value = fx.convert(float(anchor.value) * ratio, "USD", currency)
    info: dict[str, Any] = {"per_point": value, "per_point_usd": float(anchor.value)}
    if region != US:
        info.update(ratio_to_us=ratio, scale_source=config().anchors.regions[region].derive.source)
    return value, info


def published_range(stage: str, currency: str, fx: FxTable | None = None, region: str = US) -> tuple[float, float] | None:
    """The published regional range (low, high) of ``stage`` in ``currency``; ``None`` when the region
    publishes none for the stage (the US anchors are medians without a range)."""
    if region == US:
        return None
    fx = fx or default_fx()
    reg = config().anchors.regions[region]
    pub = reg.base_premoney.get(equidam_stage(stage))
    if pub is None:
        return None
    return fx.convert(float(pub.low), reg.currency, currency), fx.convert(float(pub.high), reg.currency, currency)


def dated_inputs(stage: str, region: str, asof: AsOf) -> list[DatedInput]:
    """The anchors a profile of ``stage`` in ``region`` uses, as dated inputs (market data age)."""
    eq = equidam_stage(stage)
    _, us_entry = _us_base(eq)
    a = config().anchors
    out = []
    if region == US:
        out.append(asof.judge(f"anchor:US:{eq}", "market", us_entry.date, us_entry.source))
    else:
        reg = a.regions[region]
        pub = reg.base_premoney.get(eq)
        if pub is not None:
            out.append(asof.judge(f"anchor:{region}:{eq}", "market", pub.date, pub.source))
        else:
            ref_stage = _published(reg)
            ref = reg.base_premoney[ref_stage]
            out.append(asof.judge(f"anchor:{region}:{ref_stage}", "market", ref.date, ref.source))
            out.append(asof.judge(f"anchor:US:{eq}", "market", us_entry.date, us_entry.source))
    out.append(asof.judge("anchor:berkus_element_max", "method", a.berkus_element_max_usd.date, a.berkus_element_max_usd.source))
    out.append(asof.judge("anchor:rfs_per_point", "method", a.rfs_per_point_usd.date, a.rfs_per_point_usd.source))
    return out
