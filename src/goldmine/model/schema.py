"""JSON Schema of the startup profile (draft 2020-12), as exported by ``goldmine schema``."""

from __future__ import annotations

from typing import Any

from goldmine import __version__
from goldmine.model.startup import Startup


def profile_schema() -> dict[str, Any]:
    """The validation-mode JSON Schema of :class:`Startup` with an ``$id`` and version."""
    schema = Startup.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://goldmine.dev/schema/profile-v1.json#goldmine-{__version__}",
        "title": "goldmine startup profile",
        **schema,
    }
