"""Where `transport serve` runs its text dispatcher: on SQLite a thread of the service, in the
writers' queue ahead of the requests; on PostgreSQL a process of its own, woken by `NOTIFY
outbox` when a same-day text is committed, so that requests writing in ten threads at once
cannot starve it of the interpreter (an absence's crew texts waited 14 to 24 s for a thread)."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from multiprocessing.synchronize import Event as EventType

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from transport.notify import outbox
from transport.notify.choose import gateway_from_settings
from transport.settings import Settings

STOP_SECONDS = 10.0
SHARE = 0.5
"""The most of the time the service's dispatcher works when no SMS rate holds it back (see
outbox.Pace): a thread (SQLite) shares the service's interpreter, a process (PostgreSQL) its two
cores, with PostgreSQL working for it beside. At half, it sent a county's publish to the local
gateway at about 950 texts a second while serving 8 readers (2,000 flat out), far past any real
gateway's pace."""

log = logging.getLogger("transport.sms")


class Listening:
    """A doorbell over PostgreSQL's LISTEN: `wait` returns when another process commits a
    same-day text (or after `timeout`). Listening starts before the dispatcher's first look, so
    a text committed between a look and the wait is not missed: its notice waits on the connection."""

    def __init__(self, database_url: str) -> None:
        conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.connection = psycopg.connect(conninfo, autocommit=True)
        self.connection.execute(f"LISTEN {outbox.CHANNEL}")

    def _notices(self, timeout: float) -> Iterator[object]:
        return self.connection.notifies(timeout=timeout, stop_after=1)

    def clear(self) -> None:
        while any(True for _ in self._notices(0)):
            pass

    def wait(self, timeout: float | None = None) -> bool:
        return any(True for _ in self._notices(2.0 if timeout is None else timeout))

    def close(self) -> None:
        self.connection.close()


def _process(settings: Settings, database_url: str, stop, heart: outbox.Heartbeat, poll: float) -> None:
    from transport.db import make_engine, session_factory

    engine = make_engine(database_url, pool_size=2, max_overflow=2)
    bell = Listening(database_url)
    try:
        outbox.run(
            session_factory(engine),
            gateway_from_settings(settings),
            stop,
            poll=poll,
            pace=outbox.Pace(settings.sms_rate_per_second, share=SHARE),
            heart=heart,
            bell=bell,
        )
    finally:
        bell.close()
        engine.dispose()


class Dispatcher:
    """The service's dispatcher, thread or process, with the heartbeat `/health` reads."""

    def __init__(
        self, factory: sessionmaker[Session], settings: Settings, turn: outbox.Turn | None = None, poll: float = 2.0
    ) -> None:
        """`turn`: the writers' queue on SQLite; `poll`: seconds between looks when no bell rings."""
        engine: Engine = factory.kw["bind"]
        self.engine = engine
        self.stop_event: threading.Event | EventType
        if engine.dialect.name == "postgresql":
            context = multiprocessing.get_context("spawn")  # no fork of a threaded service
            self.stop_event = context.Event()
            self.heart = outbox.Heartbeat(context)
            url = engine.url.render_as_string(hide_password=False)
            self.worker: threading.Thread | multiprocessing.process.BaseProcess = context.Process(
                target=_process, args=(settings, url, self.stop_event, self.heart, poll), name="sms", daemon=True
            )
        else:
            self.stop_event = threading.Event()
            self.heart = outbox.Heartbeat()
            self.worker = threading.Thread(
                target=outbox.run,
                args=(factory, gateway_from_settings(settings), self.stop_event),
                kwargs={
                    "poll": poll,
                    "pace": outbox.Pace(settings.sms_rate_per_second, share=SHARE),
                    "heart": self.heart,
                    "turn": turn or nullcontext,
                },
                name="sms",
                daemon=True,
            )
        self.heart.worker = self.worker

    def start(self) -> Dispatcher:
        self.worker.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        if isinstance(self.worker, threading.Thread):
            outbox.doorbell.set()
            self.worker.join(STOP_SECONDS)
            return
        with self.engine.begin() as conn:  # wake the process from its wait
            conn.execute(text(f"NOTIFY {outbox.CHANNEL}"))
        self.worker.join(STOP_SECONDS)
        if self.worker.is_alive():
            log.warning("the text dispatcher did not stop in %.0f s; ending it", STOP_SECONDS)
            self.worker.terminate()
