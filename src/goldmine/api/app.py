"""The FastAPI application of ``goldmine serve`` (issue #18): :func:`create_app`.

Authentication: ``Authorization: Bearer TOKEN`` (API tokens, for scripts) or the ``goldmine_session``
cookie (browsers; HttpOnly, SameSite=Lax, Secure over https) with the session's CSRF token in the
``X-CSRF-Token`` header on every unsafe request (POST, PUT, PATCH, DELETE).

Isolation: every query joins the caller's memberships, so a workspace, startup, job or run of a
workspace the caller is not in answers ``404`` (its existence is not confirmed); a role too low for
the action answers ``403``.

Limits: request bodies of at most :attr:`ApiSettings.max_body_bytes` (``413``), failed sign-ins
throttled per e-mail and client address (``429``), lists paginated (``limit`` ≤ 100, ``offset``),
security headers on every response, errors as ``application/problem+json`` (:mod:`goldmine.api.problems`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, File, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, defer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from goldmine import __version__
from goldmine.api import accounts
from goldmine.api.accounts import RANK, Caller, audit, now, utc
from goldmine.api.jobs import JobRunner
from goldmine.api.models import (
    AuditOut,
    AuditPage,
    DealRunIn,
    Health,
    JobOut,
    LoginIn,
    LoginOut,
    MemberIn,
    MemberOut,
    NewToken,
    PlanDetail,
    PlanOut,
    PlanPage,
    ProblemOut,
    RunIn,
    RunOut,
    RunPage,
    RunSummary,
    SectorRunIn,
    StageIn,
    StartupDetail,
    StartupOut,
    StartupPage,
    TokenIn,
    TokenOut,
    UserOut,
    VersionOut,
    WorkspaceIn,
    WorkspaceOut,
)
from goldmine.api.problems import (
    LOG,
    PROBLEM_JSON,
    ApiError,
    from_error,
    from_validation,
    language,
    problem_body,
)
from goldmine.api.settings import ApiSettings
from goldmine.errors import GoldmineError, InputError, Problem
from goldmine.i18n import t
from goldmine.store import Store
from goldmine.store.tables import (
    AnalysisRun,
    ApiTokenRecord,
    AuditRecord,
    DealStageRecord,
    FinancingPlanRecord,
    JobRecord,
    LoginFailureRecord,
    Membership,
    StartupRecord,
    StartupVersion,
    UserRecord,
    Workspace,
)

PREFIX = "/api/v1"
R = TypeVar("R")
T = TypeVar("T")
SESSION_COOKIE = "goldmine_session"
CSRF_COOKIE = "goldmine_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: A rendered report may carry its own styles and inline pictures, never a script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'; base-uri 'none'"
REPORT_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
#: The error answers each route documents (400: a body that is not JSON or not multipart, refused
#: before the route runs; found by tests/test_api_fuzz.py).
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut, "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}}
    for code in (400, 401, 403, 404, 413, 422, 429)
}
#: The report's answer, by format (the OpenAPI document lists the three media types).
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS, 200: {"description": "The report", "content": {t.split(";")[0]: {} for t in REPORT_TYPES.values()}},
}


# ---------------------------------------------------------------------- limits
class LoginThrottle:
    """Failed sign-ins per (e-mail, client address) in a sliding window, counted in the database
    (``login_failure``), so every server process of ``goldmine serve --workers N`` sees the same count.
    Keys are stored as SHA-256 hashes; rows older than the window are deleted as failures come."""

    def __init__(self, store: Store, limit: int, window_s: float):
        self.store, self.limit, self.window_s = store, limit, window_s

    @staticmethod
    def _hash(key: tuple[str, str]) -> str:
        return accounts.secret_hash("\x1f".join(key))

    def retry_after(self, key: tuple[str, str]) -> int | None:
        """Seconds to wait when ``key`` has used its failures, else ``None``."""
        moment = now()
        since = moment - dt.timedelta(seconds=self.window_s)
        digest = self._hash(key)

        def count(s: Session) -> tuple[int, Any]:
            where = (LoginFailureRecord.key_hash == digest) & (LoginFailureRecord.created_at > since)
            row = s.execute(select(func.count(), func.min(LoginFailureRecord.created_at)).where(where)).one()
            return int(row[0] or 0), row[1]

        n, oldest = self.store.read(count)
        if n < self.limit or oldest is None:
            return None
        return max(1, int((utc(oldest) + dt.timedelta(seconds=self.window_s) - moment).total_seconds()) + 1)

    def fail(self, key: tuple[str, str]) -> None:
        moment = now()
        digest = self._hash(key)

        def record(s: Session) -> None:
            s.execute(delete(LoginFailureRecord).where(LoginFailureRecord.created_at <= moment - dt.timedelta(seconds=self.window_s)))
            s.add(LoginFailureRecord(key_hash=digest, created_at=moment))

        self.store.write(record)


class TokenCache:
    """The callers of API tokens checked in the last ``ttl_s`` seconds, by the token's SHA-256: one
    database transaction less per request (the token lookup was a third of the database time of a
    read under load, benchmarks/api_load.py).  A token revoked through this server is forgotten at
    once; one revoked through another server process is refused within ``ttl_s``."""

    def __init__(self, ttl_s: float, size: int = 4096):
        self.ttl_s, self.size = ttl_s, size
        self._found: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Caller | None:
        with self._lock:
            found = self._found.get(key)
        if found is None or found[0] <= time.monotonic():
            return None
        return found[1]

    def put(self, key: str, who: Caller) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            if len(self._found) >= self.size:
                self._found.clear()
            self._found[key] = (time.monotonic() + self.ttl_s, who)

    def clear(self) -> None:
        with self._lock:
            self._found.clear()


class BodyTooLarge(ApiError):
    def __init__(self, limit: int):
        super().__init__(413, "api.error.too_large", limit=limit)


ASGIApp = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


class Guard:
    """ASGI middleware: the security headers on every response and the request body limit (a
    ``Content-Length`` over it answers ``413`` at once; a body streamed without one is counted)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])

        async def send_secure(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.lower().encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            lang = language(headers.get(b"accept-language", b"").decode("latin-1"))
            response = JSONResponse(problem_body(413, t("api.error.too_large", lang, limit=self.limit), lang),
                                    status_code=413, media_type=PROBLEM_JSON)
            await response(scope, receive, send_secure)
            return
        seen = [0]

        async def counted() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send_secure)


