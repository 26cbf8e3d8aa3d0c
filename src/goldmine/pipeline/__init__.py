"""Use cases: one function per command, each with a settings object (issue #12, DESIGN.md §3.1).

The CLI, the reports, the demo and (later) the web API call the same functions, so the same
inputs give the same numbers everywhere.  Modules:

* :mod:`goldmine.pipeline.settings` — the settings of every command, defaults in ``data/settings.yaml``;
* :mod:`goldmine.pipeline.outcome` — :class:`Outcome`, one optional section of a run (typed result);
* one module per command or area (risk, runway, market, financing, valuation, bubble, sentiment)
  and the composed runs: :mod:`goldmine.pipeline.due_diligence` (``goldmine analyze``),
  :mod:`goldmine.pipeline.sector` (``goldmine sector``), :mod:`goldmine.pipeline.update`
  (``goldmine update``).
"""
