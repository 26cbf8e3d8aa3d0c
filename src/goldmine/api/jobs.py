"""Background analyses of the HTTP API: a small thread pool in the server process.

Three kinds of job: ``due_diligence`` on a startup's profile version; ``deal`` on a version and a
proposal (the profile's ``proposal`` with the fields a user changed, validated before the job is
queued: :func:`deal_report`); and ``sector`` on a whole workspace (the AI-sector view of ``goldmine sector``: the AI market index from the shipped prices and
the workspace's stored prices of the index's members, :func:`sector_view`).

A job row goes ``queued`` → ``running`` (``progress`` from 0 to 1, advanced by
:func:`~goldmine.pipeline.due_diligence.run_due_diligence`'s progress callback after each section) →
``done`` with its run stored by :func:`~goldmine.pipeline.store.store_run` (immutable), or ``failed``
with the error's key and parameters (goldmine's own errors) or ``api.error.internal`` (anything else,
logged with its traceback).  Jobs left ``queued`` or ``running`` by a server that stopped are marked
``failed`` (``api.error.interrupted``) when the next one starts.

The run's settings are those of ``goldmine analyze`` with ``--paths`` and ``--seed``
(:func:`dd_settings`), so the API's numbers are the command's for the same inputs.  A sector run
stores its settings, its as-of date and the version of each stored price series it read, so its
report is computed again from the same inputs after the server restarts, even when newer prices
have been imported since.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select, update

from goldmine.api.accounts import audit, now
from goldmine.api.problems import LOG
from goldmine.errors import GoldmineError
from goldmine.model import Startup
from goldmine.store import Store
from goldmine.store.tables import JobRecord, StartupVersion, Workspace

if TYPE_CHECKING:
    from goldmine.pipeline.deal import DealReport
    from goldmine.pipeline.due_diligence import DueDiligence
    from goldmine.pipeline.sector import SectorView
    from goldmine.pipeline.settings import DueDiligenceSettings


RenderedReport = str | bytes


def dd_settings(paths: int | None, seed: int | None) -> DueDiligenceSettings:
    """The settings of ``goldmine analyze --paths P --seed S`` (the shipped defaults otherwise)."""
    from goldmine.pipeline.settings import DueDiligenceSettings

    base = DueDiligenceSettings.default()
    return base.model_copy(update={"runway": base.runway.with_(paths=paths, seed=seed),
                                   "deal": base.deal.with_(paths=paths, seed=seed)})


def fail_interrupted(store: Store) -> None:
    """Jobs a stopped server left queued or running are failed: nothing will finish them."""
    def mark(s: Any) -> None:
        s.execute(update(JobRecord).where(JobRecord.status.in_(("queued", "running")))
                  .values(status="failed", error={"key": "api.error.interrupted", "params": {}}, updated_at=now()))

    store.write(mark)


def deal_report(profile: Startup, parameters: dict[str, Any]) -> DealReport:
    """The deal analysis of ``parameters["proposal"]`` (a whole proposal, as stored with the job and
    the run) for ``profile``, with the settings of ``goldmine deal --paths P --seed S`` or a stored
    run's ``settings``."""
    from goldmine.model.proposal import Proposal
    from goldmine.pipeline.deal import run_deal
    from goldmine.pipeline.settings import DealSettings

    if parameters.get("settings"):
        settings = DealSettings.model_validate(parameters["settings"])
    else:
        settings = DealSettings.default().with_(paths=parameters.get("paths"), seed=parameters.get("seed"))
    return run_deal(profile, Proposal.model_validate(parameters["proposal"]), settings)


