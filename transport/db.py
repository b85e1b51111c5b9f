"""Database engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from transport import versions  # noqa: F401 - its listener moves the counts on every write, in every process
from transport.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str | None = None, **pool: int) -> Engine:
    """`pool`: the connection pool's sizes, if not the defaults below (pool_size, max_overflow, pool_timeout)."""
    url = url or get_settings().database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # A connection for each of the service's worker threads (40), its dispatcher and jobs: fewer,
    # and requests holding one wait for a thread that waits for a connection.
    # (PostgreSQL: up to 40 a process, few kept open; mind the server's max_connections.)
    sizes = (
        {}
        if ":memory:" in url
        else {"pool_size": 10, "max_overflow": 50}
        if url.startswith("sqlite")
        else {"pool_size": 5, "max_overflow": 35}
    )
    engine = create_engine(url, future=True, **(sizes | pool))
    if engine.dialect.name == "sqlite":
        # We say BEGIN ourselves: IMMEDIATE for the transactions that write (see WRITES), a plain
        # (deferred) BEGIN for reads, which in WAL mode never wait for a writer.
        event.listen(engine, "connect", _no_pysqlite_begin)
        event.listen(engine, "begin", _begin)
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


BUSY_TIMEOUT_MS = 15_000
"""How long a SQLite writer waits for another to finish before giving up ("database is locked")."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL: readers never wait for the writer, nor the writer for readers; one writer at a time
    # still queues, for up to the busy timeout (each of our write transactions is short).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database stays "memory"
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _no_pysqlite_begin(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below says BEGIN


def _begin(connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


WRITES = {"sqlite_begin": "BEGIN IMMEDIATE"}
"""Execution options of a transaction that writes: on SQLite it takes the write lock when it
begins, so it waits its turn (busy timeout) instead of failing at once when it reads, another
writer commits, and then it writes (SQLite cannot upgrade a stale read). Nothing on PostgreSQL."""


def writes(db: Session) -> Session:
    """Mark a database session, before its first query, as one that writes (see WRITES)."""
    db.connection(execution_options=WRITES)
    return db


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database schema up to the newest migration."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work that writes: commits on success, rolls everything back on any error."""
    with factory() as db, db.begin():
        yield writes(db)
