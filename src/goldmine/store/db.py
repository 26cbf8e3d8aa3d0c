"""The :class:`Store` repository over SQLAlchemy 2 sessions, with Alembic migrations."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from goldmine import __version__
from goldmine.errors import NotFoundError, StorageError
from goldmine.jsonutil import to_jsonable
from goldmine.model import Startup
from goldmine.store.tables import AnalysisRun, StartupRecord, StartupVersion, Workspace

MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    """``GOLDMINE_DATABASE_URL``, else an SQLite file ``$GOLDMINE_HOME/goldmine.db`` (``~/.goldmine``)."""
    url = os.environ.get("GOLDMINE_DATABASE_URL")
    if url:
        return url
    home = Path(os.environ.get("GOLDMINE_HOME", Path.home() / ".goldmine")).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'goldmine.db'}"


def canonical_hash(obj: Any) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces) of ``obj``."""
    text = json.dumps(to_jsonable(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def profile_hash(profile: Startup) -> str:
    return canonical_hash(profile.model_dump(mode="json"))


@dataclass(frozen=True)
class VersionInfo:
    slug: str
    version: int
    name: str
    stage: str
    content_hash: str
    created_at: Any
    note: str | None
    id: int

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self.__dict__))


@dataclass(frozen=True)
class RunInfo:
    id: int
    kind: str
    inputs_hash: str
    parameters: dict[str, Any]
    goldmine_version: str
    results: dict[str, Any]
    created_at: Any
    startup_version_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self.__dict__))


