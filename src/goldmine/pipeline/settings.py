"""Settings of a due-diligence run and the report's decision thresholds (``data/report.yaml``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from goldmine.datafiles import read_data_text


@lru_cache(maxsize=4)
def report_config(name: str = "report.yaml") -> dict[str, Any]:
    """The shipped configuration file ``goldmine/data/<name>`` (values with source and date)."""
    text = read_data_text(name)
    return yaml.safe_load(text)


def value(entry: Any) -> Any:
    """A configuration entry is either a bare value or ``{value, source, date, ...}``."""
    return entry["value"] if isinstance(entry, dict) and "value" in entry else entry


@dataclass(frozen=True)
class Settings:
    """What a due-diligence run is parameterised by (recorded in the run and the report footer).

    ``paths`` Monte Carlo paths and ``horizon`` months of the runway simulation (``goldmine runway
    --paths --horizon --seed``); ``market_horizon`` months of the demand forecast and ``holdout``
    months of its model comparison (``goldmine forecast --horizon --holdout``); ``exit_multiples``
    exits for the waterfall as multiples of the last post-money valuation; ``fx`` extra exchange
    rates for the valuation (``goldmine value --fx``).
    """

    seed: int = 20251126
    paths: int = 10_000
    horizon: int = 60
    market_horizon: int = 12
    holdout: int = 2
    market_models: tuple[str, ...] = ("bass", "logistic", "exp")
    exit_multiples: tuple[float, ...] = (0.5, 1.0, 3.0, 10.0)
    fx: tuple[tuple[str, float], ...] = ()   # extra exchange rates, (CCY, units per USD), as `goldmine value --fx`

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["exit_multiples"] = list(self.exit_multiples)
        d["market_models"] = list(self.market_models)
        if self.fx:  # only when given, so runs without --fx keep their inputs hash
            d["fx"] = {ccy: rate for ccy, rate in self.fx}
        else:
            d.pop("fx")
        return d

    @classmethod
    def demo(cls, seed: int = 20251126) -> Settings:
        """Light settings for ``goldmine demo`` (``data/report.yaml`` -> ``demo``)."""
        cfg = report_config()["demo"]
        exits = tuple(float(x) for x in value(report_config()["exits"]["multiples"]))
        return cls(seed=seed, paths=int(value(cfg["paths"])), horizon=int(value(cfg["horizon"])), exit_multiples=exits,
                   market_models=tuple(value(cfg["market_models"])), holdout=int(value(cfg["holdout"])))


@dataclass(frozen=True)
class SectorSettings:
    """Settings of a sector run: bubble-test critical values, replications, sentiment half-life."""

    seed: int = 20251126
    cv: str = "table"
    reps: int = 199
    lags: int = 0
    lppls: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
