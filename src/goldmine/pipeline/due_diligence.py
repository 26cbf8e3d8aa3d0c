"""One due-diligence run: a startup profile -> a :class:`DueDiligence` result (issues #9, #12).

The use case of ``goldmine analyze``.  It calls every analysis through the same use-case function
its own command calls, each as an optional section (:class:`~goldmine.pipeline.outcome.Outcome`
holding the analysis's typed result):

============  ==========================================================  ==============================
section       use case                                                    its command
============  ==========================================================  ==============================
risk          :func:`goldmine.pipeline.risk.run_risk`                     ``goldmine risk PROFILE``
market        :func:`goldmine.pipeline.market.market_section`             ``goldmine forecast`` per model
runway        :func:`goldmine.pipeline.runway.run_runway`                 ``goldmine runway PROFILE``
captable      :func:`goldmine.pipeline.financing.captable_section`        ``goldmine captable``
waterfall     :func:`goldmine.pipeline.financing.waterfall_section`       ``goldmine waterfall``
valuation     :func:`goldmine.pipeline.valuation.run_valuation`           ``goldmine value PROFILE``
deal          :func:`goldmine.pipeline.deal.run_deal`                     ``goldmine deal PROFILE``
outcome       :func:`goldmine.pipeline.outcomes.assess_outcome`           ``goldmine outcome PROFILE``
============  ==========================================================  ==============================

The deal section runs only when the profile proposes a round (its ``proposal`` section); without one
it is ``skipped`` with the reason.  The outcome model's probability is shown but enters the verdict
only when the model is usable for one (``usable_for_verdict``: its out-of-sample AUC meets the
target of issue #13; today it does not).

With the same settings (:class:`~goldmine.pipeline.settings.DueDiligenceSettings`, defaults in
``data/settings.yaml``) each section gives exactly the numbers of its command's ``--json``.  The
sector context comes from a sector run (:class:`~goldmine.pipeline.sector.SectorContext`).  The
verdict (invest / watch / pass) with its reasons comes from :mod:`goldmine.pipeline.recommend`.

Beside the sections, the run holds what the investment memo needs (issue #16): the unit economics
and retention of the profile (:func:`goldmine.metrics.unit_economics.unit_economics`), the open
diligence questions (:func:`goldmine.pipeline.questions.diligence_questions`) and the vintage of the
inputs with the report's date (:func:`goldmine.pipeline.vintage.vintage`: stale inputs marked).

Reproducibility: the run records the goldmine version, the SHA-256 of the canonical inputs (profile
and settings) and the seed.  The report's date (``generated_on``) is not an input: it is outside the
hash, from ``run_due_diligence(..., generated_on=...)``, else the ``GOLDMINE_REPORT_DATE``
environment variable, else today (UTC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine import __version__
from goldmine.errors import AnalysisError
from goldmine.metrics import last_post_money, startup_runway, total_raised
from goldmine.model import Startup
from goldmine.pipeline.outcome import Outcome, run_section
from goldmine.pipeline.recommend import Recommendation, recommend
from goldmine.pipeline.settings import DueDiligenceSettings

if TYPE_CHECKING:
    from goldmine.finance.runway import RunwayReport
    from goldmine.landscape import ComparableSet
    from goldmine.metrics.unit_economics import UnitEconomicsReport
    from goldmine.outcomes import OutcomeAssessment
    from goldmine.pipeline.deal import DealReport
    from goldmine.pipeline.financing import CapTableSection, WaterfallSection
    from goldmine.pipeline.market import MarketAnalysis
    from goldmine.pipeline.questions import Question
    from goldmine.pipeline.sector import SectorContext
    from goldmine.pipeline.vintage import Vintage
    from goldmine.risk.assess import RiskAssessment
    from goldmine.valuation import Valuation

# order = order in the report
SECTION_NAMES = ("risk", "market", "runway", "captable", "waterfall", "valuation", "deal", "outcome")


@dataclass(frozen=True)
class CompanyFacts:
    """The profile's headline facts, as the report's snapshot shows them."""

    id: str
    name_en: str
    name_zh: str
    stage: str
    vertical: str
    business_model: str
    country: str
    currency: str
    founded: dt.date
    as_of: dt.date | None
    team_size: int
    cash: float
    monthly_burn: float
    monthly_revenue: float | None
    gross_margin: float | None
    last_post_money: float | None
    total_raised: float
    description_en: str | None
    description_zh: str | None

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def description(self, lang: str) -> str | None:
        return (self.description_zh if lang == "zh" else None) or self.description_en

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable(asdict(self)))

    @classmethod
    def of(cls, p: Startup) -> CompanyFacts:
        f = p.financials
        desc = p.identity.description
        return cls(id=p.id or "", name_en=p.display_name("en"), name_zh=p.display_name("zh"), stage=p.stage.value,
                   vertical=p.vertical.value, business_model=p.business_model.value, country=p.identity.country,
                   currency=p.currency, founded=p.identity.founded, as_of=f.as_of, team_size=p.team.size, cash=f.cash,
                   monthly_burn=f.monthly_burn, monthly_revenue=f.monthly_revenue, gross_margin=f.gross_margin,
                   last_post_money=last_post_money(p), total_raised=total_raised(p),
                   description_en=desc.en if desc else None, description_zh=desc.zh if desc else None)


@dataclass(frozen=True)
class DueDiligence:
    """Everything the due-diligence report shows, each section a typed :class:`Outcome`.

    Keys of ``to_dict()`` (docs/report.md): ``company``, ``recommendation`` (verdict, evidence,
    thresholds, reasons[]{key, params, tone, section, blocker}), ``sections.<name>`` (status,
    module, parameters, data, error, note) for risk, market, runway, captable, waterfall, valuation,
    deal, outcome and sector, ``peers`` (the same for the closest companies of the AI landscape data,
    :func:`goldmine.landscape.comparables`, shown in the memo's competition section), ``unit_economics`` (each figure's value, basis and needs; cohorts),
    ``questions[]`` (key, params, field, severity), ``vintage`` (generated_on, newest, oldest, inputs[],
    stale), ``settings``, ``reproducibility`` (goldmine_version, inputs_hash, seed).
    """

    company: CompanyFacts
    profile: Startup
    risk: Outcome[RiskAssessment]
    market: Outcome[MarketAnalysis]
    runway: Outcome[RunwayReport]
    captable: Outcome[CapTableSection]
    waterfall: Outcome[WaterfallSection]
    valuation: Outcome[Valuation]
    deal: Outcome[DealReport]
    outcome: Outcome[OutcomeAssessment]
    sector: Outcome[SectorContext]
    peers: Outcome[ComparableSet]
    recommendation: Recommendation
    unit_economics: UnitEconomicsReport
    questions: tuple[Question, ...]
    vintage: Vintage
    settings: DueDiligenceSettings
    inputs_hash: str
    goldmine_version: str = __version__

    @property
    def generated_on(self) -> dt.date:
        """The report's date (outside the inputs hash)."""
        return self.vintage.generated_on

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def sections(self) -> dict[str, Outcome[Any]]:
        """The sections in report order (the eight analyses, then the sector context)."""
        return {name: getattr(self, name) for name in (*SECTION_NAMES, "sector")}

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company.to_dict(),
            "recommendation": self.recommendation.to_dict(),
            "sections": {k: v.to_dict() for k, v in self.sections.items()},
            "peers": self.peers.to_dict(),
            "unit_economics": self.unit_economics.to_dict(),
            "questions": [q.to_dict() for q in self.questions],
            "vintage": self.vintage.to_dict(),
            "settings": self.settings.to_dict(),
            "reproducibility": {"goldmine_version": self.goldmine_version, "inputs_hash": self.inputs_hash, "seed": self.seed},
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        lines = [f"{self.company.name(L)}: {t('report.verdict.' + self.recommendation.verdict, L)}"]
        lines += [f"  - {r.text(L)}" for r in self.recommendation.reasons]
        return "\n".join(lines)


