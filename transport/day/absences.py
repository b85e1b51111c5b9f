"""Absences: a parent (or a planner) says a child will not travel; cancelled only before the run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import now, weekday_of
from transport.day import retime, tell
from transport.day.today import Whose, runs_on
from transport.errors import Conflict, Invalid
from transport.settings import Settings

LONGEST = 92
"""Days one report may cover: a term at most; longer is a change of arrangements, for the planner."""
FURTHEST = 366
"""Days ahead an absence may be reported: within the school year to come."""


class AbsenceError(Invalid):
    """An absence that cannot be reported as asked."""


class TooLate(Conflict):
    """An absence that can no longer be cancelled: the run has started."""


def report(
    db: Session,
    settings: Settings,
    child: m.Child,
    date: dt.date,
    sessions: str,
    reported_by: str,
    channel: str = "web",
    end_date: dt.date | None = None,
    pm_too: bool | None = None,
    guardian: m.Guardian | None = None,
) -> list[m.Absence]:
    """One absence per school day from `date` to `end_date`. A morning absence also covers the
    afternoon when the council's rule says so, unless the parent says otherwise (`pm_too`).
    The crews, the school and the reporting parent (`guardian`) are told in the same transaction."""
    if sessions not in ("AM", "PM", "both"):
        raise AbsenceError('session must be "AM", "PM" or "both"')
    end = end_date or date
    if end < date:
        raise AbsenceError("the last day away (end_date) is before the first (date)")
    if (end - date).days >= LONGEST:
        raise AbsenceError(f"an absence can cover at most {LONGEST} days; for longer, contact the transport officer")
    today = now(settings).date()
    if end < today:
        raise AbsenceError("that day has passed")
    if (end - today).days > FURTHEST:
        raise AbsenceError(f"an absence can be reported at most {FURTHEST} days ahead; check the date")
    if sessions == "AM" and (settings.am_absence_cancels_pm if pm_too is None else pm_too):
        sessions = "both"
    days = [d for d in _days(date, end) if weekday_of(d) in child.travel_days]
    if not days:
        raise AbsenceError(f"{child.first_name} does not travel on any school day from {date:%a %-d %b %Y} to {end:%a %-d %b %Y}")
    covered = _open(db, child, days, sessions)
    made: list[m.Absence] = []
    for day in days:
        if day in covered:
            continue  # reported already: nothing twice, no second texts
        absence = m.Absence(child_id=child.id, date=day, session=sessions, channel=channel, reported_by=reported_by)
        try:
            with db.begin_nested():  # the same report at the same moment from another request
                db.add(absence)
        except IntegrityError:
            covered.update(_open(db, child, [day], sessions))
            continue
        made.append(absence)
    if made:
        tell.absence(db, made, child, guardian)
        retime.after_absences(db, settings, child, made)
    return sorted(made + list(covered.values()), key=lambda a: (a.date, a.id))


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _open(db: Session, child: m.Child, days: list[dt.date], sessions: str) -> dict[dt.date, m.Absence]:
    """The child's absences not cancelled on these days that already cover these sessions."""
    covering = ("both",) if sessions == "both" else (sessions, "both")
    rows = db.scalars(
        select(m.Absence).where(
            m.Absence.child_id == child.id,
            m.Absence.date.in_(days),
            m.Absence.session.in_(covering),
            m.Absence.cancelled_at.is_(None),
        )
    )
    return {a.date: a for a in rows}


def cancel(db: Session, settings: Settings, absence: m.Absence, guardian: m.Guardian | None = None) -> m.Absence:
    """Cancel an absence, which is only possible before the child's run has started."""
    if absence.cancelled_at is not None:
        return absence
    starts = run_start(db, absence)
    if starts is not None and now(settings) >= starts:
        raise TooLate("the run has already started; please phone the transport officer")
    absence.cancelled_at = dt.datetime.now(dt.UTC)
    tell.absence(db, [absence], absence.child, guardian, cancelled=True)
    retime.after_absences(db, settings, absence.child, [absence])
    return absence


def run_start(db: Session, absence: m.Absence) -> dt.datetime | None:
    """When the first run the absence covers leaves its depot (the day's start if none does)."""
    sessions = m.SESSIONS if absence.session == "both" else (absence.session,)
    starts = [
        r.starts
        for r in runs_on(db, absence.date, Whose(child_ids=frozenset({absence.child_id})), kept=True)
        if r.session in sessions and any(s.child.id == absence.child_id for s in r.stops)
    ]
    at = min(starts) if starts else dt.time(0, 0)
    return dt.datetime.combine(absence.date, at)


def of_children(db: Session, child_ids: list[int]) -> list[m.Absence]:
    return list(db.scalars(select(m.Absence).where(m.Absence.child_id.in_(child_ids)).order_by(m.Absence.date, m.Absence.id)))
