"""Enumerations of the startup profile: stage, vertical, business model, model types...

Values are lower-case identifiers; input is forgiving (``"Series A"``, ``"series-a"`` and
``"series_a"`` all mean :attr:`Stage.SERIES_A`).  Sources: the stage ladder of
《AI大模型创业：泡沫还是金矿？》 (undated) §6.1 (种子轮, 天使轮, A轮, B轮); its verticals (ch.3-4);
business models of 《市场前景：大模型创业的远大愿景》 (禅与计算机程序设计艺术, undated) §2.
"""

from __future__ import annotations

from enum import StrEnum


class _Choice(StrEnum):
    """A string enum that accepts spaces, hyphens and any case on input."""

    @classmethod
    def _missing_(cls, value: object) -> _Choice | None:
        if isinstance(value, str):
            norm = value.strip().lower().replace("-", "_").replace(" ", "_").replace("/", "_")
            for member in cls:
                if member.value == norm or member.name.lower() == norm:
                    return member
            aliases: dict[str, str] = getattr(cls, "_aliases", lambda: {})()
            alias = aliases.get(norm)
            if alias:
                return cls(alias)
        return None

    def __str__(self) -> str:
        return self.value


class Stage(_Choice):
    """Financing stage, earliest first (《AI大模型创业：泡沫还是金矿？》 §6.1)."""

    IDEA = "idea"
    PRE_SEED = "pre_seed"
    SEED = "seed"
    ANGEL = "angel"
    SERIES_A = "series_a"
    SERIES_B = "series_b"
    SERIES_C_PLUS = "series_c_plus"
    GROWTH = "growth"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"a": "series_a", "b": "series_b", "c": "series_c_plus", "series_c": "series_c_plus",
                "c+": "series_c_plus", "series_c+": "series_c_plus", "preseed": "pre_seed",
                "种子轮": "seed", "天使轮": "angel", "a轮": "series_a", "b轮": "series_b", "c轮": "series_c_plus"}

    @property
    def order(self) -> int:
        return list(Stage).index(self)


class Vertical(_Choice):
    """Application vertical (《AI大模型创业：泡沫还是金矿？》 ch.3-4, plus customer service and model providers)."""

    CONTENT = "content"
    MEDICAL = "medical"
    FINANCE = "finance"
    RETAIL = "retail"
    EDUCATION = "education"
    MANUFACTURING = "manufacturing"
    CUSTOMER_SERVICE = "customer_service"
    INFRASTRUCTURE = "infrastructure"
    OTHER = "other"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"healthcare": "medical", "health": "medical", "model_provider": "infrastructure",
                "infrastructure_model_provider": "infrastructure", "fintech": "finance"}


class BusinessModel(_Choice):
    """How the company earns money (《市场前景：大模型创业的远大愿景》 §2: API/technology service, product, incubation)."""

    API_SERVICE = "api_service"
    PRODUCT = "product"
    INCUBATION = "incubation"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"api": "api_service", "technology_service": "api_service", "investment": "incubation",
                "incubation_investment": "incubation"}


class ModelType(_Choice):
    NLP = "nlp"
    CV = "cv"
    SPEECH = "speech"
    MULTIMODAL = "multimodal"


class FoundationModel(_Choice):
    """Where the core model comes from: the "wrapper" question investors ask first."""

    OWN = "own"                    # trains its own foundation model
    FINE_TUNED_OPEN = "fine_tuned_open"  # fine-tunes open weights it hosts itself
    THIRD_PARTY_API = "third_party_api"  # calls a third party's model API


class FounderBackground(_Choice):
    AI_RESEARCH = "ai_research"
    ENGINEERING = "engineering"
    INDUSTRY = "industry"          # domain expertise in the vertical
    BUSINESS = "business"
    SERIAL_FOUNDER = "serial_founder"
    ACADEMIA = "academia"


class ShareClass(_Choice):
    COMMON = "common"
    PREFERRED = "preferred"
    OPTIONS = "options"


class Instrument(_Choice):
    """Financing instrument of a past or planned round (《AI大模型创业：泡沫还是金矿？》 §6.1)."""

    EQUITY = "equity"
    SAFE_POST = "safe_post"
    SAFE_PRE = "safe_pre"
    CONVERTIBLE_NOTE = "convertible_note"
    VENTURE_DEBT = "venture_debt"
    GRANT = "grant"
    CROWDFUNDING = "crowdfunding"

    @staticmethod
    def _aliases() -> dict[str, str]:
        return {"safe": "safe_post", "note": "convertible_note", "debt": "venture_debt",
                "priced": "equity", "subsidy": "grant", "government_grant": "grant"}


class DataLicence(_Choice):
    """How the training data was obtained."""

    OWNED = "owned"          # collected by the company with consent
    LICENSED = "licensed"    # licensed under written agreements
    OPEN = "open"            # open licences allowing the use
    MIXED = "mixed"
    SCRAPED = "scraped"      # scraped without explicit licence
    UNKNOWN = "unknown"


class FilingStatus(_Choice):
    """Algorithm filing with the Cyberspace Administration of China (算法备案)."""

    FILED = "filed"
    PENDING = "pending"
    NOT_FILED = "not_filed"
    NOT_REQUIRED = "not_required"


class Level(_Choice):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
