"""Compliance checklist of the legal dimension (issues #3, #16; 《AI大模型创业：泡沫还是金矿？》 (undated)
§5.4).

The rules are data (``data/risk_compliance.yaml``, :class:`goldmine.risk.config.ComplianceRules`):
each names its law, articles, source and date, says *when* it applies — keyed on where the company
serves users (``compliance.jurisdictions``, else ``identity.country``), the data it processes
(``processes_personal_data``, ``sensitive_personal_data``, ``data_types``, ``minors_users``,
``min_user_age``) and what it does (``activities``, ``generative_ai_public_cn``) — and how its
status is read from the profile (a privacy programme, a medical-device registration, the algorithm
filing, the EU AI Act tier of the use case, the training-data licence, a yes/no answer).  The
shipped rules:

* China: PIPL (2021) and its Art. 55 impact assessment (sensitive data only); the Interim Measures
  for Generative AI Services (2023) and algorithm filing, only for generative services offered to
  the public in China; the Regulations on the Protection of Minors Online (2024), only with minors;
  NMPA registration of AI medical-device software (NMPA guidance of 2022-03-07), only for software
  that diagnoses or treats.
* United States: FDA 510(k) / De Novo / PMA of software as a medical device; HIPAA, only for health
  data; COPPA, only with children under 13; CCPA/CPRA (thresholds: revenue above USD 26.625M from
  2025, 100,000 consumers, data sales).
* European Union: the AI Act (Regulation (EU) 2024/1689) by the tier of the use case, only when the
  company serves the EU; GDPR; CE marking under the MDR (EU) 2017/745.
* Chips and compute: export controls (US EAR advanced-computing rules 2022-2024; PRC Export Control
  Law 2020).
* Everywhere: training-data licences, ownership of model outputs, IP assignment.

:func:`evaluate` gives one :class:`ComplianceItem` per rule; :func:`checklist` keeps the rules that
apply or may apply (a rule whose applicability depends on an unanswered question is ``applies:
None``, status ``unknown``, and names the field; it is never counted as compliant).  Texts are
message keys with parameters (``risk.compliance.*`` in ``i18n/risk.yaml``; codes such as the filing
status, the device class or the EU AI Act tier are :class:`~goldmine.i18n.messages.Term`
parameters), rendered in en or zh only by :meth:`ComplianceItem.title`, :meth:`~ComplianceItem.gap_text`
and :meth:`~ComplianceItem.action`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message, Term
from goldmine.model import Startup
from goldmine.model.compliance import SENSITIVE_DATA_TYPES
from goldmine.results import Result
from goldmine.risk.config import ComplianceRule, RiskConfig

STATUSES = ("met", "partial", "gap", "unknown", "not_applicable")
OPEN_STATUSES = ("gap", "partial", "unknown")

#: EU member states (ISO 3166-1 alpha-2), so "DE" or "FR" in jurisdictions means the EU applies.
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())

#: PIPL Art. 28: personal information of minors under 14 is sensitive.
_PIPL_SENSITIVE_AGE = 14
#: COPPA (15 U.S.C. 6501(1)): a child is under 13.
_COPPA_AGE = 13


def term(family: str, code: str) -> Term | str:
    """The catalogue word ``<family>.<code>`` (``risk.term.tier.high``) as a :class:`Term`; the code
    itself when the catalogue has no such word (a value an override file introduced)."""
    key = f"{family}.{code}"
    return Term(key) if has_key(key) else code


@dataclass(frozen=True)
class ComplianceItem(Result):
    """One checklist item: does it apply, what is its status, what is missing, what to do.

    ``applies`` is true, false, or ``None`` when it depends on an unanswered question; ``params``
    are the language-neutral parameters of its texts (codes as :class:`Term`); ``tier`` is the EU
    AI Act tier code of the ``eu_ai_act`` item (``None`` for the others); ``law``, ``articles``,
    ``source`` and ``date`` cite the rule.
    """

    id: str
    applies: bool | None
    status: str
    law: str
    source: str
    missing: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    extra_actions: tuple[str, ...] = ()   # i18n keys added to the action (e.g. sensitive data)
    tier: str | None = None
    articles: str = ""
    date: str = ""
    variant: str | None = None   # picks ``risk.compliance.<id>.action.<variant>`` when that text exists (the EU AI Act tier)

    @property
    def open_weight(self) -> float:
        """How much this item counts as a gap: gap 1, partial and unknown 0.5, else 0."""
        return {"gap": 1.0, "partial": 0.5, "unknown": 0.5}.get(self.status, 0.0) if self.applies is not False else 0.0

    @property
    def is_open(self) -> bool:
        """Applies (or may) and is not met: a gap, partial or unknown."""
        return self.applies is not False and self.status in OPEN_STATUSES

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
            if self.applies is None:
                return Message("risk.compliance.may_apply", {"fields": self.missing or Term("risk.compliance.no_field")})
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
        main = f"risk.compliance.{self.id}.action"
        if self.variant is not None and has_key(f"{main}.{self.variant}"):
            main = f"{main}.{self.variant}"
        keys = (main, *self.extra_actions)
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
                "law": self.law, "articles": self.articles, "source": self.source, "date": self.date,
                "missing": list(self.missing), **({"tier": self.tier} if self.tier is not None else {})}

    def summary(self, lang: str | None = None) -> str:
        lang = lang or "en"
        return f"{self.title(lang)}: {t(f'risk.status.{self.status}', lang)}"


# --------------------------------------------------------------------------- where it serves
def jurisdictions(s: Startup) -> set[str]:
    """Where the startup serves users; the country of incorporation when none is listed."""
    codes = {j.strip().upper() for j in s.compliance.jurisdictions} or {s.identity.country.upper()}
    if codes & EU_MEMBERS:
        codes.add("EU")
    return codes


def serves(s: Startup, region: str) -> bool:
    """Whether ``s`` serves ``region`` (``US`` includes ``US-CA`` style regions)."""
    codes = jurisdictions(s)
    region = region.upper()
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


# --------------------------------------------------------------------------- three-valued conditions
@dataclass(frozen=True)
class Truth:
    """A condition's answer: true, false, or ``None`` (unknown) with the unanswered field paths."""

    value: bool | None
    missing: tuple[str, ...] = ()


