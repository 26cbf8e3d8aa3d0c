"""goldmine.deal — at what price and on what terms (issue #14): a proposed round -> the pro-forma cap
table -> the company's simulated futures -> the exact waterfall -> the investor's MOIC and IRR.

Modules (each cites its sources in its docstring):

* :mod:`~goldmine.deal.config` — the priors of ``data/deal.yaml`` (each with source and date) as a
  frozen model; graduation and gaps of the first rounds are ``data/finance.yaml``'s;
* :mod:`~goldmine.deal.proforma` — the proposal as exact terms, the pro-forma cap table of the
  proposed round (:mod:`goldmine.financing`), the capitalisations after later rounds with and
  without the investor's pro-rata;
* :mod:`~goldmine.deal.curve` — the exit waterfall as an exact piecewise-linear function of the exit
  value, its breakpoints computed once per capitalisation;
* :mod:`~goldmine.deal.simulate` — the seeded, vectorised forward simulation (the one growth model,
  graduation, time between rounds, stall, exit by sale or IPO from revenue x a sourced multiple);
* :mod:`~goldmine.deal.returns` — cash flows, MOIC and IRR (pyxirr), statistics with Monte Carlo
  standard errors;
* :mod:`~goldmine.deal.analysis` — :func:`analyze_deal` and the decision figures (exit for 1x, 3x,
  10x; the fund returner; the highest entry price meeting a target; the sensitivity table);
* :mod:`~goldmine.deal.calibration` — the generic seed deal of the calibration.

The package reads no file and prints nothing: :func:`goldmine.pipeline.deal.run_deal` calls it, and
results hold numbers, ids and message keys (language-neutral).
"""

from goldmine.deal.analysis import DealAnalysis, MaxEntry, Returns, Sensitivity, analyze_deal
from goldmine.deal.calibration import generic_seed
from goldmine.deal.config import DealConfig
from goldmine.deal.curve import CurveEvaluator, PayoutCurve, payout_curve
from goldmine.deal.proforma import (
    Capitalisation,
    DealTerms,
    ProForma,
    capitalisations,
    deal_terms,
    pro_forma,
)
from goldmine.deal.simulate import CompanyModel, Ladder, Paths, simulate

__all__ = [
    "DealAnalysis", "MaxEntry", "Returns", "Sensitivity", "analyze_deal", "generic_seed", "DealConfig",
    "CurveEvaluator", "PayoutCurve", "payout_curve", "Capitalisation", "DealTerms", "ProForma", "capitalisations",
    "deal_terms", "pro_forma", "CompanyModel", "Ladder", "Paths", "simulate",
]
