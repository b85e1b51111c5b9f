"""Signing in by a one-time code: a person types the mobile number (or a school office its email)
the council already holds, is sent a 6-digit code, and types it back.

The rules:
- a code works once, for SIGN_IN_CODE_MINUTES; only the newest code sent to an address counts;
- only the code's SHA-256 (with the address) is kept, like a token's;
- SIGN_IN_CODE_ATTEMPTS wrong codes lock the address out for SIGN_IN_CODE_LOCKOUT_MINUTES;
- new codes to one address: one each SIGN_IN_CODE_EVERY_SECONDS, SIGN_IN_CODES_PER_HOUR an hour;
- an address nobody holds is answered and counted exactly as one that is held (a row with a code
  nobody knows), so the answers never tell whether a number is ours; but nothing is sent to it;
- a person who has a record with that number but no account yet is given one, linked to the record:
  that is how parents, drivers and PAs get in without a key handed to them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import new_token, record_name, records
from transport.clock import aware
from transport.errors import Invalid
from transport.imports.fields import EMAIL
from transport.notify import outbox, templates
from transport.phones import e164
from transport.settings import Settings

TEMPLATE = outbox.SIGN_IN_CODE
"""The outbox's name for a code's text or email: never listed on a page or in the API."""
KEPT = dt.timedelta(days=1)
"""Codes older than this are deleted when another is asked for (they count for nothing)."""


class CodeRefused(Invalid):
    """A code not sent, or not accepted: the message says why and what to do."""


@dataclass(frozen=True)
class Address:
    kind: str
    """phone or email"""
    value: str
    """E.164, or the email address in lower case"""


@dataclass(frozen=True)
class Holder:
    """A record that holds the address: a guardian, driver, PA or school."""

    role: str
    ref: str
    name: str


def now() -> dt.datetime:
    """The time codes are made and checked by (tests move it on)."""
    return dt.datetime.now(dt.UTC)


def read_address(typed: str) -> Address:
    """What a person typed: a mobile number as people write it (07700 900123) or an email address."""
    typed = typed.strip()
    if "@" in typed:
        if not EMAIL.match(typed) or len(typed) > 200:
            raise CodeRefused(f"“{typed[:40]}” is not an email address. Check it and try again.")
        return Address("email", typed.lower())
    number = e164(typed)
    if not re.fullmatch(r"\+\d{8,15}", number):
        raise CodeRefused(f"“{typed[:20]}” is not a phone number. Type it as on your phone, e.g. 07700 900123.")
    return Address("phone", number)


def holders(db: Session, address: Address) -> list[Holder]:
    """Every record holding this address: one number may be a parent's and a PA's."""
    if address.kind == "email":
        by_email = records(db, "school", lambda school: func.lower(school.email) == address.value)
        return [Holder("school", school.ref, record_name(school)) for school in by_email]
    found = [
        Holder(role, person.ref, record_name(person))
        for role in ("parent", "driver", "pa")
        for person in records(db, role, lambda model: model.phone == address.value)
    ]
    # A school with an email has its codes sent there, not to its phone.
    by_phone = records(
        db, "school", lambda school: (school.phone == address.value) & or_(school.email.is_(None), school.email == "")
    )
    return found + [Holder("school", school.ref, record_name(school)) for school in by_phone]


def send_code(db: Session, settings: Settings, address: Address) -> None:
    """Send a new code to the address if anyone holds it (whether or not, the same is counted,
    and the same refusals come back); refused while locked out or asked too often."""
    at = now()
    db.execute(delete(m.SignInCode).where(m.SignInCode.created_at < at - KEPT))
    _refuse_if_locked(db, address, at)
    recent = [aware(t) for t in db.scalars(_sent_since(address, at - dt.timedelta(hours=1)))]
    if len(recent) >= settings.sign_in_codes_per_hour:
        wait = recent[-settings.sign_in_codes_per_hour] + dt.timedelta(hours=1) - at
        raise CodeRefused(f"Too many codes have been asked for. Wait {_minutes(wait)} and try again.")
    if recent and at - recent[-1] < dt.timedelta(seconds=settings.sign_in_code_every_seconds):
        raise CodeRefused("A code was sent a moment ago: wait a minute for it to arrive before asking for another.")
    found = holders(db, address)
    code = f"{secrets.randbelow(10**6):06d}" if found else secrets.token_urlsafe(16)  # unknown: a code nobody has
    minutes = settings.sign_in_code_minutes
    db.add(
        m.SignInCode(
            address=address.value, code_hash=_hash(address, code), created_at=at, expires_at=at + dt.timedelta(minutes=minutes)
        )
    )
    if not found:
        return
    first, key = found[0], f"sign-in:{secrets.token_urlsafe(12)}"
    by_email = address.kind == "email"
    outbox.queue(
        db,
        to=None if by_email else address.value,
        email=address.value if by_email else None,
        subject="Your sign-in code for school transport" if by_email else None,
        role=first.role,
        ref=first.ref,
        template=TEMPLATE,
        body=templates.sign_in_code(settings.council_name, code, minutes, "email" if by_email else "text"),
        key=key,
        priority=outbox.SAME_DAY,
        fresh=True,
    )


@dataclass(frozen=True)
class Checked:
    """A code checked: the accounts it opens, or why it opens none (the wrong try is kept)."""

    users: list[int]
    refused: str | None = None
    roles: tuple[str, ...] = ()
    """Each account's role, in the order of `users`."""


