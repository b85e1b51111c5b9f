"""Shared fixtures: a migrated database on SQLite always, and on PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from transport.bench.samplegen import generate
from transport.db import make_engine, migrate, session_factory, transaction
from transport.imports import import_folder
from transport.planning.lifecycle import publish
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings
from transport.travel import StraightLine


def _own_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker tests on a PostgreSQL database of its own (test_gw0, ...),
    made beside TEST_DATABASE_URL's the first time, since every test rebuilds its schema."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url is None or worker is None:
        return url
    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}) is None:
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


POSTGRES_URL = _own_database(os.environ.get("TEST_DATABASE_URL"))
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def until(check, seconds: float = 10) -> bool:
    """Whether `check()` comes true within `seconds`, looking every 50 ms."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def run_async(coroutine):
    """asyncio.run in a thread of its own: in a test process where Playwright's sync API has run,
    this thread already has an event loop running, and asyncio.run refuses to start another."""
    result: list = []

    def run() -> None:
        result.append(asyncio.run(coroutine))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert result, "the coroutine failed (see the thread's error above)"
    return result[0]


def fresh_engine(backend: str, tmp_path):
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    else:
        engine = make_engine(POSTGRES_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    return engine


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    engine = fresh_engine(request.param, tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


def planned_council(backend: str, tmp, starts_on, **settings):
    """A small council (40 children, seed 5) imported, planned from `starts_on` and published, on a
    fresh database: the API's and the web pages' tests both stand on it. (engine, factory,
    settings, plan id)

    On SQLite it is planned once a test process for each start and settings (but the cookie's
    secret, which no record depends on) and copied: a package's fixture is made again each time
    a worker comes back to the package's files."""
    if backend == "sqlite":
        key = (starts_on, tuple(sorted((k, repr(v)) for k, v in settings.items() if k != "cookie_secret")))
        if key not in _PLANNED:
            made = Path(tempfile.mkdtemp(prefix="planned-council-"))
            engine, _, _, plan_id = _plan_council(backend, made, starts_on, **settings)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            _PLANNED[key] = (made / "test.sqlite", plan_id)
        file, plan_id = _PLANNED[key]
        shutil.copyfile(file, tmp / "test.sqlite")
        engine = make_engine(f"sqlite:///{tmp / 'test.sqlite'}")
        return engine, session_factory(engine), _settings(engine, **settings), plan_id
    return _plan_council(backend, tmp, starts_on, **settings)


_PLANNED: dict[tuple, tuple[Path, int]] = {}


def _settings(engine, **settings) -> Settings:
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        solve_seconds=0.3,
        place_cost_seconds=0.01,
        sms_dispatch_in_service=False,
        **settings,
    )


def _plan_council(backend: str, tmp, starts_on, **settings):
    engine = fresh_engine(backend, tmp)
    factory = session_factory(engine)
    config = _settings(engine, **settings)
    generate(tmp / "council", children=40, seed=5)
    import_folder(factory, tmp / "council", config)
    plan_id = plan_week(factory, config, Week(starts_on, seconds=0.3), StraightLine(road_factor=config.road_factor))
    with transaction(factory) as db:
        publish(db, plan_id)
    return engine, factory, config, plan_id
