"""How the sector run calls the bubble tests (issue #7) and the sentiment index (issue #8).

The calls mirror ``goldmine bubble`` and ``goldmine sentiment index`` so that the sector report's
numbers equal those commands' ``--json`` output for the same series and settings.
"""

from __future__ import annotations

from typing import Any

from goldmine.pipeline.settings import SectorSettings


def bubble_parameters(settings: SectorSettings) -> dict[str, Any]:
    return {"log": True, "lags": settings.lags, "cv": settings.cv, "reps": settings.reps, "seed": settings.seed,
            "lppls": settings.lppls}


def bubble(prices: Any, settings: SectorSettings) -> dict[str, Any]:
    """PSY tests on log prices; LPPLS as a second opinion when this version has it."""
    from goldmine.bubble import analyze

    report = analyze(prices, log=True, lags=settings.lags, cv=settings.cv,
                     reps=None if settings.cv == "table" else settings.reps, seed=settings.seed)
    data = report.to_dict()
    if settings.lppls:
        data["lppls"] = lppls(prices, settings)
    return data


def lppls(prices: Any, settings: SectorSettings) -> dict[str, Any] | None:
    """The nested-window LPPLS confidence of :mod:`goldmine.bubble` with the windows ``goldmine bubble
    --lppls`` uses (``None`` when this version has no LPPLS)."""
    from goldmine.pipeline.outcome import available

    if not available("goldmine.bubble.lppls"):
        return None
    from goldmine.bubble import lppls as mod

    n = len(prices)
    return mod.confidence(prices, min_window=max(20, n // 6), max_window=max(40, n // 2), windows=10, seed=settings.seed).to_dict()


def sentiment_parameters(settings: SectorSettings) -> dict[str, Any]:
    return {k: v for k, v in settings.extra.items() if k.startswith("sentiment_")}


def sentiment(news: Any, settings: SectorSettings) -> Any:
    """``goldmine sentiment index NEWS.csv`` with its defaults (auto analyzer, shipped half-life)."""
    from goldmine.sentiment import get_analyzer, sentiment_index

    return sentiment_index(news, get_analyzer("auto"))
