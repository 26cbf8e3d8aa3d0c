"""goldmine: bubble or gold mine? Analytics for investing in AI and large-model startups.

Two questions: is this AI startup worth backing, at what price and on what
terms (due diligence), and is the AI investment boom a bubble or a gold mine right now
(sector monitor).  The vocabulary lives in :mod:`goldmine.model`; analytics packages are pure;
adapters (``io``, ``store``, ``cli``, ``report``, ``api``, ``parallel``) do the I/O.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
