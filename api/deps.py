"""What every route needs: the database (`db`), the caller, and a check of the caller's role."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api import throttle
from api.problems import HttpProblem
from api.records import Recorder
from api.turns import Turns
from transport.accounts import Caller, caller_for
from transport.db import writes
from transport.settings import Settings

bearer = HTTPBearer(auto_error=False, description="The token printed by `transport users add`.")


DB_AT_ONCE = 10
"""Requests holding a database connection at once: fewer than the worker threads (40) and the
connection pool (40 on PostgreSQL) less a few for the dispatcher and jobs. A request takes its
connection in one worker thread and runs its route in another; with no bound, 40 requests
holding every connection waited for a thread while 40 threads waited for a connection, and the
service stood still (seen at 50 absences a second on PostgreSQL)."""


async def db_place(request: Request) -> AsyncIterator[None]:
    """A place among the requests holding a connection, waited for on the event loop."""
    gate = getattr(request.app.state, "db_gate", None)
    if gate is None:
        gate = request.app.state.db_gate = asyncio.Semaphore(DB_AT_ONCE)
    async with gate:
        yield


def open_db(request: Request, _: Annotated[None, Depends(db_place, scope="function")]) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on an error.
    Used with scope="function" (below), so the commit happens before the answer is sent: a
    commit that fails is an error answer, never a 201 for something that was not stored."""
    with request.app.state.factory() as db, db.begin():
        if getattr(request.state, "writes", False):
            writes(db)
        yield db


async def reads_and_writes(request: Request) -> AsyncIterator[None]:
    """For the `dependencies` of a route that writes with the request's `db`: its transaction is a
    writer's from the start (see transport.db.WRITES), so that on SQLite it waits its turn rather
    than failing with "database is locked". (Not for a route that opens a transaction of its own
    inside: that one would wait for the request's.)

    On SQLite one such request at a time goes on (api/turns.py, a queue waited in on the event loop, which the text dispatcher joins):
    writers waiting in SQLite's busy handler would hold every worker thread, and the one writer
    with the lock would then have none left to finish in."""
    request.state.writes = True
    turns = writers(request.app)
    if turns is None:
        yield
        return
    async with turns.request():
        yield


def writers(app) -> Turns | None:
    """The writers' queue of a service on SQLite (None on PostgreSQL); call on the event loop."""
    if app.state.factory.kw["bind"].dialect.name != "sqlite":
        return None
    if getattr(app.state, "turns", None) is None:
        app.state.turns = Turns(asyncio.get_running_loop())
    return app.state.turns


WRITES = [Depends(reads_and_writes, scope="function")]


async def records_after(request: Request) -> AsyncIterator[list[object]]:
    """For a route that reads, and must also keep a record of what it showed (who read which care
    notes): the records it adds to this list are stored after the route, before the answer is
    sent (an error then is an error answer, and nothing is shown unrecorded), together with other
    requests' (api/records.py). On SQLite the route then reads beside the other readers rather
    than holding the one writer's turn while it reads."""
    records: list[object] = []
    yield records
    if not records:
        return
    recorder = getattr(request.app.state, "recorder", None)
    if recorder is None:
        recorder = request.app.state.recorder = Recorder(request.app.state.factory, writers(request.app))
    await recorder.keep(records)


RecordsAfter = Annotated[list[object], Depends(records_after, scope="function")]


DB = Annotated[Session, Depends(open_db, scope="function")]


async def settings(request: Request) -> Settings:
    return request.app.state.settings


def caller(
    request: Request,
    db: DB,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HttpProblem(401, "a bearer token is needed (Authorization: Bearer <token>)")
    if (wait := throttle.retry_after(db, request)) is not None:
        raise throttle.too_many(wait)
    who = caller_for(db, credentials.credentials)
    if who is None:
        throttle.failed(request)
        raise HttpProblem(401, "that token is not valid")
    return who


def role(*roles: str):
    """A dependency that lets only these roles through."""

    async def check(who: Annotated[Caller, Depends(caller)]) -> Caller:  # async: no thread for a look at a field
        if who.role not in roles:
            raise HttpProblem(403, f"this is for {' and '.join(r + 's' for r in roles)} only")
        return who

    return check


Planner = Annotated[Caller, Depends(role("planner"))]
Parent = Annotated[Caller, Depends(role("parent"))]
Crew = Annotated[Caller, Depends(role("driver", "pa"))]
AnyCaller = Annotated[Caller, Depends(caller)]
Config = Annotated[Settings, Depends(settings)]

PathId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A record's id")]
