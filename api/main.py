"""The FastAPI app: `api.main:app`, started by `transport serve`."""

from __future__ import annotations

import gc
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from api import guard, pages, problems
from api import schemas as s
from api.deps import DB, AnyCaller, writers
from api.pages import contacts as contacts_page
from api.routers import budgets, contacts, crews, disruption, live, messages, parents, planners, schools, webhooks
from transport.clock import next_school_day, now
from transport.day.today import keep_days
from transport.db import make_engine, migrate, session_factory
from transport.jobs import run_sheets
from transport.jobs.runners import start_runner
from transport.notify import outbox
from transport.notify.dispatcher import Dispatcher
from transport.settings import Settings, get_settings

DESCRIPTION = """SEND home-to-school transport for a council: planners, parents, schools, drivers and PAs.

Every request but `/health` carries `Authorization: Bearer <token>` (made by `transport users add`).
Each role sees only what is theirs: someone else's child, school, run or absence answers 404.
Errors are RFC 9457 problem details."""


HEARTBEAT_SECONDS = 60.0
"""A dispatcher that has not looked at the outbox for this long is reported by /health."""


def _keep_and_freeze(factory: sessionmaker[Session], days: list) -> None:
    """Build the days' runs, then leave everything the service holds by now out of the
    interpreter's full collections (gc.freeze): a county's kept day is some 400,000 objects, and
    each full collection over them stopped every request for 0.3 to 0.5 s. Once a process (an
    app started again in the same process, as in the tests, freezes nothing more): a day frozen
    here and replaced later stays in memory, at most these two."""
    keep_days(factory, days)
    if not gc.get_freeze_count():
        gc.freeze()


def create_app(settings: Settings | None = None, factory: sessionmaker[Session] | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = None
        if factory is None:
            engine = make_engine(settings.database_url)
            migrate(engine)
            app.state.factory = session_factory(engine)
        app.state.runner = start_runner(app.state.factory, settings)
        today = now(settings).date()
        days = [today, next_school_day(today)]
        threading.Thread(target=_keep_and_freeze, args=(app.state.factory, days), name="keep-days", daemon=True).start()
        stop = threading.Event()
        dispatcher = None
        if settings.sms_dispatch_in_service:
            turns = writers(app)
            dispatcher = Dispatcher(app.state.factory, settings, turns.thread if turns is not None else None).start()
            app.state.dispatcher = dispatcher.heart
            threading.Thread(
                target=run_sheets.run, args=(app.state.factory, settings, stop), name="run-sheets", daemon=True
            ).start()
        yield
        stop.set()
        if dispatcher is not None:
            dispatcher.stop()
        app.state.runner.close()
        if engine is not None:
            engine.dispose()

    docs = settings.api_docs  # API_DOCS=false in production: no schema, no /docs
    app = FastAPI(
        title="SEND transport",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    app.state.settings = settings
    app.state.factory = factory
    problems.install(app)

    app.state.dispatcher = None

    @app.get("/health", tags=["service"])
    def health(db: DB, request: Request, response: Response) -> dict:
        """ok, or 503 when the service's text dispatcher has stopped or keeps failing."""
        db.execute(text("SELECT 1"))
        heart: outbox.Heartbeat | None = request.app.state.dispatcher
        if heart is not None and not heart.alive(within=HEARTBEAT_SECONDS):
            response.status_code = 503
            return {"status": "texts are not being sent", "dispatcher": heart.error or "not running"}
        return {"status": "ok"}

    @app.get("/me", response_model=s.Me, tags=["service"], responses=problems.PROBLEM_RESPONSES)
    def me(who: AnyCaller):
        """Who the token belongs to."""
        return s.Me(name=who.name, role=who.role, link_id=who.link_id)

    for router in (
        planners.router,
        parents.router,
        schools.router,
        crews.router,
        live.router,
        disruption.router,
        budgets.router,
        messages.router,
        webhooks.router,
    ):
        app.include_router(router)
    pages.install(app, settings)
    app.include_router(contacts.router)
    app.include_router(contacts_page.router)
    guard.install(app, settings)
    return app


app = create_app()
