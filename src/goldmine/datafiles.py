"""The data files shipped in ``goldmine/data/`` (defaults with their sources, lexicons, tables, demo
data), and the data files that PyPI dependencies ship inside their own packages.

Analytics packages never open a file themselves (tests/test_architecture.py); they read shipped data
through these functions:

* :func:`data_path` — a file's location inside the installed package (``name`` may hold ``/``:
  ``bubble_cv/lag0_T100.json``);
* :func:`read_data_text` — its UTF-8 text; :func:`read_data_yaml` — its YAML content;
  :func:`read_data_json` — its JSON content (callers cache what they read often);
* :func:`data_names` — the names of the files in a folder of ``goldmine/data/``;
* :func:`read_package_text` — a UTF-8 text file shipped inside another installed package (the VADER
  lexicon of ``vaderSentiment``), found with :mod:`importlib.resources`.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml


def data_path(name: str) -> Traversable:
    """``goldmine/data/<name>`` in the installed package (``/`` separates folders)."""
    return resources.files("goldmine").joinpath("data", *name.split("/"))


def read_data_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


def read_data_yaml(name: str) -> Any:
    return yaml.safe_load(read_data_text(name))


def read_data_json(name: str) -> Any:
    """The parsed JSON content of ``goldmine/data/<name>``."""
    return json.loads(read_data_text(name))


def data_names(folder: str) -> tuple[str, ...]:
    """The names of the files in ``goldmine/data/<folder>``, sorted."""
    return tuple(sorted(entry.name for entry in data_path(folder).iterdir() if entry.is_file()))


def read_package_text(package: str, name: str) -> str:
    """The UTF-8 text of ``name`` inside the installed package ``package`` (``/`` separates folders)."""
    return resources.files(package).joinpath(*name.split("/")).read_text(encoding="utf-8")
