"""How the due-diligence run calls each analysis: the same calls its own CLI command makes.

Each adapter takes the profile and the run's :class:`~goldmine.pipeline.settings.Settings` and
returns the analysis's result (an object with ``to_dict()``, or a dict composed of such outputs).
Imports happen inside the functions: an analysis missing from this version makes its section
``missing``.  The equivalent commands, whose ``--json`` output the report's numbers equal
(``tests/test_report_numbers.py``):

============  ======================================================================================
section       command
============  ======================================================================================
risk          ``goldmine risk PROFILE --json``
market        ``goldmine forecast HISTORY.csv --model M --horizon H --holdout K --json`` per model, on
              the profile's ``market.history``
runway        ``goldmine runway PROFILE --paths N --seed S --horizon H --json``
captable      ``goldmine captable PLAN.yaml --json`` with the plan of ``plan_from_profile``
waterfall     ``goldmine waterfall PLAN.yaml --exit X ... --json``, exits = multiples x last post-money
valuation     ``goldmine value PROFILE --json``
============  ======================================================================================
"""

from __future__ import annotations

from typing import Any

from goldmine.pipeline.settings import Settings

GROWTH_MODELS = ("bass", "logistic", "exp")
MIN_HISTORY = 6


def parameters(name: str, profile: Any, settings: Settings) -> dict[str, Any]:
    """The settings a section runs with (shown in the appendix; recorded in the run)."""
    if name == "runway":
        return {"paths": settings.paths, "seed": settings.seed, "horizon": settings.horizon}
    if name == "market":
        return {"models": list(settings.market_models), "horizon": settings.market_horizon, "holdout": settings.holdout}
    if name == "waterfall":
        return {"exit_multiples": list(settings.exit_multiples)}
    return {}


def risk(profile: Any, settings: Settings) -> Any:
    from goldmine.risk import assess

    return assess(profile)


def history_series(profile: Any) -> Any:
    """The profile's ``market.history`` as a dated series (what ``goldmine forecast`` reads from CSV)."""
    import pandas as pd

    from goldmine.io.series import check_series

    h = profile.market.history
    s = pd.Series([x.value for x in h], index=pd.DatetimeIndex([pd.Timestamp(x.date) for x in h]), name="demand")
    return check_series(s, source=f"{profile.id}: market.history")


def market(profile: Any, settings: Settings) -> dict[str, Any]:
    """Growth models fitted to the demand history, their forecasts and holdout comparison, the
    stated market sizes and the history's CAGR (``goldmine.market``)."""
    from goldmine.market import cagr, compare_holdout, from_profile, get_model

    m = profile.market
    out: dict[str, Any] = {"demand_unit": m.demand_unit, "size": from_profile(profile).to_dict(), "models": {},
                           "holdout": None, "history": None, "cagr": None, "cagr_source": None,
                           "horizon": settings.market_horizon}
    if len(m.history) >= MIN_HISTORY:
        s = history_series(profile)
        out["history"] = {"dates": [d.date().isoformat() for d in s.index], "values": [float(v) for v in s]}
        years = (s.index[-1] - s.index[0]).days / 365.25
        out["cagr"] = cagr(float(s.iloc[0]), float(s.iloc[-1]), years)
        out["cagr_source"] = "history"
        for name in settings.market_models:
            fitted = get_model(name).fit(s)
            out["models"][name] = {"fit": fitted.to_dict(), "forecast": fitted.forecast(settings.market_horizon).to_dict()}
        if settings.holdout and len(s) - settings.holdout >= MIN_HISTORY:
            out["holdout"] = compare_holdout(s, settings.holdout).to_dict()
    elif m.growth_rate is not None:
        k = m.growth_rate
        out["cagr"] = (1 + k) ** 12 - 1 if m.growth_period == "month" else k
        out["cagr_source"] = "growth_rate"
    return out


def runway(profile: Any, settings: Settings) -> Any:
    from goldmine.finance import Assumptions, analyze_runway

    return analyze_runway(profile, Assumptions(horizon_months=settings.horizon), n_paths=settings.paths, seed=settings.seed)


def plan(profile: Any) -> tuple[Any, list[str]]:
    from goldmine.financing import plan_from_profile

    return plan_from_profile(profile)


def captable(profile: Any, settings: Settings) -> dict[str, Any]:
    """The ownership path of the profile's rounds (``goldmine.financing``), exact."""
    from goldmine.financing import reconcile, run_plan

    p, notes = plan(profile)
    result = run_plan(p)
    return {**result.to_dict(), "assumptions": notes, "reconciliation": reconcile(result, profile)}


def exit_values(profile: Any, settings: Settings) -> list[float]:
    from goldmine.pipeline.due_diligence import last_post_money

    post = last_post_money(profile)
    if post is None:
        from goldmine.errors import AnalysisError

        raise AnalysisError("no priced round: exits are set as multiples of the last post-money valuation",
                            "没有定价轮：退出情景按最近一轮投后估值的倍数设定")
    return [post * m for m in settings.exit_multiples]


def waterfall(profile: Any, settings: Settings) -> dict[str, Any]:
    """Waterfalls at exits of ``exit_multiples`` x the last post-money (``goldmine.financing``)."""
    from goldmine.financing import run_plan, waterfalls

    p, _notes = plan(profile)
    exits = exit_values(profile, settings)
    result = run_plan(p)
    on = p.rounds[-1].date if p.rounds else p.company.founded
    ws = waterfalls(result.final, exits, on=on)
    return {"company": p.company.name, "currency": p.company.currency.upper(), "multiples": list(settings.exit_multiples),
            "waterfalls": [w.to_dict() for w in ws]}


def valuation(profile: Any, settings: Settings) -> Any:
    from goldmine.valuation import default_fx, value

    return value(profile, fx=default_fx().with_rates(dict(settings.fx)) if settings.fx else None)