class Store:
    """Workspaces, versioned startups and analysis runs in one database.

    >>> store = Store("sqlite://")          # in memory
    >>> store.upgrade()                      # create or migrate the schema
    >>> ws = store.ensure_workspace("team")  # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, echo: bool = False):
        self.url = url or default_url()
        try:
            self.engine: Engine = create_engine(self.url, echo=echo, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StorageError("store.error.open", url=self._safe_url(), cause=str(exc)) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _safe_url(self) -> str:
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - a malformed URL is shown as given
            return self.url

    # ------------------------------------------------------------------ schema
    def upgrade(self, revision: str = "head") -> None:
        """Create or migrate the schema with Alembic."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            raise StorageError("store.error.migration", url=self._safe_url(), cause=str(exc)) from exc

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError("store.error.database", cause=str(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # ------------------------------------------------------------------ workspaces
    def ensure_workspace(self, name: str) -> int:
        """The id of workspace ``name``, created if needed."""
        with self.transaction() as s:
            ws = s.scalar(select(Workspace).where(Workspace.name == name))
            if ws is None:
                ws = Workspace(name=name)
                s.add(ws)
                s.flush()
            return ws.id

    def workspace_id(self, name: str) -> int:
        with self.transaction() as s:
            ws = s.scalar(select(Workspace).where(Workspace.name == name))
            if ws is None:
                raise NotFoundError("store.error.no_workspace", name=name)
            return ws.id

    # ------------------------------------------------------------------ startups
    def save_startup(self, workspace_id: int, profile: Startup, note: str | None = None,
                     session: Session | None = None) -> VersionInfo:
        """Store a profile; a new version only when its content changed.  Returns that version."""
        if session is None:
            with self.transaction() as s:
                return self.save_startup(workspace_id, profile, note, session=s)
        slug = profile.id or _slugify(profile.display_name("en"))
        record = session.scalar(select(StartupRecord).where(
            StartupRecord.workspace_id == workspace_id, StartupRecord.slug == slug))
        if record is None:
            record = StartupRecord(workspace_id=workspace_id, slug=slug)
            session.add(record)
            session.flush()
        digest = profile_hash(profile)
        latest = session.scalar(select(StartupVersion).where(StartupVersion.startup_id == record.id)
                                .order_by(StartupVersion.version.desc()).limit(1))
        if latest is not None and latest.content_hash == digest:
            return _version_info(slug, latest)
        version = StartupVersion(startup_id=record.id, version=(latest.version + 1) if latest else 1,
                                 name=profile.display_name("en"), stage=profile.stage.value,
                                 content_hash=digest, profile=profile.model_dump(mode="json"), note=note)
        session.add(version)
        session.flush()
        return _version_info(slug, version)

    def list_startups(self, workspace_id: int) -> list[VersionInfo]:
        """The latest version of every startup in a workspace, by slug."""
        with self.transaction() as s:
            latest = (select(StartupVersion.startup_id, func.max(StartupVersion.version).label("v"))
                      .group_by(StartupVersion.startup_id).subquery())
            rows = s.execute(
                select(StartupRecord.slug, StartupVersion)
                .join(StartupVersion, StartupVersion.startup_id == StartupRecord.id)
                .join(latest, (latest.c.startup_id == StartupVersion.startup_id) & (latest.c.v == StartupVersion.version))
                .where(StartupRecord.workspace_id == workspace_id)
                .order_by(StartupRecord.slug)).all()
            return [_version_info(slug, v) for slug, v in rows]

    def history(self, workspace_id: int, slug: str) -> list[VersionInfo]:
        """Every version of one startup, oldest first."""
        with self.transaction() as s:
            record = self._record(s, workspace_id, slug)
            return [_version_info(slug, v) for v in record.versions]

    def get_startup(self, workspace_id: int, slug: str, version: int | None = None) -> Startup:
        """The profile of a startup (latest version unless ``version`` is given)."""
        with self.transaction() as s:
            record = self._record(s, workspace_id, slug)
            versions = record.versions
            chosen = versions[-1] if version is None else next((v for v in versions if v.version == version), None)
            if chosen is None:
                raise NotFoundError("store.error.no_version", slug=slug, version=version)
            return Startup.model_validate(chosen.profile)

    def _record(self, s: Session, workspace_id: int, slug: str) -> StartupRecord:
        record = s.scalar(select(StartupRecord).where(StartupRecord.workspace_id == workspace_id,
                                                      StartupRecord.slug == slug))
        if record is None:
            raise NotFoundError("store.error.no_startup", slug=slug)
        return record

    # ------------------------------------------------------------------ runs
    def record_run(self, workspace_id: int, kind: str, inputs: Any, parameters: dict[str, Any],
                   results: dict[str, Any], startup_version_id: int | None = None,
                   session: Session | None = None) -> int:
        """Store one immutable analysis run; returns its id."""
        if session is None:
            with self.transaction() as s:
                return self.record_run(workspace_id, kind, inputs, parameters, results, startup_version_id, session=s)
        run = AnalysisRun(workspace_id=workspace_id, startup_version_id=startup_version_id, kind=kind,
                          inputs_hash=canonical_hash(inputs), parameters=to_jsonable(parameters),
                          goldmine_version=__version__, results=to_jsonable(results))
        session.add(run)
        session.flush()
        return run.id

    def list_runs(self, workspace_id: int, kind: str | None = None) -> list[RunInfo]:
        with self.transaction() as s:
            q = select(AnalysisRun).where(AnalysisRun.workspace_id == workspace_id)
            if kind:
                q = q.where(AnalysisRun.kind == kind)
            return [_run_info(r) for r in s.scalars(q.order_by(AnalysisRun.id))]

    def get_run(self, workspace_id: int, run_id: int) -> RunInfo:
        with self.transaction() as s:
            run = s.get(AnalysisRun, run_id)
            if run is None or run.workspace_id != workspace_id:
                raise NotFoundError("store.error.no_run", run=run_id)
            return _run_info(run)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _slugify(name: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:63] or "startup"


def _version_info(slug: str, v: StartupVersion) -> VersionInfo:
    return VersionInfo(slug=slug, version=v.version, name=v.name, stage=v.stage, content_hash=v.content_hash,
                       created_at=v.created_at, note=v.note, id=v.id)


def _run_info(r: AnalysisRun) -> RunInfo:
    return RunInfo(id=r.id, kind=r.kind, inputs_hash=r.inputs_hash, parameters=r.parameters,
                   goldmine_version=r.goldmine_version, results=r.results, created_at=r.created_at,
                   startup_version_id=r.startup_version_id)
