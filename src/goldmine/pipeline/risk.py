"""The use case of ``goldmine risk``: the risk assessment of one startup (issue #3, #12; docs/risk.md).

* :func:`run_risk` — assess a loaded :class:`~goldmine.model.Startup` with a risk configuration
  (default: the shipped ``data/risk.yaml``); the command, ``goldmine analyze`` and ``goldmine demo``
  call this one function, so a company gets the same risk everywhere;
* :func:`load_risk_config` — the shipped configuration, or the shipped one overridden by a user's
  YAML/JSON file (read once, validated into a frozen :class:`~goldmine.risk.RiskConfig`; an unknown
  key or a bad value is an :class:`~goldmine.errors.InputError` naming the file and the field path).

Neither prints nor depends on the CLI.
"""

from __future__ import annotations

from pathlib import Path

from goldmine.config import load_config
from goldmine.model import Startup
from goldmine.risk import RiskAssessment, RiskConfig, assess

__all__ = ["load_risk_config", "run_risk"]


def load_risk_config(path: Path | None) -> RiskConfig:
    """The risk configuration: the shipped one, overridden by the file ``path`` when given."""
    if path is None:
        return RiskConfig.default()
    return load_config(RiskConfig, "risk.yaml", override=path)


def run_risk(profile: Startup, config: RiskConfig | None = None) -> RiskAssessment:
    """The risk assessment of ``profile`` with ``config`` (default: the shipped configuration)."""
    return assess(profile, config if config is not None else RiskConfig.default())
