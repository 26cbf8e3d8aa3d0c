"""One due-diligence run: a startup profile -> a :class:`DueDiligence` result (issue #9).

The run calls every analysis this version has, each as an optional section
(:mod:`goldmine.pipeline.outcome`): risk (issue #3), market forecast and runway Monte Carlo
(issue #4), cap-table path and exit waterfalls (issue #5), valuation (issue #6), and the sector
context (issues #7 and #8, through :mod:`goldmine.pipeline.sector`).  Each section holds exactly
the ``to_dict()`` of the analysis's result, so the report's numbers are those of the analysis's own
``--json`` output.  The verdict (invest / watch / pass) with its reasons comes from
:mod:`goldmine.pipeline.recommend`.

Reproducibility: the run records the goldmine version, the SHA-256 of the canonical inputs (profile
and settings) and the seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldmine import __version__
from goldmine.pipeline import adapters
from goldmine.pipeline.outcome import Outcome, run_section
from goldmine.pipeline.recommend import Recommendation, recommend
from goldmine.pipeline.settings import Settings
from goldmine.results import Result

# section name -> (package it needs, adapter); order = order in the report
SECTIONS: dict[str, tuple[str, Any]] = {
    "risk": ("goldmine.risk", adapters.risk),
    "market": ("goldmine.market", adapters.market),
    "runway": ("goldmine.finance", adapters.runway),
    "captable": ("goldmine.financing", adapters.captable),
    "waterfall": ("goldmine.financing", adapters.waterfall),
    "valuation": ("goldmine.valuation", adapters.valuation),
}


@dataclass(frozen=True)
class DueDiligence(Result):
    """Everything the due-diligence report shows, JSON-safe through ``to_dict()``.

    Keys of ``to_dict()``: ``company`` (id, name_en, name_zh, stage, vertical, currency, as_of),
    ``recommendation`` (verdict, reasons[], evidence), ``sections.<name>`` (status, module, data,
    parameters, error_en, error_zh) for risk, market, runway, captable, waterfall, valuation and
    sector, ``settings``, ``reproducibility`` (goldmine_version, inputs_hash, seed).
    """

    company: dict[str, Any]
    sections: dict[str, Outcome]
    recommendation: Recommendation
    settings: dict[str, Any]
    inputs_hash: str
    seed: int
    goldmine_version: str = __version__
    profile: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "recommendation": self.recommendation.to_dict(),
            "sections": {k: v.to_dict() for k, v in self.sections.items()},
            "settings": self.settings,
            "reproducibility": {"goldmine_version": self.goldmine_version, "inputs_hash": self.inputs_hash, "seed": self.seed},
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        lines = [f"{self.company['name_' + L] or self.company['name_en']}: {t('report.verdict.' + self.recommendation.verdict, L)}"]
        lines += [f"  - {r.text(L)}" for r in self.recommendation.reasons]
        return "\n".join(lines)

    def section(self, name: str) -> Outcome | None:
        return self.sections.get(name)


def last_post_money(profile: Any) -> float | None:
    """The post-money valuation of the latest priced round (pre-money + amount when only pre is given)."""
    for r in reversed(profile.rounds):
        if r.post_money is not None:
            return float(r.post_money)
        if r.pre_money is not None:
            return float(r.pre_money + r.amount)
    return None


def company_facts(profile: Any) -> dict[str, Any]:
    f = profile.financials
    return {
        "id": profile.id, "name_en": profile.display_name("en"), "name_zh": profile.display_name("zh"),
        "stage": profile.stage.value, "vertical": profile.vertical.value,
        "business_model": profile.business_model.value, "country": profile.identity.country,
        "currency": profile.currency, "founded": profile.identity.founded.isoformat(),
        "as_of": f.as_of.isoformat() if f.as_of else None, "team_size": profile.team.size,
        "cash": f.cash, "monthly_burn": f.monthly_burn, "monthly_revenue": f.monthly_revenue,
        "gross_margin": f.gross_margin, "last_post_money": last_post_money(profile),
        "total_raised": sum(r.amount for r in profile.rounds),
        "description_en": profile.identity.description.en if profile.identity.description else None,
        "description_zh": profile.identity.description.zh if profile.identity.description else None,
    }


def run_inputs(profile: Any, settings: Settings) -> dict[str, Any]:
    """What a run depends on: the profile and the settings (hashed for the footer and the store)."""
    return {"profile": profile.model_dump(mode="json"), "settings": settings.to_dict()}


def inputs_hash(profile: Any, settings: Settings) -> str:
    from goldmine.pipeline.hashing import canonical_hash

    return canonical_hash(run_inputs(profile, settings))


def run_due_diligence(profile: Any, settings: Settings | None = None, sector: Outcome | None = None,
                      progress: Any = None) -> DueDiligence:
    """Run every available analysis on ``profile``; ``sector`` is a ready sector outcome to attach.

    ``progress`` (optional) is called as ``progress(section_name)`` after each section.
    """
    settings = settings or Settings()
    sections: dict[str, Outcome] = {}
    for name, (module, adapter) in SECTIONS.items():
        params = adapters.parameters(name, profile, settings)
        sections[name] = run_section(name, module, lambda a=adapter: a(profile, settings), params)
        if progress is not None:
            progress(name)
    if sector is None:
        from goldmine.i18n import t

        sector = Outcome("sector", "goldmine.pipeline.sector", "failed", error_en=t("report.sector.not_attached", "en"),
                         error_zh=t("report.sector.not_attached", "zh"))
    sections["sector"] = sector
    rec = recommend(sections, last_post_money(profile), profile.currency)
    return DueDiligence(company=company_facts(profile), sections=sections, recommendation=rec,
                        settings=settings.to_dict(), inputs_hash=inputs_hash(profile, settings),
                        seed=settings.seed, profile=profile.model_dump(mode="json"))
