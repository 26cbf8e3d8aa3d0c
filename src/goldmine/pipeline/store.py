"""Record a due-diligence run as an immutable analysis run (``goldmine.store``; kind ``due_diligence``)."""

from __future__ import annotations

from typing import Any


def store_run(store: Any, workspace: str, profile: Any, dd: Any, note: str | None = None) -> dict[str, int]:
    """Save the profile (a new version only if it changed) and the run; returns both ids.

    Inputs are the profile and the run's settings; parameters the settings; results the
    ``to_dict()`` of the :class:`~goldmine.pipeline.DueDiligence`.  One transaction: on failure
    nothing is written.
    """
    from goldmine.pipeline.due_diligence import run_inputs
    from goldmine.pipeline.settings import Settings

    ws = store.ensure_workspace(workspace)
    settings = dd.settings
    inputs = run_inputs(profile, Settings(**{**settings, "exit_multiples": tuple(settings["exit_multiples"]),
                                             "market_models": tuple(settings["market_models"])}))
    with store.transaction() as s:
        version = store.save_startup(ws, profile, note=note, session=s)
        run_id = store.record_run(ws, "due_diligence", inputs,
                                  dd.settings, dd.to_dict(), startup_version_id=version.id, session=s)
    return {"workspace_id": ws, "startup_version_id": version.id, "run_id": run_id}
