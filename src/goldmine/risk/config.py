"""Configuration of the risk engine: scales, weights, thresholds (``goldmine/data/risk*.yaml``).

* :class:`Scale` — a monotone piecewise-linear map from an indicator value to a 0-100 risk score.
* :class:`RiskConfig` — everything the engine reads, loaded from the package's ``risk.yaml``,
  ``risk_mitigations.yaml`` and ``risk_compliance.yaml``; :meth:`RiskConfig.load` accepts a user
  file whose keys override the defaults (deep merge) and checks the result: weights sum to 1 per
  stage and per dimension, scales are monotone, scores lie in [0, 100].

Every value in the data files carries its rationale and source (DESIGN.md §4 "Configuration").
"""

from __future__ import annotations

import copy
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from goldmine.datafiles import read_data_text
from goldmine.errors import InputError, Problem

DIMENSIONS = ("technical", "market", "capital", "legal", "social")
STAGES = ("idea", "pre_seed", "seed", "angel", "series_a", "series_b", "series_c_plus", "growth")
RATINGS = ("low", "moderate", "elevated", "high", "critical")
_TOL = 1e-9


@dataclass(frozen=True)
class Scale:
    """Piecewise-linear risk scale through ``points`` ``(x, score)``; flat beyond the ends.

    The points are sorted by ``x`` and their scores are monotone (either direction), so the
    score is a monotone function of the value: a better input never raises it.
    """

    points: tuple[tuple[float, float], ...]

    def __call__(self, x: float) -> float:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        if math.isnan(x):
            raise ValueError("a risk scale cannot score NaN")
        if x <= xs[0]:
            return float(ys[0])
        if x >= xs[-1]:
            return float(ys[-1])
        i = bisect_right(xs, x) - 1
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[i], ys[i + 1]
        return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))

    @property
    def higher_is_better(self) -> bool:
        return self.points[-1][1] <= self.points[0][1]


