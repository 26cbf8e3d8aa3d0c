"""Plausible variations of example profiles, seeded (issue #19: screening 1,000 generated profiles).

:func:`generate` takes validated :class:`~goldmine.model.Startup` profiles and returns ``n`` new,
validated ones.  Profile ``i`` (0-based) varies base ``i mod len(bases)`` (the bases in turn, so
the mix of verticals, stages and currencies of the bases is kept) with its own random stream,
``numpy.random.SeedSequence([seed, i])``: the first ``k`` profiles of ``generate(bases, n, seed)``
are those of ``generate(bases, k, seed)`` and do not depend on ``n``.

Each choice, and why (the bounds are :mod:`goldmine.model.limits`):

* **Size** ``s`` — one factor, log-normal with median 1 and log-sd :data:`SIZE_LOG_SD` (0.5: a
  company half or twice the size of its base is about one standard deviation away), clipped to
  [:data:`SIZE_MIN`, :data:`SIZE_MAX`] and below what keeps every amount within ``MAX_AMOUNT``.
  Cash, monthly burn and its breakdown, monthly revenue, the cohorts' ARR and the unit economics'
  CAC and ACV are all multiplied by ``s``: a larger company spends, earns and holds more in the same
  proportions, so margins and burn multiples stay those of the base.
* **Runway** ``r`` — cash alone is multiplied again by a log-normal factor with log-sd
  :data:`RUNWAY_LOG_SD` (0.3), clipped to [0.5, 2]: the same company a few months earlier or later
  in its fundraising cycle.
* **Growth** ``g`` — a change of the monthly growth rate, normal with sd :data:`GROWTH_SD` (two
  percentage points a month), clipped to ±6 points: revenue and demand histories are tilted by
  ``(1 + g)^(k - last)`` for the month ``k``, so the latest month keeps its (scaled) level and
  earlier months are lower when ``g > 0``; dates are kept.
* **Team** — the head count times ``sqrt(s)`` (head count grows more slowly than spend: salaries
  rise with size), rounded, never below the founders and full-time members listed; AI researchers
  in the same proportion, at most the head count.
* **Stage** — with probability :data:`STAGE_SHIFT_P` (0.2) one step earlier or later on the ladder
  of :class:`~goldmine.model.enums.Stage` (staying within it): the same company judged at a
  neighbouring stage.
* **Kept as they are** — dates, the cap table, past rounds and the proposed round (the price stays,
  the fundamentals move: what a screen has to tell apart), market sizes, technology, compliance.
* **Identity** — id ``<base id>-g0001`` (numbered 1 to ``n`` in the batch, the base id cut to fit the
  63 characters of an id), names suffixed `` g0001`` (cut to the 200 characters of a name).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.model import Startup
from goldmine.model.enums import Stage
from goldmine.model.limits import MAX_AMOUNT, MAX_HEADCOUNT, MAX_NAME_CHARS

SIZE_LOG_SD = 0.5
SIZE_MIN, SIZE_MAX = 0.2, 5.0
RUNWAY_LOG_SD = 0.3
RUNWAY_MIN, RUNWAY_MAX = 0.5, 2.0
GROWTH_SD = 0.02
GROWTH_MAX = 0.06
STAGE_SHIFT_P = 0.2
MAX_GENERATED = 100_000
ID_MAX = 63
STAGES = tuple(Stage)


def generate(bases: Sequence[Startup], n: int, seed: int) -> tuple[Startup, ...]:
    """``n`` validated variations of ``bases`` (module docstring), deterministic for ``seed``."""
    if not bases:
        raise AnalysisError("screen.error.no_bases")
    if not 1 <= n <= MAX_GENERATED:
        raise AnalysisError("screen.error.generate_n", n=n, max=MAX_GENERATED)
    return tuple(vary(bases[i % len(bases)], i + 1, np.random.default_rng(np.random.SeedSequence([seed, i])))
                 for i in range(n))


def vary(base: Startup, number: int, rng: np.random.Generator) -> Startup:
    """One variation of ``base``, numbered ``number`` (module docstring for each choice)."""
    data = base.model_dump(mode="json", exclude_none=True)
    size = _size(base, rng)
    runway = float(np.clip(math.exp(rng.normal(0.0, RUNWAY_LOG_SD)), RUNWAY_MIN, RUNWAY_MAX))
    growth = float(np.clip(rng.normal(0.0, GROWTH_SD), -GROWTH_MAX, GROWTH_MAX))
    shift = int(rng.choice([-1, 1])) if rng.random() < STAGE_SHIFT_P else 0
    _scale_financials(data["financials"], size, runway, growth)
    _scale_team(data["team"], size)
    _scale_other(data, size)
    _tilt(data.get("market", {}).get("history", []), "date", "value", growth)
    data["stage"] = _shifted(base.stage, shift).value
    _rename(data, base, number)
    return Startup.model_validate(data)


def _size(base: Startup, rng: np.random.Generator) -> float:
    s = float(np.clip(math.exp(rng.normal(0.0, SIZE_LOG_SD)), SIZE_MIN, SIZE_MAX))
    f = base.financials
    largest = max([f.cash, f.monthly_burn, *(p.revenue for p in f.revenue_history), 1.0])
    return min(s, MAX_AMOUNT / largest / RUNWAY_MAX)


def _money(x: float, s: float) -> float:
    return float(round(x * s))


def _scale_financials(f: dict[str, Any], size: float, runway: float, growth: float) -> None:
    f["cash"] = _money(f["cash"], size * runway)
    f["monthly_burn"] = float(math.ceil(f["monthly_burn"] * size))
    # floors: the breakdown never adds up to more than the (ceiled) burn
    f["burn_breakdown"] = {k: float(math.floor(v * size)) for k, v in f.get("burn_breakdown", {}).items()}
    for p in f.get("revenue_history", []):
        p["revenue"] = p["revenue"] * size
    _tilt(f.get("revenue_history", []), "month", "revenue", growth)
    for p in f.get("revenue_history", []):
        p["revenue"] = float(round(p["revenue"]))


def _tilt(points: list[dict[str, Any]], date_key: str, value_key: str, growth: float) -> None:
    """Multiply the value of the point ``k`` months before the last by ``(1 + growth)^-k``."""
    if not points:
        return
    last = _months(points[-1][date_key])
    for p in points:
        p[value_key] = p[value_key] * (1.0 + growth) ** (_months(p[date_key]) - last)


def _months(text: str) -> int:
    year, month = str(text)[:7].split("-")
    return int(year) * 12 + int(month)


def _scale_team(team: dict[str, Any], size: float) -> None:
    listed = len(team.get("founders", [])) + sum(m.get("full_time", True) for m in team.get("members", []))
    old = team["size"]
    new = int(min(MAX_HEADCOUNT, max(1, listed, round(old * math.sqrt(size)))))
    team["size"] = new
    if "ai_researchers" in team:
        team["ai_researchers"] = min(new, round(team["ai_researchers"] * new / old))


def _scale_other(data: dict[str, Any], size: float) -> None:
    for c in (data.get("traction") or {}).get("cohorts", []):
        c["arr"] = [_money(a, size) for a in c["arr"]]
    ue = data.get("unit_economics") or {}
    for key in ("cac", "acv"):
        if key in ue:
            ue[key] = _money(ue[key], size)


def _shifted(stage: Stage, shift: int) -> Stage:
    i = STAGES.index(stage) + shift
    return STAGES[min(max(i, 0), len(STAGES) - 1)]


def _rename(data: dict[str, Any], base: Startup, number: int) -> None:
    tag = f"g{number:04d}"
    stem = (base.id or "startup")[:ID_MAX - len(tag) - 1].rstrip("-")
    data["id"] = f"{stem}-{tag}"
    names = data["identity"]["name"]
    for lang in ("en", "zh"):
        if names.get(lang):
            names[lang] = names[lang][:MAX_NAME_CHARS - len(tag) - 1] + " " + tag
