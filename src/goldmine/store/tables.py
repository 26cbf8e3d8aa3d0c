"""SQLAlchemy 2 table models: workspace, startup, startup_version, analysis_run.

* A *workspace* isolates one team's data; every other row belongs to exactly one.
* A *startup* is a stable identity (``slug`` unique per workspace); its *versions* hold the
  profile JSON, numbered 1, 2, ... — an edit adds a version, history is never rewritten.
* An *analysis run* records one analysis: kind, inputs hash, parameters, goldmine version,
  results JSON and time.  Runs are immutable: an ORM update or delete raises.
* A *series* (issue #17, migration 0002) is a market data series with a stable ``name`` per
  workspace; each import or update that changes its content adds a *series version* (source, licence,
  origin, vintage, content hash, the checks' findings), whose observations are *series points*:
  one row per date with the fields the series has (``open`` ... ``volume``, or ``value``), on SQLite
  and PostgreSQL alike.  Versions are immutable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from goldmine.errors import StorageError


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Workspace(Base):
    __tablename__ = "workspace"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class StartupRecord(Base):
    __tablename__ = "startup"
    __table_args__ = (UniqueConstraint("workspace_id", "slug", name="uq_startup_workspace_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    versions: Mapped[list[StartupVersion]] = relationship(back_populates="startup", order_by="StartupVersion.version")


class StartupVersion(Base):
    __tablename__ = "startup_version"
    __table_args__ = (UniqueConstraint("startup_id", "version", name="uq_startup_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("startup.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    startup: Mapped[StartupRecord] = relationship(back_populates="versions")


class AnalysisRun(Base):
    __tablename__ = "analysis_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    startup_version_id: Mapped[int | None] = mapped_column(ForeignKey("startup_version.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(64))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    goldmine_version: Mapped[str] = mapped_column(String(32))
    results: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


@event.listens_for(AnalysisRun, "before_update")
def _runs_are_immutable(mapper: Any, connection: Any, target: AnalysisRun) -> None:
    raise StorageError("store.error.run_immutable", id=target.id)


@event.listens_for(StartupVersion, "before_update")
def _versions_are_immutable(mapper: Any, connection: Any, target: StartupVersion) -> None:
    raise StorageError("store.error.version_immutable", id=target.id)


class SeriesRecord(Base):
    """A market data series: a stable name in a workspace (issue #17)."""

    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_series_workspace_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SeriesVersionRecord(Base):
    """One version of a series: what it is, where it came from, when, and a hash of its content."""

    __tablename__ = "series_version"
    __table_args__ = (UniqueConstraint("series_id", "version", name="uq_series_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str | None] = mapped_column(String(32), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    frequency: Mapped[str] = mapped_column(String(16))
    fields: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_date: Mapped[dt.date] = mapped_column(Date)
    last_date: Mapped[dt.date] = mapped_column(Date)
    rows: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SeriesPoint(Base):
    """One observation of a series version: a date and the fields the series has (others null)."""

    __tablename__ = "series_point"

    version_id: Mapped[int] = mapped_column(ForeignKey("series_version.id", ondelete="CASCADE"), primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    open: Mapped[float | None] = mapped_column(Float, nullable=True)
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    low: Mapped[float | None] = mapped_column(Float, nullable=True)
    close: Mapped[float | None] = mapped_column(Float, nullable=True)
    adj_close: Mapped[float | None] = mapped_column(Float, nullable=True)
    volume: Mapped[float | None] = mapped_column(Float, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)


@event.listens_for(SeriesVersionRecord, "before_update")
def _series_versions_are_immutable(mapper: Any, connection: Any, target: SeriesVersionRecord) -> None:
    raise StorageError("store.error.version_immutable", id=target.id)


# ---------------------------------------------------------------------- accounts (issue #18, migration 0003)
# Users, their workspace memberships with a role, API tokens and browser sessions (secrets stored as
# SHA-256 hashes, passwords as argon2 hashes: goldmine.api.accounts), background jobs, the audit log
# and the deal-board stage of each startup.  Only goldmine.api writes them.


class UserRecord(Base):
    """A person who signs in: an e-mail address (unique, lower case) and an argon2 password hash."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Membership(Base):
    """A user's role in a workspace: ``owner``, ``member`` or ``viewer``."""

    __tablename__ = "membership"

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ApiTokenRecord(Base):
    """An API token of a user: only the SHA-256 of its secret is kept; revoked tokens are refused."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WebSessionRecord(Base):
    """A browser session: the SHA-256 of the cookie's secret, its CSRF token and its expiry."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class JobRecord(Base):
    """A background analysis: ``queued`` → ``running`` → ``done`` (with its run) or ``failed`` (with the error);
    ``startup_id`` empty for a run of the whole workspace (``sector``)."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    startup_id: Mapped[int | None] = mapped_column(ForeignKey("startup.id", ondelete="CASCADE"), index=True, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_run.id"), nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditRecord(Base):
    """Who did what, when, in which workspace, to what (``startup:3``, ``token:7``...)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FinancingPlanRecord(Base):
    """One version of a workspace's financing plan (PLAN.yaml of ``goldmine captable``), as JSON."""

    __tablename__ = "financing_plan"
    __table_args__ = (UniqueConstraint("workspace_id", "slug", "version", name="uq_plan_workspace_slug_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class LoginFailureRecord(Base):
    """One failed sign-in: the SHA-256 of the e-mail and client address, and when (the throttle's window)."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class DealStageRecord(Base):
    """The deal-board column of a startup: sourcing, diligence, committee, invested or passed."""

    __tablename__ = "deal_stage"

    startup_id: Mapped[int] = mapped_column(ForeignKey("startup.id", ondelete="CASCADE"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