def run_inputs(profile: Startup, settings: DueDiligenceSettings) -> dict[str, Any]:
    """What a run depends on: the profile and the settings (hashed for the footer and the store)."""
    return {"profile": profile.model_dump(mode="json"), "settings": settings.to_dict()}


def inputs_hash(profile: Startup, settings: DueDiligenceSettings) -> str:
    from goldmine.pipeline.hashing import canonical_hash

    return canonical_hash(run_inputs(profile, settings))


def peers_of(profile: Startup) -> Outcome[ComparableSet]:
    """The companies of the AI landscape data closest to ``profile`` (issue #15), for the memo's
    competition section; not part of the verdict."""

    def run() -> ComparableSet:
        from goldmine.landscape import comparables

        return comparables(profile)

    return run_section("peers", "goldmine.landscape", run)


def _not_attached() -> Outcome[SectorContext]:
    return Outcome.failed("sector", "goldmine.pipeline.sector", AnalysisError("report.sector.not_attached"))


def sections_of(profile: Startup, settings: DueDiligenceSettings) -> dict[str, Callable[[], Outcome[Any]]]:
    """Each section as a call of its use case (the same function its own command calls)."""

    def risk() -> Outcome[Any]:
        from goldmine.pipeline.risk import run_risk

        return run_section("risk", "goldmine.risk", lambda: run_risk(profile))

    def market() -> Outcome[Any]:
        from goldmine.pipeline.market import market_section

        s = settings.market
        return run_section("market", "goldmine.market", lambda: market_section(profile, s),
                           {"models": list(s.models), "horizon": s.horizon, "holdout": s.holdout})

    def runway() -> Outcome[Any]:
        from goldmine.pipeline.runway import run_runway

        s = settings.runway
        return run_section("runway", "goldmine.finance", lambda: run_runway(profile, s),
                           {"paths": s.paths, "seed": s.seed, "horizon": s.horizon})

    def captable() -> Outcome[Any]:
        from goldmine.pipeline.financing import captable_section

        return run_section("captable", "goldmine.financing", lambda: captable_section(profile))

    def waterfall() -> Outcome[Any]:
        from goldmine.pipeline.financing import waterfall_section

        s = settings.waterfall
        return run_section("waterfall", "goldmine.financing", lambda: waterfall_section(profile, s),
                           {"exit_multiples": list(s.exit_multiples)})

    def valuation() -> Outcome[Any]:
        from goldmine.pipeline.valuation import run_valuation

        return run_section("valuation", "goldmine.valuation", lambda: run_valuation(profile, settings.valuation))

    def deal() -> Outcome[Any]:
        from goldmine.i18n.messages import Message

        if profile.proposal is None:
            return Outcome.skipped("deal", "goldmine.deal", Message("report.deal.no_proposal"))
        from goldmine.pipeline.deal import run_deal

        s = settings.deal
        return run_section("deal", "goldmine.deal", lambda: run_deal(profile, settings=s),
                           {"paths": s.paths, "seed": s.seed, "target_metric": s.target_metric, "target_value": s.target_value})

    def outcome() -> Outcome[Any]:
        from goldmine.pipeline.outcomes import DEFAULT_LEVEL, assess_outcome

        return run_section("outcome", "goldmine.outcomes", lambda: assess_outcome(profile), {"level": DEFAULT_LEVEL})

    return {"risk": risk, "market": market, "runway": runway, "captable": captable, "waterfall": waterfall,
            "valuation": valuation, "deal": deal, "outcome": outcome}