YES, NO = Truth(True), Truth(False)


def _unknown(*paths: str) -> Truth:
    return Truth(None, paths)


def _missing_of(truths: Iterable[Truth]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for x in truths if x.value is None for p in x.missing))


def any_of(truths: Iterable[Truth]) -> Truth:
    """True if one is true; false if all are false; unknown otherwise."""
    found = list(truths)
    if any(x.value for x in found):
        return YES
    if all(x.value is False for x in found):
        return NO
    return Truth(None, _missing_of(found))


def all_of(truths: Iterable[Truth]) -> Truth:
    """False if one is false; unknown if one is unknown; true otherwise."""
    found = list(truths)
    if any(x.value is False for x in found):
        return NO
    if any(x.value is None for x in found):
        return Truth(None, _missing_of(found))
    return YES


def minors(s: Startup) -> Truth:
    """Serves users under 18 (``minors_users``, or ``min_user_age`` when that is not answered)."""
    c = s.compliance
    if c.minors_users is not None:
        return Truth(c.minors_users)
    if c.min_user_age is not None:
        return Truth(c.min_user_age < 18)
    return _unknown("compliance.minors_users")


def _younger_than(s: Startup, age: int) -> Truth:
    m = minors(s)
    if m.value is not True:
        return m
    if s.compliance.min_user_age is None:
        return _unknown("compliance.min_user_age")
    return Truth(s.compliance.min_user_age < age)


def personal(s: Startup) -> Truth:
    """Processes personal data (data types or minors' accounts imply it)."""
    c = s.compliance
    if c.processes_personal_data is not None:
        return Truth(c.processes_personal_data or bool(c.data_types))
    if c.data_types:
        return YES
    return _unknown("compliance.processes_personal_data")


def sensitive(s: Startup) -> Truth:
    """Sensitive personal data: the answer, a sensitive data type, or users under 14 (PIPL Art. 28)."""
    c = s.compliance
    if c.sensitive_personal_data or any(d in SENSITIVE_DATA_TYPES for d in c.data_types):
        return YES
    if _younger_than(s, _PIPL_SENSITIVE_AGE).value:
        return YES
    if personal(s).value is False or c.sensitive_personal_data is False:
        return NO
    return _unknown("compliance.sensitive_personal_data")


