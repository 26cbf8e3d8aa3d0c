"""The use case of the outcome model: a profile -> the calibrated success probability with its
model card (issue #13, point 5; docs/outcomes.md).

* :func:`assess_outcome` — the :class:`~goldmine.outcomes.OutcomeAssessment` of a loaded
  :class:`~goldmine.model.Startup` with the shipped model (``goldmine/data/outcomes_model.yaml``,
  read through :mod:`goldmine.config`) or a model given by the caller.  ``goldmine outcome``, the
  verdict and the report call this one function, so a company gets the same answer everywhere.
* :func:`outcome_model_card` — the :class:`~goldmine.outcomes.ModelCard` of the shipped model alone
  (for a report appendix).

What the result means (details in :mod:`goldmine.outcomes.assessment`): ``status`` is
``estimated`` only for a company in the model's population (US, founded 2000-2013, at least one
funding round); otherwise ``probability`` is ``None`` and ``reasons`` say why.  ``usable_for_verdict``
is true only when the model's out-of-sample AUC reaches the target of issue #13; today it does not
(see ``card.cross_validation`` and ``card.time_split``), so the verdict must not weigh the number.

Neither function prints, reads a file of its own, or depends on the CLI.
"""

from __future__ import annotations

import datetime as dt

from goldmine.model import Startup
from goldmine.outcomes import (
    ModelCard,
    OutcomeAssessment,
    OutcomeModelSpec,
    assess,
    model_card,
    shipped_model,
)

__all__ = ["assess_outcome", "outcome_model_card"]

DEFAULT_LEVEL = 0.90


def assess_outcome(profile: Startup, model: OutcomeModelSpec | None = None, *, as_of: dt.date | None = None,
                   level: float = DEFAULT_LEVEL) -> OutcomeAssessment:
    """The outcome model's assessment of ``profile`` as known on ``as_of`` (default: every recorded
    round counts), with a ``level`` interval (default 90 %)."""
    return assess(profile, model if model is not None else shipped_model(), as_of=as_of, level=level)


def outcome_model_card(model: OutcomeModelSpec | None = None) -> ModelCard:
    """The model card of ``model`` (default: the shipped one)."""
    return model_card(model if model is not None else shipped_model())
