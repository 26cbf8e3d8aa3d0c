"""The strategy paragraph of the sector report: where the evidence favours allocating and where it
warns, every claim pointing at a figure the report shows (issue #17).

The seed article on the large-model investment boom closes its first part with an outlook
(§1.3-1.4): focus on projects with real applications and a clear way to earn money, mind technology
that moves fast, data security and compliance, and over-investment that ends in a bubble.  Here that
outlook is tied to evidence: each claim is a rule on one or two figures of the report, and says which
(``refs``: the driver evidence ids ``T1``, ``C1``, ``P1``... of :mod:`goldmine.sector.drivers`, or a
pillar id such as ``explosive``).  A pillar without current evidence makes no claim; the paragraph
says which pillars are silent and why.

Segments of the AI landscape: ``chips`` (chips and compute), ``hyperscalers`` (cloud), ``models``
(model developers), ``applications``; ``all`` for the sector.

* :class:`PillarFact` — what the strategy reads of a pillar (status, state of its evidence, numbers);
* :func:`strategy` — the claims (:class:`Claim`), favour first, then warn, then notes.

Pure: facts in, a frozen :class:`Strategy` out (message keys with parameters; no text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n.messages import Message, Money, Term
from goldmine.results import Result
from goldmine.sector.drivers import Capital, Policy, Technology

SIDES = ("favour", "warn", "note")
SELECTIVE_DROP = -0.2    # investment 20 % or more below its peak: capital has turned selective


@dataclass(frozen=True)
class PillarFact:
    """A pillar as the strategy reads it: ``status`` after the freshness rule, ``state`` of its evidence
    (``current``, ``stale``, ``demo``, ``missing``), the finding's ``params`` and the vintage's end."""

    id: str
    status: str
    state: str
    params: Mapping[str, Any] = field(default_factory=dict)
    end: str = ""


@dataclass(frozen=True)
class Claim:
    """One claim: ``side`` (favour, warn, note), ``segment``, the sentence (a :class:`Message`) and the
    figures it rests on (``refs``)."""

    side: str
    segment: str
    message: Message
    refs: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "segment": self.segment, "message": self.message.to_dict(), "refs": list(self.refs)}


@dataclass(frozen=True)
class Strategy(Result):
    """The claims of the strategy paragraph, favour first, then warn, then notes."""

    claims: tuple[Claim, ...]

    def side(self, name: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.side == name)

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [c.to_dict() for c in self.claims]}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang

        L = lang or get_lang()
        return " ".join(c.message.render(L) for c in self.claims)


def _pct(x: float) -> str:
    return f"{x * 100:+.0f}%"


def _technology(tech: Technology | None) -> list[Claim]:
    if tech is None or tech.frontier is None:
        return []
    model, _org, date, cost = tech.frontier
    return [Claim("favour", "chips", Message("sector.strategy.compute", {
        "months": f"{tech.doubling_months:.1f}", "since": tech.since[:4], "cost": Money(cost, "USD"), "model": model,
        "year": date[:4]}), ("T1", "T2"))]


def _capital(cap: Capital | None) -> list[Claim]:
    if cap is None or "World" not in cap.entities or not cap.series[cap.entities.index("World")]:
        return []
    (py, pv), (ly, lv) = cap.peak("World"), cap.latest("World")
    change = lv / pv - 1
    params = {"peak": Money(pv, "USD"), "peak_year": py, "latest": Money(lv, "USD"), "latest_year": ly, "change": _pct(change)}
    refs = ("C1", "C2")
    if ly > py and change <= SELECTIVE_DROP:
        return [Claim("favour", "applications", Message("sector.strategy.capital_selective", params), refs)]
    return [Claim("warn", "applications", Message("sector.strategy.capital_hot", params), refs)]


def _policy(pol: Policy | None) -> list[Claim]:
    if pol is None:
        return []
    out = []
    cn = next((e for e in pol.events if e.id == "cn_genai_2023"), None)
    eu = next((e for e in pol.events if e.id == "eu_ai_act_2024"), None)
    gpai = next((e for e in pol.events if e.id == "eu_gpai_2025"), None)
    if cn is not None and eu is not None:
        refs = tuple(r for r in (pol.ref(cn.id), pol.ref(eu.id), pol.ref(gpai.id) if gpai else None) if r)
        out.append(Claim("warn", "applications", Message("sector.strategy.compliance", {
            "cn": cn.date.isoformat(), "eu": eu.date.isoformat()}), refs))
    export = pol.latest("US", ("export_control",))
    if export is not None:
        first = next(e for e in pol.events if e.kind == "export_control")
        refs = tuple(dict.fromkeys(r for r in (pol.ref(first.id), pol.ref(export.id)) if r))
        out.append(Claim("warn", "chips", Message("sector.strategy.export_controls", {
            "first": first.date.isoformat(), "latest": export.date.isoformat()}), refs))
    return out


def _market(pillars: Mapping[str, PillarFact], ratio_explosive: bool | None) -> list[Claim]:
    out = []
    ex = pillars.get("explosive")
    if ex is not None and ex.state == "current":
        p = ex.params
        if ex.status == "warning":
            out.append(Claim("warn", "chips", Message("sector.strategy.prices_explosive", {
                "gsadf": p.get("gsadf", "—"), "cv": p.get("cv", "—"), "start": p.get("start", "—"), "end": p.get("end", "—")}),
                ("explosive",)))
        elif ex.status in ("neutral", "supportive"):
            out.append(Claim("note", "chips", Message("sector.strategy.prices_calm", {
                "gsadf": p.get("gsadf", "—"), "cv": p.get("cv", "—")}), ("explosive",)))
        if ratio_explosive is False:
            out.append(Claim("note", "chips", Message("sector.strategy.ratio_calm"), ("explosive", "ratio")))
        elif ratio_explosive is True:
            out.append(Claim("warn", "chips", Message("sector.strategy.ratio_explosive"), ("explosive", "ratio")))
    lp = pillars.get("lppls")
    if lp is not None and lp.state == "current" and lp.status == "warning":
        out.append(Claim("warn", "chips", Message("sector.strategy.lppls", {
            "conf": lp.params.get("conf", "—"), "tc": lp.params.get("tc", "—")}), ("lppls",)))
    return out


def _typed(pillars: Mapping[str, PillarFact]) -> list[Claim]:
    out = []
    rules = (("valuation", "warning", "warn", "models", "sector.strategy.valuation_rich"),
             ("valuation", "supportive", "favour", "models", "sector.strategy.valuation_fair"),
             ("funding", "warning", "warn", "applications", "sector.strategy.funding_hot"),
             ("capex", "warning", "warn", "hyperscalers", "sector.strategy.capex_gap"),
             ("capex", "supportive", "favour", "hyperscalers", "sector.strategy.capex_paying"),
             ("sentiment", "warning", "warn", "all", "sector.strategy.sentiment_euphoric"),
             ("sentiment", "supportive", "favour", "all", "sector.strategy.sentiment_cool"))
    for pid, status, side, segment, key in rules:
        p = pillars.get(pid)
        if p is not None and p.state == "current" and p.status == status:
            out.append(Claim(side, segment, Message(key, dict(p.params)), (pid,)))
    return out


def _silent(pillars: Sequence[PillarFact]) -> list[Claim]:
    quiet = [p for p in pillars if p.state != "current"]
    if not quiet:
        return []
    return [Claim("note", "all", Message("sector.strategy.without_evidence", {
        "pillars": [Term(f"report.pillar.{p.id}") for p in quiet],
        "states": [Term(f"sector.state.{s}") for s in sorted({p.state for p in quiet})]}), tuple(p.id for p in quiet))]


def strategy(technology: Technology | None, capital: Capital | None, policy: Policy | None,
             pillars: Sequence[PillarFact], ratio_explosive: bool | None = None) -> Strategy:
    """The claims, each on the figures it names (module docstring); ``ratio_explosive``: whether the
    valuation-ratio series is explosive too (``None`` when it was not tested)."""
    by = {p.id: p for p in pillars}
    claims = _technology(technology) + _capital(capital) + _policy(policy) + _market(by, ratio_explosive) + _typed(by) \
        + _silent(pillars)
    order = {s: i for i, s in enumerate(SIDES)}
    return Strategy(tuple(sorted(claims, key=lambda c: order[c.side])))
