"""Defaults of the market module, read from ``goldmine/data/market.yaml`` (each with source and date)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from goldmine.datafiles import read_data_text


@lru_cache(maxsize=4)
def market_defaults(path: str | None = None) -> dict[str, Any]:
    """The market data file, or a user file of the same shape when ``path`` is given."""
    text = Path(path).read_text(encoding="utf-8") if path else read_data_text("market.yaml")
    return yaml.safe_load(text)


def bass_defaults() -> dict[str, float]:
    """Bass p and q per year (Sultan, Farley and Lehmann 1990): starting values of the fit."""
    d = market_defaults()["bass"]
    return {"p": float(d["p"]["value"]), "q": float(d["q"]["value"])}
