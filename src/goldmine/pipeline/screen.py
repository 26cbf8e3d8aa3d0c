"""Screening a deal flow: the due-diligence verdict of many profiles, ranked (issue #19, points 1 and 4).

The use case of ``goldmine screen``.  Each profile goes through the sections of
:func:`goldmine.pipeline.due_diligence.run_due_diligence` that the recommendation reads — risk,
market, runway, valuation, deal (when the profile proposes a round) and outcome — and through
:func:`goldmine.pipeline.recommend.recommend`, so a screened company gets the verdict ``goldmine
analyze`` gives it with the same paths and seed.  What only the report needs is skipped: the cap
table and waterfall sections, the deal's sensitivity table (:func:`deal_section`; it took about
half of the deal section's time), the comparables, the unit economics, the diligence questions, the
vintage of the inputs and every chart or document.

Each profile's simulations run with their own seed, :func:`profile_seed`: the SHA-256 of the batch
seed and the profile's id (of its position in the batch when it has no id), so a company's figures
depend neither on the backend, nor on the number of workers, nor on the order or the other
profiles of the batch.

The per-profile work (:func:`screen_one`, a module-level function: picklable) is handed to a backend
of :mod:`goldmine.parallel` (serial, local processes, Dask) by the caller: any object with
``map(fn, tasks, on_done)`` returning the results in task order (:class:`Mapper`); without one the
profiles run here, one after the other.  A profile whose run raises a goldmine error is recorded as
a :class:`ScreenFailure` (its id, the error's key and parameters) and the batch goes on.

The rows are ranked and filtered by :mod:`goldmine.portfolio.screen`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from goldmine.errors import GoldmineError
from goldmine.model import Startup
from goldmine.model.limits import MAX_SEED
from goldmine.pipeline.settings import DueDiligenceSettings, ScreenSettings
from goldmine.portfolio.screen import ScreenFilter, ScreenRow, select
from goldmine.results import Result

#: the due-diligence sections the recommendation reads
SECTIONS = ("risk", "market", "runway", "valuation", "deal", "outcome")


class Mapper(Protocol):
    """What runs the per-profile work: a :class:`goldmine.parallel.Backend`."""

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]:
        ...


@dataclass(frozen=True)
class ScreenFailure:
    """A profile that could not be screened: its place in the batch, its id (``None`` when it could not
    be read), where it came from, and the error (language-neutral: type, key, parameters, path)."""

    position: int
    id: str | None
    source: str
    error: dict[str, Any]
    text_en: str = field(default="", compare=False)
    text_zh: str = field(default="", compare=False)

    @classmethod
    def of(cls, position: int, id: str | None, source: str, exc: GoldmineError) -> ScreenFailure:
        return cls(position, id, source, exc.to_dict(), exc.message("en"), exc.message("zh"))

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "id": self.id, "source": self.source, "error": self.error}


@dataclass(frozen=True)
class ScreenResult(Result):
    """``goldmine screen --json``: ``total`` profiles given, ``screened`` of them screened, ``kept`` by
    the filters, ``rows`` the kept ones ranked (at most ``top``), ``failures`` the profiles that could
    not be screened, with the ``settings`` and ``filters`` of the run."""

    rows: tuple[ScreenRow, ...]
    failures: tuple[ScreenFailure, ...]
    total: int
    screened: int
    kept: int
    settings: ScreenSettings
    filters: ScreenFilter
    top: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"settings": self.settings.to_dict(), "filters": self.filters.to_dict(), "top": self.top,
                "total": self.total, "screened": self.screened, "kept": self.kept,
                "rows": [r.to_dict() for r in self.rows], "failures": [f.to_dict() for f in self.failures]}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        lines = [t("screen.summary", L, screened=self.screened, total=self.total, kept=self.kept)]
        lines += [f"{i}. {r.name(L)}: {t('report.verdict.' + r.verdict, L)}" for i, r in enumerate(self.rows, 1)]
        return "\n".join(lines)


def profile_seed(seed: int, profile_id: str | None, position: int) -> int:
    """The seed of one profile's simulations: the first 8 bytes of SHA-256(``"<seed>:<id>"``) (of
    ``"<seed>#<position>"`` without an id), below 2^63."""
    text = f"{seed}:{profile_id}" if profile_id else f"{seed}#{position}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") & MAX_SEED


def profile_settings(base: DueDiligenceSettings, settings: ScreenSettings, seed: int) -> DueDiligenceSettings:
    """The due-diligence settings of one profile: the screen's paths, the profile's seed."""
    return base.model_copy(update={"runway": base.runway.with_(paths=settings.paths, seed=seed),
                                   "deal": base.deal.with_(paths=settings.paths, seed=seed)})


def screen_one(profile: Startup, settings: DueDiligenceSettings, position: int, source: str) -> ScreenRow | ScreenFailure:
    """One profile through the sections the recommendation reads (module docstring), as a row, or the
    failure when a goldmine error escapes them."""
    from goldmine.metrics import last_post_money, startup_runway
    from goldmine.pipeline.due_diligence import sections_of
    from goldmine.pipeline.recommend import recommend

    try:
        runs = sections_of(profile, settings)
        done: dict[str, Any] = {name: deal_section(profile, settings) if name == "deal" else runs[name]()
                                for name in SECTIONS}
        rec = recommend(done["risk"], done["runway"], done["valuation"], done["market"], last_post_money(profile),
                        profile.currency, simple_runway=startup_runway(profile), deal=done["deal"], outcome=done["outcome"])
    except GoldmineError as exc:
        return ScreenFailure.of(position, profile.id, source, exc)
    return _row(profile, position, rec.verdict, len(rec.reasons), done, settings.seed)


def deal_section(profile: Startup, settings: DueDiligenceSettings) -> Any:
    """The deal section as :func:`goldmine.pipeline.due_diligence.sections_of` runs it, without the
    sensitivity table (the verdict reads the returns and the highest entry price, not the table) and
    with one thread for the simulation (a batch is parallel across profiles): the same paths, hence
    the same returns and verdict as ``goldmine analyze``."""
    from goldmine.i18n.messages import Message
    from goldmine.pipeline.outcome import Outcome, run_section

    proposal = profile.proposal
    if proposal is None:
        return Outcome.skipped("deal", "goldmine.deal", Message("report.deal.no_proposal"))
    s = settings.deal

    def run() -> Any:
        from goldmine.deal import analyze_deal
        from goldmine.pipeline.deal import DealReport, rounding_of

        analysis = analyze_deal(profile, proposal, n_paths=s.paths, seed=s.seed, rounding=rounding_of(s), method=s.method,
                                target_metric=s.target_metric, target_value=s.target_value, decision=s.decision,
                                workers=1, sensitivity=False)
        return DealReport(analysis=analysis, settings=s)

    return run_section("deal", "goldmine.deal", run,
                       {"paths": s.paths, "seed": s.seed, "target_metric": s.target_metric, "target_value": s.target_value})


def _row(p: Startup, position: int, verdict: str, reasons: int, done: dict[str, Any], seed: int) -> ScreenRow:
    risk, runway, valuation, deal, outcome = (done[k] for k in ("risk", "runway", "valuation", "deal", "outcome"))
    mc = runway.value.monte_carlo if runway.ok else None
    returns = deal.value.analysis.returns if deal.ok else None
    return ScreenRow(
        position=position, id=p.id or "", name_en=p.display_name("en"), name_zh=p.display_name("zh"),
        stage=p.stage.value, vertical=p.vertical.value, country=p.identity.country, currency=p.currency,
        verdict=verdict, reasons=reasons,
        risk_score=round(float(risk.value.overall.score), 2) if risk.ok else None,
        p_cash_out=None if mc is None else float(mc.p_cash_out),
        valuation=float(valuation.value.synthesis.value) if valuation.ok and valuation.value.synthesis.value is not None else None,
        mean_moic=None if returns is None else float(returns.moic.mean),
        p_loss=None if returns is None else float(returns.p_loss),
        outcome_probability=float(outcome.value.probability) if outcome.ok and outcome.value.probability is not None else None,
        seed=seed)


def run_screen(profiles: Sequence[Startup | ScreenFailure], settings: ScreenSettings | None = None, *,
               backend: Mapper | None = None, progress: Callable[[int, int], None] | None = None,
               where: ScreenFilter | None = None, top: int | None = None, sources: Sequence[str] | None = None,
               base: DueDiligenceSettings | None = None) -> ScreenResult:
    """Screen ``profiles`` (module docstring) and rank them.

    An entry of ``profiles`` that is already a :class:`ScreenFailure` (a file that could not be read)
    is reported with the others.  ``backend``: a :class:`goldmine.parallel.Backend` (default: here,
    serially); ``progress(done, total)`` after each profile; ``where`` and ``top``: the filters and
    the number of rows kept (:func:`goldmine.portfolio.screen.select`); ``sources``: where each entry
    came from (file names; default the ids); ``base``: the due-diligence settings the screen's paths
    and seeds are applied to (default: ``DueDiligenceSettings.default()``).
    """
    settings = settings or ScreenSettings.default()
    base = base or DueDiligenceSettings.default()
    names = list(sources) if sources is not None else [
        (p.id if isinstance(p, Startup) else p.source) or f"#{i}" for i, p in enumerate(profiles)]
    tasks = [(p, profile_settings(base, settings, profile_seed(settings.seed, p.id, i)), i, names[i])
             for i, p in enumerate(profiles) if isinstance(p, Startup)]
    failed = [p for p in profiles if isinstance(p, ScreenFailure)]
    total = len(tasks)
    count = [0]

    def done(_i: int) -> None:
        count[0] += 1
        if progress is not None:
            progress(count[0], total)

    if backend is None:
        results = []
        for i, task in enumerate(tasks):
            results.append(screen_one(*task))
            done(i)
    else:
        results = backend.map(screen_one, tasks, done)
    rows = [r for r in results if isinstance(r, ScreenRow)]
    failures = sorted([*failed, *(r for r in results if isinstance(r, ScreenFailure))], key=lambda f: f.position)
    where = where or ScreenFilter()
    kept = select(rows, where)
    return ScreenResult(rows=kept if top is None else kept[:top], failures=tuple(failures), total=len(profiles),
                        screened=len(rows), kept=len(kept), settings=settings, filters=where, top=top)
