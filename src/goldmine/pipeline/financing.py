"""Use cases of goldmine.financing: ``goldmine captable``, ``waterfall``, ``routes`` and the cap-table and
waterfall sections of ``goldmine analyze`` (issue #12).

Each function takes already-loaded objects (a :class:`~goldmine.financing.Plan`, a
:class:`~goldmine.model.Startup`) and settings, returns a typed, language-neutral result, and
neither prints nor reads files; the CLI and the due-diligence run call the same functions, so the
same inputs give the same numbers everywhere.

==========================  =========================================================================
function                    result
==========================  =========================================================================
:func:`run_captable`        :class:`~goldmine.financing.PlanResult` — ``goldmine captable PLAN --json``
:func:`run_waterfall`       :class:`PlanWaterfalls` — ``goldmine waterfall PLAN --exit X ... --json``
:func:`run_routes`          :class:`~goldmine.financing.RouteComparison` — ``goldmine routes PROFILE --json``
:func:`captable_section`    :class:`CapTableSection` — the plan of :func:`~goldmine.financing.plan_from_profile`,
                            its ownership path, the assumptions made and the reconciliation with the profile
:func:`waterfall_section`   :class:`WaterfallSection` — waterfalls at ``exit_multiples`` x the last
                            post-money (:func:`goldmine.metrics.last_post_money`)
==========================  =========================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from goldmine.errors import AnalysisError, InputError, Problem
from goldmine.financing import (
    METHODS,
    Plan,
    PlanResult,
    Reconciliation,
    RouteComparison,
    Waterfall,
    compare_routes,
    plan_from_profile,
    reconcile,
    run_plan,
    waterfalls,
)
from goldmine.financing.waterfall import ExitValue
from goldmine.i18n.messages import Message
from goldmine.metrics import last_post_money
from goldmine.model import Startup
from goldmine.pipeline.settings import WaterfallSettings
from goldmine.results import Result

__all__ = ["CapTableSection", "PlanWaterfalls", "WaterfallSection", "captable_section", "exit_date", "run_captable",
           "run_routes", "run_waterfall", "waterfall_section"]


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class PlanWaterfalls(Result):
    """The exit waterfalls of a plan at given exit values (``goldmine waterfall --json``).

    ``to_dict()``: ``company``, ``currency``, ``waterfalls[]`` (each :meth:`Waterfall.to_dict`).
    """

    company: str
    currency: str
    waterfalls: tuple[Waterfall, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"company": self.company, "currency": self.currency, "waterfalls": [w.to_dict() for w in self.waterfalls]}

    def summary(self, lang: str | None = None) -> str:
        return "\n".join(w.summary(lang) for w in self.waterfalls)


@dataclass(frozen=True)
class CapTableSection(Result):
    """The cap-table section of a due-diligence run.

    ``result`` — the ownership path (:class:`~goldmine.financing.PlanResult`: ``steps``,
    ``ownership_path()``, ``settings.method``, ``final``); ``notes`` — the assumptions
    :func:`~goldmine.financing.plan_from_profile` made (messages ``financing.note.*``);
    ``reconciliation`` — the profile's preferred series against the computed ones.
    ``to_dict()``: the keys of :meth:`PlanResult.to_dict` plus ``assumptions`` (``[{key, params}]``)
    and ``reconciliation`` (``[{series, profile_shares, plan_shares, difference}]``).
    """

    result: PlanResult
    notes: tuple[Message, ...]
    reconciliation: tuple[Reconciliation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "assumptions": [n.to_dict() for n in self.notes],
                "reconciliation": [r.to_dict() for r in self.reconciliation]}

    def summary(self, lang: str | None = None) -> str:
        return "\n".join([self.result.summary(lang), *(n.render(lang or "en") for n in self.notes)])


@dataclass(frozen=True)
class WaterfallSection(Result):
    """The exit-waterfall section of a due-diligence run: one :class:`~goldmine.financing.Waterfall`
    per exit multiple of the last post-money (``multiples[i]`` x post-money = ``waterfalls[i].exit_value``).

    ``to_dict()``: ``company``, ``currency``, ``multiples``, ``waterfalls[]``.
    """

    company: str
    currency: str
    multiples: tuple[float, ...]
    waterfalls: tuple[Waterfall, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"company": self.company, "currency": self.currency, "multiples": list(self.multiples),
                "waterfalls": [w.to_dict() for w in self.waterfalls]}

    def summary(self, lang: str | None = None) -> str:
        return "\n".join(w.summary(lang) for w in self.waterfalls)


# --------------------------------------------------------------------------- use cases
def exit_date(plan: Plan) -> dt.date:
    """The date a waterfall is taken at: the last event's (notes accrue interest to it), else founding."""
    return plan.rounds[-1].date if plan.rounds else plan.company.founded


