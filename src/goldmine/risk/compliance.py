"""Compliance checklist of the legal dimension (issue #3; seed 003 §5.4).

:func:`checklist` derives, from the profile's ``compliance`` answers, one :class:`ComplianceItem`
per regime: whether it applies, its status (``met``, ``partial``, ``gap``, ``unknown``,
``not_applicable``), the gap and the action, in en and zh (``i18n/risk.yaml``).  Laws, dates and
thresholds are in ``data/risk_compliance.yaml``:

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
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk.config import RiskConfig

STATUSES = ("met", "partial", "gap", "unknown", "not_applicable")

#: EU member states (ISO 3166-1 alpha-2), so "DE" or "FR" in jurisdictions means the EU applies.
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())


#: Which catalogue family translates a parameter of an explanation or checklist text, by name.
_PARAM_TERMS = {"stage": "stage.{}", "vertical": "vertical.{}", "equidam": "risk.term.equidam.{}",
                "since": "risk.term.since.{}", "licence": "risk.term.licence.{}", "tier": "risk.term.tier.{}",
                "filing": "risk.term.filing.{}", "items": "risk.term.item.{}"}


@dataclass(frozen=True)
class Money:
    """An amount inside a message: printed with :func:`goldmine.i18n.format_money` (万/亿 in zh)."""

    amount: float
    currency: str


def localise_params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Message parameters in ``lang``: codes such as ``series_b``, ``mixed`` or ``high`` become words.

    A parameter named in ``_PARAM_TERMS`` is looked up in that family; a list is translated item
    by item and joined; any other string that is a ``term.*`` key is translated; the rest is kept.
    """
    out: dict[str, Any] = {}
    sep = "、" if lang == "zh" else ", "
    for k, v in params.items():
        fam = _PARAM_TERMS.get(k)

        def word(x: Any, fam: str | None = fam) -> Any:
            if isinstance(x, Money):
                from goldmine.i18n import format_money

                return format_money(x.amount, x.currency, lang)
            if isinstance(x, str):
                if fam and has_key(fam.format(x)):
                    return t(fam.format(x), lang)
                if has_key(f"term.{x}"):
                    return t(f"term.{x}", lang)
            return x

        out[k] = (sep.join(str(word(x)) for x in v) or "—") if isinstance(v, list | tuple) else word(v)
    return out


@dataclass(frozen=True)
class ComplianceItem(Result):
    """One checklist item: does it apply, what is its status, what is missing, what to do."""

    id: str
    applies: bool | None
    status: str
    law: str
    source: str
    missing: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    extra_actions: tuple[str, ...] = ()   # i18n keys added to the action (e.g. minors)

    @property
    def open_weight(self) -> float:
        """How much this item counts as a gap: gap 1, partial and unknown 0.5, else 0."""
        return {"gap": 1.0, "partial": 0.5, "unknown": 0.5}.get(self.status, 0.0) if self.applies is not False else 0.0

    def title(self, lang: str = "en") -> str:
        return t(f"risk.compliance.{self.id}.title", lang, **localise_params(self.params, lang))

    def gap_text(self, lang: str = "en") -> str | None:
        if self.status in ("met", "not_applicable"):
            return None
        if self.status == "unknown":
            if not self.missing and has_key(f"risk.compliance.{self.id}.unknown"):
                return t(f"risk.compliance.{self.id}.unknown", lang, **localise_params(self.params, lang))
            return t("risk.compliance.unknown", lang, fields=", ".join(self.missing) or t("risk.compliance.no_field", lang))
        return t(f"risk.compliance.{self.id}.gap", lang, **localise_params(self.params, lang))

    def action(self, lang: str = "en") -> str | None:
        if self.status in ("met", "not_applicable"):
            return None
        params = localise_params(self.params, lang)
        parts = [t(f"risk.compliance.{self.id}.action", lang, **params)]
        parts += [t(k, lang, **params) for k in self.extra_actions]
        return " ".join(parts)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"id": self.id, "title": self.title(lang), "applies": self.applies, "status": self.status,
                "gap": self.gap_text(lang), "action": self.action(lang), "law": self.law, "source": self.source,
                "missing": list(self.missing), **({"tier": self.params["tier"]} if "tier" in self.params else {})}

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
        for kw in cfg.compliance_raw["eu_ai_act_tiers"][tier]["keywords"]:
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
          params: dict[str, Any] | None = None, extra: tuple[str, ...] = ()) -> ComplianceItem:
    spec = cfg.compliance_raw["items"][id_]
    if applies is False:
        status = "not_applicable"
    return ComplianceItem(id_, applies, status, spec["law"], spec["source"], missing, params or {}, extra)


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
    return _item(cfg, "cn_genai", True, status, params={"filing": filing})


def _eu_ai_act(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    if not serves(s, "EU"):
        return _item(cfg, "eu_ai_act", False, "not_applicable", params={"tier": "not_applicable"})
    tier = eu_ai_act_tier(s.compliance.eu_ai_act_use_case, cfg)
    if tier is None:
        return _item(cfg, "eu_ai_act", True, "unknown", ("compliance.eu_ai_act_use_case",), params={"tier": "unknown"})
    # The profile records the tier, not the evidence of conformity: high-risk and limited-risk
    # duties stay "unknown" until shown; a prohibited practice is a gap; minimal has none.
    status = {"prohibited": "gap", "high": "unknown", "limited": "unknown", "minimal": "met",
              "unclassified": "unknown"}[tier]
    return _item(cfg, "eu_ai_act", True, status, params={"tier": tier})


def _gdpr(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _personal(s, "gdpr", cfg, "EU", "GDPR")


def _ccpa(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    """CCPA/CPRA: a gap without a programme when Californian users are named (``US-CA``).

    With only ``US`` listed, whether the thresholds (revenue above USD 26.625M, 100,000
    consumers, half of revenue from selling data) are met is not recorded: ``unknown``.  The
    status deliberately does not depend on revenue, so more revenue never raises a risk score.
    """
    item = _personal(s, "ccpa", cfg, "US", "CCPA")
    threshold = f"{float(cfg.compliance_raw['ccpa_revenue_threshold_usd']['value']):,.0f}"
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
    return _item(cfg, "data_licences", True, status, params={"licence": lic.value})


def _bool_item(cfg: RiskConfig, id_: str, value: bool | None, path: str) -> ComplianceItem:
    if value is None:
        return _item(cfg, id_, True, "unknown", (path,))
    return _item(cfg, id_, True, "met" if value else "gap")


def _output_ownership(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _bool_item(cfg, "output_ownership", s.compliance.output_ownership_terms, "compliance.output_ownership_terms")


def _ip_assignment(s: Startup, cfg: RiskConfig) -> ComplianceItem:
    return _bool_item(cfg, "ip_assignment", s.compliance.ip_assigned, "compliance.ip_assigned")
