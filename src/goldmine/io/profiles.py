"""Load and validate startup profiles from YAML or JSON files (issue #2).

* :func:`read_mapping` — parse a ``.yaml``/``.yml``/``.json`` file into a dict, refusing
  duplicate keys (YAML silently keeps the last one; a profile must not).
* :func:`parse_profile` — validate a dict into a :class:`goldmine.model.Startup`.
* :func:`load_profile` — both.
* :func:`validation_problems` — pydantic errors as :class:`goldmine.errors.Problem` lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from goldmine.config.files import read_mapping
from goldmine.config.validation import validation_problems
from goldmine.errors import InputError
from goldmine.model import Startup

__all__ = ["load_profile", "parse_profile", "read_mapping", "validation_problems"]


def parse_profile(data: dict[str, Any], source: str | None = None) -> Startup:
    """Validate a mapping into a :class:`Startup`; :class:`InputError` lists every problem."""
    try:
        return Startup.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc, Startup)) from None


def load_profile(path: str | Path) -> Startup:
    """Read and validate a profile file (YAML or JSON)."""
    return parse_profile(read_mapping(path), source=str(path))
