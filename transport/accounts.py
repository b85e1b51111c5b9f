"""Accounts: who is calling, in which role, on whose behalf.

A token is shown once when the account is made and only its SHA-256 is kept: a leaked database
does not leak working tokens. (A token has 256 random bits, so a fast hash is enough; a slow
password hash is for guessable secrets.)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.errors import Invalid

ROLES = ("planner", "school", "parent", "driver", "pa")
LINKED: dict[str, type[m.School] | type[m.Guardian] | type[m.Driver] | type[m.PassengerAssistant]] = {
    "school": m.School,
    "parent": m.Guardian,
    "driver": m.Driver,
    "pa": m.PassengerAssistant,
}
"""The record each role's account belongs to (a planner's belongs to nobody)."""


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
    token = secrets.token_urlsafe(32)
    db.add(m.User(name=name, role=role, link_ref=link, token_hash=token_hash(token)))
    return token


def caller_for(db: Session, token: str) -> Caller | None:
    return _caller(db, db.scalar(select(m.User).where(m.User.token_hash == token_hash(token))))


def caller_by_id(db: Session, user_id: int) -> Caller | None:
    """The account a web session was signed in with, checked again on every page: an account
    removed since (or whose record was) opens nothing."""
    return _caller(db, db.get(m.User, user_id))


def _caller(db: Session, user: m.User | None) -> Caller | None:
    if user is None:
        return None
    link_id = None
    if user.role in LINKED:
        link_id = db.scalar(select(LINKED[user.role].id).where(LINKED[user.role].ref == user.link_ref))
        if link_id is None:  # the record was removed since: the account opens nothing
            return None
    return Caller(user.id, user.name, user.role, link_id)
