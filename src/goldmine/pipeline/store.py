"""Record a due-diligence run as an immutable analysis run (``goldmine.store``; kind ``due_diligence``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.pipeline.due_diligence import DueDiligence


T = TypeVar("T")


class RunStore(Protocol):
    """What :func:`store_run` needs of a store (:class:`goldmine.store.Store` provides it)."""

    def ensure_workspace(self, name: str) -> int: ...

    def write(self, fn: Callable[[Any], T]) -> T: ...

    def save_startup(self, workspace_id: int, profile: Startup, note: str | None = None, session: Any = None) -> Any: ...

    def record_run(self, workspace_id: int, kind: str, inputs: Any, parameters: Any, results: Any,
                   startup_version_id: int | None = None, session: Any = None) -> int: ...


def store_run(store: RunStore, workspace: str, profile: Startup, dd: DueDiligence, note: str | None = None) -> dict[str, int]:
    """Save the profile (a new version only if it changed) and the run; returns both ids.

    Inputs are the profile and the run's settings; parameters the settings; results the
    ``to_dict()`` of the :class:`~goldmine.pipeline.due_diligence.DueDiligence` (the storage
    boundary).  One transaction, run again when a peer holds a lock: on failure nothing is written.
    """
    from goldmine.pipeline.due_diligence import run_inputs

    ws = store.ensure_workspace(workspace)
    inputs = run_inputs(profile, dd.settings)
    results = dd.to_dict()

    def save(s: Any) -> dict[str, int]:
        version = store.save_startup(ws, profile, note=note, session=s)
        run_id = store.record_run(ws, "due_diligence", inputs, dd.settings.to_dict(), results,
                                  startup_version_id=version.id, session=s)
        return {"workspace_id": ws, "startup_version_id": version.id, "run_id": run_id}

    return store.write(save)  # retried when a peer holds the lock: a finished analysis is not lost
