"""The browser pages of ``goldmine serve`` (issue #18): server-rendered Jinja2 templates over the same
store, accounts and job runner as the JSON API (:mod:`goldmine.api.app`), mounted by
:func:`~goldmine.api.app.create_app`.

* ``/signup`` — the first account, only while the server has no user (later users are added by a
  workspace owner or ``goldmine users create``); ``/login``, ``/logout``.
* ``/workspaces`` — the user's workspaces and a form to create one; ``/w/{id}`` — the deal pipeline
  board (sourcing, diligence, committee, invested, passed) with a form per deal to move it;
  ``/w/{id}/upload`` — a profile upload with the validation errors shown per field.
* ``/w/{id}/sector`` — the sector dashboard: the verdict and pillars of the workspace's latest sector
  run, its report with the charts, earlier runs, and a form to run it again (as of a date);
* ``/w/{id}/team`` — members and their roles (an owner adds one) and the audit log (members and
  owners); ``/account`` — the user's API tokens: create one (its secret shown once), revoke one.
* ``/w/{id}/plans`` — the workspace's financing plans and an upload form (errors per field);
  ``/plans/{id}`` — a plan's rounds, its cap table after them and the exit waterfall at the plan's
  exit values or those the reader types.
* ``/s/{id}`` — a startup: latest version, versions, runs, the "run due diligence" form;
  ``/jobs/{id}`` — a run's progress, followed every second by ``static/goldmine.js``;
  ``/runs/{id}`` — the report inside the page (a sandboxed frame of ``/runs/{id}/report.html``) in
  English or Chinese, with downloads of HTML, Markdown and PDF from the API.

Safety: templates autoescape every value; forms carry the session's CSRF token (sign-up and sign-in
forms a double-submit cookie); pages send a Content-Security-Policy that allows scripts, styles,
frames and fetches from the server itself only (nothing loads from anywhere else); the embedded
report gets a policy of its own with no script at all and ``sandbox``.  Texts: ``i18n/web.yaml``.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldmine.api import accounts
from goldmine.api.accounts import RANK, Caller, audit, now, utc
from goldmine.api.app import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Context,
    Id,
    _deal_stage,
    _latest,
    _member_role,
    _parse_upload,
    _plan,
    _read_upload,
    _run,
    _set_cookies,
    _startup,
    _startup_out,
    _user_out,
    allow,
    client_ip,
    ctx,
    has_report,
    parse_plan_upload,
    plan_out,
    queue_deal_run,
    queue_run,
    queue_sector_run,
    report_content,
    require_role,
    save_plan,
    save_profile,
    stored_plan,
)
from goldmine.api.models import StartupDetail
from goldmine.api.problems import ApiError, field_errors, language
from goldmine.errors import InputError
from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message
from goldmine.store.tables import (
    AnalysisRun,
    ApiTokenRecord,
    AuditRecord,
    DealStageRecord,
    FinancingPlanRecord,
    JobRecord,
    Membership,
    StartupRecord,
    StartupVersion,
    UserRecord,
)

STAGES = ("sourcing", "diligence", "committee", "invested", "passed")
LANG_COOKIE = "goldmine_lang"
FORM_COOKIE = "goldmine_form"
MIN_PATHS = 100
DEFAULT_PATHS = 2000
#: Pages: scripts, styles, frames and fetches from this server only; no inline script or style.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
#: The report inside a page: its own inline styles and data: pictures, never a script; framed by this server only.
EMBED_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; "
             "frame-ancestors 'self'; base-uri 'none'; sandbox")
STATIC = Path(__file__).with_name("static")
ENV = Environment(loader=PackageLoader("goldmine.api", "templates"), autoescape=select_autoescape(default=True),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_SIGNUP = threading.Lock()


class NeedSignIn(Exception):
    """A page that needs a signed-in user was asked for without one: redirect to the sign-in page."""


class FormRefused(Exception):
    """A form came without the right CSRF token."""


class PageRoute(APIRoute):
    """A page: errors are answered with an HTML page in the reader's language, not problem+json."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except NeedSignIn:
                return RedirectResponse("/login", status_code=303)
            except FormRefused:
                return error_page(request, 403, "web.form.expired")
            except ApiError as exc:
                key = {403: "web.error.forbidden", 404: "web.error.not_found"}.get(exc.status)
                return error_page(request, exc.status, key, exc.message(lang_for(request)))
            except RequestValidationError:
                return error_page(request, 400, None, t("api.error.request", lang_for(request)))

        return page_handler


# ---------------------------------------------------------------------- rendering
def lang_for(request: Request) -> str:
    """The page's language: the ``goldmine_lang`` cookie (the switch on every page), else ``Accept-Language``."""
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in ("en", "zh") else language(request.headers.get("accept-language"))


