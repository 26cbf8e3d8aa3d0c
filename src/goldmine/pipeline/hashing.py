"""The inputs hash of a run: SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8).

The same rule as ``goldmine.store.db.canonical_hash`` (which stores it with each analysis run), kept
here so the pipeline does not depend on the storage adapter (docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from goldmine.jsonutil import to_jsonable


def canonical_hash(obj: Any) -> str:
    text = json.dumps(to_jsonable(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
