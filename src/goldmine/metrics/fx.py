"""Exchange rates: the one home of currency conversion (used by valuation, the growth priors, the
landscape).

* :class:`FxTable` — units of each currency per one unit of the base (USD), with the table's date
  and each rate's source; :meth:`FxTable.convert`, :meth:`FxTable.with_rates` (a user's rates,
  marked as such);
* :func:`default_fx` — the shipped, dated table of ``data/fx.yaml`` (each rate with its source).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from goldmine.config import ConfigModel, load_config
from goldmine.errors import AnalysisError

DateLike = str | int | dt.date


class FxRate(ConfigModel):
    rate: float = Field(gt=0, allow_inf_nan=False)
    date: DateLike | None = None
    source: str


class FxConfig(ConfigModel):
    """``data/fx.yaml``: units of each currency per one unit of ``base``."""

    base: str
    date: DateLike
    rates: dict[str, FxRate]


@dataclass(frozen=True)
class FxTable:
    """Units of each currency per one unit of ``base`` (USD), with the table's date and sources."""

    rates: dict[str, float]
    base: str = "USD"
    date: str = ""
    sources: dict[str, str] | None = None

    USER_SOURCE = "user (--fx)"

    def rate(self, currency: str) -> float:
        """Units of ``currency`` per USD; :class:`AnalysisError` (``valuation.error.no_fx_rate``) when missing."""
        try:
            return self.rates[currency]
        except KeyError:
            raise AnalysisError("valuation.error.no_fx_rate", ccy=currency, known=", ".join(sorted(self.rates))) from None

    def with_rates(self, rates: dict[str, float]) -> FxTable:
        """This table with ``rates`` (units per USD) added or replaced, each sourced to the user."""
        sources = dict(self.sources or {})
        sources.update({ccy: self.USER_SOURCE for ccy in rates})
        return FxTable(rates={**self.rates, **rates}, base=self.base, date=self.date, sources=sources)

    def is_user_rate(self, currency: str) -> bool:
        return (self.sources or {}).get(currency) == self.USER_SOURCE

    def convert(self, amount: float, from_ccy: str, to_ccy: str) -> float:
        """``amount`` in ``from_ccy`` expressed in ``to_ccy`` (through the base currency)."""
        if from_ccy == to_ccy:
            return float(amount)
        return float(amount) / self.rate(from_ccy) * self.rate(to_ccy)

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base, "date": self.date, "rates": dict(self.rates), "sources": dict(self.sources or {})}


def default_fx() -> FxTable:
    """The FX table shipped in ``data/fx.yaml`` (date and source per rate)."""
    fx = load_config(FxConfig, "fx.yaml")
    rates = {k: float(v.rate) for k, v in fx.rates.items()}
    sources = {k: str(v.source) for k, v in fx.rates.items()}
    return FxTable(rates=rates, base=fx.base, date=str(fx.date), sources=sources)
