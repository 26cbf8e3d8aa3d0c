"""Loading of the valuation defaults (``goldmine/data/valuation.yaml``, ``multiples.yaml``) and the FX table.

Values live in the data files with their source and date (DESIGN.md §4, "Configuration");
this module only reads them.  :func:`config` and :func:`multiples` return plain dictionaries;
:class:`FxTable` converts amounts between currencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from goldmine.datafiles import read_data_text
from goldmine.errors import AnalysisError


def _load(name: str) -> dict[str, Any]:
    text = read_data_text(name)
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """The parsed ``data/valuation.yaml`` (read once; treat as read-only)."""
    return _load("valuation.yaml")


@lru_cache(maxsize=1)
def _multiples_file() -> dict[str, Any]:
    return _load("multiples.yaml")


def multiples() -> dict[str, dict[str, Any]]:
    """The shipped revenue multiples, by key (``data/multiples.yaml``)."""
    return _multiples_file()["multiples"]


def equidam_stage(stage: str) -> str:
    """Our stage (``seed``...) as one of Equidam's (``development``...)."""
    return config()["equidam_stage"][stage]


@dataclass(frozen=True)
class FxTable:
    """Units of each currency per one unit of ``base`` (USD), with the table's date and sources."""

    rates: dict[str, float]
    base: str = "USD"
    date: str = ""
    sources: dict[str, str] | None = None

    def rate(self, currency: str) -> float:
        try:
            return self.rates[currency]
        except KeyError:
            known = ", ".join(sorted(self.rates))
            raise AnalysisError(
                f"no exchange rate for {currency} in the FX table (known: {known}); goldmine ships no {currency} rate: "
                f"pass one as --fx {currency}=UNITS_PER_USD (goldmine value) or an FxTable",
                f"汇率表中没有 {currency} 的汇率（已有：{known}）；goldmine 未内置 {currency} 汇率："
                f"请用 --fx {currency}=每美元单位数（goldmine value）或 FxTable 提供",
            ) from None

    USER_SOURCE = "user (--fx)"

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
    """The FX table shipped in ``data/multiples.yaml`` (date and source per rate)."""
    fx = _multiples_file()["fx"]
    rates = {k: float(v["rate"]) for k, v in fx["rates"].items()}
    sources = {k: str(v["source"]) for k, v in fx["rates"].items()}
    return FxTable(rates=rates, base=fx["base"], date=str(fx["date"]), sources=sources)