def render(request: Request, template: str, /, *, status: int = 200, who: Caller | None = None,
           headers: dict[str, str] | None = None, **values: Any) -> HTMLResponse:
    lang = lang_for(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")

    def text(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    def funding(stage: str) -> str:
        return t(f"stage.{stage}", lang) if has_key(f"stage.{stage}") else stage

    html = ENV.get_template(template).render(lang=lang, _=text, funding=funding, user=who, csrf=(who.csrf_token or "") if who else "",
                                         here=quote(here, safe=""), stages=STAGES, **values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_CSP, **(headers or {})})


def error_page(request: Request, status: int, key: str | None, detail: str | None = None) -> HTMLResponse:
    lang = lang_for(request)
    message = t(key, lang) if key else (detail or t("api.error.request", lang))
    return render(request, "error.html", status=status, message=message, detail=detail if key else None)


def form_seed(seed: str, lang: str, errors: list[str]) -> int | None:
    """A seed typed in a form: empty (the default), or a whole number 0 to 2^63 - 1; anything else
    adds its message to ``errors``."""
    text = seed.strip()
    chosen = int(text) if text.isdigit() and int(text) < 2**63 else None
    if text and chosen is None:
        errors.append(t("web.run.bad_seed", lang))
    return chosen


def form_error(path: str, message: str) -> dict[str, Any]:
    """A form's own error in the shape of the API's ``errors[]`` (``errors.html`` shows both)."""
    return {"path": path, "message": message, "expectation": message, "found": None}


def redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303)


# ---------------------------------------------------------------------- callers and forms
def page_caller(request: Request) -> Caller | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    return accounts.caller_from_session(ctx(request).store, cookie) if cookie else None


def signed_in(request: Request) -> Caller:
    who = page_caller(request)
    if who is None:
        raise NeedSignIn
    return who


Me = Annotated[Caller, Depends(signed_in)]
Ctx = Annotated[Context, Depends(ctx)]
Csrf = Annotated[str, Form(max_length=200)]


def check_csrf(who: Caller, sent: str) -> None:
    if not who.csrf_token or not secrets.compare_digest(sent.encode(), who.csrf_token.encode()):
        raise FormRefused


def form_token(request: Request) -> str:
    """The double-submit token of the sign-up and sign-in forms (no session exists yet)."""
    return request.cookies.get(FORM_COOKIE) or accounts.new_secret()


def with_form_cookie(request: Request, response: Response, token: str) -> Response:
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


def check_form_token(request: Request, sent: str) -> None:
    cookie = request.cookies.get(FORM_COOKIE, "")
    if not cookie or not secrets.compare_digest(sent.encode(), cookie.encode()):
        raise FormRefused


def has_users(c: Context) -> bool:
    with c.store.transaction(write=False) as s:
        return bool(s.scalar(select(func.count()).select_from(UserRecord)))


def shown_name(profile: dict[str, Any], lang: str, fallback: str) -> str:
    """The company's name in the page's language (``identity.name`` holds ``en`` and/or ``zh``)."""
    name = (profile.get("identity") or {}).get("name")
    if isinstance(name, dict):
        first, second = (name.get("zh"), name.get("en")) if lang == "zh" else (name.get("en"), name.get("zh"))
        return str(first or second or fallback)
    return fallback


def role_label(lang: str, role: str) -> str:
    return t(f"web.role.{role}", lang)


