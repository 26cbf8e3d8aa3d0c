"""Mitigation catalogue and its triggers (seed 003 §5.1-5.6, plus AI-specific strategies).

The catalogue (``data/risk_mitigations.yaml``) holds the seed's strategies — continuous technical
updates, team building, outsourcing (§5.1); market research, differentiation, fast iteration
(§5.2); multi-channel financing, funds management, cash-flow management (§5.3); privacy and IP
protection (§5.4); public communication and ethics review (§5.5) — and those investors in AI
companies ask for today (model independence, data moat, customer diversification, regulatory
readiness).  Each entry names the indicators that trigger it; its title and three concrete actions
are bilingual messages (``risk.mitigation.<id>.*``).

:func:`select` proposes a mitigation when one of its trigger indicators scores at or above the
catalogue's threshold (40, the start of "elevated") or is missing (an unknown cannot be ruled
out), ranked by the highest trigger score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from goldmine.i18n import t
from goldmine.results import Result
from goldmine.risk.config import RiskConfig
from goldmine.risk.indicators import Indicator


@dataclass(frozen=True)
class Mitigation(Result):
    """A proposed mitigation: what drives it, how urgent, and what to do."""

    id: str
    dimension: str
    source: str
    triggered_by: tuple[str, ...]
    priority: float   # the highest risk score among the triggering indicators (missing: missing_score)

    def title(self, lang: str = "en") -> str:
        return t(f"risk.mitigation.{self.id}.title", lang)

    def actions(self, lang: str = "en") -> list[str]:
        return [t(f"risk.mitigation.{self.id}.a{k}", lang) for k in (1, 2, 3)]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"id": self.id, "dimension": self.dimension, "title": self.title(lang), "actions": self.actions(lang),
                "triggered_by": list(self.triggered_by), "priority": round(self.priority, 2), "source": self.source}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return f"{self.title(lang)} ({', '.join(self.triggered_by)}): " + "; ".join(self.actions(lang))


def catalogue(cfg: RiskConfig | None = None) -> list[dict[str, Any]]:
    """The raw catalogue entries (id, dimension, source, triggers)."""
    cfg = cfg or RiskConfig.default()
    return list(cfg.mitigation_raw["mitigations"])


def select(indicators: list[Indicator] | tuple[Indicator, ...], cfg: RiskConfig) -> tuple[Mitigation, ...]:
    """Mitigations triggered by ``indicators``, most urgent first."""
    threshold = float(cfg.mitigation_raw["threshold"])
    by_name = {i.name: i for i in indicators}
    out = []
    for entry in cfg.mitigation_raw["mitigations"]:
        hits = []
        for name in entry["triggers"]:
            ind = by_name.get(name)
            if ind is None or not ind.scored:
                continue
            score = cfg.missing_score if ind.score is None else ind.score
            if ind.missing or score >= threshold:
                hits.append((score, name))
        if hits:
            hits.sort(key=lambda h: (-h[0], h[1]))
            out.append(Mitigation(entry["id"], entry["dimension"], entry["source"], tuple(n for _, n in hits), hits[0][0]))
    order = {d: k for k, d in enumerate(("technical", "market", "capital", "legal", "social"))}
    return tuple(sorted(out, key=lambda m: (-m.priority, order[m.dimension], m.id)))
