"""A run's times on a date worked out again around the day's absences, and the families whose
stop moved past the council's threshold told the new time, once for each move.

Only the stops at home move, and only those beside a stop skipped: in the morning the vehicle
still reaches school when planned, so the pickups before a skipped one (back to the last set-down
at a school) are later by the time saved; in the afternoon it still leaves school when planned,
so the set-downs after a skipped one (up to the next school) are earlier. The time saved is the
planned gap between the stops either side of those skipped, less the boarding at the first and
the drive between them in the session's traffic (the council's travel model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import seconds
from transport.day import tell
from transport.day.legs import travel_for
from transport.day.today import DayRun, DayStop, Whose, home_side, runs_on
from transport.notify import templates
from transport.settings import Settings
from transport.travel.provider import Point

MINUTE = 60.0
"""A saving under a minute moves nobody."""


def after_absences(db: Session, settings: Settings, child: m.Child, absences: Iterable[m.Absence]) -> int:
    """Each run the absent (or no longer absent) child is on, on each of these days, timed again;
    returns how many texts were queued."""
    told = 0
    for date in sorted({a.date for a in absences}):
        for run in runs_on(db, date, Whose(child_ids=frozenset({child.id})), timed=False):
            if any(s.child.id == child.id for s in run.stops):
                told += again(db, settings, run)
    return told


def again(db: Session, settings: Settings, run: DayRun) -> int:
    """The run's moved stop times kept for its date, and the families told of moves past the threshold."""
    times = timed(run, _drives(db, settings, run))
    kept = {
        (t.child_id, t.kind): t
        for t in db.scalars(select(m.StopTime).where(m.StopTime.run_id == run.id, m.StopTime.date == run.date))
    }
    told = 0
    small = dt.timedelta(minutes=settings.retime_text_minutes)
    for s in run.stops:
        key = (s.child.id, s.kind)
        at = times.get(key, s.planned)
        row = kept.get(key)
        if row is None:
            if at == s.planned:
                continue
            row = m.StopTime(run_id=run.id, date=run.date, child_id=s.child.id, kind=s.kind, planned=at)
            db.add(row)
        row.planned = at
        was = row.told or s.planned
        if s.absent or s.kind != home_side(run.session) or _apart(at, was, run.date) < small:
            continue
        child = db.get_one(m.Child, s.child.id)  # the kept day's child has no guardians loaded
        what = "pickup" if s.kind == "pickup" else "drop-off"
        body = templates.retimed(child.first_name, run.date, what, at, was)
        told += tell.to_parents(
            db, child, run.date, "retimed", body, f"retime:{run.id}:{run.date}:{was:%H%M}-{at:%H%M}", after=f":{child.ref}"
        )
        row.told = at
    return told


def timed(run: DayRun, drive: dict[tuple[int, int], float]) -> dict[tuple[int, str], dt.time]:
    """(child, pickup or dropoff) to the time of each stop present that moves; `drive`: seconds
    from stop i to stop j of the run, for the stops either side of each skipped stretch."""
    stops, home = run.stops, home_side(run.session)
    shift = [0.0] * len(stops)
    for i, j in _either_side(stops):
        gap = seconds(stops[j].planned) - seconds(stops[i].planned)
        saved = gap - stops[i].child.boarding_minutes * 60.0 - drive[(i, j)]
        if saved < MINUTE:
            continue
        # Morning: the pickups before, back to a school; afternoon: the set-downs after, up to one.
        order = range(i, -1, -1) if run.session == "AM" else range(j, len(stops))
        sign = 1.0 if run.session == "AM" else -1.0
        for k in order:
            if stops[k].absent:
                continue
            if stops[k].kind != home:
                break
            shift[k] += sign * saved
    out: dict[tuple[int, str], dt.time] = {}
    for s, moved in zip(stops, shift):
        if moved:
            t = dt.datetime.combine(run.date, s.planned) + dt.timedelta(seconds=round(moved / MINUTE) * MINUTE)
            out[(s.child.id, s.kind)] = t.time()
    return out


def _either_side(stops: list[DayStop]) -> list[tuple[int, int]]:
    """The present stops either side of each stretch of skipped (absent) stops."""
    pairs = []
    last = None
    for k, s in enumerate(stops):
        if s.absent:
            continue
        if last is not None and k > last + 1:
            pairs.append((last, k))
        last = k
    return pairs


def _drives(db: Session, settings: Settings, run: DayRun) -> dict[tuple[int, int], float]:
    pairs = _either_side(run.stops)
    if not pairs:
        return {}
    points = [run.stops[k].point for pair in pairs for k in pair]
    if any(p is None for p in points):
        return {pair: float("inf") for pair in pairs}  # nowhere to reckon from: move nobody
    durations = travel_for(db, settings).matrix([Point(*p) for p in points if p is not None]).durations
    peak = settings.peak_factor(run.session)
    return {pair: float(durations[2 * n, 2 * n + 1]) * peak for n, pair in enumerate(pairs)}


def _apart(a: dt.time, b: dt.time, date: dt.date) -> dt.timedelta:
    return abs(dt.datetime.combine(date, a) - dt.datetime.combine(date, b))
