"""Accounts of the HTTP API (issue #18): users, workspace roles, API tokens, browser sessions, audit log.

* Passwords are hashed with argon2id (``argon2-cffi``'s :class:`~argon2.PasswordHasher`, RFC 9106
  defaults); a hash made with older parameters is re-hashed at the next successful sign-in.
* API tokens and session cookies are 32 random bytes (:func:`secrets.token_urlsafe`); only their
  SHA-256 is stored, so a copy of the database gives no usable secret.  A token is shown once.
* Roles: ``owner`` (everything, adds members), ``member`` (adds startups, runs analyses, moves deals),
  ``viewer`` (reads).
* Every change is written to the audit log (:func:`audit`): who, when, workspace, action, target.

Used by :mod:`goldmine.api.app` and by ``goldmine users create`` (:mod:`goldmine.cli.serve`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldmine.errors import InputError, Problem
from goldmine.store import Store
from goldmine.store.db import check_workspace
from goldmine.store.tables import (
    ApiTokenRecord,
    AuditRecord,
    Membership,
    UserRecord,
    WebSessionRecord,
    Workspace,
)

ROLES = ("owner", "member", "viewer")
#: What each role may do, by rank: reading needs 1, writing 2, managing members 3.
RANK = {"viewer": 1, "member": 2, "owner": 3}
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
TOKEN_BYTES = 32
SESSION_HOURS = 12


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite keeps no zone; every write is UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_email(email: str, path: str = "email") -> str:
    """An e-mail address, lower-cased: one ``@``, no spaces, at most 254 characters."""
    value = email.strip().lower()
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value) or len(value) > 254 or "@" in domain:
        raise InputError(None, [Problem(path, "api.expected.email", email if len(email) <= 80 else len(email))])
    return value


def check_password(password: str, path: str = "password") -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(None, [Problem(path, "api.expected.password", len(password),
                                        params={"min": MIN_PASSWORD, "max": MAX_PASSWORD})])
    return password


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


# A hash to verify against when the user does not exist, so the answer takes as long either way.
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(new_secret()))
    return _DUMMY[0]


@dataclass(frozen=True)
class Caller:
    """Who is asking: the user, and how they signed in (``token`` or ``session``)."""

    user_id: int
    email: str
    via: str
    csrf_token: str | None = None
    session_id: int | None = None


def audit(s: Session, user_id: int | None, workspace_id: int | None, action: str, target: str) -> None:
    s.add(AuditRecord(user_id=user_id, workspace_id=workspace_id, action=action, target=target[:200], created_at=now()))


def create_user(store: Store, email: str, password: str) -> int:
    """A new user (e-mail unique); an e-mail already taken is an :class:`InputError`."""
    email = check_email(email)
    check_password(password)
    digest = hash_password(password)

    def create(s: Session) -> int:
        if s.scalar(select(UserRecord.id).where(UserRecord.email == email)) is not None:
            raise InputError(None, [Problem("email", "api.expected.new_email", email)])
        user = UserRecord(email=email, password_hash=digest, created_at=now())
        s.add(user)
        s.flush()
        audit(s, user.id, None, "user.create", f"user:{user.id}")
        return user.id

    return store.write(create)


def create_workspace(store: Store, user_id: int, name: str) -> int:
    """A new workspace owned by ``user_id``; a name already in use is an :class:`InputError`."""
    check_workspace(name, "name")

    def create(s: Session) -> int:
        if s.scalar(select(Workspace.id).where(Workspace.name == name)) is not None:
            raise InputError(None, [Problem("name", "api.expected.new_workspace", name)])
        ws = Workspace(name=name, created_at=now())
        s.add(ws)
        s.flush()
        s.add(Membership(workspace_id=ws.id, user_id=user_id, role="owner", created_at=now()))
        audit(s, user_id, ws.id, "workspace.create", f"workspace:{ws.id}")
        return ws.id

    return store.write(create)


def add_member(store: Store, by: int, workspace_id: int, email: str, role: str) -> int:
    """Give the user with ``email`` ``role`` in a workspace (a new role replaces the old one)."""
    email = check_email(email)
    if role not in ROLES:
        raise InputError(None, [Problem("role", "api.expected.role", role)])

    def add(s: Session) -> int:
        user = s.scalar(select(UserRecord.id).where(UserRecord.email == email))
        if user is None:
            raise InputError(None, [Problem("email", "api.expected.known_email", email)])
        found = s.get(Membership, (workspace_id, user))
        if found is None:
            s.add(Membership(workspace_id=workspace_id, user_id=user, role=role, created_at=now()))
        else:
            found.role = role
        audit(s, by, workspace_id, "member.set", f"user:{user}:{role}")
        return user

    return store.write(add)


def authenticate(store: Store, email: str, password: str) -> int | None:
    """The user's id when ``password`` is theirs, else ``None`` (same work either way)."""
    with store.transaction(write=False) as s:
        user = s.scalar(select(UserRecord).where(UserRecord.email == email.strip().lower()))
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        fresh = hash_password(password)

        def rehash(s: Session) -> None:
            row = s.get(UserRecord, user.id)
            if row is not None:
                row.password_hash = fresh

        store.write(rehash)
    return user.id


