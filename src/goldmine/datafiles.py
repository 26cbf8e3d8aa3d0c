"""The data files shipped in ``goldmine/data/`` (defaults with their sources, lexicons, demo data).

* :func:`data_path` — a file's location inside the installed package;
* :func:`read_data_text` — its UTF-8 text;
* :func:`read_data_yaml` — its YAML content (callers cache what they read often).
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml


def data_path(name: str) -> Traversable:
    """``goldmine/data/<name>`` in the installed package."""
    return resources.files("goldmine") / "data" / name


def read_data_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


def read_data_yaml(name: str) -> Any:
    return yaml.safe_load(read_data_text(name))