# ---------------------------------------------------------------------- routes
def mount_pages(app: FastAPI) -> None:
    """Add the pages and their static files (``/static``) to ``app``."""
    router = APIRouter(route_class=PageRoute, include_in_schema=False, default_response_class=HTMLResponse)
    _account_pages(router)
    _workspace_pages(router)
    _startup_pages(router)
    _run_pages(router)
    _sector_pages(router)
    _team_pages(router)
    _plan_pages(router)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def _account_pages(router: APIRouter) -> None:
    @router.get("/")
    def home(request: Request, c: Ctx) -> Response:
        if not has_users(c):
            return redirect("/signup")
        return redirect("/workspaces" if page_caller(request) else "/login")

    @router.get("/lang/{code}")
    def switch(code: str, request: Request, next: str = "/") -> Response:
        target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
        response = redirect(target)
        if code in ("en", "zh"):
            response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
        return response

    @router.get("/signup")
    def signup_form(request: Request, c: Ctx) -> Response:
        if has_users(c):
            return render(request, "signup.html", status=403, closed=True, form="", errors=[], email="")
        token = form_token(request)
        return with_form_cookie(request, render(request, "signup.html", closed=False, form=token, errors=[], email=""), token)

    @router.post("/signup")
    def signup(request: Request, c: Ctx, csrf: Csrf = "", email: Annotated[str, Form(max_length=254)] = "",
               password: Annotated[str, Form(max_length=1024)] = "") -> Response:
        check_form_token(request, csrf)
        with _SIGNUP:
            if has_users(c):
                return render(request, "signup.html", status=403, closed=True, form="", errors=[], email="")
            try:
                user_id = accounts.create_user(c.store, email, password)
            except InputError as exc:
                return render(request, "signup.html", status=422, closed=False, form=csrf, email=email,
                              errors=field_errors(exc.problems, lang_for(request)))
        return _signed_in(request, c, user_id)

    @router.get("/login")
    def login_form(request: Request, c: Ctx) -> Response:
        if not has_users(c):
            return redirect("/signup")
        token = form_token(request)
        return with_form_cookie(request, render(request, "login.html", form=token, failed=None, email=""), token)

    @router.post("/login")
    def login(request: Request, c: Ctx, csrf: Csrf = "", email: Annotated[str, Form(max_length=254)] = "",
              password: Annotated[str, Form(max_length=1024)] = "") -> Response:
        check_form_token(request, csrf)
        lang = lang_for(request)
        key = (email.strip().lower(), client_ip(request))
        wait = c.throttle.retry_after(key)
        if wait is not None:
            return render(request, "login.html", status=429, form=csrf, email=email,
                          failed=t("api.error.rate_limited", lang, minutes=max(1, wait // 60)))
        user_id = accounts.authenticate(c.store, email, password)
        if user_id is None:
            c.throttle.fail(key)
            return render(request, "login.html", status=401, form=csrf, email=email, failed=t("web.login.failed", lang))
        return _signed_in(request, c, user_id)

    @router.post("/logout")
    def logout(request: Request, who: Me, c: Ctx, csrf: Csrf = "") -> Response:
        check_csrf(who, csrf)
        if who.session_id is not None:
            accounts.end_session(c.store, who.session_id)
        response = redirect("/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        response.delete_cookie(CSRF_COOKIE, path="/")
        return response


def _signed_in(request: Request, c: Context, user_id: int) -> Response:
    secret, csrf = accounts.create_session(c.store, user_id)
    response = redirect("/workspaces")
    _set_cookies(request, response, secret, csrf, c.settings)
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


def _workspace_pages(router: APIRouter) -> None:
    def listing(request: Request, who: Caller, c: Context, *, status: int = 200, errors: list[dict[str, Any]] | None = None,
                name: str = "") -> Response:
        with c.store.transaction(write=False) as s:
            spaces = _user_out(s, who.user_id).workspaces
        return render(request, "workspaces.html", status=status, who=who, workspaces=spaces, errors=errors or [],
                      name=name, role_label=role_label)

    @router.get("/workspaces")
    def workspaces(request: Request, who: Me, c: Ctx) -> Response:
        return listing(request, who, c)

    @router.post("/workspaces")
    def new_workspace(request: Request, who: Me, c: Ctx, csrf: Csrf = "",
                      name: Annotated[str, Form(max_length=100)] = "") -> Response:
        check_csrf(who, csrf)
        try:
            ws = accounts.create_workspace(c.store, who.user_id, name.strip())
        except InputError as exc:
            return listing(request, who, c, status=422, errors=field_errors(exc.problems, lang_for(request)), name=name)
        return redirect(f"/w/{ws}")

    @router.get("/w/{workspace_id}")
    def board(workspace_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        with c.store.transaction(write=False) as s:
            role = _member_role(s, who, workspace_id)
            name = _workspace_name(s, workspace_id)
            rows = s.scalars(select(StartupRecord).where(StartupRecord.workspace_id == workspace_id)
                             .order_by(StartupRecord.slug).limit(1000))
            deals = [_startup_out(s, r) for r in rows]
            names = {d.id: shown_name(_latest(s, d.id).profile, lang_for(request), d.name) for d in deals}
        columns = {stage: [d for d in deals if d.deal_stage == stage] for stage in STAGES}
        return render(request, "board.html", who=who, workspace_id=workspace_id, workspace=name, columns=columns, names=names,
                      can_write=RANK[role] >= RANK["member"])

    @router.get("/w/{workspace_id}/upload")
    def upload_form(workspace_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        with c.store.transaction(write=False) as s:
            _member_role(s, who, workspace_id)
            name = _workspace_name(s, workspace_id)
        return render(request, "upload.html", who=who, workspace_id=workspace_id, workspace=name, errors=[], file=None)

    @router.post("/w/{workspace_id}/upload")
    def upload(workspace_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
               file: Annotated[UploadFile | None, File()] = None) -> Response:
        check_csrf(who, csrf)
        with c.store.transaction(write=False) as s:
            allow(_member_role(s, who, workspace_id), "member")
            name = _workspace_name(s, workspace_id)
        lang = lang_for(request)
        if file is None or not file.filename:
            return render(request, "upload.html", status=422, who=who, workspace_id=workspace_id, workspace=name,
                          file=None, errors=[form_error("file", t("web.upload.missing", lang))])
        filename, data = _read_upload(file, c.settings.max_body_bytes)
        try:
            profile = _parse_upload(filename, data)
        except InputError as exc:
            return render(request, "upload.html", status=422, who=who, workspace_id=workspace_id, workspace=name,
                          file=filename, errors=field_errors(exc.problems, lang))
        record_id = c.store.write(lambda s: save_profile(s, c, who, workspace_id, profile))
        return redirect(f"/s/{record_id}")


def _amount(value: Any) -> str:
    """A number of a stored profile as a form shows it (``20000000``, ``1.5``), or empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workspace_name(s: Session, workspace_id: int) -> str:
    from goldmine.store.tables import Workspace

    found = s.get(Workspace, workspace_id)
    assert found is not None  # invariant: the caller's membership names it
    return found.name


def _startup_pages(router: APIRouter) -> None:
    def show(request: Request, who: Caller, c: Context, startup_id: int, *, status: int = 200,
             run_errors: list[str] | None = None, paths: str = str(DEFAULT_PATHS), seed: str = "",
             deal_errors: list[dict[str, Any]] | None = None, deal_form: dict[str, str] | None = None) -> Response:
        with c.store.transaction(write=False) as s:
            record, role = _startup(s, who, startup_id)
            detail = _startup_out(s, record, detail=True)
            assert isinstance(detail, StartupDetail)
            versions = [{"version": v.version, "name": v.name, "stage": v.stage, "hash": v.content_hash[:12],
                         "note": v.note, "created_at": utc(v.created_at)} for v in record.versions]
            version_of = {v.id: v.version for v in record.versions}
            rows = s.scalars(select(AnalysisRun).where(AnalysisRun.workspace_id == record.workspace_id,
                                                       AnalysisRun.startup_version_id.in_(version_of))
                             .order_by(AnalysisRun.id.desc()).limit(50))
            runs = [{"id": r.id, "kind": r.kind, "version": version_of.get(r.startup_version_id or 0),
                     "created_at": utc(r.created_at)} for r in rows]
            workspace = _workspace_name(s, record.workspace_id)
        proposal = detail.profile.get("proposal") or {}
        pref = proposal.get("preference") or {}
        form = {"new_money": _amount(proposal.get("new_money")), "pre_money": _amount(proposal.get("pre_money")),
                "post_money": _amount(proposal.get("post_money")), "instrument": str(proposal.get("instrument") or "priced"),
                "multiple": _amount(pref.get("multiple", 1)), "type": str(pref.get("type") or "non_participating"),
                "cap": _amount(pref.get("cap")), "pro_rata": "on" if proposal.get("pro_rata") else ""}
        form.update(deal_form or {})
        return render(request, "startup.html", status=status, who=who, startup=detail, versions=versions, runs=runs,
                      deal=form, deal_errors=deal_errors or [], has_proposal=bool(proposal),
                      workspace=workspace, name=shown_name(detail.profile, lang_for(request), detail.name), can_write=RANK[role] >= RANK["member"], run_errors=run_errors or [],
                      paths=paths, seed=seed, min_paths=MIN_PATHS, max_paths=c.settings.max_paths)

    @router.get("/s/{startup_id}")
    def startup(startup_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        return show(request, who, c, startup_id)

    @router.post("/s/{startup_id}/stage")
    def move(startup_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
             stage: Annotated[str, Form(max_length=20)] = "") -> Response:
        check_csrf(who, csrf)
        if stage not in STAGES:
            raise RequestValidationError([])

        def write(s: Session) -> int:
            record, role = _startup(s, who, startup_id)
            allow(role, "member")
            row = s.get(DealStageRecord, startup_id)
            if row is None:
                s.add(DealStageRecord(startup_id=startup_id, stage=stage, updated_at=now()))
            else:
                row.stage, row.updated_at = stage, now()
            audit(s, who.user_id, record.workspace_id, "startup.stage", f"startup:{startup_id}:{stage}")
            return record.workspace_id

        workspace_id = c.store.write(write)
        return redirect(f"/w/{workspace_id}")

    @router.post("/s/{startup_id}/run")
    def start(startup_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
              paths: Annotated[str, Form(max_length=20)] = "", seed: Annotated[str, Form(max_length=20)] = "") -> Response:
        check_csrf(who, csrf)
        lang = lang_for(request)
        errors = []
        n = int(paths) if paths.strip().isdigit() else None
        if n is None or not MIN_PATHS <= n <= c.settings.max_paths:
            errors.append(t("web.run.bad_paths", lang, min=MIN_PATHS, max=c.settings.max_paths))
        chosen = form_seed(seed, lang, errors)
        if errors:
            return show(request, who, c, startup_id, status=422, run_errors=errors, paths=paths, seed=seed)

        job = queue_run(c, who, startup_id, "due_diligence", n, chosen)
        return redirect(f"/jobs/{job.id}")

    @router.post("/s/{startup_id}/deal")
    def price(startup_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
              new_money: Annotated[str, Form(max_length=40)] = "", pre_money: Annotated[str, Form(max_length=40)] = "",
              post_money: Annotated[str, Form(max_length=40)] = "", instrument: Annotated[str, Form(max_length=20)] = "",
              multiple: Annotated[str, Form(max_length=20)] = "", type: Annotated[str, Form(max_length=30)] = "",
              cap: Annotated[str, Form(max_length=20)] = "", pro_rata: Annotated[str, Form(max_length=5)] = "") -> Response:
        """Price a round on the terms of the form: the profile's proposal with these fields replaced."""
        check_csrf(who, csrf)
        form = {"new_money": new_money, "pre_money": pre_money, "post_money": post_money, "instrument": instrument,
                "multiple": multiple, "type": type, "cap": cap, "pro_rata": pro_rata}
        given: dict[str, Any] = {k: v.strip() for k, v in form.items() if k in ("new_money", "instrument") and v.strip()}
        if pre_money.strip():
            given["pre_money"] = pre_money.strip()
        elif post_money.strip():
            given["post_money"] = post_money.strip()
        preference = {"multiple": multiple.strip() or None, "type": type.strip() or None, "cap": cap.strip() or None}
        given["preference"] = {k: v for k, v in preference.items() if v is not None}  # a type without a cap drops a stored cap
        given["pro_rata"] = pro_rata == "on"
        try:
            job = queue_deal_run(c, who, startup_id, None, None, given)
        except InputError as exc:
            return show(request, who, c, startup_id, status=422, deal_errors=field_errors(exc.problems, lang_for(request)),
                        deal_form=form)
        return redirect(f"/jobs/{job.id}")


def _run_pages(router: APIRouter) -> None:
    @router.get("/jobs/{job_id}")
    def job(job_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        with c.store.transaction(write=False) as s:
            row = s.execute(select(JobRecord).join(Membership, (Membership.workspace_id == JobRecord.workspace_id)
                                                   & (Membership.user_id == who.user_id))
                            .where(JobRecord.id == job_id)).scalar()
            if row is None:
                raise ApiError(404, "api.error.not_found", what="job", id=job_id)
            if row.startup_id is None:  # a sector job
                name = t("web.sector.title", lang_for(request), workspace=_workspace_name(s, row.workspace_id))
            else:
                latest = _latest(s, row.startup_id)
                name = shown_name(latest.profile, lang_for(request), latest.name)
            found = {"id": row.id, "status": row.status, "progress": row.progress, "run_id": row.run_id,
                     "startup_id": row.startup_id, "workspace_id": row.workspace_id, "kind": row.kind}
            error = Message.from_dict(row.error).render(lang_for(request)) if row.error else None
        return render(request, "job.html", who=who, job=found, name=name, error=error)

    @router.get("/runs/{run_id}")
    def report(run_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        with c.store.transaction(write=False) as s:
            r, _ = _run(s, who, run_id, light=True)
            if not has_report(r):
                raise ApiError(404, "api.error.no_report", id=run_id, kind=r.kind)
            if r.kind == "sector":
                info = {"id": r.id, "kind": r.kind, "workspace_id": r.workspace_id,
                        "name": t("web.sector.title", lang_for(request), workspace=_workspace_name(s, r.workspace_id))}
            else:
                version = s.get(StartupVersion, r.startup_version_id)
                assert version is not None  # invariant: has_report
                info = {"id": r.id, "kind": r.kind, "name": shown_name(version.profile, lang_for(request), version.name),
                        "version": version.version, "startup_id": version.startup_id,
                        "deal_stage": _deal_stage(s, version.startup_id)}
        return render(request, "report.html", who=who, run=info)

    @router.get("/runs/{run_id}/report.html")
    def embedded(run_id: Id, request: Request, who: Me, c: Ctx, lang: str = "") -> Response:
        """The HTML report alone, for the frame of ``/runs/{id}``: sandboxed, no script."""
        chosen = lang if lang in ("en", "zh") else lang_for(request)
        with c.store.transaction(write=False) as s:
            r, _ = _run(s, who, run_id, light=True)
            if not has_report(r):
                raise ApiError(404, "api.error.no_report", id=run_id, kind=r.kind)
            kind, workspace_id, version_id = r.kind, r.workspace_id, r.startup_version_id
        content = report_content(c, run_id, kind, workspace_id, version_id, "html", chosen)
        return Response(content, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": EMBED_CSP, "X-Frame-Options": "SAMEORIGIN"})


# ---------------------------------------------------------------------- the sector dashboard
def pillar_rows(results: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The pillars of a stored sector run's results in ``lang``: name, status, finding, evidence state
    (the words of the report's pillar table, :func:`goldmine.report.sector.pillar_table`)."""
    rows = []
    for p in results.get("pillars") or []:
        fresh = p.get("freshness") or {}
        state = fresh.get("state")
        if state in ("current", "stale"):
            freshness = t(f"sector.freshness.{state}", lang, end=fresh.get("end") or "—", age=fresh.get("age_days"),
                          limit=fresh.get("max_age_days"))
        elif state:
            freshness = t(f"sector.freshness.{state}", lang)
        else:
            freshness = "—"
        finding = Message.from_dict(p["finding"]).render(lang) if p.get("finding") else "—"
        rows.append({"id": str(p.get("id")), "name": t(f"report.pillar.{p.get('id')}", lang), "status": str(p.get("status")),
                     "status_text": t(f"report.status.{p.get('status')}", lang), "finding": finding, "freshness": freshness})
    return rows


def _sector_pages(router: APIRouter) -> None:
    def dashboard(request: Request, who: Caller, c: Context, workspace_id: int, *, status: int = 200,
                  errors: list[str] | None = None, as_of: str = "", seed: str = "") -> Response:
        lang = lang_for(request)
        with c.store.transaction(write=False) as s:
            role = _member_role(s, who, workspace_id)
            workspace = _workspace_name(s, workspace_id)
            where = (AnalysisRun.workspace_id == workspace_id) & (AnalysisRun.kind == "sector")
            latest = s.scalar(select(AnalysisRun).where(where).order_by(AnalysisRun.id.desc()).limit(1))
            earlier = [{"id": r.id, "created_at": utc(r.created_at), "as_of": (r.parameters or {}).get("as_of")}
                       for r in s.scalars(select(AnalysisRun).where(where).order_by(AnalysisRun.id.desc()).limit(20))]
            pending = [{"id": j.id, "status": j.status} for j in s.scalars(
                select(JobRecord).where(JobRecord.workspace_id == workspace_id, JobRecord.kind == "sector",
                                        JobRecord.status.in_(("queued", "running"))).order_by(JobRecord.id))]
            view = None
            if latest is not None:
                results = latest.results or {}
                counts = results.get("counts") or {}
                verdict = str(results.get("verdict"))
                view = {"id": latest.id, "created_at": utc(latest.created_at), "as_of": (latest.parameters or {}).get("as_of"),
                        "verdict": verdict, "verdict_text": t(f"report.sector.verdict.{verdict}", lang),
                        "counts": {k: int(counts.get(k, 0)) for k in ("warning", "neutral", "supportive", "unavailable")},
                        "pillars": pillar_rows(results, lang)}
        return render(request, "sector.html", status=status, who=who, workspace_id=workspace_id, workspace=workspace,
                      view=view, earlier=earlier, pending=pending, can_write=RANK[role] >= RANK["member"],
                      errors=errors or [], as_of=as_of, seed=seed)

    @router.get("/w/{workspace_id}/sector")
    def sector(workspace_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        return dashboard(request, who, c, workspace_id)

    @router.post("/w/{workspace_id}/sector/run")
    def run_sector(workspace_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
                   as_of: Annotated[str, Form(max_length=20)] = "", seed: Annotated[str, Form(max_length=20)] = "") -> Response:
        import datetime as dt

        check_csrf(who, csrf)
        lang = lang_for(request)
        errors = []
        day = None
        if as_of.strip():
            try:
                day = dt.date.fromisoformat(as_of.strip())
            except ValueError:
                errors.append(t("web.sector.bad_as_of", lang, value=as_of.strip()))
        chosen = form_seed(seed, lang, errors)
        if errors:
            return dashboard(request, who, c, workspace_id, status=422, errors=errors, as_of=as_of, seed=seed)
        job = queue_sector_run(c, who, workspace_id, chosen, day.isoformat() if day else None)
        return redirect(f"/jobs/{job.id}")


# ---------------------------------------------------------------------- team, audit log and API tokens
AUDIT_PAGE = 50


def _team_pages(router: APIRouter) -> None:
    def team(request: Request, who: Caller, c: Context, workspace_id: int, *, status: int = 200,
             errors: list[dict[str, Any]] | None = None, email: str = "", page: int = 0) -> Response:
        with c.store.transaction(write=False) as s:
            role = _member_role(s, who, workspace_id)
            workspace = _workspace_name(s, workspace_id)
            members = [{"email": e, "role": r} for e, r in s.execute(
                select(UserRecord.email, Membership.role).join(Membership, Membership.user_id == UserRecord.id)
                .where(Membership.workspace_id == workspace_id).order_by(UserRecord.email))]
            log: list[dict[str, Any]] = []
            total = 0
            if RANK[role] >= RANK["member"]:
                where = AuditRecord.workspace_id == workspace_id
                total = s.scalar(select(func.count()).select_from(AuditRecord).where(where)) or 0
                emails = dict(s.execute(select(UserRecord.id, UserRecord.email)).all())
                log = [{"when": utc(a.created_at), "who": emails.get(a.user_id or 0, "—"), "action": a.action, "target": a.target}
                       for a in s.scalars(select(AuditRecord).where(where).order_by(AuditRecord.id.desc())
                                          .limit(AUDIT_PAGE).offset(page * AUDIT_PAGE))]
        lang = lang_for(request)

        def action_label(action: str) -> str:
            key = f"web.audit.action.{action}"
            return t(key, lang) if has_key(key) else action

        return render(request, "team.html", status=status, who=who, workspace_id=workspace_id, workspace=workspace,
                      action_label=action_label,
                      members=members, role=role, role_label=role_label, is_owner=role == "owner",
                      can_read_log=RANK[role] >= RANK["member"], log=log, page=page,
                      pages=max(1, -(-total // AUDIT_PAGE)), errors=errors or [], email=email, roles=("owner", "member", "viewer"))

    @router.get("/w/{workspace_id}/team")
    def show_team(workspace_id: Id, request: Request, who: Me, c: Ctx, page: int = 0) -> Response:
        return team(request, who, c, workspace_id, page=max(0, min(page, 10**6)))

    @router.post("/w/{workspace_id}/members")
    def add_member(workspace_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
                   email: Annotated[str, Form(max_length=254)] = "", role: Annotated[str, Form(max_length=20)] = "") -> Response:
        check_csrf(who, csrf)
        require_role(c, who, workspace_id, "owner")
        try:
            accounts.add_member(c.store, who.user_id, workspace_id, email, role)
        except InputError as exc:
            return team(request, who, c, workspace_id, status=422, errors=field_errors(exc.problems, lang_for(request)),
                        email=email)
        return redirect(f"/w/{workspace_id}/team")

    def account(request: Request, who: Caller, c: Context, *, new_token: str | None = None, status: int = 200,
                errors: list[dict[str, Any]] | None = None) -> Response:
        with c.store.transaction(write=False) as s:
            tokens = [{"id": r.id, "name": r.name, "created_at": utc(r.created_at), "revoked": r.revoked_at is not None}
                      for r in s.scalars(select(ApiTokenRecord).where(ApiTokenRecord.user_id == who.user_id)
                                         .order_by(ApiTokenRecord.id.desc()))]
        return render(request, "account.html", status=status, who=who, tokens=tokens, new_token=new_token, errors=errors or [])

    @router.get("/account")
    def show_account(request: Request, who: Me, c: Ctx) -> Response:
        return account(request, who, c)

    @router.post("/account/tokens")
    def new_token(request: Request, who: Me, c: Ctx, csrf: Csrf = "", name: Annotated[str, Form(max_length=100)] = "") -> Response:
        check_csrf(who, csrf)
        if not name.strip():
            lang = lang_for(request)
            return account(request, who, c, status=422, errors=[form_error("name", t("web.account.name_missing", lang))])
        _, secret = accounts.create_token(c.store, who.user_id, name.strip())
        return account(request, who, c, new_token=secret, status=201)

    @router.post("/account/tokens/{token_id}/revoke")
    def revoke(token_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "") -> Response:
        check_csrf(who, csrf)
        if not accounts.revoke_token(c.store, who.user_id, token_id):
            raise ApiError(404, "api.error.not_found", what="token", id=token_id)
        c.tokens.clear()
        return redirect("/account")


# ---------------------------------------------------------------------- financing plans
def plan_tables(captable: dict[str, Any], waterfalls: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """The rounds, the final cap table and the waterfall of a plan's results (``goldmine captable`` and
    ``waterfall`` ``--json``) as rows of text in ``lang``."""
    from goldmine.i18n import format_money, format_pct

    cur = str(captable.get("currency") or "USD")

    def money(x: Any) -> str:
        return "—" if x is None else format_money(float(x), cur, lang, compact=True)

    def pct(x: Any) -> str:
        return "—" if x is None else format_pct(float(x), 2)

    rounds = [{"name": st.get("name"), "date": st.get("date"),
               "instrument": t(f"financing.instrument.{st.get('instrument')}", lang) if has_key(f"financing.instrument.{st.get('instrument')}") else st.get("instrument"),
               "raised": money(st.get("money_raised")), "pre": money(st.get("pre_money")), "post": money(st.get("post_money")),
               "price": "—" if st.get("price") is None else f"{float(st['price']):,.4f}", "dilution": pct(st.get("dilution"))}
              for st in captable.get("steps") or []]
    final = captable.get("final") or {}
    holders = [{"holder": h.get("holder"), "shares": f"{int(h.get('shares') or 0):,}", "ownership": pct(h.get("ownership"))}
               for h in final.get("holders") or []]
    exits: list[str] = []
    payouts: list[dict[str, Any]] = []
    if waterfalls is not None:
        items = waterfalls.get("waterfalls") or []
        exits = [money(w.get("exit_value")) for w in items]
        names: list[str] = []
        for w in items:
            names += [n for n in (w.get("by_holder") or {}) if n not in names]
        for n in names:
            cells = []
            for w in items:
                amount = float((w.get("by_holder") or {}).get(n, 0.0))
                value = float(w.get("exit_value") or 0.0)
                share = pct(amount / value if value else 0.0)
                cells.append(f"{money(amount)}（{share}）" if lang == "zh" else f"{money(amount)} ({share})")
            payouts.append({"holder": n, "cells": cells})
    return {"currency": cur, "rounds": rounds, "holders": holders, "fully_diluted": f"{int(final.get('fully_diluted') or 0):,}",
            "raised": money(captable.get("total_raised")), "exits": exits, "payouts": payouts}


def _plan_pages(router: APIRouter) -> None:
    def listing(request: Request, who: Caller, c: Context, workspace_id: int, *, status: int = 200,
                errors: list[dict[str, Any]] | None = None, file: str | None = None) -> Response:
        with c.store.transaction(write=False) as s:
            role = _member_role(s, who, workspace_id)
            workspace = _workspace_name(s, workspace_id)
            rows = s.scalars(select(FinancingPlanRecord).where(FinancingPlanRecord.workspace_id == workspace_id)
                             .order_by(FinancingPlanRecord.slug, FinancingPlanRecord.version.desc()))
            latest: dict[str, Any] = {}
            for r in rows:
                latest.setdefault(r.slug, plan_out(r))
        return render(request, "plans.html", status=status, who=who, workspace_id=workspace_id, workspace=workspace,
                      plans=list(latest.values()), can_write=RANK[role] >= RANK["member"], errors=errors or [], file=file)

    @router.get("/w/{workspace_id}/plans")
    def plans(workspace_id: Id, request: Request, who: Me, c: Ctx) -> Response:
        return listing(request, who, c, workspace_id)

    @router.post("/w/{workspace_id}/plans")
    def upload_plan(workspace_id: Id, request: Request, who: Me, c: Ctx, csrf: Csrf = "",
                    file: Annotated[UploadFile | None, File()] = None) -> Response:
        check_csrf(who, csrf)
        require_role(c, who, workspace_id, "member")
        lang = lang_for(request)
        if file is None or not file.filename:
            return listing(request, who, c, workspace_id, status=422, errors=[form_error("file", t("web.upload.missing", lang))])
        filename, data = _read_upload(file, c.settings.max_body_bytes)
        try:
            plan, content = parse_plan_upload(filename, data)
        except InputError as exc:
            return listing(request, who, c, workspace_id, status=422, errors=field_errors(exc.problems, lang), file=filename)
        row = c.store.write(lambda s: save_plan(s, who, workspace_id, plan, content))
        return redirect(f"/plans/{row.id}")

    @router.get("/plans/{plan_id}")
    def show_plan(plan_id: Id, request: Request, who: Me, c: Ctx, exits: str = "") -> Response:
        from goldmine.pipeline.financing import parse_exit, run_captable, run_waterfall

        lang = lang_for(request)
        with c.store.transaction(write=False) as s:
            row, _ = _plan(s, who, plan_id)
            info = plan_out(row)
            parsed = stored_plan(row)
            workspace = _workspace_name(s, row.workspace_id)
            versions = [{"id": v.id, "version": v.version, "created_at": utc(v.created_at)} for v in s.scalars(
                select(FinancingPlanRecord).where(FinancingPlanRecord.workspace_id == row.workspace_id,
                                                  FinancingPlanRecord.slug == row.slug).order_by(FinancingPlanRecord.version))]
        errors: list[dict[str, Any]] = []
        values = []
        for i, raw in enumerate(x for x in exits.replace("，", ",").split(",") if x.strip()):
            try:
                values.append(parse_exit(raw.strip()[:40], None, f"exits[{i}]"))
            except InputError as exc:
                errors += field_errors(exc.problems, lang)
        captable = run_captable(parsed).to_dict()
        waterfalls = None
        if not errors and (values or parsed.exits):
            waterfalls = run_waterfall(parsed, values[:20]).to_dict()
        return render(request, "plan.html", status=422 if errors else 200, who=who, plan=info, workspace=workspace,
                      tables=plan_tables(captable, waterfalls, lang), versions=versions, exits=exits, errors=errors)
