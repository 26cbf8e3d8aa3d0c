"""The request and response models of the HTTP API: the OpenAPI document (``/api/v1/openapi.json``)
is generated from them and is the API's contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["owner", "member", "viewer"]
DealStage = Literal["sourcing", "diligence", "committee", "invested", "passed"]
JobStatus = Literal["queued", "running", "done", "failed"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldError(Model):
    path: str = Field(description="The field at fault, dotted (financials.cash).")
    expected: str = Field(description="The catalogue key of what was expected.")
    expectation: str = Field(description="What was expected, in the request's language.")
    message: str = Field(description="The whole line, as the command line prints it.")
    found: Any = Field(None, description="The value found (null when absent).")


class ProblemOut(Model):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class Health(Model):
    status: Literal["ok"]
    version: str


class LoginIn(Model):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class WorkspaceOut(Model):
    id: int
    name: str
    role: Role


class UserOut(Model):
    id: int
    email: str
    workspaces: list[WorkspaceOut]


class LoginOut(Model):
    user: UserOut
    csrf_token: str = Field(description="Send it back as the X-CSRF-Token header on unsafe requests.")


class TokenIn(Model):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(Model):
    id: int
    name: str
    created_at: dt.datetime
    revoked: bool


class NewToken(TokenOut):
    token: str = Field(description="The secret, shown this once: send it as Authorization: Bearer TOKEN.")


class WorkspaceIn(Model):
    name: str = Field(min_length=1, max_length=100)


class MemberIn(Model):
    email: str = Field(max_length=254)
    role: Role


class MemberOut(Model):
    user_id: int
    email: str
    role: Role


class Page(Model):
    total: int
    limit: int
    offset: int


class StartupOut(Model):
    id: int
    workspace_id: int
    slug: str
    name: str
    stage: str = Field(description="The company's funding stage, from its profile.")
    deal_stage: DealStage
    version: int
    content_hash: str
    created_at: dt.datetime


class StartupDetail(StartupOut):
    profile: dict[str, Any]


class StartupPage(Page):
    items: list[StartupOut]


class VersionOut(Model):
    version: int
    name: str
    stage: str
    content_hash: str
    note: str | None
    created_at: dt.datetime


class StageIn(Model):
    stage: DealStage


class RunIn(Model):
    kind: Literal["due_diligence"] = "due_diligence"
    paths: int | None = Field(None, ge=100, description="Monte Carlo paths (default: data/settings.yaml, as goldmine analyze).")
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Random seed (default: data/settings.yaml).")


class PlanOut(Model):
    id: int = Field(description="The id of this version of the plan.")
    workspace_id: int
    slug: str
    name: str
    version: int
    content_hash: str
    created_at: dt.datetime


class PlanPage(Page):
    items: list[PlanOut]


class PlanDetail(PlanOut):
    plan: dict[str, Any] = Field(description="The plan as uploaded (PLAN.yaml's fields, docs/financing.md).")
    captable: dict[str, Any] = Field(description="The cap table after each round: goldmine captable --json.")


class DealRunIn(Model):
    paths: int | None = Field(None, ge=100, description="Monte Carlo paths (default: data/settings.yaml deal.paths, as goldmine deal).")
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Random seed (default: data/settings.yaml deal.seed).")
    proposal: dict[str, Any] | None = Field(
        None, description="Fields of the profile's proposal to replace (docs/profile.md, section proposal), e.g. "
                          '{"pre_money": 60000000, "new_money": "5M", "preference": {"multiple": 1.5}}; '
                          "without them, the profile's proposal as it is.")


class SectorRunIn(Model):
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Random seed (default: data/settings.yaml sector.seed).")
    as_of: dt.date | None = Field(None, description="Date of the view, YYYY-MM-DD: nothing dated later is used "
                                                    "(default: the report date, today).")


class JobOut(Model):
    id: int
    startup_id: int | None = Field(description="The startup of a due-diligence job; null for a sector job.")
    kind: str
    status: JobStatus
    progress: float = Field(ge=0, le=1)
    run_id: int | None
    error: dict[str, Any] | None
    created_at: dt.datetime
    updated_at: dt.datetime


class RunSummary(Model):
    id: int
    kind: str
    startup_version_id: int | None
    inputs_hash: str
    goldmine_version: str
    created_at: dt.datetime


class RunPage(Page):
    items: list[RunSummary]


class RunOut(RunSummary):
    parameters: dict[str, Any]
    results: dict[str, Any]


class AuditOut(Model):
    id: int
    user_id: int | None
    action: str
    target: str
    created_at: dt.datetime


class AuditPage(Page):
    items: list[AuditOut]
