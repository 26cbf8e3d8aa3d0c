"""Portfolio analytics (planned; DESIGN.md §1 "fund manager" and §3).

Will hold: screening a pipeline of startups on the due-diligence results, a fund simulation
drawing deal outcomes from published priors (Correlation Ventures 2004-2013 outcome buckets;
Horsley Bridge via a16z; REFERENCES.md "Monte Carlo priors") and portfolio-level returns (TVPI,
DPI, IRR via pyxirr).  Nothing here yet is part of the public surface; no command uses it.
"""