# ---------------------------------------------------------------------- context and callers
@dataclass
class Context:
    store: Store
    settings: ApiSettings
    runner: JobRunner
    throttle: LoginThrottle
    tokens: TokenCache


def ctx(request: Request) -> Context:
    found: Context = request.app.state.goldmine
    return found


async def context(request: Request) -> Context:
    """:func:`ctx` as a dependency: ``async`` so FastAPI calls it on the event loop, not through a
    worker thread (a thread hop per request for nothing, benchmarks/api_load.py)."""
    return ctx(request)


def lang_of(request: Request) -> str:
    return language(request.headers.get("accept-language"))


async def caller(request: Request, c: Annotated[Context, Depends(context)]) -> Caller:
    """The signed-in user: a bearer token, else the session cookie (with the CSRF header on unsafe methods).

    ``async``: a token checked in the last seconds (:class:`TokenCache`) is answered on the event
    loop; the database is asked on a worker thread, never on the loop."""
    auth = request.headers.get("authorization", "")
    scheme, _, secret = auth.partition(" ")
    if auth:
        secret = secret.strip()
        who = None
        if scheme.lower() == "bearer" and secret:
            who = c.tokens.get(accounts.secret_hash(secret)) or await run_in_threadpool(_token_caller, c, secret)
        if who is None:
            raise ApiError(401, "api.error.unauthenticated", headers={"WWW-Authenticate": "Bearer"})
        return who
    cookie = request.cookies.get(SESSION_COOKIE)
    who = await run_in_threadpool(accounts.caller_from_session, c.store, cookie) if cookie else None
    if who is None:
        raise ApiError(401, "api.error.unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not who.csrf_token or not secrets.compare_digest(sent.encode(), who.csrf_token.encode()):
            raise ApiError(403, "api.error.csrf", header=CSRF_HEADER)
    return who


def _token_caller(c: Context, secret: str) -> Caller | None:
    key = accounts.secret_hash(secret)
    who = c.tokens.get(key)
    if who is None:
        who = accounts.caller_from_token(c.store, secret)
        if who is not None:
            c.tokens.put(key, who)
    return who


Who = Annotated[Caller, Depends(caller)]
Ctx = Annotated[Context, Depends(context)]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page, at most 100.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")]
#: A row id in a path: 1 to 2**63 - 1, the range of the databases' integer keys (a larger one
#: overflowed SQLite's INTEGER, a 500 found by tests/test_api_fuzz.py; now a 422).
MAX_ID = 2**63 - 1
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def allow(role: str | None, needed: str) -> str:
    """``role`` when it reaches ``needed`` (viewer < member < owner), else ``403``."""
    assert role is not None  # callers answer 404 for a workspace the user is not in
    if RANK[role] < RANK[needed]:
        raise ApiError(403, "api.error.forbidden", role=role, needed=needed)
    return role


def save_profile(s: Session, c: Context, who: Caller, workspace_id: int, profile: Any) -> int:
    """Store ``profile`` in the workspace (a new startup, or its next version when it changed), put a new
    startup on the deal board at ``sourcing`` and audit it; the startup's id.  The API's upload and the
    upload page both call it."""
    version = c.store.save_startup(workspace_id, profile, session=s)
    record = s.scalar(select(StartupRecord.id).where(StartupRecord.workspace_id == workspace_id,
                                                     StartupRecord.slug == version.slug))
    assert record is not None  # invariant: save_startup created it
    if s.get(DealStageRecord, record) is None:
        s.add(DealStageRecord(startup_id=record, stage="sourcing", updated_at=now()))
    audit(s, who.user_id, workspace_id, "startup.save", f"startup:{record}:v{version.version}")
    return record


Prepared = tuple[int, int | None, dict[str, Any]]  # workspace id, startup id (or none), the job's parameters


def _queue(c: Context, who: Caller, kind: str, prepare: Callable[[Session], Prepared]) -> JobRecord:
    """A queued job of ``kind``: ``prepare`` checks the caller's role and the inputs inside the write
    transaction (an error there queues nothing) and says where the job belongs and its parameters;
    the job is audited and handed to the runner."""

    def create(s: Session) -> JobRecord:
        workspace_id, startup_id, parameters = prepare(s)
        job = JobRecord(workspace_id=workspace_id, startup_id=startup_id, user_id=who.user_id, kind=kind,
                        status="queued", progress=0.0, created_at=now(), updated_at=now(), parameters=parameters)
        s.add(job)
        s.flush()
        audit(s, who.user_id, workspace_id, "run.start", f"job:{job.id}")
        return job

    job = c.store.write(create)
    c.runner.submit(job.id)
    return job


def queue_run(c: Context, who: Caller, startup_id: int, kind: str, paths: int | None, seed: int | None) -> JobRecord:
    """A queued job of ``kind`` on the startup's latest version (a member at least); the API's
    POST .../runs and the run form of the pages both call it."""

    def prepare(s: Session) -> Prepared:
        record, role = _startup(s, who, startup_id)
        allow(role, "member")
        return record.workspace_id, startup_id, {"paths": paths, "seed": seed, "startup_version_id": _latest(s, startup_id).id}

    return _queue(c, who, kind, prepare)


def flat_proposal(given: dict[str, Any] | None) -> dict[str, Any]:
    """Proposal fields as :func:`~goldmine.pipeline.deal.merge_proposal` takes them: a nested
    ``preference`` object becomes ``preference.multiple``, ``preference.type``, ``preference.cap``."""
    out: dict[str, Any] = {}
    for key, value in (given or {}).items():
        if key == "preference" and isinstance(value, dict):
            out.update({f"preference.{k}": v for k, v in value.items()})
        else:
            out[key] = value
    return out


def queue_deal_run(c: Context, who: Caller, startup_id: int, paths: int | None, seed: int | None,
                   given: dict[str, Any] | None) -> JobRecord:
    """A queued ``deal`` job on the startup's latest version (a member at least): the profile's
    ``proposal`` with the ``given`` fields replaced, validated first (a bad field is an
    :class:`~goldmine.errors.InputError` naming ``proposal.<field>``, and nothing is queued)."""
    from goldmine.model import Startup
    from goldmine.pipeline.deal import merge_proposal

    def prepare(s: Session) -> Prepared:
        record, role = _startup(s, who, startup_id)
        allow(role, "member")
        version = _latest(s, startup_id)
        proposal = merge_proposal(Startup.model_validate(version.profile).proposal, flat_proposal(given), {})
        return record.workspace_id, startup_id, {"paths": paths, "seed": seed, "startup_version_id": version.id,
                                                 "proposal": proposal.model_dump(mode="json")}

    return _queue(c, who, "deal", prepare)


def queue_sector_run(c: Context, who: Caller, workspace_id: int, seed: int | None, as_of: str | None) -> JobRecord:
    """A queued ``sector`` job of the workspace (a member at least); the API's POST .../sector-runs
    and the sector dashboard's form both call it."""

    def prepare(s: Session) -> Prepared:
        allow(_member_role(s, who, workspace_id), "member")
        return workspace_id, None, {"seed": seed, "as_of": as_of}

    return _queue(c, who, "sector", prepare)


def report_content(c: Context, run_id: int, kind: str, workspace_id: int, version_id: int | None,
                   format: str, lang: str) -> str | bytes:
    """The report of a stored run (``due_diligence`` or ``sector``) in ``format`` and ``lang``, rendered
    once and kept by the runner; the run's inputs are read only when it is not kept."""
    from goldmine.model import Startup
    from goldmine.report import deal_document, due_diligence_document, render, sector_document

    def make() -> str | bytes:
        with c.store.transaction(write=False) as s:
            run_row = s.get(AnalysisRun, run_id)
            version = s.get(StartupVersion, version_id) if version_id is not None else None
            assert run_row is not None  # invariant: runs are never deleted
            parameters, inputs_hash = dict(run_row.parameters), run_row.inputs_hash
            profile = dict(version.profile) if version is not None else {}
            generated_on = (run_row.results.get("vintage") or {}).get("generated_on") if kind == "due_diligence" else None
        if kind == "sector":
            return render(sector_document(c.runner.sector(run_id, workspace_id, parameters), lang), format)
        if kind == "deal":
            report = c.runner.deal(run_id, parameters, profile)
            return render(deal_document(report, Startup.model_validate(profile), lang, inputs_hash), format)
        dd = c.runner.due_diligence(run_id, parameters, profile, generated_on)
        return render(due_diligence_document(dd, lang, {}), format)

    return c.runner.rendered((run_id, format, lang), make)


def has_report(r: AnalysisRun) -> bool:
    """A due-diligence or deal run of a stored profile version, or a sector run: the runs with a report."""
    return r.kind == "sector" or (r.kind in ("due_diligence", "deal") and r.startup_version_id is not None)


def require_role(c: Context, who: Caller, workspace_id: int, needed: str) -> str:
    """The caller's role in the workspace when it reaches ``needed`` (404 outside it, 403 below), read
    in a transaction of its own: the check before an upload is read or a job queued."""
    with c.store.transaction(write=False) as s:
        return allow(_member_role(s, who, workspace_id), needed)


def _startup_detail(s: Session, who: Caller, startup_id: int) -> StartupDetail:
    record, _ = _startup(s, who, startup_id)
    out = _startup_out(s, record, detail=True)
    assert isinstance(out, StartupDetail)
    return out


def _member_role(s: Session, who: Caller, workspace_id: int) -> str:
    role = accounts.role_in(s, who.user_id, workspace_id)
    if role is None:
        raise ApiError(404, "api.error.not_found", what="workspace", id=workspace_id)
    return role


def _owned(s: Session, who: Caller, table: type[R], row_id: int, what: str, options: Sequence[Any] = ()) -> tuple[R, str]:
    """The row ``row_id`` of ``table`` (a table with ``workspace_id``) and the caller's role in its
    workspace, in one query; 404 when it does not exist or is in a workspace the caller is not in
    (the same answer, so ids of other workspaces cannot be told from missing ones)."""
    row = s.execute(select(table, Membership.role).options(*options)
                    .join(Membership, (Membership.workspace_id == table.workspace_id) & (Membership.user_id == who.user_id))  # type: ignore[attr-defined]
                    .where(table.id == row_id)).first()  # type: ignore[attr-defined]
    if row is None:
        raise ApiError(404, "api.error.not_found", what=what, id=row_id)
    return row[0], row[1]


def _startup(s: Session, who: Caller, startup_id: int) -> tuple[StartupRecord, str]:
    return _owned(s, who, StartupRecord, startup_id, "startup")


def _latest(s: Session, startup_id: int) -> StartupVersion:
    found = s.scalar(select(StartupVersion).where(StartupVersion.startup_id == startup_id)
                     .order_by(StartupVersion.version.desc()).limit(1))
    assert found is not None  # invariant: a startup row is created with its first version
    return found


def _deal_stage(s: Session, startup_id: int) -> str:
    return s.scalar(select(DealStageRecord.stage).where(DealStageRecord.startup_id == startup_id)) or "sourcing"


def _startup_fields(record: StartupRecord, v: StartupVersion, deal_stage: str) -> dict[str, Any]:
    return {"id": record.id, "workspace_id": record.workspace_id, "slug": record.slug, "name": v.name,
            "stage": v.stage, "deal_stage": deal_stage, "version": v.version,
            "content_hash": v.content_hash, "created_at": utc(v.created_at)}


def _startup_out(s: Session, record: StartupRecord, detail: bool = False) -> StartupOut:
    v = _latest(s, record.id)
    fields = _startup_fields(record, v, _deal_stage(s, record.id))
    return StartupDetail(**fields, profile=v.profile) if detail else StartupOut(**fields)


def _startup_outs(s: Session, records: list[StartupRecord]) -> list[StartupOut]:
    """A page of startups in two queries (latest versions without their profiles, deal stages), not
    two per startup: the list is the most read page (benchmarks/api_load.py)."""
    ids = [r.id for r in records]
    if not ids:
        return []
    newest = (select(StartupVersion.startup_id, func.max(StartupVersion.version).label("version"))
              .where(StartupVersion.startup_id.in_(ids)).group_by(StartupVersion.startup_id).subquery())
    versions = {v.startup_id: v for v in s.scalars(
        select(StartupVersion).options(defer(StartupVersion.profile))
        .join(newest, (newest.c.startup_id == StartupVersion.startup_id) & (newest.c.version == StartupVersion.version)))}
    stages = {i: st for i, st in s.execute(select(DealStageRecord.startup_id, DealStageRecord.stage)
                                           .where(DealStageRecord.startup_id.in_(ids)))}
    return [StartupOut(**_startup_fields(r, versions[r.id], stages.get(r.id, "sourcing"))) for r in records]


def _run(s: Session, who: Caller, run_id: int, light: bool = False) -> tuple[AnalysisRun, str]:
    """The run and the caller's role in its workspace (404 when not theirs); ``light`` leaves its
    parameters and results (large JSON) unread until used."""
    light_options = [defer(AnalysisRun.parameters), defer(AnalysisRun.results)] if light else []
    return _owned(s, who, AnalysisRun, run_id, "run", light_options)


def _run_summary(r: AnalysisRun) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "startup_version_id": r.startup_version_id, "inputs_hash": r.inputs_hash,
            "goldmine_version": r.goldmine_version, "created_at": utc(r.created_at)}


