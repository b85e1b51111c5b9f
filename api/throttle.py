"""Guessing sign-in keys and bearer tokens: after SIGN_IN_ATTEMPTS wrong ones from one address
within SIGN_IN_LOCKOUT_MINUTES, that address is refused (429, Retry-After) until the oldest of
them is that old, whatever key it sends, right or wrong (else a guesser learns when one works).

Counted in the database, not in memory: a council may run several processes (`--workers`, or
several machines on PostgreSQL), and each would otherwise allow its own tries. The address is
the client's as uvicorn sees it: behind a proxy, run uvicorn with --proxy-headers and
--forwarded-allow-ips for the proxy, or every client shares the proxy's address and its lockout.
"""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from api.problems import HttpProblem
from transport import models as m
from transport.clock import aware
from transport.db import transaction
from transport.versions import Memo, versions


def source(request: Request) -> str:
    return (request.client.host if request.client else "unknown")[:100]


def _window(request: Request) -> dt.timedelta:
    return dt.timedelta(minutes=request.app.state.settings.sign_in_lockout_minutes)


def retry_after(db: Session, request: Request) -> int | None:
    """Seconds this caller's address must wait, or None if it may try."""
    attempts = request.app.state.settings.sign_in_attempts
    now, window = _now(), _window(request)
    recent = [at for at in _failures(db, source(request), now - window) if at > now - window]
    if len(recent) < attempts:
        return None
    lifts = recent[len(recent) - attempts] + window
    return max(1, int((lifts - now).total_seconds()) + 1)


def _failures(db: Session, where: str, since: dt.datetime) -> list[dt.datetime]:
    """The wrong tries from an address since then, read again only when someone, in any
    process, has tried a wrong one (until then the tries kept only grow older)."""

    def read() -> list[dt.datetime]:
        return [aware(at) for at in db.scalars(_RECENT, {"source": where, "since": since})]

    return _TRIES.get((db.get_bind(), versions(db).failures, where), read)


_TRIES = Memo()
_RECENT = (
    select(m.FailedSignIn.at)
    .where(m.FailedSignIn.source == bindparam("source"), m.FailedSignIn.at > bindparam("since"))
    .order_by(m.FailedSignIn.at)
)
"""Made once: every request with a token asks."""


def failed(request: Request) -> None:
    """A wrong key or token: counted in its own transaction (the request's own is rolled back)."""
    now = _now()
    with transaction(request.app.state.factory) as db:
        db.execute(delete(m.FailedSignIn).where(m.FailedSignIn.at < now - _window(request)))
        db.add(m.FailedSignIn(source=source(request), at=now))


def too_many(seconds: int) -> HttpProblem:
    minutes = max(1, round(seconds / 60))
    return HttpProblem(
        429,
        f"too many wrong keys or tokens from this address; try again in {minutes} minute{'s' if minutes > 1 else ''}",
        headers={"Retry-After": str(seconds)},
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
