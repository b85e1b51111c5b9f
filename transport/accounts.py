"""Accounts: who is calling, in which role, on whose behalf.

A token is shown once when the account is made and only its SHA-256 is kept: a leaked database
does not leak working tokens. (A token has 256 random bits, so a fast hash is enough; a slow
password hash is for guessable secrets.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import aware
from transport.errors import Invalid, NotFound
from transport.versions import Memo, versions

ROLES = ("planner", "school", "parent", "driver", "pa")
Record = m.School | m.Guardian | m.Driver | m.PassengerAssistant
LINKED: dict[str, type[m.School] | type[m.Guardian] | type[m.Driver] | type[m.PassengerAssistant]] = {
    "school": m.School,
    "parent": m.Guardian,
    "driver": m.Driver,
    "pa": m.PassengerAssistant,
}
"""The record each role's account belongs to (a planner's belongs to nobody)."""


def record_name(record: Record) -> str:
    """A school's name, or a person's full name: how an account's record is listed."""
    return record.name if isinstance(record, m.School) else f"{record.first_name} {record.last_name}"


def records(db: Session, role: str, where) -> list[Record]:
    """The records of a role's kind that `where(model)` picks, in the order they were made."""
    model = LINKED[role]
    return list(cast(Iterable[Record], db.scalars(select(model).where(where(model)).order_by(model.id))))


class AccountError(Invalid):
    pass


@dataclass(frozen=True)
class Caller:
    user_id: int
    name: str
    role: str
    link_id: int | None
    """Database id of the school, guardian, driver or PA the account belongs to."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A new token and the hash kept of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def add_user(db: Session, role: str, name: str, link: str | None = None) -> str:
    """Make an account and return its token (shown once, never stored)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role == "planner":
        if link:
            raise AccountError("a planner's account belongs to no school, guardian, driver or PA: leave out --link")
    else:
        if not link:
            raise AccountError(f"a {role}'s account belongs to one {LINKED[role].__tablename__[:-1]}: give its ID with --link")
        if db.scalar(select(LINKED[role].id).where(LINKED[role].ref == link)) is None:
            raise AccountError(f"there is no {LINKED[role].__tablename__[:-1]} with ID {link!r}")
    token, hashed = new_token()
    db.add(m.User(name=name, role=role, link_ref=link, token_hash=hashed))
    return token


@dataclass(frozen=True)
class Account:
    """An account as a list of them shows it."""

    id: int
    name: str
    role: str
    link_ref: str | None
    linked: str | None
    """The name of the school, guardian, driver or PA it belongs to (None: a planner's, or gone)."""
    last_signed_in: dt.datetime | None
    disabled: bool


def list_users(db: Session) -> list[Account]:
    """Every account, planners first, with the record each belongs to."""
    names: dict[tuple[str, str], str] = {}
    for role in LINKED:
        refs = db.scalars(select(m.User.link_ref).where(m.User.role == role, m.User.link_ref.is_not(None))).all()
        for record in records(db, role, lambda model, refs=refs: model.ref.in_(refs)) if refs else ():
            names[(role, record.ref)] = record_name(record)
    order = {role: i for i, role in enumerate(ROLES)}
    users = sorted(db.scalars(select(m.User)), key=lambda u: (order.get(u.role, 9), u.name.lower(), u.id))
    return [
        Account(
            u.id,
            u.name,
            u.role,
            u.link_ref,
            names.get((u.role, u.link_ref or "")),
            aware(u.last_signed_in) if u.last_signed_in else None,
            u.disabled,
        )
        for u in users
    ]


def _user(db: Session, user_id: int) -> m.User:
    user = db.get(m.User, user_id)
    if user is None:
        raise NotFound(f"there is no account {user_id}")
    return user


def set_disabled(db: Session, user_id: int, disabled: bool) -> m.User:
    """Disable an account (its token and every sign-in open nothing from now on) or enable it again."""
    user = _user(db, user_id)
    user.disabled = disabled
    if disabled:
        db.execute(delete(m.SignIn).where(m.SignIn.user_id == user.id))
    return user


def reissue(db: Session, user_id: int) -> str:
    """A new token for the account, shown once; the old one and every sign-in open nothing."""
    user = _user(db, user_id)
    token, user.token_hash = new_token()
    db.execute(delete(m.SignIn).where(m.SignIn.user_id == user.id))
    return token


def caller_for(db: Session, token: str) -> Caller | None:
    """Whom a bearer token belongs to: read once for each count of the accounts and records
    (an account made or revoked, a linked record renamed or removed, moves them on)."""
    found, v = token_hash(token), versions(db)
    return _CALLERS.get(
        (db.get_bind(), found, v.accounts, v.records), lambda: _caller(db.execute(_BY_TOKEN, {"hash": found}).first())
    )


_CALLERS = Memo()


def caller_by_id(db: Session, user_id: int) -> Caller | None:
    """The account a web session was signed in with, checked again on every page: an account
    removed since (or whose record was) opens nothing."""
    return _caller(db.execute(_BY_ID, {"id": user_id}).first())


def _account_and_link():
    """An account and the id of the record it belongs to, in one statement: a parent's first
    read of the day asks for both, and each statement is a round trip to PostgreSQL."""
    query = select(m.User, func.coalesce(*(model.id for model in LINKED.values())))
    for role, model in LINKED.items():
        query = query.outerjoin(model, (m.User.role == role) & (model.ref == m.User.link_ref))
    return query


_BY_TOKEN = _account_and_link().where(m.User.token_hash == bindparam("hash"))
_BY_ID = _account_and_link().where(m.User.id == bindparam("id"))


def _caller(row) -> Caller | None:
    if row is None:
        return None
    user, link_id = row
    if user.disabled:
        return None
    if user.role in LINKED and link_id is None:  # the record was removed since: the account opens nothing
        return None
    return Caller(user.id, user.name, user.role, link_id)


def start_sign_in(db: Session, user_id: int) -> str:
    """A browser's sign-in, kept on the server: returns the key its cookie carries (only the key's
    SHA-256 is stored, like a token's)."""
    key = secrets.token_urlsafe(32)
    db.add(m.SignIn(id=token_hash(key), user_id=user_id))
    # A statement, not the account changed: the callers kept under the accounts' count stay good.
    db.execute(update(m.User).where(m.User.id == user_id).values(last_signed_in=dt.datetime.now(dt.UTC)))
    return key


def caller_by_sign_in(db: Session, key: str, longest: dt.timedelta) -> Caller | None:
    """Who a browser is signed in as: nobody once they signed out, or after `longest`."""
    sign_in = db.get(m.SignIn, token_hash(key))
    if sign_in is None:
        return None
    started = sign_in.created_at if sign_in.created_at.tzinfo else sign_in.created_at.replace(tzinfo=dt.UTC)
    if dt.datetime.now(dt.UTC) - started > longest:
        return None
    return caller_by_id(db, sign_in.user_id)


def end_sign_in(db: Session, key: str) -> None:
    """Signed out: the cookie, even a copy of it, opens nothing from now on."""
    db.execute(delete(m.SignIn).where(m.SignIn.id == token_hash(key)))


def end_old_sign_ins(db: Session, longest: dt.timedelta) -> None:
    db.execute(delete(m.SignIn).where(m.SignIn.created_at < dt.datetime.now(dt.UTC) - longest))