def _job_out(j: JobRecord) -> JobOut:
    return JobOut(id=j.id, startup_id=j.startup_id, kind=j.kind, status=j.status, progress=j.progress,  # type: ignore[arg-type]
                  run_id=j.run_id, error=j.error, created_at=utc(j.created_at), updated_at=utc(j.updated_at))


def _user_out(s: Session, user_id: int) -> UserOut:
    user = s.get(UserRecord, user_id)
    assert user is not None  # invariant: the caller exists
    rows = s.execute(select(Workspace.id, Workspace.name, Membership.role).join(Membership, Membership.workspace_id == Workspace.id)
                     .where(Membership.user_id == user_id).order_by(Workspace.id)).all()
    return UserOut(id=user.id, email=user.email, workspaces=[WorkspaceOut.model_validate({"id": i, "name": n, "role": r}) for i, n, r in rows])


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------------- the application
def create_app(database_url: str | None = None, *, settings: ApiSettings | None = None, recover: bool = True) -> FastAPI:
    """The API on the database at ``database_url`` (default: ``GOLDMINE_DATABASE_URL`` or
    ``$GOLDMINE_HOME/goldmine.db``), migrated to the newest schema; analyses run on a thread pool
    that lives as long as the application.  ``recover``: fail the jobs a stopped server left
    unfinished (:meth:`JobRunner.fail_interrupted`); a server of several processes does that once,
    before its workers start (:func:`goldmine.api.worker_app`), not in each."""
    settings = settings or ApiSettings()
    store = Store(database_url, pool_size=settings.request_threads + settings.workers + 2)
    store.upgrade()
    runner = JobRunner(store, settings.workers, settings.report_cache)
    if recover:
        runner.fail_interrupted()

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        yield
        runner.shutdown()

    app = FastAPI(title="goldmine API", version=__version__, openapi_url=f"{PREFIX}/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=lifespan,
                  description="Startups, deal board, due-diligence runs and reports of goldmine (issue #18).")
    app.state.goldmine = Context(store, settings, runner, LoginThrottle(store, settings.login_failures, settings.login_window_s),
                                 TokenCache(settings.token_cache_s))
    app.add_middleware(Guard, limit=settings.max_body_bytes)
    _handlers(app)
    _auth_routes(app)
    _workspace_routes(app)
    _startup_routes(app)
    _run_routes(app)
    _plan_routes(app)
    from goldmine.api.pages import mount_pages  # the browser pages (they import this module)

    mount_pages(app)
    return app


