"""What every route needs: the database (`db`), the caller, and a check of the caller's role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api import throttle
from api.problems import HttpProblem
from transport.accounts import Caller, caller_for
from transport.settings import Settings

bearer = HTTPBearer(auto_error=False, description="The token printed by `transport users add`.")


def open_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on an error."""
    with request.app.state.factory() as s, s.begin():
        yield s


def settings(request: Request) -> Settings:
    return request.app.state.settings


def caller(
    request: Request,
    db: Annotated[Session, Depends(open_db)],
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

    def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role not in roles:
            raise HttpProblem(403, f"this is for {' and '.join(r + 's' for r in roles)} only")
        return who

    return check


DB = Annotated[Session, Depends(open_db)]
Planner = Annotated[Caller, Depends(role("planner"))]
Parent = Annotated[Caller, Depends(role("parent"))]
Crew = Annotated[Caller, Depends(role("driver", "pa"))]
AnyCaller = Annotated[Caller, Depends(caller)]
Config = Annotated[Settings, Depends(settings)]

PathId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A record's id")]