def create_token(store: Store, user_id: int, name: str) -> tuple[int, str]:
    """A new API token: its id and its secret (shown once; only its hash is kept)."""
    secret = new_secret()

    def create(s: Session) -> int:
        row = ApiTokenRecord(user_id=user_id, name=name[:100], token_hash=secret_hash(secret), created_at=now())
        s.add(row)
        s.flush()
        audit(s, user_id, None, "token.create", f"token:{row.id}")
        return row.id

    return store.write(create), secret


def revoke_token(store: Store, user_id: int, token_id: int) -> bool:
    """Revoke one of the user's own tokens; ``False`` when it is not theirs (or does not exist)."""
    def revoke(s: Session) -> bool:
        row = s.get(ApiTokenRecord, token_id)
        if row is None or row.user_id != user_id:
            return False
        if row.revoked_at is None:
            row.revoked_at = now()
            audit(s, user_id, None, "token.revoke", f"token:{row.id}")
        return True

    return store.write(revoke)


def caller_from_token(store: Store, secret: str) -> Caller | None:
    with store.transaction(write=False) as s:
        row = s.execute(select(ApiTokenRecord, UserRecord.email).join(UserRecord, UserRecord.id == ApiTokenRecord.user_id)
                        .where(ApiTokenRecord.token_hash == secret_hash(secret))).first()
    if row is None or row[0].revoked_at is not None:
        return None
    return Caller(user_id=row[0].user_id, email=row[1], via="token")


def create_session(store: Store, user_id: int) -> tuple[str, str]:
    """A browser session: the cookie's secret and the CSRF token."""
    secret, csrf = new_secret(), new_secret()

    def create(s: Session) -> None:
        s.add(WebSessionRecord(user_id=user_id, token_hash=secret_hash(secret), csrf_token=csrf, created_at=now(),
                               expires_at=now() + dt.timedelta(hours=SESSION_HOURS)))
        audit(s, user_id, None, "session.create", f"user:{user_id}")

    store.write(create)
    return secret, csrf


def caller_from_session(store: Store, secret: str) -> Caller | None:
    with store.transaction(write=False) as s:
        row = s.execute(select(WebSessionRecord, UserRecord.email).join(UserRecord, UserRecord.id == WebSessionRecord.user_id)
                        .where(WebSessionRecord.token_hash == secret_hash(secret))).first()
    if row is None or row[0].revoked_at is not None or utc(row[0].expires_at) <= now():
        return None
    return Caller(user_id=row[0].user_id, email=row[1], via="session", csrf_token=row[0].csrf_token, session_id=row[0].id)


def end_session(store: Store, session_id: int) -> None:
    def end(s: Session) -> None:
        row = s.get(WebSessionRecord, session_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = now()

    store.write(end)


def role_in(s: Session, user_id: int, workspace_id: int) -> str | None:
    return s.scalar(select(Membership.role).where(Membership.user_id == user_id, Membership.workspace_id == workspace_id))
