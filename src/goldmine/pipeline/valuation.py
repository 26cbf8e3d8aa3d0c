"""Use case of goldmine.valuation: ``goldmine value`` and the valuation section of ``goldmine analyze`` (issue #12).

* :func:`run_valuation` — every valuation method, their reconciliation and the synthesis on a profile
  (:class:`~goldmine.valuation.Valuation`), with the exchange rates of the settings
  (:class:`~goldmine.pipeline.settings.ValuationSettings`: ``fx`` pairs, units per USD, as
  ``goldmine value --fx``) added to the shipped FX table and the AI landscape's named comparables
  (:func:`named_comparables`, ``goldmine.landscape.comparables``) in the market method;
* :func:`fx_table` — that FX table (the CLI checks a comparables file against it);
* :func:`check_currency` — the profile's currency must be in it: an :class:`~goldmine.errors.InputError`
  naming ``identity.currency`` and the fix (``--fx CCY=RATE``) otherwise.

The function reads no file and prints nothing; the CLI and the due-diligence run call it alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from goldmine.errors import InputError, Problem
from goldmine.model import Startup
from goldmine.pipeline.settings import ValuationSettings
from goldmine.valuation import Comparable, ComparableSetLike, FxTable, Valuation, default_fx, value

__all__ = ["check_currency", "fx_table", "named_comparables", "run_valuation"]


def fx_table(settings: ValuationSettings | None = None) -> FxTable:
    """The shipped FX table with the settings' extra rates (each sourced to the user)."""
    s = settings or ValuationSettings.default()
    table = default_fx()
    return table.with_rates(dict(s.fx)) if s.fx else table


def check_currency(profile: Startup, table: FxTable, source: str | None = None) -> None:
    """:class:`InputError` at ``identity.currency`` when the profile's currency has no rate in ``table``."""
    if profile.currency not in table.rates:
        raise InputError(source, [Problem("identity.currency", "valuation.error.fx_missing", profile.currency,
                                          params={"ccy": profile.currency, "known": ", ".join(sorted(table.rates))})])


def named_comparables(profile: Startup, table: FxTable) -> ComparableSetLike | None:
    """The AI landscape's named comparables of ``profile`` on its valuation date
    (``goldmine.landscape.comparables``); ``None`` when the landscape package is not installed."""
    try:
        from goldmine.landscape import comparables
    except ImportError:   # the landscape ships with goldmine; a trimmed install values without it
        return None
    return comparables(profile, fx=table)


def run_valuation(profile: Startup, settings: ValuationSettings | None = None, *,
                  comparables: Sequence[Comparable] | None = None, base: float | None = None,
                  named: ComparableSetLike | None = None, landscape: bool = True) -> Valuation:
    """Value ``profile`` by every method, reconcile them and combine them with the stage weights.

    ``comparables`` are the user's, beside the market method's set; ``named`` the landscape's named
    comparables (by default :func:`named_comparables`; ``landscape=False`` leaves them out, the
    shipped sector multiples then stand alone); ``base`` (a positive amount in the profile's
    currency) replaces the regional anchor of the scorecard and the risk-factor summation.
    """
    table = fx_table(settings)
    check_currency(profile, table, source=profile.id)
    if named is None and landscape:
        named = named_comparables(profile, table)
    return value(profile, comparables=tuple(comparables or ()), base_premoney=base, fx=table, named=named)
