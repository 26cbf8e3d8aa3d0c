"""goldmine.financing — instruments, rounds, cap tables and exit waterfalls, in exact arithmetic (issue #5).

Modules (each cites its sources in its docstring):

* :mod:`~goldmine.financing.numbers` — exact amounts (Fractions) and the explicit rounding rule;
* :mod:`~goldmine.financing.instruments` — priced rounds, post- and pre-money SAFEs, convertible
  notes, venture debt, grants, crowdfunding, option grants and pool increases;
* :mod:`~goldmine.financing.captable` — the :class:`CapTable` (fully diluted, by holder and class);
* :mod:`~goldmine.financing.rounds` — the round planner and the three conversion conventions,
  solved exactly (or with the spreadsheet iteration, ``Rounding(solve="spreadsheet")``);
* :mod:`~goldmine.financing.waterfall` — exit waterfalls with jointly solved conversion decisions;
* :mod:`~goldmine.financing.routes` — the seed's comparison of financing routes;
* :mod:`~goldmine.financing.ocf` — Open Cap Table Format import and export;
* :mod:`~goldmine.financing.plan` — the PLAN.yaml format (:func:`parse_plan`; files are read by
  :mod:`goldmine.io.plans`), :func:`plan_from_profile` and :func:`reconcile`;
* :mod:`~goldmine.financing.config` — the defaults and routes table of ``data/financing.yaml``,
  validated into a frozen model.

The package reads no file and prints nothing: the use cases of :mod:`goldmine.pipeline.financing`
call it, and results hold numbers, ids and message keys (language-neutral).
"""

from goldmine.financing.captable import POOL, CapTable, Position, SecurityClass
from goldmine.financing.config import FinancingConfig, financing_config
from goldmine.financing.instruments import (
    ConvertibleNote,
    Crowdfunding,
    Grant,
    Investment,
    OptionAward,
    OptionGrant,
    PoolIncrease,
    PoolTopUp,
    PreferredTerms,
    PricedRound,
    Safe,
    VentureDebt,
)
from goldmine.financing.numbers import EXACT, Rounding, to_fraction
from goldmine.financing.plan import (
    Plan,
    Reconciliation,
    parse_plan,
    plan_from_profile,
    reconcile,
    run_plan,
)
from goldmine.financing.rounds import (
    DEFAULT_METHOD,
    METHODS,
    PlanResult,
    Settings,
    SpreadsheetRound,
    StepResult,
    plan_rounds,
    solve_priced_round,
    solve_spreadsheet_round,
)
from goldmine.financing.routes import Route, RouteComparison, compare_routes
from goldmine.financing.waterfall import Waterfall, waterfall, waterfalls

__all__ = [
    "POOL", "CapTable", "Position", "SecurityClass", "ConvertibleNote", "Crowdfunding", "Grant", "Investment",
    "OptionAward", "OptionGrant", "PoolIncrease", "PoolTopUp", "PreferredTerms", "PricedRound", "Safe",
    "VentureDebt", "EXACT", "Rounding", "to_fraction", "Plan", "Reconciliation", "parse_plan", "plan_from_profile",
    "reconcile", "run_plan", "DEFAULT_METHOD", "METHODS", "PlanResult", "Settings", "StepResult", "plan_rounds",
    "solve_priced_round", "SpreadsheetRound", "solve_spreadsheet_round", "Route", "RouteComparison", "compare_routes", "Waterfall", "waterfall", "waterfalls",
    "FinancingConfig", "financing_config",
]
