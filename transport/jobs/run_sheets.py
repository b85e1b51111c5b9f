"""The evening text of the next school day's run sheet, at RUN_SHEET_TIME on the council's clock."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy.orm import Session, sessionmaker

from transport.clock import next_school_day, now
from transport.day.tell import run_sheets
from transport.db import transaction
from transport.settings import Settings


def due(settings: Settings, at: dt.datetime) -> dt.date | None:
    """The day whose run sheets are due at this moment (after the evening time), else None."""
    hour, minute = (int(x) for x in settings.run_sheet_time.split(":"))
    return next_school_day(at.date()) if at.time() >= dt.time(hour, minute) else None


def run(factory: sessionmaker[Session], settings: Settings, stop: threading.Event, every: float = 60.0) -> None:
    """Queue the run sheets once they are due, once a day in each process (the messages' keys
    make another process's try, or a restart's, harmless): each try is a writer's transaction,
    which on SQLite every other writer waits for."""
    done: dt.date | None = None
    while not stop.is_set():
        day = due(settings, now(settings))
        if day is not None and day != done:
            with transaction(factory) as db:
                run_sheets(db, day)
            done = day
        stop.wait(every)