def sector_view(store: Store, workspace_id: int, parameters: dict[str, Any],
                progress: Callable[[str], None] | None = None) -> tuple[SectorView, dict[str, Any]]:
    """The AI-sector view of a workspace and the parameters that reproduce it.

    ``parameters``: ``seed`` (or the ``settings`` of a stored run), ``as_of`` (ISO date; default the
    report date) and ``series`` (the stored price series and versions to read; default the latest
    version of every stored price series of an index member).  The view is that of ``goldmine
    sector`` on the same database and workspace: the shipped 2025 prices of the index's members plus
    the stored ones, Epoch AI's and CSET's drivers, the shipped sector figures."""
    from goldmine.io.demo_data import ai_index_pieces, cset_investment, epoch_models
    from goldmine.pipeline.sector import load_sector_data, run_sector
    from goldmine.pipeline.settings import SectorSettings
    from goldmine.store.sector_inputs import stored_index_pieces

    if parameters.get("settings"):
        settings = SectorSettings.model_validate(parameters["settings"])
    else:
        settings = SectorSettings.default().with_(seed=parameters.get("seed"))
    stored, used = stored_index_pieces(store, workspace_id, parameters.get("series"))
    as_of = dt.date.fromisoformat(parameters["as_of"]) if parameters.get("as_of") else None
    view = run_sector(None, "", "", None, load_sector_data(), settings, progress=progress,
                      pieces=[*ai_index_pieces(), *stored], models=epoch_models(), investment=cset_investment(),
                      as_of=as_of)
    return view, {"settings": settings.to_dict(), "as_of": view.as_of, "series": used}


