"""The use case of ``goldmine deal`` (issue #14): at what price and on what terms.

:func:`run_deal` takes a loaded :class:`~goldmine.model.Startup`, a
:class:`~goldmine.model.proposal.Proposal` (default: the profile's ``proposal`` section) and a
:class:`~goldmine.pipeline.settings.DealSettings` (defaults in ``data/settings.yaml`` ``deal``:
20,000 paths, seed 20251126, exact rounding, a 3x mean-multiple target), and returns a
:class:`DealReport`: the pro-forma cap table with the investor's entry ownership and price, the
simulated futures of the company, the investor's MOIC and IRR distributions with and without
pro-rata, and the decision figures (:mod:`goldmine.deal`).  It prints nothing and reads no file;
the CLI, the due-diligence run and (later) the web API call it alike.

:func:`merge_proposal` builds a proposal from the profile's section and command-line values (the
values given win), validating it with field paths that name the option or the profile field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from goldmine.config import validation_problems
from goldmine.deal import DealAnalysis, DealConfig, analyze_deal
from goldmine.errors import InputError, Problem
from goldmine.financing import Rounding
from goldmine.model import Startup
from goldmine.model.proposal import Proposal
from goldmine.pipeline.settings import DealSettings
from goldmine.results import Result

__all__ = ["DealReport", "merge_proposal", "rounding_of", "run_deal"]


@dataclass(frozen=True)
class DealReport(Result):
    """``goldmine deal --json``: the settings of the run and the :class:`~goldmine.deal.DealAnalysis`.

    What a report reads: ``analysis.entry_ownership``, ``analysis.entry_price``,
    ``analysis.returns`` (``p_loss``, ``p_3x``, ``p_10x``, ``moic.median``, ``moic.mean`` with
    ``moic.mean_se``, ``irr.median``, ``pooled_irr``), ``analysis.max_entry`` (``pre_money``,
    ``status``), ``analysis.verdict`` and ``analysis.reasons`` (messages ``deal.reason.*``).
    """

    analysis: DealAnalysis
    settings: DealSettings

    @property
    def verdict(self) -> str:
        return self.analysis.verdict

    def to_dict(self) -> dict[str, Any]:
        return {"settings": self.settings.to_dict(), **self.analysis.to_dict()}

    def summary(self, lang: str | None = None) -> str:
        return self.analysis.summary(lang)


def rounding_of(settings: DealSettings) -> Rounding:
    """The pro-forma round's rounding: exact prices (the profile states valuations) or the spreadsheet
    iteration with prices to 4 decimals."""
    if settings.rounding == "spreadsheet":
        return Rounding(price_decimals=4, solve="spreadsheet")
    return Rounding(price_decimals=None)


def run_deal(profile: Startup, proposal: Proposal | None = None, settings: DealSettings | None = None, *,
             config: DealConfig | None = None, source: str | None = None, paths: Mapping[str, str] | None = None,
             progress: Callable[[int], None] | None = None) -> DealReport:
    """The deal analysis of ``proposal`` (default: ``profile.proposal``) for ``profile``.

    ``source`` (a file name) and ``paths`` (proposal field -> the name shown in an error, e.g.
    ``{"pre_money": "--pre"}``) make bad input report where it came from; without a proposal the
    error is ``proposal: expected a proposed round``.
    """
    s = settings or DealSettings.default()
    p = proposal if proposal is not None else profile.proposal
    if p is None:
        raise InputError(source, [Problem("proposal", "deal.expected.proposal", None)])
    analysis = analyze_deal(profile, p, n_paths=s.paths, seed=s.seed, rounding=rounding_of(s), method=s.method,
                            target_metric=s.target_metric, target_value=s.target_value, decision=s.decision,
                            config=config, source=source, paths=paths, progress=progress)
    return DealReport(analysis=analysis, settings=s)


def merge_proposal(base: Proposal | None, given: Mapping[str, Any], options: Mapping[str, str], *,
                   source: str | None = None) -> Proposal:
    """A proposal from ``base`` (the profile's, or none) with the ``given`` fields replaced.

    ``options`` names the command-line option of each field (``{"pre_money": "--pre"}``): a problem
    with a field that an option set is reported under the option (source: none), one with a field of
    the profile under ``proposal.<field>`` (source: the profile's file).
    """
    data: dict[str, Any] = base.model_dump(exclude_unset=True) if base is not None else {}
    pref = dict(data.get("preference") or {})
    for key, value in given.items():
        if value is None:
            continue
        if key.startswith("preference."):
            pref[key.split(".", 1)[1]] = value
        else:
            data[key] = value
    if given.get("preference.type") not in (None, "capped") and given.get("preference.cap") is None:
        pref.pop("cap", None)            # a participation type given without a cap replaces a capped one
    if pref:
        data["preference"] = pref
    # a valuation given on the command line replaces the profile's (pre- or post-money, whichever it stated)
    for mine, other in (("pre_money", "post_money"), ("post_money", "pre_money")):
        if given.get(mine) is not None and given.get(other) is None:
            data.pop(other, None)
    try:
        return Proposal.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, Proposal)
        from_options = [p for p in problems if p.path in options]
        if from_options:
            raise InputError(None, [Problem(options[p.path], p.expected, p.found, params=p.params,
                                            has_found=p.has_found, raw_found=p.raw_found) for p in from_options]) from None
        raise InputError(source, [Problem(f"proposal.{p.path}" if p.path else "proposal", p.expected, p.found,
                                          params=p.params, has_found=p.has_found, raw_found=p.raw_found)
                                  for p in problems]) from None