def run_due_diligence(profile: Startup, settings: DueDiligenceSettings | None = None,
                      sector: Outcome[SectorContext] | None = None,
                      progress: Callable[[str], None] | None = None,
                      generated_on: dt.date | None = None) -> DueDiligence:
    """The use case of ``goldmine analyze``: every available analysis on ``profile``, with a verdict,
    the unit economics, the open diligence questions and the vintage of the inputs.

    ``sector`` is a ready sector context to attach (from :meth:`SectorView.context` or a saved
    ``goldmine sector --json``); ``progress`` (optional) is called as ``progress(section_name)``
    after each section; ``generated_on`` is the report's date (default:
    :func:`goldmine.pipeline.vintage.report_date`: ``GOLDMINE_REPORT_DATE``, else today in UTC).
    """
    from goldmine.metrics.unit_economics import unit_economics
    from goldmine.pipeline.questions import diligence_questions
    from goldmine.pipeline.vintage import report_date, vintage

    settings = settings or DueDiligenceSettings.default()
    done: dict[str, Outcome[Any]] = {}
    for name, run in sections_of(profile, settings).items():
        done[name] = run()
        if progress is not None:
            progress(name)
    rec = recommend(done["risk"], done["runway"], done["valuation"], done["market"], last_post_money(profile),
                    profile.currency, simple_runway=startup_runway(profile), deal=done["deal"], outcome=done["outcome"])
    sector = sector or _not_attached()
    ue = unit_economics(profile)
    dates = vintage(profile, report_date(generated_on), settings.freshness, sector.value if sector.ok else None)
    questions = diligence_questions(profile, risk=done["risk"].result, captable=done["captable"].result,
                                    recommendation=rec, economics=ue, vintage=dates)
    return DueDiligence(company=CompanyFacts.of(profile), profile=profile, risk=done["risk"], market=done["market"],
                        runway=done["runway"], captable=done["captable"], waterfall=done["waterfall"],
                        valuation=done["valuation"], deal=done["deal"], outcome=done["outcome"],
                        sector=sector, peers=peers_of(profile), recommendation=rec, unit_economics=ue, questions=questions, vintage=dates,
                        settings=settings, inputs_hash=inputs_hash(profile, settings))
