"""Defaults of the market module, read from ``goldmine/data/market.yaml`` (each with source and date)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=4)
def market_defaults(path: str | None = None) -> dict[str, Any]:
    """The market data file, or a user file of the same shape when ``path`` is given."""
    text = Path(path).read_text(encoding="utf-8") if path else (resources.files("goldmine") / "data" / "market.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def bass_defaults() -> dict[str, float]:
    """Bass p and q per year (Sultan, Farley and Lehmann 1990): starting values of the fit."""
    d = market_defaults()["bass"]
    return {"p": float(d["p"]["value"]), "q": float(d["q"]["value"])}
