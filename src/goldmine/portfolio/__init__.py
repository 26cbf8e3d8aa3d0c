"""Portfolio analytics (issue #19): many companies at once, pure like the other analytics.

* :mod:`goldmine.portfolio.generate` — a seeded generator of plausible variations of example
  profiles (company size, runway, growth, team, stage), for screening at scale and for tests;
* :mod:`goldmine.portfolio.screen` — the screening rule: the ranking of screened companies (verdict,
  risk, expected returns of a proposed round, outcome probability) and its filters;
* fund simulation (goldmine.portfolio.fund).

The due-diligence run over each profile is the use case :func:`goldmine.pipeline.screen.run_screen`;
this package holds no I/O, no printing and no global state, and its randomness comes from a seed.
"""
