"""The :class:`Store` repository over SQLAlchemy 2 sessions, with Alembic migrations.

Concurrency (issue #20): many processes may add startups and record runs at once.

* **Migrations** run one at a time: inside one transaction holding a lock (``BEGIN IMMEDIATE`` on
  SQLite, ``pg_advisory_xact_lock`` on PostgreSQL), so a second migrator waits, then finds the schema
  at head and does nothing; an up-to-date database is recognised without taking the lock.
* **Version numbers** are allocated under a lock on the startup's row (``SELECT ... FOR UPDATE`` on
  PostgreSQL; SQLite's single writer), the row itself created with ``INSERT ... ON CONFLICT DO NOTHING``,
  so concurrent writers get 1, 2, 3, ... without gaps or duplicates.
* **Retries**: a write that meets a lock, a deadlock or a serialisation failure is rolled back and run
  again (:meth:`Store.retrying`, up to :data:`RETRY_ATTEMPTS` times with jittered back-off), so an
  analysis that finished is not thrown away because a peer was writing.
* **SQLite** runs in WAL mode (readers never block the writer) with a busy timeout of
  :data:`SQLITE_BUSY_TIMEOUT_S` seconds; write transactions start with ``BEGIN IMMEDIATE`` (a
  deferred transaction that reads and then writes fails at once when a peer wrote in between).
* **PostgreSQL** connections give up after :data:`CONNECT_TIMEOUT_S` seconds, so an unreachable or
  silent server fails in seconds, not minutes.

Market data series (issue #17): :meth:`Store.save_series` (a new version only when the content
changed, numbered under the same row lock as startups), :meth:`Store.list_series`,
:meth:`Store.series_history`, :meth:`Store.series_info` and :meth:`Store.load_series`; a version's
observations are rows of ``series_point`` (one per date), written in the version's transaction.

Failures are :class:`~goldmine.errors.StorageUnavailable` (exit code 3: unreachable, read-only, busy)
or :class:`~goldmine.errors.StorageError` (exit code 2), with the driver's one-line cause: never an SQL
statement, its parameters or a profile.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, create_engine, event, func, insert, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from goldmine import __version__
from goldmine.errors import (
    EnvironmentFailure,
    InputError,
    NotFoundError,
    Problem,
    StorageBusy,
    StorageError,
    StorageUnavailable,
)
from goldmine.jsonutil import to_jsonable
from goldmine.model import Startup
from goldmine.model.limits import MAX_TEXT_CHARS, MAX_WORKSPACE_CHARS, bad_character
from goldmine.pipeline.hashing import canonical_hash as _canonical_hash
from goldmine.store.tables import (
    AnalysisRun,
    SeriesPoint,
    SeriesRecord,
    SeriesVersionRecord,
    StartupRecord,
    StartupVersion,
    Workspace,
)

if TYPE_CHECKING:  # imported where used: the analytics and pandas stay out of `goldmine startups`
    import pandas as pd

    from goldmine.market.series_ops import SavedSeries, SeriesInfo, SeriesMeta

MIGRATIONS = Path(__file__).with_name("migrations")
SUPPORTED_DIALECTS = ("sqlite", "postgresql")
CONNECT_TIMEOUT_S = 5
SQLITE_BUSY_TIMEOUT_S = 30
RETRY_ATTEMPTS = 8
#: The key of the PostgreSQL advisory lock held while migrating (any constant: "goldmine" in ASCII).
MIGRATION_LOCK = 0x676F6C646D696E65
# SQLSTATEs worth a retry: serialization_failure, deadlock_detected, lock_not_available, unique_violation
# (a peer inserted the same key first)
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "23505"}
_TRANSIENT_SQLITE = ("database is locked", "database table is locked", "database schema is locked", "busy",
                     "unique constraint failed")

T = TypeVar("T")
#: A series name: 1 to 64 letters, digits and ``. _ ^ = : -`` (Yahoo's ``^GSPC``, ``EURUSD=X``; FRED ids).
SERIES_NAME = re.compile(r"^[A-Za-z0-9^][A-Za-z0-9._^=:-]{0,63}$")


def default_url() -> str:
    """``GOLDMINE_DATABASE_URL``, else an SQLite file ``$GOLDMINE_HOME/goldmine.db`` (``~/.goldmine``).

    A ``GOLDMINE_HOME`` that cannot be a folder (a file, no permission) is an
    :class:`~goldmine.errors.EnvironmentFailure` naming it.
    """
    url = os.environ.get("GOLDMINE_DATABASE_URL")
    if url:
        return url
    home = Path(os.environ.get("GOLDMINE_HOME", Path.home() / ".goldmine")).expanduser()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure("env.error.home", home=str(home), cause=os_cause(exc)) from exc
    return f"sqlite:///{home / 'goldmine.db'}"


def os_cause(exc: OSError) -> str:
    """An OS error in one line: its text without the errno prefix (``Not a directory``, ``Permission denied``)."""
    if isinstance(exc, FileExistsError):
        return "a file is in the way"
    return exc.strerror or type(exc).__name__


def check_url(url: str, option: str = "--db") -> str:
    """A database URL goldmine can keep data in: SQLite with a file, or PostgreSQL.  An in-memory
    database (``sqlite://``, ``sqlite:///``, ``sqlite:///:memory:``) or another dialect is an
    :class:`~goldmine.errors.InputError` naming ``option``."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(None, [Problem(option, "expected.db_url", _mask(url), raw_found=True)]) from exc
    if parsed.get_backend_name() not in SUPPORTED_DIALECTS:
        raise InputError(None, [Problem(option, "expected.db_url", parsed.render_as_string(hide_password=True), raw_found=True)])
    if parsed.get_backend_name() == "sqlite" and _sqlite_memory(parsed.database, parsed.query):
        raise InputError(None, [Problem(option, "expected.persistent_db", url, raw_found=True)])
    return url


def check_workspace(name: str, path: str = "--workspace") -> str:
    """A workspace name: 1 to 100 characters on one line (the ``workspace.name`` column of both stores)."""
    if not 1 <= len(name) <= MAX_WORKSPACE_CHARS or bad_character(name, line_breaks=False) is not None:
        raise InputError(None, [Problem(path, "expected.workspace", name if len(name) <= 80 else len(name),
                                        params={"n": MAX_WORKSPACE_CHARS})])
    return name


def check_note(note: str | None, path: str = "--note") -> str | None:
    """A note stored with a version: at most 2,000 characters, no control characters but tab and line breaks."""
    if note is None:
        return None
    if len(note) > MAX_TEXT_CHARS:
        raise InputError(None, [Problem(path, "expected.max_chars", len(note), params={"n": MAX_TEXT_CHARS})])
    bad = bad_character(note)
    if bad is not None:
        raise InputError(None, [Problem(path, "expected.text_chars", note, params={"char": bad})])
    return note


def _sqlite_memory(database: str | None, query: Any) -> bool:
    return not database or database == ":memory:" or "mode=memory" in str(database) or query.get("mode") == "memory"


def _mask(url: str) -> str:
    """A URL that could not be parsed, with anything between ``://`` and ``@`` hidden."""
    head, sep, rest = url.partition("://")
    return f"{head}{sep}***@{rest.rpartition('@')[2]}" if sep and "@" in rest else url


canonical_hash = _canonical_hash  # one home: goldmine.pipeline.hashing (SHA-256 of the canonical JSON)


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

    def __init__(self, url: str | None = None, echo: bool = False, pool_size: int | None = None):
        """``pool_size``: connections kept open (SQLAlchemy's default, 5, otherwise); a server with
        more threads than that keeps one per thread instead of opening and closing the extra ones."""
        self.url = url or default_url()
        try:
            parsed = make_url(self.url)
            pooling = {"pool_size": pool_size} if pool_size is not None and not _sqlite_memory(parsed.database, {}) else {}
            self.engine: Engine = create_engine(self.url, echo=echo, future=True, connect_args=_connect_args(parsed),
                                                **pooling)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StorageError("store.error.open", url=self._safe_url(), cause=_cause(exc)) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect(parsed.database))
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _safe_url(self) -> str:
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except (ArgumentError, ValueError):  # a malformed URL is shown with its credentials masked
            return _mask(self.url)

    # ------------------------------------------------------------------ errors and retries
    def _error(self, exc: SQLAlchemyError) -> StorageError:
        """A database failure as goldmine's error: busy (retried), unavailable (exit 3) or refused (exit 2)."""
        cause = _cause(exc)
        if _transient(exc):
            return StorageBusy("store.error.write_failed", url=self._safe_url(), cause=cause)
        if isinstance(exc, DBAPIError) and not isinstance(exc, DataError | IntegrityError):
            return StorageUnavailable("store.error.unavailable", url=self._safe_url(), cause=cause)
        if isinstance(exc, NoSuchModuleError):
            return StorageError("store.error.open", url=self._safe_url(), cause=cause)
        return StorageError("store.error.database", cause=cause)

    def retrying(self, fn: Callable[[], T], attempts: int = RETRY_ATTEMPTS) -> T:
        """``fn()``, run again after a jittered back-off (50 ms doubling to 2 s) while it fails with
        :class:`~goldmine.errors.StorageBusy` (a lock, a deadlock, a peer's conflicting write: its
        transaction was rolled back, so running it again is safe); after ``attempts`` tries the last
        failure is raised as ``store.error.busy`` (exit code 3)."""
        delay = 0.05
        jitter = random.Random()  # noqa: S311 - back-off jitter, not an analysis
        for attempt in range(1, attempts + 1):
            try:
                return fn()
            except StorageBusy as exc:
                if attempt == attempts:
                    raise StorageBusy("store.error.busy", url=self._safe_url(), attempts=attempts,
                                      cause=exc.params.get("cause", "")) from exc
                time.sleep(delay * (0.5 + jitter.random()))
                delay = min(2 * delay, 2.0)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def read(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in one read transaction, retried as :meth:`retrying` says (a peer switching
        a new SQLite file to WAL or recovering its log can hold even readers off for a moment)."""
        def once() -> T:
            with self.transaction(write=False) as s:
                return fn(s)
        return self.retrying(once)

    def write(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in one write transaction, retried as :meth:`retrying` says."""
        def once() -> T:
            with self.transaction() as s:
                return fn(s)
        return self.retrying(once)

    # ------------------------------------------------------------------ schema
    def upgrade(self, revision: str = "head") -> None:
        """Create or migrate the schema with Alembic: one migrator at a time (a lock held for the
        migration's transaction); an up-to-date schema is recognised without the lock."""
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        target = ScriptDirectory.from_config(cfg).get_current_head() if revision == "head" else revision
        if self.retrying(self.current_revision) == target:
            return

        def migrate() -> None:
            try:
                with self.engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE, the one writer
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
            except CommandError as exc:  # a revision this goldmine does not know (a newer database)
                raise StorageError("store.error.migration", url=self._safe_url(), cause=_cause(exc)) from exc
            except SQLAlchemyError as exc:
                error = self._error(exc)
                if type(error) is StorageError:  # neither busy nor unavailable: the migration itself failed
                    raise StorageError("store.error.migration", url=self._safe_url(), cause=_cause(exc)) from exc
                raise error from exc

        self.retrying(migrate)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        try:
            with self.engine.connect().execution_options(goldmine_write=False) as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise self._error(exc) from exc

    def tables(self) -> list[str]:
        try:
            with self.engine.connect().execution_options(goldmine_write=False) as conn:
                return sorted(inspect(conn).get_table_names())
        except SQLAlchemyError as exc:
            raise self._error(exc) from exc

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.  A database
        failure becomes a :class:`~goldmine.errors.StorageError` (see :meth:`_error`); ``write=False``
        starts a read transaction (on SQLite, one that does not take the write lock)."""
        session = self._sessions()
        try:
            if not write:
                session.connection(execution_options={"goldmine_write": False})
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            _rollback(session)
            raise self._error(exc) from exc
        except BaseException:
            _rollback(session)
            raise
        finally:
            session.close()

    # ------------------------------------------------------------------ workspaces
    def ensure_workspace(self, name: str) -> int:
        """The id of workspace ``name``, created if needed (a peer creating it at the same time is fine)."""
        check_workspace(name, "workspace")
        found = self.read(lambda s: s.scalar(select(Workspace.id).where(Workspace.name == name)))
        if found is not None:
            return found

        def create(s: Session) -> int:
            s.execute(_insert_ignore(s, Workspace, {"name": name, "created_at": _now()}, ["name"]))
            created = s.scalar(select(Workspace.id).where(Workspace.name == name))
            assert created is not None  # invariant: inserted or already there, in this transaction
            return created

        return self.write(create)

    def workspace_id(self, name: str) -> int:
        ws = self.read(lambda s: s.scalar(select(Workspace.id).where(Workspace.name == name)))
        if ws is None:
            raise NotFoundError("store.error.no_workspace", name=name)
        return ws

    # ------------------------------------------------------------------ startups
    def save_startup(self, workspace_id: int, profile: Startup, note: str | None = None,
                     session: Session | None = None) -> VersionInfo:
        """Store a profile; a new version only when its content changed.  Returns that version.

        The startup's row is locked while its next version number is chosen, so concurrent writers
        number their versions 1, 2, 3, ... without gaps (module docstring).  Without ``session`` the
        write is its own transaction, retried on a lock or conflict."""
        if session is None:
            return self.write(lambda s: self.save_startup(workspace_id, profile, note, session=s))
        check_note(note, "note")
        slug = profile.id or slugify(profile.display_name("en"))
        record_id = _lock_record(session, workspace_id, slug)
        digest = profile_hash(profile)
        latest = session.scalar(select(StartupVersion).where(StartupVersion.startup_id == record_id)
                                .order_by(StartupVersion.version.desc()).limit(1))
        if latest is not None and latest.content_hash == digest:
            return _version_info(slug, latest)
        version = StartupVersion(startup_id=record_id, version=(latest.version + 1) if latest else 1,
                                 name=profile.display_name("en"), stage=profile.stage.value,
                                 content_hash=digest, profile=profile.model_dump(mode="json"), note=note)
        session.add(version)
        session.flush()
        return _version_info(slug, version)

    def list_startups(self, workspace_id: int) -> list[VersionInfo]:
        """The latest version of every startup in a workspace, by slug."""
        def query(s: Session) -> list[VersionInfo]:
            latest = (select(StartupVersion.startup_id, func.max(StartupVersion.version).label("v"))
                      .group_by(StartupVersion.startup_id).subquery())
            rows = s.execute(
                select(StartupRecord.slug, StartupVersion)
                .join(StartupVersion, StartupVersion.startup_id == StartupRecord.id)
                .join(latest, (latest.c.startup_id == StartupVersion.startup_id) & (latest.c.v == StartupVersion.version))
                .where(StartupRecord.workspace_id == workspace_id)
                .order_by(StartupRecord.slug)).all()
            return [_version_info(slug, v) for slug, v in rows]
        return self.read(query)

    def history(self, workspace_id: int, slug: str) -> list[VersionInfo]:
        """Every version of one startup, oldest first."""
        def query(s: Session) -> list[VersionInfo]:
            record = self._record(s, workspace_id, slug)
            return [_version_info(slug, v) for v in record.versions]
        return self.read(query)

    def get_startup(self, workspace_id: int, slug: str, version: int | None = None) -> Startup:
        """The profile of a startup (latest version unless ``version`` is given)."""
        def query(s: Session) -> Startup:
            record = self._record(s, workspace_id, slug)
            versions = record.versions
            chosen = versions[-1] if version is None else next((v for v in versions if v.version == version), None)
            if chosen is None:
                raise NotFoundError("store.error.no_version", slug=slug, version=version)
            return Startup.model_validate(chosen.profile)
        return self.read(query)

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
        """Store one immutable analysis run; returns its id (without ``session``: its own transaction, retried)."""
        if session is None:
            return self.write(lambda s: self.record_run(workspace_id, kind, inputs, parameters, results,
                                                        startup_version_id, session=s))
        run = AnalysisRun(workspace_id=workspace_id, startup_version_id=startup_version_id, kind=kind,
                          inputs_hash=canonical_hash(inputs), parameters=to_jsonable(parameters),
                          goldmine_version=__version__, results=to_jsonable(results))
        session.add(run)
        session.flush()
        return run.id

    def list_runs(self, workspace_id: int, kind: str | None = None) -> list[RunInfo]:
        def query(s: Session) -> list[RunInfo]:
            q = select(AnalysisRun).where(AnalysisRun.workspace_id == workspace_id)
            if kind:
                q = q.where(AnalysisRun.kind == kind)
            return [_run_info(r) for r in s.scalars(q.order_by(AnalysisRun.id))]
        return self.read(query)

    def get_run(self, workspace_id: int, run_id: int) -> RunInfo:
        def query(s: Session) -> RunInfo:
            run = s.get(AnalysisRun, run_id)
            if run is None or run.workspace_id != workspace_id:
                raise NotFoundError("store.error.no_run", run=run_id)
            return _run_info(run)
        return self.read(query)


    # ------------------------------------------------------------------ market data series (issue #17)
    def save_series(self, workspace_id: int, name: str, frame: pd.DataFrame, meta: SeriesMeta,
                    session: Session | None = None) -> SavedSeries:
        """Store a series (goldmine's schema: :mod:`goldmine.market.series_ops`) as the next version of
        ``name``; the same content as the latest version (:func:`~goldmine.market.series_ops.frame_hash`)
        writes nothing and returns that version with ``created=False``.  The series' row is locked while
        the version number is chosen; without ``session`` the write is its own transaction, retried on a
        lock or conflict.  The version and all its rows are written, or none."""
        if session is None:
            return self.write(lambda s: self.save_series(workspace_id, name, frame, meta, session=s))
        from goldmine.market.series_ops import SavedSeries, frame_hash

        check_series_name(name, "name")
        fields = _series_fields(frame)
        record_id = _lock_series(session, workspace_id, name)
        digest = frame_hash(frame[fields])
        latest = session.scalar(select(SeriesVersionRecord).where(SeriesVersionRecord.series_id == record_id)
                                .order_by(SeriesVersionRecord.version.desc()).limit(1))
        if latest is not None and latest.content_hash == digest:
            return SavedSeries(_series_info(name, latest), created=False)
        dates = frame.index
        version = SeriesVersionRecord(
            series_id=record_id, version=(latest.version + 1) if latest else 1, symbol=meta.symbol, kind=meta.kind,
            format=meta.format, frequency=meta.frequency, fields=list(fields), source=meta.source, licence=meta.licence,
            origin=meta.origin, content_hash=digest, first_date=dates[0].date(), last_date=dates[-1].date(),
            rows=len(frame), missing=meta.missing, checks=[f.to_dict() for f in meta.flags])
        session.add(version)
        session.flush()
        session.execute(insert(SeriesPoint), _point_rows(version.id, frame, fields))
        return SavedSeries(_series_info(name, version), created=True)

    def list_series(self, workspace_id: int, kind: str | None = None) -> list[SeriesInfo]:
        """The latest version of every series in a workspace (of one ``kind`` if given), by name."""
        def query(s: Session) -> list[SeriesInfo]:
            latest = (select(SeriesVersionRecord.series_id, func.max(SeriesVersionRecord.version).label("v"))
                      .group_by(SeriesVersionRecord.series_id).subquery())
            q = (select(SeriesRecord.name, SeriesVersionRecord)
                 .join(SeriesVersionRecord, SeriesVersionRecord.series_id == SeriesRecord.id)
                 .join(latest, (latest.c.series_id == SeriesVersionRecord.series_id)
                       & (latest.c.v == SeriesVersionRecord.version))
                 .where(SeriesRecord.workspace_id == workspace_id))
            if kind is not None:
                q = q.where(SeriesVersionRecord.kind == kind)
            return [_series_info(name, v) for name, v in s.execute(q.order_by(SeriesRecord.name)).all()]
        return self.read(query)

    def series_history(self, workspace_id: int, name: str) -> list[SeriesInfo]:
        """Every version of one series, oldest first."""
        def query(s: Session) -> list[SeriesInfo]:
            record = self._series_record(s, workspace_id, name)
            versions = s.scalars(select(SeriesVersionRecord).where(SeriesVersionRecord.series_id == record.id)
                                 .order_by(SeriesVersionRecord.version))
            return [_series_info(name, v) for v in versions]
        return self.read(query)

    def series_info(self, workspace_id: int, name: str, version: int | None = None) -> SeriesInfo:
        """One version of a series (the latest unless ``version``), without its rows."""
        def query(s: Session) -> SeriesInfo:
            return _series_info(name, self._series_version(s, workspace_id, name, version))
        return self.read(query)

    def load_series(self, workspace_id: int, name: str, version: int | None = None) -> tuple[pd.DataFrame, SeriesInfo]:
        """A stored series (the latest version unless ``version``): the frame in goldmine's schema
        (``DatetimeIndex`` named ``date``, float64 columns ``info.fields``, NaN where a field had no
        value) and its :class:`~goldmine.market.series_ops.SeriesInfo`."""
        import pandas as pd

        def query(s: Session) -> tuple[list[Any], SeriesInfo]:
            v = self._series_version(s, workspace_id, name, version)
            columns = [getattr(SeriesPoint, f) for f in v.fields]
            rows = s.execute(select(SeriesPoint.date, *columns).where(SeriesPoint.version_id == v.id)
                             .order_by(SeriesPoint.date)).all()
            return list(rows), _series_info(name, v)

        rows, info = self.read(query)
        index = pd.DatetimeIndex(pd.to_datetime([r[0] for r in rows]), name="date").as_unit("ns")
        data = [[float("nan") if x is None else float(x) for x in r[1:]] for r in rows]
        frame = pd.DataFrame(data, index=index, columns=list(info.fields), dtype="float64")
        return frame, info

    def _series_record(self, s: Session, workspace_id: int, name: str) -> SeriesRecord:
        record = s.scalar(select(SeriesRecord).where(SeriesRecord.workspace_id == workspace_id, SeriesRecord.name == name))
        if record is None:
            raise NotFoundError("data.error.no_series", name=name)
        return record

    def _series_version(self, s: Session, workspace_id: int, name: str, version: int | None) -> SeriesVersionRecord:
        record = self._series_record(s, workspace_id, name)
        q = select(SeriesVersionRecord).where(SeriesVersionRecord.series_id == record.id)
        q = q.order_by(SeriesVersionRecord.version.desc()).limit(1) if version is None else q.where(SeriesVersionRecord.version == version)
        found = s.scalar(q)
        if found is None:
            raise NotFoundError("data.error.no_series_version", name=name, version=version)
        return found

# ---------------------------------------------------------------------- helpers
def _connect_args(url: Any) -> dict[str, Any]:
    """Timeouts per driver: SQLite waits for a busy database; PostgreSQL gives up connecting after
    :data:`CONNECT_TIMEOUT_S` seconds (libpq's and psycopg's ``connect_timeout``)."""
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "sqlite":
        return {"timeout": SQLITE_BUSY_TIMEOUT_S}
    if backend == "postgresql" and driver in ("psycopg", "psycopg2", "psycopg2cffi"):
        return {"connect_timeout": CONNECT_TIMEOUT_S}
    return {}


def _sqlite_connect(database: str | None) -> Callable[[Any, Any], None]:
    """The pragmas of every SQLite connection: foreign keys, busy timeout, WAL for a file, and
    transactions begun by :func:`_sqlite_begin` (the driver's own BEGIN is turned off)."""
    on_file = not _sqlite_memory(database, {})

    def connect(dbapi_conn: Any, _record: Any) -> None:
        import sqlite3

        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
            if on_file:
                try:
                    _switch_to_wal(cur)
                except sqlite3.OperationalError as exc:
                    if "readonly" not in str(exc):
                        raise
                    # A read-only file or folder cannot switch to WAL: it keeps its journal mode, reads
                    # still work, and a write fails with "attempt to write a readonly database" (exit 3).
                    cur.execute("PRAGMA query_only=ON")
                cur.execute("PRAGMA synchronous=NORMAL")
        finally:
            cur.close()

    return connect


def _switch_to_wal(cur: Any) -> None:
    """``PRAGMA journal_mode=WAL``, tried again for up to :data:`SQLITE_BUSY_TIMEOUT_S` seconds while
    a peer holds the database: the switch needs the file to itself and SQLite answers "database is
    locked" at once, without its busy handler, when processes open a new database together."""
    import sqlite3

    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    delay = 0.01
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(2 * delay, 0.5)


def _sqlite_begin(conn: Connection) -> None:
    """``BEGIN IMMEDIATE`` for writes (the write lock at once, waiting up to the busy timeout), plain
    ``BEGIN`` for reads (``transaction(write=False)``)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("goldmine_write", True) else "BEGIN")


def _rollback(session: Session) -> None:
    """Roll back after a failure; a connection that is already gone has nothing to roll back."""
    with contextlib.suppress(SQLAlchemyError):  # the first failure is the one reported
        session.rollback()


def _insert_ignore(s: Session, table: type[Any], values: dict[str, Any], keys: list[str]) -> Any:
    """``INSERT ... ON CONFLICT (keys) DO NOTHING`` in the session's dialect."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)


def _lock_record(s: Session, workspace_id: int, slug: str) -> int:
    """The id of the startup row (created if needed), locked until the transaction ends."""
    query = select(StartupRecord.id).where(StartupRecord.workspace_id == workspace_id,
                                           StartupRecord.slug == slug).with_for_update()
    found = s.scalar(query)
    if found is None:
        s.execute(_insert_ignore(s, StartupRecord, {"workspace_id": workspace_id, "slug": slug, "created_at": _now()},
                                 ["workspace_id", "slug"]))
        found = s.scalar(query)
    assert found is not None  # invariant: inserted or already there, in this transaction
    return found


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def _cause(exc: BaseException) -> str:
    """The driver's message in one line: never the SQL statement or its parameters (SQLAlchemy appends
    them to its own text, not to the driver's)."""
    orig = getattr(exc, "orig", None)
    text_ = str(orig if orig is not None else exc).strip()
    line = text_.splitlines()[0].strip() if text_ else type(exc).__name__
    line = line.split("[SQL:", 1)[0].strip()
    return line if len(line) <= 200 else line[:197] + "..."


def _transient(exc: SQLAlchemyError) -> bool:
    """A lock, deadlock, serialisation failure or a peer's conflicting insert: worth running the
    transaction again."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code is not None:
        return str(code) in _TRANSIENT_SQLSTATES
    message = str(orig if orig is not None else exc).lower()
    return isinstance(exc, DBAPIError) and any(m in message for m in _TRANSIENT_SQLITE)


def slugify(name: str, fallback: str = "startup") -> str:
    """A name as lower-case ASCII letters and digits joined by ``-`` (at most 63 characters), else ``fallback``."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:63] or fallback


def _utc(moment: Any) -> Any:
    """A stored time in UTC: SQLite keeps no time zone, so a naive value read back is UTC (every write is)."""
    import datetime as dt

    if isinstance(moment, dt.datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _version_info(slug: str, v: StartupVersion) -> VersionInfo:
    return VersionInfo(slug=slug, version=v.version, name=v.name, stage=v.stage, content_hash=v.content_hash,
                       created_at=_utc(v.created_at), note=v.note, id=v.id)


def _run_info(r: AnalysisRun) -> RunInfo:
    return RunInfo(id=r.id, kind=r.kind, inputs_hash=r.inputs_hash, parameters=r.parameters,
                   goldmine_version=r.goldmine_version, results=r.results, created_at=_utc(r.created_at),
                   startup_version_id=r.startup_version_id)


def check_series_name(name: str, path: str = "--name") -> str:
    """A series name (:data:`SERIES_NAME`), else an :class:`~goldmine.errors.InputError` naming ``path``."""
    if not SERIES_NAME.match(name):
        raise InputError(None, [Problem(path, "data.expected.name", name if len(name) <= 80 else len(name))])
    return name


def _series_fields(frame: pd.DataFrame) -> list[str]:
    """The columns of a frame in goldmine's series schema, checked: a unique increasing date index and
    known fields (a programming error otherwise: importers and fetchers build the frames)."""
    import pandas as pd

    from goldmine.market.series_ops import FIELDS

    fields = [str(c) for c in frame.columns]
    if (not isinstance(frame.index, pd.DatetimeIndex) or frame.empty or not frame.index.is_unique
            or not frame.index.is_monotonic_increasing or not fields or any(f not in FIELDS for f in fields)):
        raise StorageError("data.error.schema", fields=", ".join(fields) or "none")
    return fields


def _point_rows(version_id: int, frame: pd.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    import numpy as np
    import pandas as pd

    days = pd.DatetimeIndex(frame.index).date
    values = frame[fields].to_numpy(dtype="float64")
    cells = values.astype(object)
    cells[np.isnan(values)] = None
    return [{"version_id": version_id, "date": day, **dict(zip(fields, row, strict=True))}
            for day, row in zip(days, cells.tolist(), strict=True)]


def _lock_series(s: Session, workspace_id: int, name: str) -> int:
    """The id of the series row (created if needed), locked until the transaction ends."""
    query = select(SeriesRecord.id).where(SeriesRecord.workspace_id == workspace_id, SeriesRecord.name == name).with_for_update()
    found = s.scalar(query)
    if found is None:
        s.execute(_insert_ignore(s, SeriesRecord, {"workspace_id": workspace_id, "name": name, "created_at": _now()},
                                 ["workspace_id", "name"]))
        found = s.scalar(query)
    assert found is not None  # invariant: inserted or already there, in this transaction
    return found


def _series_info(name: str, v: SeriesVersionRecord) -> SeriesInfo:
    from goldmine.market.series_ops import SeriesFlag, SeriesInfo

    return SeriesInfo(name=name, version=v.version, symbol=v.symbol, kind=v.kind, format=v.format, frequency=v.frequency,
                      fields=tuple(v.fields), source=v.source, licence=v.licence, origin=v.origin,
                      content_hash=v.content_hash, first_date=v.first_date, last_date=v.last_date, rows=v.rows,
                      missing=v.missing, flags=tuple(SeriesFlag.from_dict(f) for f in v.checks or []),
                      saved_at=_utc(v.created_at), id=v.id)
