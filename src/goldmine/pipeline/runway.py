"""The use case of ``goldmine runway`` and of the runway section of ``goldmine analyze`` (issue #12).

:func:`run_runway` is the one way a runway is computed for a profile: the CLI command, the
due-diligence run (and later the web API) call it with a :class:`RunwaySettings` whose defaults
live in ``data/settings.yaml`` (``runway``: 20,000 paths, seed 20251126, 60 months), so the same
profile, paths and seed give the same ``p_cash_out`` everywhere.  It prints nothing and reads no
file: the caller loads the profile (and an override of ``data/finance.yaml``, if any).
"""

from __future__ import annotations

from collections.abc import Callable

from goldmine.finance import Assumptions, FinanceConfig, RunwayReport, analyze_runway
from goldmine.model import Startup
from goldmine.pipeline.settings import RunwaySettings

__all__ = ["RunwayReport", "run_runway"]


def run_runway(profile: Startup, settings: RunwaySettings | None = None, assumptions: Assumptions | None = None,
               progress: Callable[[int], None] | None = None, *, config: FinanceConfig | None = None) -> RunwayReport:
    """The deterministic projection and the Monte Carlo of ``profile`` (:func:`goldmine.finance.analyze_runway`).

    ``settings``: paths (0: projection only), seed and horizon (default :meth:`RunwaySettings.default`);
    the horizon applies unless ``assumptions.horizon_months`` states one.  ``progress`` is called
    with the number of paths each finished chunk simulated.  ``config``: the finance defaults
    (default: the shipped ``data/finance.yaml``).
    """
    s = settings or RunwaySettings.default()
    return analyze_runway(profile, assumptions, n_paths=s.paths, seed=s.seed, progress=progress, config=config,
                          horizon=s.horizon)