def _problem(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(GoldmineError)
    async def goldmine_error(request: Request, exc: GoldmineError) -> JSONResponse:
        status, body = from_error(exc, lang_of(request))
        return _problem(status, body, exc.headers if isinstance(exc, ApiError) else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _problem(422, from_validation(list(exc.errors()), lang_of(request)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        lang = lang_of(request)
        key = {404: "api.error.no_route", 405: "api.error.method"}.get(exc.status_code, "api.error.request")
        return _problem(exc.status_code, problem_body(exc.status_code, t(key, lang), lang))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        LOG.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        lang = lang_of(request)
        return _problem(500, problem_body(500, t("api.error.internal", lang), lang), SECURITY_HEADERS)


def _set_cookies(request: Request, response: Response, secret: str, csrf: str, settings: ApiSettings) -> None:
    secure = settings.secure_cookies if settings.secure_cookies is not None else request.url.scheme == "https"
    age = accounts.SESSION_HOURS * 3600
    response.set_cookie(SESSION_COOKIE, secret, max_age=age, httponly=True, samesite="lax", secure=secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, httponly=False, samesite="lax", secure=secure, path="/")


def _auth_routes(app: FastAPI) -> None:
    @app.get(f"{PREFIX}/health", tags=["meta"])
    def health() -> Health:
        """The server answers (no sign-in needed)."""
        return Health(status="ok", version=__version__)

    @app.post(f"{PREFIX}/auth/login", tags=["auth"], responses=ERRORS)
    def login(body: LoginIn, request: Request, response: Response, c: Ctx) -> LoginOut:
        """Sign in with e-mail and password: sets the session cookie; returns the CSRF token."""
        key = (body.email.strip().lower(), client_ip(request))
        wait = c.throttle.retry_after(key)
        if wait is not None:
            raise ApiError(429, "api.error.rate_limited", headers={"Retry-After": str(wait)}, minutes=max(1, wait // 60))
        user_id = accounts.authenticate(c.store, body.email, body.password)
        if user_id is None:
            c.throttle.fail(key)
            raise ApiError(401, "api.error.bad_credentials")
        secret, csrf = accounts.create_session(c.store, user_id)
        _set_cookies(request, response, secret, csrf, c.settings)
        with c.store.transaction(write=False) as s:
            return LoginOut(user=_user_out(s, user_id), csrf_token=csrf)

    @app.post(f"{PREFIX}/auth/logout", tags=["auth"], status_code=204, responses=ERRORS)
    def logout(who: Who, c: Ctx, response: Response) -> None:
        """End the browser session (a token is revoked with DELETE /tokens/{token_id})."""
        if who.session_id is not None:
            accounts.end_session(c.store, who.session_id)
        response.delete_cookie(SESSION_COOKIE, path="/")
        response.delete_cookie(CSRF_COOKIE, path="/")

    @app.get(f"{PREFIX}/me", tags=["auth"], responses=ERRORS)
    def me(who: Who, c: Ctx) -> UserOut:
        """The signed-in user and the workspaces they belong to, with their role."""
        with c.store.transaction(write=False) as s:
            return _user_out(s, who.user_id)

    @app.get(f"{PREFIX}/tokens", tags=["auth"], responses=ERRORS)
    def tokens(who: Who, c: Ctx) -> list[TokenOut]:
        """The caller's API tokens (never their secrets)."""
        with c.store.transaction(write=False) as s:
            rows = s.scalars(select(ApiTokenRecord).where(ApiTokenRecord.user_id == who.user_id).order_by(ApiTokenRecord.id))
            return [TokenOut(id=r.id, name=r.name, created_at=utc(r.created_at), revoked=r.revoked_at is not None) for r in rows]

    @app.post(f"{PREFIX}/tokens", tags=["auth"], status_code=201, responses=ERRORS)
    def new_token(body: TokenIn, who: Who, c: Ctx) -> NewToken:
        """A new API token: the secret is in this answer only."""
        token_id, secret = accounts.create_token(c.store, who.user_id, body.name)
        return NewToken(id=token_id, name=body.name, created_at=now(), revoked=False, token=secret)

    @app.delete(f"{PREFIX}/tokens/{{token_id}}", tags=["auth"], status_code=204, responses=ERRORS)
    def revoke(token_id: Id, who: Who, c: Ctx) -> None:
        """Revoke one of the caller's tokens: it is refused from now on."""
        revoked = accounts.revoke_token(c.store, who.user_id, token_id)
        c.tokens.clear()
        if not revoked:
            raise ApiError(404, "api.error.not_found", what="token", id=token_id)


def _workspace_routes(app: FastAPI) -> None:
    @app.get(f"{PREFIX}/workspaces", tags=["workspaces"], responses=ERRORS)
    def workspaces(who: Who, c: Ctx) -> list[WorkspaceOut]:
        """The caller's workspaces and role in each."""
        with c.store.transaction(write=False) as s:
            return _user_out(s, who.user_id).workspaces

    @app.post(f"{PREFIX}/workspaces", tags=["workspaces"], status_code=201, responses=ERRORS)
    def new_workspace(body: WorkspaceIn, who: Who, c: Ctx) -> WorkspaceOut:
        """A new workspace; the caller is its owner."""
        ws = accounts.create_workspace(c.store, who.user_id, body.name)
        return WorkspaceOut(id=ws, name=body.name, role="owner")

    @app.get(f"{PREFIX}/workspaces/{{workspace_id}}/members", tags=["workspaces"], responses=ERRORS)
    def members(workspace_id: Id, who: Who, c: Ctx) -> list[MemberOut]:
        """The members of a workspace and their roles."""
        with c.store.transaction(write=False) as s:
            _member_role(s, who, workspace_id)
            rows = s.execute(select(UserRecord.id, UserRecord.email, Membership.role).join(Membership, Membership.user_id == UserRecord.id)
                             .where(Membership.workspace_id == workspace_id).order_by(UserRecord.id)).all()
            return [MemberOut.model_validate({"user_id": i, "email": e, "role": r}) for i, e, r in rows]

    @app.post(f"{PREFIX}/workspaces/{{workspace_id}}/members", tags=["workspaces"], status_code=201, responses=ERRORS)
    def add_member(workspace_id: Id, body: MemberIn, who: Who, c: Ctx) -> MemberOut:
        """Give an existing user a role in the workspace (owners only)."""
        require_role(c, who, workspace_id, "owner")
        user_id = accounts.add_member(c.store, who.user_id, workspace_id, body.email, body.role)
        return MemberOut(user_id=user_id, email=body.email.strip().lower(), role=body.role)

    @app.get(f"{PREFIX}/workspaces/{{workspace_id}}/audit", tags=["workspaces"], responses=ERRORS)
    def audit_log(workspace_id: Id, who: Who, c: Ctx, limit: Limit = 50, offset: Offset = 0) -> AuditPage:
        """Who changed what in the workspace, newest first (owners and members)."""
        with c.store.transaction(write=False) as s:
            allow(_member_role(s, who, workspace_id), "member")
            where = AuditRecord.workspace_id == workspace_id
            total = s.scalar(select(func.count()).select_from(AuditRecord).where(where)) or 0
            rows = s.scalars(select(AuditRecord).where(where).order_by(AuditRecord.id.desc()).limit(limit).offset(offset))
            items = [AuditOut(id=r.id, user_id=r.user_id, action=r.action, target=r.target, created_at=utc(r.created_at)) for r in rows]
            return AuditPage(total=total, limit=limit, offset=offset, items=items)


def _read_upload(upload: UploadFile, limit: int) -> tuple[str, bytes]:
    name = Path(upload.filename or "profile.yaml").name
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise BodyTooLarge(limit)
    return name, data


def _read_as_file(name: str, data: bytes, load: Callable[[Path], T]) -> T:
    """``load`` (a reader of goldmine's files) on an upload, written to a temporary file with the
    upload's suffix; problems name the uploaded file, not the temporary one."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="goldmine-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return load(path)
        except InputError as exc:
            raise type(exc)(name, exc.problems) from None


def _parse_upload(name: str, data: bytes) -> Any:
    """The profile in an uploaded file, read and validated by the code of ``goldmine startups add``
    (:func:`goldmine.io.load_profile`)."""
    from goldmine.io import load_profile

    return _read_as_file(name, data, load_profile)


def parse_plan_upload(name: str, data: bytes) -> tuple[Any, dict[str, Any]]:
    """The financing plan in an uploaded file, validated by the code of ``goldmine captable``
    (:func:`goldmine.io.plans.load_plan_data`), and its content."""
    from goldmine.io.plans import load_plan_data

    return _read_as_file(name, data, load_plan_data)


def save_plan(s: Session, who: Caller, workspace_id: int, plan: Any, data: dict[str, Any]) -> FinancingPlanRecord:
    """Store a validated plan as the next version of its slug (from the company's name) in the
    workspace, or return the latest version when the content is the same; audited.  A peer saving the
    same version at once breaks the unique key and the write is retried (:meth:`Store.write`)."""
    from goldmine.pipeline.hashing import canonical_hash
    from goldmine.store.db import slugify

    slug = slugify(plan.company.name, "plan")
    digest = canonical_hash(data)
    latest = s.scalar(select(FinancingPlanRecord).where(FinancingPlanRecord.workspace_id == workspace_id,
                                                        FinancingPlanRecord.slug == slug)
                      .order_by(FinancingPlanRecord.version.desc()).limit(1))
    if latest is not None and latest.content_hash == digest:
        return latest
    row = FinancingPlanRecord(workspace_id=workspace_id, slug=slug, version=(latest.version + 1) if latest else 1,
                              name=plan.company.name[:200], content_hash=digest, plan=data, user_id=who.user_id,
                              created_at=now())
    s.add(row)
    s.flush()
    audit(s, who.user_id, workspace_id, "plan.save", f"plan:{row.id}:{slug}:v{row.version}")
    return row


def _plan(s: Session, who: Caller, plan_id: int) -> tuple[FinancingPlanRecord, str]:
    return _owned(s, who, FinancingPlanRecord, plan_id, "plan")


def plan_out(r: FinancingPlanRecord) -> PlanOut:
    return PlanOut(id=r.id, workspace_id=r.workspace_id, slug=r.slug, name=r.name, version=r.version,
                   content_hash=r.content_hash, created_at=utc(r.created_at))


def stored_plan(r: FinancingPlanRecord) -> Any:
    """The :class:`~goldmine.financing.Plan` of a stored version."""
    from goldmine.io.plans import plan_from_data

    return plan_from_data(dict(r.plan), source=f"plan {r.slug} v{r.version}")


#: The most exit values one waterfall request may ask for.
MAX_EXITS = 20


def _plan_routes(app: FastAPI) -> None:
    @app.get(f"{PREFIX}/workspaces/{{workspace_id}}/plans", tags=["plans"], responses=ERRORS)
    def plans(workspace_id: Id, who: Who, c: Ctx, limit: Limit = 50, offset: Offset = 0) -> PlanPage:
        """The workspace's financing plans, the latest version of each, by slug."""
        with c.store.transaction(write=False) as s:
            _member_role(s, who, workspace_id)
            newest = (select(FinancingPlanRecord.slug, func.max(FinancingPlanRecord.version).label("v"))
                      .where(FinancingPlanRecord.workspace_id == workspace_id).group_by(FinancingPlanRecord.slug).subquery())
            where = ((FinancingPlanRecord.workspace_id == workspace_id) & (FinancingPlanRecord.slug == newest.c.slug)
                     & (FinancingPlanRecord.version == newest.c.v))
            total = s.scalar(select(func.count()).select_from(newest)) or 0
            rows = s.scalars(select(FinancingPlanRecord).options(defer(FinancingPlanRecord.plan)).join(newest, where)
                             .order_by(FinancingPlanRecord.slug).limit(limit).offset(offset))
            return PlanPage(total=total, limit=limit, offset=offset, items=[plan_out(r) for r in rows])

    @app.post(f"{PREFIX}/workspaces/{{workspace_id}}/plans", tags=["plans"], status_code=201, responses=ERRORS)
    def add_plan(workspace_id: Id, who: Who, c: Ctx,
                 file: Annotated[UploadFile, File(description="A financing plan, PLAN.yaml or .json (docs/financing.md).")]) -> PlanOut:
        """Store a financing plan (a new version when its content changed). A plan that does not
        validate answers 422 with one error per field."""
        require_role(c, who, workspace_id, "member")
        name, data = _read_upload(file, c.settings.max_body_bytes)
        plan, content = parse_plan_upload(name, data)
        return plan_out(c.store.write(lambda s: save_plan(s, who, workspace_id, plan, content)))

    @app.get(f"{PREFIX}/plans/{{plan_id}}", tags=["plans"], responses=ERRORS)
    def plan(plan_id: Id, who: Who, c: Ctx) -> PlanDetail:
        """A version of a plan with its cap table after each round (``goldmine captable --json``)."""
        from goldmine.pipeline.financing import run_captable

        with c.store.transaction(write=False) as s:
            row, _ = _plan(s, who, plan_id)
            out, content = plan_out(row), dict(row.plan)
            parsed = stored_plan(row)
        return PlanDetail(**out.model_dump(), plan=content, captable=run_captable(parsed).to_dict())

    @app.get(f"{PREFIX}/plans/{{plan_id}}/waterfall", tags=["plans"], responses=ERRORS)
    def plan_waterfall(plan_id: Id, who: Who, c: Ctx,
                       exit: Annotated[list[str] | None, Query(description="Exit values, e.g. 100M or 5亿, at most 20 (default: the plan's exits).")] = None) -> dict[str, Any]:
        """Who gets what at each exit value (``goldmine waterfall --json``): preferences, participation
        and conversions solved jointly, exact."""
        from goldmine.pipeline.financing import parse_exit, run_waterfall

        if len(exit or []) > MAX_EXITS:
            raise InputError(None, [Problem("exit", "api.expected.max_exits", len(exit or []), params={"n": MAX_EXITS})])
        values = [parse_exit(raw[:40], None, f"exit[{i}]") for i, raw in enumerate(exit or [])]
        with c.store.transaction(write=False) as s:
            row, _ = _plan(s, who, plan_id)
            parsed = stored_plan(row)
        return dict(run_waterfall(parsed, values).to_dict())


def _startup_routes(app: FastAPI) -> None:
    @app.get(f"{PREFIX}/workspaces/{{workspace_id}}/startups", tags=["startups"], responses=ERRORS)
    def startups(workspace_id: Id, who: Who, c: Ctx, limit: Limit = 50, offset: Offset = 0) -> StartupPage:
        """The startups of a workspace (latest version of each), by slug."""
        with c.store.transaction(write=False) as s:
            _member_role(s, who, workspace_id)
            where = StartupRecord.workspace_id == workspace_id
            total = s.scalar(select(func.count()).select_from(StartupRecord).where(where)) or 0
            rows = s.scalars(select(StartupRecord).where(where).order_by(StartupRecord.slug).limit(limit).offset(offset))
            return StartupPage(total=total, limit=limit, offset=offset, items=_startup_outs(s, list(rows)))

    @app.post(f"{PREFIX}/workspaces/{{workspace_id}}/startups", tags=["startups"], status_code=201, responses=ERRORS)
    def add_startup(workspace_id: Id, who: Who, c: Ctx,
                    file: Annotated[UploadFile, File(description="A profile, .yaml, .yml or .json.")]) -> StartupDetail:
        """Store a profile (a new version when the startup exists and its profile changed). A profile
        that does not validate answers 422 with one error per field."""
        require_role(c, who, workspace_id, "member")
        name, data = _read_upload(file, c.settings.max_body_bytes)
        profile = _parse_upload(name, data)

        record_id = c.store.write(lambda s: save_profile(s, c, who, workspace_id, profile))
        with c.store.transaction(write=False) as s:
            return _startup_detail(s, who, record_id)

    @app.get(f"{PREFIX}/startups/{{startup_id}}", tags=["startups"], responses=ERRORS)
    def startup(startup_id: Id, who: Who, c: Ctx) -> StartupDetail:
        """A startup with the profile of its latest version."""
        with c.store.transaction(write=False) as s:
            return _startup_detail(s, who, startup_id)

    @app.get(f"{PREFIX}/startups/{{startup_id}}/versions", tags=["startups"], responses=ERRORS)
    def versions(startup_id: Id, who: Who, c: Ctx) -> list[VersionOut]:
        """Every stored version of a startup, oldest first."""
        with c.store.transaction(write=False) as s:
            record, _ = _startup(s, who, startup_id)
            return [VersionOut(version=v.version, name=v.name, stage=v.stage, content_hash=v.content_hash, note=v.note,
                               created_at=utc(v.created_at)) for v in record.versions]

    @app.put(f"{PREFIX}/startups/{{startup_id}}/stage", tags=["startups"], responses=ERRORS)
    def move(startup_id: Id, body: StageIn, who: Who, c: Ctx) -> StartupOut:
        """Move a startup on the deal board: sourcing, diligence, committee, invested, passed."""
        def write(s: Session) -> None:
            record, role = _startup(s, who, startup_id)
            allow(role, "member")
            row = s.get(DealStageRecord, startup_id)
            if row is None:
                s.add(DealStageRecord(startup_id=startup_id, stage=body.stage, updated_at=now()))
            else:
                row.stage, row.updated_at = body.stage, now()
            audit(s, who.user_id, record.workspace_id, "startup.stage", f"startup:{startup_id}:{body.stage}")

        c.store.write(write)
        with c.store.transaction(write=False) as s:
            return _startup_out(s, _startup(s, who, startup_id)[0])


def _run_routes(app: FastAPI) -> None:
    @app.post(f"{PREFIX}/startups/{{startup_id}}/runs", tags=["runs"], status_code=202, responses=ERRORS)
    def start_run(startup_id: Id, body: RunIn, who: Who, c: Ctx) -> JobOut:
        """Start a due-diligence run on the latest version as a background job; poll GET /jobs/{job_id}."""
        if body.paths is not None and body.paths > c.settings.max_paths:
            raise InputError(None, [Problem("paths", "api.expected.max_paths", body.paths,
                                                     params={"n": c.settings.max_paths})])

        return _job_out(queue_run(c, who, startup_id, body.kind, body.paths, body.seed))

    @app.post(f"{PREFIX}/startups/{{startup_id}}/deal-runs", tags=["runs"], status_code=202, responses=ERRORS)
    def start_deal_run(startup_id: Id, body: DealRunIn, who: Who, c: Ctx) -> JobOut:
        """Price a round: the deal analysis (``goldmine deal``) of the profile's proposal with the given
        fields replaced, as a background job. A field that does not validate answers 422 naming
        ``proposal.<field>``, and nothing is queued."""
        if body.paths is not None and body.paths > c.settings.max_paths:
            raise InputError(None, [Problem("paths", "api.expected.max_paths", body.paths,
                                            params={"n": c.settings.max_paths})])
        return _job_out(queue_deal_run(c, who, startup_id, body.paths, body.seed, body.proposal))

    @app.get(f"{PREFIX}/startups/{{startup_id}}/runs", tags=["runs"], responses=ERRORS)
    def runs(startup_id: Id, who: Who, c: Ctx, limit: Limit = 50, offset: Offset = 0) -> RunPage:
        """The stored runs of a startup (all its versions), newest first."""
        with c.store.transaction(write=False) as s:
            record, _ = _startup(s, who, startup_id)
            version_ids = select(StartupVersion.id).where(StartupVersion.startup_id == startup_id)
            where = (AnalysisRun.workspace_id == record.workspace_id) & AnalysisRun.startup_version_id.in_(version_ids)
            total = s.scalar(select(func.count()).select_from(AnalysisRun).where(where)) or 0
            rows = s.scalars(select(AnalysisRun).where(where).order_by(AnalysisRun.id.desc()).limit(limit).offset(offset))
            return RunPage(total=total, limit=limit, offset=offset, items=[RunSummary(**_run_summary(r)) for r in rows])

    @app.get(f"{PREFIX}/jobs/{{job_id}}", tags=["runs"], responses=ERRORS)
    def job(job_id: Id, who: Who, c: Ctx) -> JobOut:
        """A background job: status, progress from 0 to 1, and its run once done."""
        with c.store.transaction(write=False) as s:
            row = s.execute(select(JobRecord).join(Membership, (Membership.workspace_id == JobRecord.workspace_id)
                                                   & (Membership.user_id == who.user_id))
                            .where(JobRecord.id == job_id)).scalar()
            if row is None:
                raise ApiError(404, "api.error.not_found", what="job", id=job_id)
            return _job_out(row)

    @app.post(f"{PREFIX}/workspaces/{{workspace_id}}/sector-runs", tags=["sector"], status_code=202, responses=ERRORS)
    def start_sector_run(workspace_id: Id, body: SectorRunIn, who: Who, c: Ctx) -> JobOut:
        """Start the AI-sector view of the workspace (``goldmine sector``: the AI market index from the
        shipped prices and the workspace's stored prices of its members) as a background job."""
        return _job_out(queue_sector_run(c, who, workspace_id, body.seed, body.as_of.isoformat() if body.as_of else None))

    @app.get(f"{PREFIX}/workspaces/{{workspace_id}}/sector-runs", tags=["sector"], responses=ERRORS)
    def sector_runs(workspace_id: Id, who: Who, c: Ctx, limit: Limit = 50, offset: Offset = 0) -> RunPage:
        """The workspace's stored sector runs, newest first."""
        with c.store.transaction(write=False) as s:
            _member_role(s, who, workspace_id)
            where = (AnalysisRun.workspace_id == workspace_id) & (AnalysisRun.kind == "sector")
            total = s.scalar(select(func.count()).select_from(AnalysisRun).where(where)) or 0
            rows = s.scalars(select(AnalysisRun).options(defer(AnalysisRun.results)).where(where)
                             .order_by(AnalysisRun.id.desc()).limit(limit).offset(offset))
            return RunPage(total=total, limit=limit, offset=offset, items=[RunSummary(**_run_summary(r)) for r in rows])

    @app.get(f"{PREFIX}/runs/{{run_id}}", tags=["runs"], responses=ERRORS)
    def run(run_id: Id, who: Who, c: Ctx) -> RunOut:
        """A stored run: its parameters and results, the JSON of ``goldmine analyze --json``."""
        with c.store.transaction(write=False) as s:
            r, _ = _run(s, who, run_id)
            return RunOut(**_run_summary(r), parameters=r.parameters, results=r.results)

    @app.get(f"{PREFIX}/runs/{{run_id}}/report", tags=["runs"], responses=REPORT_RESPONSES,
             response_class=Response)
    def report(run_id: Id, who: Who, c: Ctx,
               format: Annotated[str, Query(pattern="^(md|html|pdf)$")] = "html",
               lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> Response:
        """The report of a due-diligence, deal or sector run in Markdown, HTML or PDF, in English or Chinese."""
        with c.store.transaction(write=False) as s:
            r, _ = _run(s, who, run_id, light=True)
            if not has_report(r):
                raise ApiError(404, "api.error.no_report", id=run_id, kind=r.kind)
            kind, workspace_id, version_id = r.kind, r.workspace_id, r.startup_version_id
            slug = "sector" if kind == "sector" else s.scalar(
                select(StartupRecord.slug).join(StartupVersion, StartupVersion.startup_id == StartupRecord.id)
                .where(StartupVersion.id == version_id))
        content = report_content(c, run_id, kind, workspace_id, version_id, format, lang)
        headers = {"Content-Disposition": f'inline; filename="{slug}-run{run_id}.{lang}.{format}"'}
        if format == "html":
            headers["Content-Security-Policy"] = REPORT_CSP
        return Response(content, media_type=REPORT_TYPES[format], headers=headers)
