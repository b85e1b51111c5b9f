"""What a crew's phone reports, acted on: the run started, a stop tapped, the vehicle moved, the
run finished; then the run read again and the texts it now calls for queued. The API and the
crew's page both report through here, so a tap means the same from either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from transport.accounts import Caller
from transport.day import alerts, live
from transport.day.legs import travel_for
from transport.day.today import DayRun
from transport.settings import Settings


@dataclass(frozen=True)
class Acted:
    live: live.LiveRun
    told: int
    """Texts queued by this report (near, late, not at the pickup)."""


def started(db: Session, settings: Settings, who: Caller, run_id: int, date: dt.date, at: dt.datetime, now: dt.datetime) -> Acted:
    def act(run: DayRun) -> int:
        live.start(db, run, at, now)
        return 0

    return _acted(db, settings, who, run_id, date, now, act)


def finished(
    db: Session, settings: Settings, who: Caller, run_id: int, date: dt.date, at: dt.datetime, now: dt.datetime
) -> Acted:
    def act(run: DayRun) -> int:
        live.finish(db, run, at, now)
        return 0

    return _acted(db, settings, who, run_id, date, now, act)


def tapped(
    db: Session,
    settings: Settings,
    who: Caller,
    run_id: int,
    date: dt.date,
    taps: Sequence[tuple[int, str, dt.datetime]],
    now: dt.datetime,
) -> Acted:
    """(child id, outcome, at) for each tap, oldest first; a new no-show tells the parents and office."""

    def act(run: DayRun) -> int:
        told = 0
        for child_id, outcome, at in taps:
            _, new = live.tap(db, run, child_id, outcome, at, now, who.name)
            if new and outcome == "no_show":
                stop = next(x for x in run.stops if x.child.id == child_id and x.kind == "pickup")
                told += alerts.no_show(db, settings, run, stop)
        return told

    return _acted(db, settings, who, run_id, date, now, act)


def moved(
    db: Session,
    settings: Settings,
    who: Caller,
    run_id: int,
    date: dt.date,
    positions: Sequence[tuple[float, float, dt.datetime]],
    now: dt.datetime,
) -> Acted:
    """(lat, lon, at) for each position, oldest first."""

    def act(run: DayRun) -> int:
        for lat, lon, at in positions:
            live.position(db, run, lat, lon, at, now)
        return 0

    return _acted(db, settings, who, run_id, date, now, act)


def _acted(
    db: Session, settings: Settings, who: Caller, run_id: int, date: dt.date, now: dt.datetime, act: Callable[[DayRun], int]
) -> Acted:
    run = live.run_of(db, who, run_id, date)
    told = act(run)
    db.flush()
    found = live.live(db, settings, run, now, travel_for(db, settings))
    return Acted(found, told + alerts.as_it_goes(db, settings, found, now))
