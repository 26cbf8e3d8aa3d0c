"""Mitigation catalogue and its triggers (the seed's strategies, plus AI-specific strategies).

The seed article: 《AI大模型创业：泡沫还是金矿？》 (undated) §5.1-5.6.

The catalogue (``data/risk_mitigations.yaml``) holds the seed's strategies — continuous technical
updates, team building, outsourcing (§5.1); market research, differentiation, fast iteration
(§5.2); multi-channel financing, funds management, cash-flow management (§5.3); privacy and IP
protection (§5.4); public communication and ethics review (§5.5) — and those investors in AI
companies ask for today (model independence, data moat, customer diversification, regulatory
readiness).  Each entry names the indicators that trigger it and its concrete actions; titles and
actions are bilingual messages (``risk.mitigation.<id>.title``, ``risk.mitigation.<id>.<action>``).

:func:`select` proposes a mitigation when one of its trigger indicators scores at or above the
catalogue's threshold (40, the start of "elevated") or is missing (an unknown cannot be ruled
out), ranked by the highest trigger score, with the first ``max_actions`` actions that fit the
company (issue #16): its financing stage (customer interviews before Series A only), its checklist
(an action tied to checklist items is proposed only while one of them applies and is open, so no
action asks for what the checklist shows done or for a law that does not apply), its vertical and
activities, whether it depends on large language models, and its yes/no answers (no "appoint an
ethics board" when one exists).  A mitigation with no fitting action is not proposed.

A :class:`Mitigation` is language-neutral: its title and actions are message keys
(:attr:`Mitigation.title_message`, :attr:`Mitigation.action_messages`); :meth:`Mitigation.title` and
:meth:`Mitigation.actions` render them for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from goldmine.i18n.messages import Message
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk.compliance import ComplianceItem, open_items
from goldmine.risk.config import DIMENSIONS, ActionSpec, MitigationSpec, RiskConfig
from goldmine.risk.indicators import Indicator, depends_on_llms


@dataclass(frozen=True)
class Mitigation(Result):
    """A proposed mitigation: what drives it, how urgent, and what to do (``action_ids``, in order)."""

    id: str
    dimension: str
    source: str
    triggered_by: tuple[str, ...]
    priority: float   # the highest risk score among the triggering indicators (missing: missing_score)
    action_ids: tuple[str, ...] = ()

    @property
    def title_message(self) -> Message:
        return Message(f"risk.mitigation.{self.id}.title")

    @property
    def action_messages(self) -> tuple[Message, ...]:
        """The concrete actions, as message keys ``risk.mitigation.<id>.<action>``."""
        return tuple(Message(f"risk.mitigation.{self.id}.{a}") for a in self.action_ids)

    def title(self, lang: str = "en") -> str:
        return self.title_message.render(lang)

    def actions(self, lang: str = "en") -> list[str]:
        return [m.render(lang) for m in self.action_messages]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "dimension": self.dimension, "title": self.title_message.to_dict(),
                "actions": [m.to_dict() for m in self.action_messages], "action_ids": list(self.action_ids),
                "triggered_by": list(self.triggered_by), "priority": round(self.priority, 2), "source": self.source}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return f"{self.title(lang)} ({', '.join(self.triggered_by)}): " + "; ".join(self.actions(lang))


def catalogue(cfg: RiskConfig | None = None) -> tuple[MitigationSpec, ...]:
    """The catalogue entries (id, dimension, source, triggers, actions)."""
    return (cfg or RiskConfig.default()).mitigation.mitigations


def _answer(s: Startup, path: str) -> Any:
    node: Any = s
    for part in path.split("."):
        node = getattr(node, part)
    return node


def fits(action: ActionSpec, s: Startup, open_ids: frozenset[str], llm: bool) -> bool:
    """Whether ``action`` suits ``s`` (see :class:`goldmine.risk.config.ActionSpec`)."""
    acts = set(s.compliance.activities)
    checks = (
        not action.stages or s.stage.value in action.stages,
        not action.items or any(i in open_ids for i in action.items),
        not action.verticals or s.vertical in action.verticals,
        not action.activities or bool(acts & set(action.activities)),
        not acts & set(action.not_activities),
        action.llm is None or action.llm == llm,
        not any(_answer(s, f) is True for f in action.unless),
    )
    return all(checks)


def select(indicators: Sequence[Indicator], cfg: RiskConfig, startup: Startup,
           checklist: Sequence[ComplianceItem]) -> tuple[Mitigation, ...]:
    """Mitigations triggered by ``indicators``, most urgent first, each with the actions that fit ``startup``."""
    threshold = cfg.threshold
    by_name = {i.name: i for i in indicators}
    open_ids = open_items(checklist)
    llm = depends_on_llms(startup, cfg)
    out = []
    for entry in cfg.mitigation.mitigations:
        hits = []
        for name in entry.triggers:
            ind = by_name.get(name)
            if ind is None or not ind.scored:
                continue
            score = cfg.score_if_missing if ind.score is None else ind.score
            if ind.missing or score >= threshold:
                hits.append((score, name))
        actions = tuple(a.id for a in entry.actions if fits(a, startup, open_ids, llm))[:cfg.mitigation.max_actions]
        if hits and actions:
            hits.sort(key=lambda h: (-h[0], h[1]))
            out.append(Mitigation(entry.id, entry.dimension, entry.source, tuple(n for _, n in hits), hits[0][0], actions))
    order = {d: k for k, d in enumerate(DIMENSIONS)}
    return tuple(sorted(out, key=lambda m: (-m.priority, order[m.dimension], m.id)))