def check_code(db: Session, settings: Settings, address: Address, code: str) -> Checked:
    """The accounts a right code opens (made for records that have none yet; disabled ones
    left out). A wrong code counts towards the lockout; run it in a transaction that commits."""
    at = now()
    try:
        _refuse_if_locked(db, address, at)
    except CodeRefused as refused:
        return Checked([], str(refused))
    row = db.scalar(select(m.SignInCode).where(m.SignInCode.address == address.value).order_by(m.SignInCode.id.desc()))
    if row is None:
        return Checked([], "No code has been sent to that number or address. Ask for one first.")
    if row.used_at is not None:
        return Checked([], "That code has been used already: a code works once. Ask for a new one.")
    if aware(row.expires_at) <= at:
        return Checked([], "That code has run out. Ask for a new one.")
    if not secrets.compare_digest(row.code_hash, _hash(address, code.strip().replace(" ", ""))):
        row.wrong_tries += 1
        if row.wrong_tries >= settings.sign_in_code_attempts:
            row.locked_until = at + dt.timedelta(minutes=settings.sign_in_code_lockout_minutes)
            return Checked(
                [], f"Too many wrong codes. Wait {settings.sign_in_code_lockout_minutes} minutes and ask for a new one."
            )
        left = settings.sign_in_code_attempts - row.wrong_tries
        return Checked(
            [],
            f"That code is not right. Check the {'email' if address.kind == 'email' else 'text'} and try again ({left} more {'try' if left == 1 else 'tries'}).",
        )
    row.used_at = at
    users = [_account(db, holder) for holder in holders(db, address)]
    opened = [user for user in users if not user.disabled]
    if not opened:
        return Checked([], "Your account is switched off. Phone the council's transport team.")
    return Checked([user.id for user in opened], roles=tuple(user.role for user in opened))


def _account(db: Session, holder: Holder) -> m.User:
    """The holder's account, made now if they have none (linked to their record; its token is
    never shown: they sign in by code, and `transport users reissue` can give them a key)."""
    user = db.scalar(select(m.User).where(m.User.role == holder.role, m.User.link_ref == holder.ref).order_by(m.User.id))
    if user is None:
        user = m.User(name=holder.name, role=holder.role, link_ref=holder.ref, token_hash=new_token()[1])
        db.add(user)
        db.flush()
    return user


def _refuse_if_locked(db: Session, address: Address, at: dt.datetime) -> None:
    until = db.scalar(select(func.max(m.SignInCode.locked_until)).where(m.SignInCode.address == address.value))
    if until is not None and aware(until) > at:
        raise CodeRefused(f"Too many wrong codes. Wait {_minutes(aware(until) - at)} and try again.")


def _sent_since(address: Address, since: dt.datetime):
    return (
        select(m.SignInCode.created_at)
        .where(m.SignInCode.address == address.value, m.SignInCode.created_at > since)
        .order_by(m.SignInCode.created_at)
    )


def _hash(address: Address, code: str) -> str:
    return hashlib.sha256(f"{address.value}:{code}".encode()).hexdigest()


def _minutes(wait: dt.timedelta) -> str:
    n = max(1, -(-int(wait.total_seconds()) // 60))
    return f"{n} minute{'s' if n > 1 else ''}"
