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
from transport.db import transaction


def source(request: Request) -> str:
    return (request.client.host if request.client else "unknown")[:100]


def _window(request: Request) -> dt.timedelta:
    return dt.timedelta(minutes=request.app.state.settings.sign_in_lockout_minutes)


def retry_after(db: Session, request: Request) -> int | None:
    """Seconds this caller's address must wait, or None if it may try."""
    attempts = request.app.state.settings.sign_in_attempts
    now = dt.datetime.now(dt.UTC)
    recent = db.scalars(_RECENT, {"source": source(request), "since": now - _window(request)}).all()
    if len(recent) < attempts:
        return None
    lifts = _aware(recent[len(recent) - attempts]) + _window(request)
    return max(1, int((lifts - now).total_seconds()) + 1)


_RECENT = (
    select(m.FailedSignIn.at)
    .where(m.FailedSignIn.source == bindparam("source"), m.FailedSignIn.at > bindparam("since"))
    .order_by(m.FailedSignIn.at)
)
"""Made once: every request with a token asks."""


def failed(request: Request) -> None:
    """A wrong key or token: counted in its own transaction (the request's own is rolled back)."""
    now = dt.datetime.now(dt.UTC)
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


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite gives them back without a zone