def _presumed(s: Startup, verticals: Iterable[Any]) -> bool:
    return s.vertical in set(verticals)


def data_type(s: Startup, code: str, cfg: RiskConfig) -> Truth:
    """Processes data of type ``code`` (``health`` ...): listed in ``data_types``; when the list is not
    given, unknown in the verticals where ``presumed.data`` presumes it, else false."""
    c = s.compliance
    if c.data_types:
        return Truth(any(d.value == code for d in c.data_types))
    if personal(s).value is False:
        return NO
    presumed = {k.value: v for k, v in cfg.compliance.presumed.data.items()}
    return _unknown("compliance.data_types") if _presumed(s, presumed.get(code, ())) else NO


def data_condition(s: Startup, key: str, cfg: RiskConfig) -> Truth:
    """One data condition of a rule (``personal``, ``sensitive``, ``minors``, ``children_under_13`` or a data type)."""
    if key == "personal":
        return personal(s)
    if key == "sensitive":
        return sensitive(s)
    if key == "minors":
        return minors(s)
    if key == "children_under_13":
        return _younger_than(s, _COPPA_AGE)
    return data_type(s, key, cfg)


def activity(s: Startup, code: str, cfg: RiskConfig) -> Truth:
    """Does ``code`` (``medical_diagnosis`` ...): listed in ``activities``; when the list is not given,
    unknown in the verticals where ``presumed.activities`` presumes it, else false."""
    acts = s.compliance.activities
    if acts:
        return Truth(any(a.value == code for a in acts))
    presumed = {k.value: v for k, v in cfg.compliance.presumed.activities.items()}
    return _unknown("compliance.activities") if _presumed(s, presumed.get(code, ())) else NO


def generative_public_cn(s: Startup) -> Truth:
    """Offers generative AI to the public in China: the answer; when not given, false if the
    activities are listed without content generation, else unknown."""
    c = s.compliance
    if c.generative_ai_public_cn is not None:
        return Truth(c.generative_ai_public_cn)
    if c.activities and all(a.value != "generative_content" for a in c.activities):
        return NO
    return _unknown("compliance.generative_ai_public_cn")