def run_captable(plan: Plan, method: str | None = None, *, source: str | None = None) -> PlanResult:
    """The ownership path of ``plan`` (``goldmine captable``); ``method`` overrides the plan's conversion
    convention (``percentage_ownership``, ``pre_money`` or ``dollars_invested``); ``source`` names the
    plan's file in error messages."""
    if method is not None:
        if method not in METHODS:
            raise InputError(None, [Problem("method", "expected.one_of", method, params={"choices": ", ".join(METHODS)})])
        plan = plan.model_copy(update={"settings": plan.settings.model_copy(update={"method": method})})
    return run_plan(plan, source=source)


def parse_exit(raw: str, source: str | None = "--exit", path: str = "") -> Fraction:
    """An exit value as an exact amount (``100M``, ``5亿``, ``250000000``): not a percentage, >= 0, at
    most ``defaults.max_amount``; else an :class:`~goldmine.errors.InputError` naming ``source`` and
    ``path`` with the text found."""
    from goldmine.financing.numbers import NotANumber, to_fraction
    from goldmine.financing.plan import max_amount

    try:
        if "%" in raw:   # to_fraction reads "20%" as 0.2: a percentage is no exit value
            raise NotANumber(raw)
        x = to_fraction(raw)
    except NotANumber:
        raise InputError(source, [Problem(path, "expected.amount", raw)]) from None
    if x < 0:
        raise InputError(source, [Problem(path, "expected.nonnegative", raw)])
    if x > max_amount():
        raise InputError(source, [Problem(path, "expected.le", raw, params={"le": f"{float(max_amount()):g}"})])
    return x


def run_waterfall(plan: Plan, exits: Sequence[ExitValue], *, source: str | None = None) -> PlanWaterfalls:
    """Who gets what at each exit value (``goldmine waterfall``); no exits given: the plan's ``exits``."""
    values: list[ExitValue] = list(exits) or list(plan.exits)
    if not values:
        raise InputError(source, [Problem("exits", "financing.expected.exits", None, has_found=False)])
    result = run_plan(plan, source=source)
    ws = waterfalls(result.final, values, on=exit_date(plan))
    return PlanWaterfalls(plan.company.name, plan.company.currency.upper(), tuple(ws))


def run_routes(profile: Startup) -> RouteComparison:
    """The seed's financing routes compared for the profile's stage (``goldmine routes``)."""
    return compare_routes(profile)


def captable_section(profile: Startup) -> CapTableSection:
    """The ownership path of the profile's rounds, exact, with the assumptions made and the reconciliation."""
    plan, notes = plan_from_profile(profile)
    result = run_plan(plan, source=profile.id)
    return CapTableSection(result=result, notes=notes, reconciliation=reconcile(result, profile))


def waterfall_section(profile: Startup, settings: WaterfallSettings | None = None) -> WaterfallSection:
    """Waterfalls at exits of ``settings.exit_multiples`` x the last post-money valuation
    (:class:`AnalysisError` ``financing.error.no_priced_round`` when no round states a valuation)."""
    s = settings or WaterfallSettings.default()
    plan, _notes = plan_from_profile(profile)
    post = last_post_money(profile)
    if post is None:
        raise AnalysisError("financing.error.no_priced_round", path="rounds")
    exits = [post * m for m in s.exit_multiples]
    result = run_plan(plan, source=profile.id)
    ws = waterfalls(result.final, exits, on=exit_date(plan))
    return WaterfallSection(plan.company.name, plan.company.currency.upper(), tuple(s.exit_multiples), tuple(ws))