@dataclass(frozen=True)
class RiskConfig:
    """The risk engine's parameters. Build with :meth:`load`; see ``data/risk.yaml`` for meanings."""

    raw: dict[str, Any] = field(repr=False)
    mitigation_raw: dict[str, Any] = field(repr=False)
    compliance_raw: dict[str, Any] = field(repr=False)
    source: str = "goldmine/data/risk.yaml"

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path | None = None) -> RiskConfig:
        """The packaged defaults, overridden by the keys of the YAML file ``path`` if given."""
        raw = copy.deepcopy(_packaged("risk.yaml"))
        source = "goldmine/data/risk.yaml"
        if path is not None:
            from goldmine.io.profiles import read_mapping

            user = read_mapping(path)
            unknown = [k for k in user if k not in raw]   # a typo must not pass as "my override applied"
            if unknown:
                raise InputError(str(path), [Problem(k, f"a key of goldmine/data/risk.yaml ({', '.join(raw)})", user[k])
                                             for k in unknown])
            raw = _merge(raw, user)
            source = str(path)
        cfg = cls(raw=raw, mitigation_raw=_packaged("risk_mitigations.yaml"),
                  compliance_raw=_packaged("risk_compliance.yaml"), source=source)
        problems = cfg.problems()
        if problems:
            raise InputError(source, problems)
        return cfg

    @classmethod
    def default(cls) -> RiskConfig:
        return _default()

    # ------------------------------------------------------------------ accessors
    @property
    def horizon(self) -> float:
        return float(self.raw["horizon_months"]["value"])

    @property
    def compounding(self) -> str:
        return str(self.raw["demand_compounding"]["value"])

    @property
    def missing_score(self) -> float:
        return float(self.raw["missing_score"]["value"])

    @property
    def max_blend(self) -> float:
        return float(self.raw["max_blend"]["value"])

    def dimension_weights(self, stage: str) -> dict[str, float]:
        return {d: float(w) for d, w in self.raw["dimension_weights"]["stages"][stage].items()}

    def indicator_weights(self, dimension: str) -> dict[str, float]:
        return {k: float(w) for k, w in self.raw["indicator_weights"]["dimensions"][dimension].items()}

    def weight(self, dimension: str, name: str) -> float:
        return self.indicator_weights(dimension).get(name, 0.0)

    def scale(self, name: str) -> Scale:
        return _scale(tuple(tuple(map(float, p)) for p in self.raw["scales"][name]["points"]))  # type: ignore[arg-type]

    def score(self, name: str, x: float) -> float:
        return self.scale(name)(x)

    def category(self, name: str, key: str) -> float:
        return float(self.raw["categories"][name]["scores"][key])

    def rationale(self, name: str) -> str:
        for section in ("scales", "categories"):
            if name in self.raw.get(section, {}):
                return str(self.raw[section][name].get("rationale", "")).strip()
        return ""

    def rating(self, score: float) -> str:
        for entry in self.raw["ratings"]:
            if entry["below"] is None or score < float(entry["below"]):
                return str(entry["rating"])
        return RATINGS[-1]

    def likelihood(self, score: float) -> int:
        return 1 + sum(score >= s for s in self.raw["matrix"]["likelihood_steps"])

    def base_impact(self, dimension: str) -> int:
        return int(self.raw["matrix"]["impact"][dimension])

    # ------------------------------------------------------------------ checks
    def problems(self) -> list[Problem]:
        """Everything wrong with this configuration (empty when it is usable)."""
        out: list[Problem] = []
        stages = self.raw.get("dimension_weights", {}).get("stages", {})
        for stage in STAGES:
            w = stages.get(stage)
            if not isinstance(w, dict) or set(w) != set(DIMENSIONS):
                out.append(Problem(f"dimension_weights.stages.{stage}", f"weights for {', '.join(DIMENSIONS)}", w))
                continue
            _check_weights(out, f"dimension_weights.stages.{stage}", w)
        dims = self.raw.get("indicator_weights", {}).get("dimensions", {})
        for dim in DIMENSIONS:
            w = dims.get(dim)
            if not isinstance(w, dict) or not w:
                out.append(Problem(f"indicator_weights.dimensions.{dim}", "a mapping of indicator weights", w))
                continue
            _check_weights(out, f"indicator_weights.dimensions.{dim}", w)
        for name, spec in self.raw.get("scales", {}).items():
            pts = spec.get("points") if isinstance(spec, dict) else None
            if not _valid_points(pts):
                out.append(Problem(f"scales.{name}.points", "at least two [x, score] points, x increasing, scores in [0, 100] and monotone", pts))
        for name, spec in self.raw.get("categories", {}).items():
            scores = spec.get("scores", {}) if isinstance(spec, dict) else {}
            bad = {k: v for k, v in scores.items() if not _in_range(v)}
            if bad or not scores:
                out.append(Problem(f"categories.{name}.scores", "scores between 0 and 100", bad or scores))
        def value(key: str) -> Any:
            sec = self.raw.get(key)
            if isinstance(sec, dict):
                return sec.get("value")
            out.append(Problem(key, "a mapping with a `value` (and its rationale)", sec))
            return _NOT_A_SECTION

        missing = value("missing_score")
        if missing is not _NOT_A_SECTION and not _in_range(missing):
            out.append(Problem("missing_score.value", "a score between 0 and 100", missing))
        blend = value("max_blend")
        if blend is not _NOT_A_SECTION and not (_number(blend) and 0 <= blend <= 1):
            out.append(Problem("max_blend.value", "a number between 0 and 1", blend))
        horizon = value("horizon_months")
        if horizon is not _NOT_A_SECTION and not (_number(horizon) and 0 < horizon <= 600):
            out.append(Problem("horizon_months.value", "a number of months between 0 and 600", horizon))
        compounding = value("demand_compounding")
        if compounding is not _NOT_A_SECTION and compounding not in ("discrete", "continuous"):
            out.append(Problem("demand_compounding.value", "discrete or continuous", compounding))
        ratings = self.raw.get("ratings")
        bounds = [r.get("below") for r in ratings if isinstance(r, dict)] if isinstance(ratings, list) else []
        if (not isinstance(ratings, list) or len(bounds) != len(RATINGS) or bounds[-1] is not None
                or [r.get("rating") for r in ratings] != list(RATINGS)
                or not all(_in_range(b) for b in bounds[:-1]) or bounds[:-1] != sorted(set(bounds[:-1]))):
            out.append(Problem("ratings", f"{len(RATINGS)} entries {{rating, below}} in the order {', '.join(RATINGS)}, "
                                          "bounds increasing, the last below: null", ratings))
        matrix = self.raw.get("matrix")
        steps = matrix.get("likelihood_steps") if isinstance(matrix, dict) else None
        if not (isinstance(steps, list) and len(steps) == 4 and all(_in_range(x) for x in steps) and steps == sorted(steps)):
            out.append(Problem("matrix.likelihood_steps", "four increasing scores between 0 and 100", steps))
        impact = matrix.get("impact") if isinstance(matrix, dict) else None
        if not (isinstance(impact, dict) and all(isinstance(impact.get(d), int) and 1 <= impact[d] <= 5
                                                 for d in DIMENSIONS)):
            out.append(Problem("matrix.impact", f"an impact 1-5 for each of {', '.join(DIMENSIONS)}", impact))
        return out


def _check_weights(out: list[Problem], path: str, weights: dict[str, Any]) -> None:
    values = list(weights.values())
    if not all(isinstance(v, int | float) and v >= 0 for v in values):
        out.append(Problem(path, "weights >= 0", weights))
    elif abs(sum(values) - 1.0) > 1e-6:
        out.append(Problem(path, "weights summing to 1", f"a sum of {sum(values):.4f}"))


_NOT_A_SECTION = object()   # marks a section that is not a mapping (reported once, by its key)


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _in_range(v: Any) -> bool:
    return _number(v) and 0 <= v <= 100


def _valid_points(pts: Any) -> bool:
    if not isinstance(pts, list) or len(pts) < 2:
        return False
    try:
        xs = [float(p[0]) for p in pts]
        ys = [float(p[1]) for p in pts]
    except (TypeError, ValueError, IndexError):
        return False
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)) or not all(0 <= y <= 100 for y in ys):
        return False
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    return all(s >= -_TOL for s in steps) or all(s <= _TOL for s in steps)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value)
        else:
            base[key] = value
    return base


@lru_cache(maxsize=8)
def _packaged(name: str) -> dict[str, Any]:
    text = read_data_text(name)
    return yaml.safe_load(text)


@lru_cache(maxsize=256)
def _scale(points: tuple[tuple[float, float], ...]) -> Scale:
    return Scale(points)


@lru_cache(maxsize=1)
def _default() -> RiskConfig:
    return RiskConfig.load()