def applies(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> Truth:
    """Whether ``rule`` applies to ``s``: every condition of its ``when``."""
    w = rule.when
    parts: list[Truth] = []
    if w.serves:
        parts.append(Truth(any(serves(s, r) for r in w.serves)))
    if w.data:
        parts.append(any_of(data_condition(s, k, cfg) for k in w.data))
    if w.activities:
        parts.append(any_of(activity(s, a.value, cfg) for a in w.activities))
    if w.generative_public_cn is not None:
        g = generative_public_cn(s)
        parts.append(g if w.generative_public_cn or g.value is None else Truth(not g.value))
    return all_of(parts)


# --------------------------------------------------------------------------- status checks
@dataclass(frozen=True)
class _Status:
    status: str
    missing: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    tier: str | None = None


def _has_regime(s: Startup, name: str) -> bool:
    return name.upper() in {r.strip().upper() for r in s.compliance.privacy_regimes}


def _regime(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    return _Status("met" if _has_regime(s, rule.check.regime or "") else "gap")


def _ccpa(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    """CCPA/CPRA: a gap without a programme when Californian users are named (``US-CA``).

    With only ``US`` listed, whether the thresholds (revenue above USD 26.625M, 100,000
    consumers, half of revenue from selling data) are met is not recorded: ``unknown``.  The
    status deliberately does not depend on revenue, so more revenue never raises a risk score.
    """
    params = {"threshold": f"{cfg.compliance.ccpa_revenue_threshold_usd.value:,.0f}"}
    if _has_regime(s, rule.check.regime or ""):
        return _Status("met", params=params)
    return _Status("gap" if "US-CA" in jurisdictions(s) else "unknown", params=params)


_DEVICE_STATUS = {"cleared": "met", "submitted": "partial", "planned": "gap", "not_required": "unknown"}


def _device(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    market = rule.check.market or ""
    md = s.compliance.medical_device
    reg = md.registration(market) if md is not None else None
    if reg is None:
        return _Status("unknown", (f"compliance.medical_device.{market}",))
    params = {"status": term("risk.term.device_status", reg.status.value),
              "device_class": term("risk.term.device_class", reg.device_class.value if reg.device_class else "unstated"),
              "pathway": term("risk.term.fda_pathway", reg.pathway.value if reg.pathway else "unstated")}
    return _Status(_DEVICE_STATUS[reg.status.value], params=params)


_FILING_STATUS = {"filed": "met", "pending": "partial", "not_filed": "gap", "not_required": "unknown"}


def _filing(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    filing = s.compliance.algorithm_filing
    if filing is None:
        return _Status("unknown", ("compliance.algorithm_filing",))
    return _Status(_FILING_STATUS[filing.value], params={"filing": term("risk.term.filing", filing.value)})


# The profile records the tier, not the evidence of conformity: high-risk and limited-risk duties stay
# "unknown" until shown; a prohibited practice is a gap; minimal has none.
_TIER_STATUS = {"prohibited": "gap", "high": "unknown", "limited": "unknown", "minimal": "met", "unclassified": "unknown"}


def _eu_ai_act(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    tier = eu_ai_act_tier(s.compliance.eu_ai_act_use_case, cfg)
    if tier is None:
        return _Status("unknown", ("compliance.eu_ai_act_use_case",), {"tier": term("risk.term.tier", "unknown")}, "unknown")
    return _Status(_TIER_STATUS[tier], params={"tier": term("risk.term.tier", tier)}, tier=tier)


_LICENCE_STATUS = {"owned": "met", "licensed": "met", "open": "met", "mixed": "partial", "scraped": "gap", "unknown": "gap"}


def _licence(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    lic = s.compliance.data_licence
    if lic is None:
        return _Status("unknown", ("compliance.data_licence",))
    return _Status(_LICENCE_STATUS[lic.value], params={"licence": term("risk.term.licence", lic.value)})


def _flag(s: Startup, rule: ComplianceRule, cfg: RiskConfig) -> _Status:
    name = rule.check.field or ""
    value = getattr(s.compliance, name)
    if value is None:
        return _Status("unknown", (f"compliance.{name}",))
    return _Status("met" if value else "gap")


_CHECKS = {"regime": _regime, "ccpa": _ccpa, "device": _device, "filing": _filing, "eu_ai_act": _eu_ai_act,
           "licence": _licence, "flag": _flag}


# --------------------------------------------------------------------------- the checklist
def item(s: Startup, rule_id: str, cfg: RiskConfig) -> ComplianceItem:
    """The checklist item of one rule (status ``not_applicable`` when it does not apply)."""
    rule = cfg.compliance.rules[rule_id]
    where = applies(s, rule, cfg)
    if where.value is False:
        return ComplianceItem(rule_id, False, "not_applicable", rule.law, rule.source, articles=rule.articles,
                              date=rule.date.isoformat())
    st = _CHECKS[rule.check.kind](s, rule, cfg)
    extras = tuple(f"risk.compliance.{rule_id}.{x.action}" for x in rule.extras
                   if any_of(data_condition(s, k, cfg) for k in x.data).value)
    status, missing = st.status, st.missing
    if where.value is None and st.status != "met":
        status, missing = "unknown", tuple(dict.fromkeys((*where.missing, *st.missing)))
    return ComplianceItem(rule_id, where.value, status, rule.law, rule.source, missing, st.params, extras, st.tier,
                          articles=rule.articles, date=rule.date.isoformat(), variant=st.tier)


def evaluate(s: Startup, cfg: RiskConfig | None = None) -> tuple[ComplianceItem, ...]:
    """Every rule of the configuration, in its order, those that do not apply included."""
    cfg = cfg or RiskConfig.default()
    return tuple(item(s, rule_id, cfg) for rule_id in cfg.compliance.rules)


def checklist(s: Startup, cfg: RiskConfig | None = None) -> tuple[ComplianceItem, ...]:
    """The compliance checklist of ``s``: the rules that apply or may apply (see the module docstring)."""
    return tuple(i for i in evaluate(s, cfg) if i.applies is not False)


def open_items(items: Iterable[ComplianceItem]) -> frozenset[str]:
    """The ids of the items that apply (or may) and are not met."""
    return frozenset(i.id for i in items if i.is_open)
