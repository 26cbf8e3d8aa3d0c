"""Compliance checklist of the legal dimension (issue #3; 《AI大模型创业：泡沫还是金矿？》 (undated)
§5.4).

:func:`checklist` derives, from the profile's ``compliance`` answers, one :class:`ComplianceItem`
per regime: whether it applies, its status (``met``, ``partial``, ``gap``, ``unknown``,
``not_applicable``), the gap and the action as message keys with parameters (``risk.compliance.*``
in ``i18n/risk.yaml``; codes such as the filing status or the EU AI Act tier are
:class:`~goldmine.i18n.messages.Term` parameters), rendered in en or zh only by :meth:`ComplianceItem.title`,
:meth:`~ComplianceItem.gap_text` and :meth:`~ComplianceItem.action`.  Laws, dates and thresholds are
in ``data/risk_compliance.yaml`` (:class:`goldmine.risk.config.ComplianceRules`):

* China: PIPL (2021; minors under 14, sensitive data); the Interim Measures for the Management of
  Generative AI Services (2023) with algorithm filing (算法备案).
* EU: the AI Act (Regulation (EU) 2024/1689) tier of the use case (prohibited / high / limited /
  minimal, keyword table); GDPR.
* US: CCPA/CPRA (thresholds: revenue above USD 26.625M from 2025, 100,000 consumers, data sales).
* Everywhere: training-data licences, ownership of model outputs, IP assignment.

A question the profile leaves unanswered gives status ``unknown`` and names the field; it is never
counted as compliant.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message, Term
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk.config import RiskConfig

STATUSES = ("met", "partial", "gap", "unknown", "not_applicable")

#: EU member states (ISO 3166-1 alpha-2), so "DE" or "FR" in jurisdictions means the EU applies.
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())


def term(family: str, code: str) -> Term | str:
    """The catalogue word ``<family>.<code>`` (``risk.term.tier.high``) as a :class:`Term`; the code
    itself when the catalogue has no such word (a value an override file introduced)."""
    key = f"{family}.{code}"
    return Term(key) if has_key(key) else code


@dataclass(frozen=True)
class ComplianceItem(Result):
    """One checklist item: does it apply, what is its status, what is missing, what to do.

    ``params`` are the language-neutral parameters of its texts (codes as :class:`Term`);
    ``tier`` is the EU AI Act tier code of the ``eu_ai_act`` item (``None`` for the others).
    """

    id: str
    applies: bool | None
    status: str
    law: str
    source: str
    missing: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    extra_actions: tuple[str, ...] = ()   # i18n keys added to the action (e.g. minors)
    tier: str | None = None

    @property
    def open_weight(self) -> float:
        """How much this item counts as a gap: gap 1, partial and unknown 0.5, else 0."""
        return {"gap": 1.0, "partial": 0.5, "unknown": 0.5}.get(self.status, 0.0) if self.applies is not False else 0.0

    # ------------------------------------------------------------------ language-neutral texts
    @property
    def title_message(self) -> Message:
        return Message(f"risk.compliance.{self.id}.title", self.params)

    @property
    def gap_message(self) -> Message | None:
        """What is missing (``None`` when met or not applicable)."""
        if self.status in ("met", "not_applicable"):
            return None
        if self.status == "unknown":
            if not self.missing and has_key(f"risk.compliance.{self.id}.unknown"):
                return Message(f"risk.compliance.{self.id}.unknown", self.params)
            fields: tuple[str, ...] | Term = self.missing or Term("risk.compliance.no_field")
            return Message("risk.compliance.unknown", {"fields": fields})
        return Message(f"risk.compliance.{self.id}.gap", self.params)

    @property
    def action_messages(self) -> tuple[Message, ...]:
        """What to do, sentence by sentence (empty when met or not applicable)."""
        if self.status in ("met", "not_applicable"):
            return ()
        keys = (f"risk.compliance.{self.id}.action", *self.extra_actions)
        return tuple(Message(k, self.params) for k in keys)

    # ------------------------------------------------------------------ rendered for people
    def title(self, lang: str = "en") -> str:
        return self.title_message.render(lang)

    def gap_text(self, lang: str = "en") -> str | None:
        gap = self.gap_message
        return None if gap is None else gap.render(lang)

    def action(self, lang: str = "en") -> str | None:
        actions = self.action_messages
        return " ".join(m.render(lang) for m in actions) if actions else None

    def to_dict(self) -> dict[str, Any]:
        gap = self.gap_message
        actions = self.action_messages
        return {"id": self.id, "title": self.title_message.to_dict(), "applies": self.applies, "status": self.status,
                "gap": None if gap is None else gap.to_dict(),
                "action": [m.to_dict() for m in actions] if actions else None,
                "law": self.law, "source": self.source, "missing": list(self.missing),
                **({"tier": self.tier} if self.tier is not None else {})}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return f"{self.title(lang)}: {t(f'risk.status.{self.status}', lang)}"


def jurisdictions(s: Startup) -> set[str]:
    """Where the startup serves users; the country of incorporation when none is listed."""
    codes = {j.strip().upper() for j in s.compliance.jurisdictions} or {s.identity.country.upper()}
    if codes & EU_MEMBERS:
        codes.add("EU")
    return codes


def serves(s: Startup, region: str) -> bool:
    codes = jurisdictions(s)
    if region == "US":
        return any(c == "US" or c.startswith("US-") for c in codes)
    return region in codes


def eu_ai_act_tier(use_case: str | None, cfg: RiskConfig) -> str | None:
    """The EU AI Act tier of a use case by the keyword table; ``unclassified`` if none matches."""
    if use_case is None:
        return None
    text = use_case.lower()
    for tier in ("prohibited", "high", "limited", "minimal"):
        for kw in cfg.compliance.eu_ai_act_tiers[tier].keywords:
            if re.search(r"\b" + re.escape(kw.lower()), text):
                return tier
    return "unclassified"


def checklist(s: Startup, cfg: RiskConfig | None = None) -> tuple[ComplianceItem, ...]:
    """The compliance checklist of ``s`` (see the module docstring)."""
    cfg = cfg or RiskConfig.default()
    builders = (_pipl, _genai_cn, _eu_ai_act, _gdpr, _ccpa, _data_licences, _output_ownership, _ip_assignment)
    return tuple(b(s, cfg) for b in builders)


# --------------------------------------------------------------------------- items
def _item(cfg: RiskConfig, id_: str, applies: bool | None, status: str, missing: tuple[str, ...] = (),
          params: dict[str, Any] | None = None, extra: tuple[str, ...] = (), tier: str | None = None) -> ComplianceItem:
    spec = cfg.compliance.items[id_]
    if applies is False:
        status = "not_applicable"
    return ComplianceItem(id_, applies, status, spec.law, spec.source, missing, params or {}, extra, tier)


def _has_regime(s: Startup, name: str) -> bool:
    return name.upper() in {r.strip().upper() for r in s.compliance.privacy_regimes}


def _personal(s: Startup, id_: str, cfg: RiskConfig, region: str, regime: str) -> ComplianceItem:
    c = s.compliance
    if not serves(s, region):
        return _item(cfg, id_, False, "not_applicable")
    if c.processes_personal_data is None:
        return _item(cfg, id_, None, "unknown", ("compliance.processes_personal_data",))
    if not c.processes_personal_data:
        return _item(cfg, id_, False, "not_applicable")
    return _item(cfg, id_, True, "met" if _has_regime(s, regime) else "gap")


def _pipl(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    item = _personal(s, "cn_pipl", cfg, "CN", "PIPL")
    if item.applies:
        extra = []
        if s.compliance.sensitive_personal_data:
            extra.append("risk.compliance.cn_pipl.action_sensitive")
        if s.compliance.minors_users:
            extra.append("risk.compliance.cn_pipl.action_minors")
        if item.status == "met" and s.compliance.minors_users:
            # a programme exists, but minors' data needs its own rules: check them
            return _item(cfg, "cn_pipl", True, "partial", extra=tuple(extra))
        return _item(cfg, "cn_pipl", True, item.status, extra=tuple(extra))
    return item


def _genai_cn(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    c = s.compliance
    if c.generative_ai_public_cn is False:
        return _item(cfg, "cn_genai", False, "not_applicable")
    if c.generative_ai_public_cn is None:
        if not serves(s, "CN"):
            return _item(cfg, "cn_genai", False, "not_applicable")
        return _item(cfg, "cn_genai", None, "unknown", ("compliance.generative_ai_public_cn",))
    filing = c.algorithm_filing.value if c.algorithm_filing is not None else None
    if filing is None:
        return _item(cfg, "cn_genai", True, "unknown", ("compliance.algorithm_filing",))
    status = {"filed": "met", "pending": "partial", "not_filed": "gap", "not_required": "unknown"}[filing]
    return _item(cfg, "cn_genai", True, status, params={"filing": term("risk.term.filing", filing)})


def _tier_item(cfg: RiskConfig, applies: bool, status: str, tier: str, missing: tuple[str, ...] = ()) -> ComplianceItem:
    return _item(cfg, "eu_ai_act", applies, status, missing, params={"tier": term("risk.term.tier", tier)}, tier=tier)


def _eu_ai_act(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    if not serves(s, "EU"):
        return _tier_item(cfg, False, "not_applicable", "not_applicable")
    tier = eu_ai_act_tier(s.compliance.eu_ai_act_use_case, cfg)
    if tier is None:
        return _tier_item(cfg, True, "unknown", "unknown", ("compliance.eu_ai_act_use_case",))
    # The profile records the tier, not the evidence of conformity: high-risk and limited-risk
    # duties stay "unknown" until shown; a prohibited practice is a gap; minimal has none.
    status = {"prohibited": "gap", "high": "unknown", "limited": "unknown", "minimal": "met",
              "unclassified": "unknown"}[tier]
    return _tier_item(cfg, True, status, tier)


def _gdpr(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _personal(s, "gdpr", cfg, "EU", "GDPR")


def _ccpa(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    """CCPA/CPRA: a gap without a programme when Californian users are named (``US-CA``).

    With only ``US`` listed, whether the thresholds (revenue above USD 26.625M, 100,000
    consumers, half of revenue from selling data) are met is not recorded: ``unknown``.  The
    status deliberately does not depend on revenue, so more revenue never raises a risk score.
    """
    item = _personal(s, "ccpa", cfg, "US", "CCPA")
    threshold = f"{cfg.compliance.ccpa_revenue_threshold_usd.value:,.0f}"
    if item.status != "gap":
        return _item(cfg, "ccpa", item.applies, item.status, item.missing, params={"threshold": threshold})
    if "US-CA" in jurisdictions(s):
        return _item(cfg, "ccpa", True, "gap", params={"threshold": threshold})
    return _item(cfg, "ccpa", True, "unknown", params={"threshold": threshold})


def _data_licences(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    lic = s.compliance.data_licence
    if lic is None:
        return _item(cfg, "data_licences", True, "unknown", ("compliance.data_licence",))
    status = {"owned": "met", "licensed": "met", "open": "met", "mixed": "partial",
              "scraped": "gap", "unknown": "gap"}[lic.value]
    return _item(cfg, "data_licences", True, status, params={"licence": term("risk.term.licence", lic.value)})


def _bool_item(cfg: RiskConfig, id_: str, value: bool | None, path: str) -> ComplianceItem:
    if value is None:
        return _item(cfg, id_, True, "unknown", (path,))
    return _item(cfg, id_, True, "met" if value else "gap")


def _output_ownership(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _bool_item(cfg, "output_ownership", s.compliance.output_ownership_terms, "compliance.output_ownership_terms")


def _ip_assignment(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _bool_item(cfg, "ip_assignment", s.compliance.ip_assigned, "compliance.ip_assigned")