class JobRunner:
    """Runs due-diligence jobs on ``workers`` threads; keeps the last results for the report endpoint."""

    def __init__(self, store: Store, workers: int, cache: int):
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="goldmine-job")
        self._cache: OrderedDict[int, Any] = OrderedDict()  # run id -> DueDiligence or SectorView
        self._cache_size = cache
        self._rendered: OrderedDict[tuple[int, str, str], RenderedReport] = OrderedDict()
        self._lock = threading.Lock()

    def fail_interrupted(self) -> None:
        """:func:`fail_interrupted` on this runner's store."""
        fail_interrupted(self.store)

    def submit(self, job_id: int) -> None:
        self.pool.submit(self._run, job_id)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def remember(self, run_id: int, result: DueDiligence | SectorView | DealReport) -> None:
        with self._lock:
            self._cache[run_id] = result
            self._cache.move_to_end(run_id)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def recall(self, run_id: int) -> Any:
        with self._lock:
            return self._cache.get(run_id)

    def rendered(self, key: tuple[int, str, str], make: Callable[[], RenderedReport]) -> RenderedReport:
        """The report ``key`` (run id, format, language) made once and kept: a run is immutable, so
        its report is the same file every time (rendering took 30 ms of the 5 ms a read costs on
        average under load, benchmarks/api_load.py).  Keeps ``cache`` runs' worth of files."""
        with self._lock:
            found = self._rendered.get(key)
            if found is not None:
                self._rendered.move_to_end(key)
                return found
        content = make()
        with self._lock:
            self._rendered[key] = content
            while len(self._rendered) > self._cache_size * 6:
                self._rendered.popitem(last=False)
        return content

    # ------------------------------------------------------------------ one job
    def _set(self, job_id: int, **values: Any) -> None:
        def write(s: Any) -> None:
            s.execute(update(JobRecord).where(JobRecord.id == job_id).values(updated_at=now(), **values))

        self.store.write(write)

    def _run(self, job_id: int) -> None:
        try:
            self._execute(job_id)
        except GoldmineError as exc:
            self._set(job_id, status="failed", error={"key": exc.key, "params": exc.to_dict().get("params", {})})
        except Exception:  # noqa: BLE001 - a job's bug is logged and reported as failed, the server goes on
            LOG.exception("job %s failed", job_id)
            self._set(job_id, status="failed", error={"key": "api.error.internal", "params": {}})

    def _execute(self, job_id: int) -> None:
        with self.store.transaction(write=False) as s:
            job = s.get(JobRecord, job_id)
            assert job is not None  # invariant: created before it was submitted
            kind, params, user_id, workspace_id = job.kind, dict(job.parameters), job.user_id, job.workspace_id
        self._set(job_id, status="running", progress=0.0)
        if kind == "sector":
            run_id = self._sector(job_id, workspace_id, params)
        elif kind == "deal":
            run_id = self._deal(job_id, workspace_id, params)
        else:
            run_id = self._due_diligence(job_id, workspace_id, params)

        def finish(s: Any) -> None:
            s.execute(update(JobRecord).where(JobRecord.id == job_id)
                      .values(status="done", progress=1.0, run_id=run_id, updated_at=now()))
            audit(s, user_id, workspace_id, "run.done", f"run:{run_id}")

        self.store.write(finish)

    def _progress(self, job_id: int, steps: int) -> Callable[[str], None]:
        done = [0]

        def progress(_step: str) -> None:
            done[0] += 1
            self._set(job_id, progress=round(min(done[0] / steps, 0.99), 4))

        return progress

    def _due_diligence(self, job_id: int, workspace_id: int, params: dict[str, Any]) -> int:
        from goldmine.pipeline.due_diligence import SECTION_NAMES, run_due_diligence
        from goldmine.pipeline.store import store_run

        with self.store.transaction(write=False) as s:
            version = s.scalar(select(StartupVersion).where(StartupVersion.id == params["startup_version_id"]))
            workspace = s.scalar(select(Workspace.name).where(Workspace.id == workspace_id))
            assert version is not None and workspace is not None  # invariant: rows are never deleted under a job
            profile = Startup.model_validate(version.profile)
        progress = self._progress(job_id, len(SECTION_NAMES) + 1)
        dd = run_due_diligence(profile, dd_settings(params.get("paths"), params.get("seed")), progress=progress)
        ids = store_run(self.store, workspace, profile, dd)
        self.remember(ids["run_id"], dd)
        return ids["run_id"]

    def _deal(self, job_id: int, workspace_id: int, params: dict[str, Any]) -> int:
        from goldmine.store.db import profile_hash

        with self.store.transaction(write=False) as s:
            version = s.get(StartupVersion, params["startup_version_id"])
            assert version is not None  # invariant: versions are never deleted
            profile = Startup.model_validate(version.profile)
        self._set(job_id, progress=0.1)
        report = deal_report(profile, params)
        parameters = {"settings": report.settings.to_dict(), "proposal": params["proposal"]}
        inputs = {"profile": profile_hash(profile), **parameters}
        run_id = self.store.record_run(workspace_id, "deal", inputs, parameters, report.to_dict(),
                                       startup_version_id=params["startup_version_id"])
        self.remember(run_id, report)
        return run_id

    def deal(self, run_id: int, parameters: dict[str, Any], profile: dict[str, Any]) -> DealReport:
        """The analysis of a stored deal run: kept from its job, else computed again from its profile
        version, proposal and settings (same seed, same numbers)."""
        kept = self.recall(run_id)
        if kept is not None:
            return cast("DealReport", kept)
        report = deal_report(Startup.model_validate(profile), parameters)
        self.remember(run_id, report)
        return report

    def _sector(self, job_id: int, workspace_id: int, params: dict[str, Any]) -> int:
        view, used = sector_view(self.store, workspace_id, params, progress=self._progress(job_id, 3))
        run_id = self.store.record_run(workspace_id, "sector", used, used, view.to_dict())
        self.remember(run_id, view)
        return run_id

    def sector(self, run_id: int, workspace_id: int, parameters: dict[str, Any]) -> SectorView:
        """The view of a stored sector run: kept from its job, else computed again from its parameters
        (settings, as-of date, the stored series versions it read)."""
        kept = self.recall(run_id)
        if kept is not None:
            return cast("SectorView", kept)
        view, _ = sector_view(self.store, workspace_id, parameters)
        self.remember(run_id, view)
        return view

    def due_diligence(self, run_id: int, parameters: dict[str, Any], profile: dict[str, Any],
                      generated_on: str | None) -> DueDiligence:
        """The result of a stored due-diligence run: kept from its job, else computed again from its
        stored profile version and settings (same seed, same numbers) with the report date it had."""
        from goldmine.pipeline.due_diligence import run_due_diligence
        from goldmine.pipeline.settings import DueDiligenceSettings

        kept = self.recall(run_id)
        if kept is not None:
            return cast("DueDiligence", kept)
        settings = DueDiligenceSettings.model_validate(parameters)
        day = dt.date.fromisoformat(generated_on) if generated_on else None
        dd = run_due_diligence(Startup.model_validate(profile), settings, generated_on=day)
        self.remember(run_id, dd)
        return dd
