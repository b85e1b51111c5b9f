"""What happens on a date: the published plan's runs for that weekday, less absences, with the
planners' changes applied. The school's manifest, the crew's run sheet and a parent's view all
read it from here, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from transport import models as m


@dataclass
class DayStop:
    kind: str
    """pickup or dropoff"""
    child: m.Child
    place: str
    planned: dt.time
    absent: bool = False
    moved_in: bool = False
    """Put on this run by a planner's change."""


@dataclass(frozen=True)
class DayChange:
    """A plain-English same-day change to a run, and the child it is about (None: the crew)."""

    text: str
    child_id: int | None = None

    def concerns(self, child_ids: set[int]) -> bool:
        """Whether a family or school with these children may read it: crew changes, and their own children's."""
        return self.child_id is None or self.child_id in child_ids


@dataclass
class DayRun:
    run: m.Run
    date: dt.date
    driver: m.Driver | None
    assistant: m.Assistant | None
    stops: list[DayStop]
    changes: list[DayChange] = field(default_factory=list)

    def told(self, child_ids: set[int] | None = None) -> list[str]:
        """The changes in words: all of them (the crew, a planner), or those a family or school
        with these children may read."""
        return [c.text for c in self.changes if child_ids is None or c.concerns(child_ids)]

    @property
    def id(self) -> int:
        return self.run.id

    @property
    def session(self) -> str:
        return self.run.session

    @property
    def starts(self) -> dt.time:
        return self.run.leave_depot

    def children(self) -> list[m.Child]:
        seen: dict[int, m.Child] = {}
        for s in self.stops:
            seen.setdefault(s.child.id, s.child)
        return list(seen.values())


def next_monday(today: dt.date) -> dt.date:
    """The Monday after `today` (a week on, if today is a Monday): the week a new plan is for."""
    return today + dt.timedelta(days=7 - today.weekday())


def weekday_of(date: dt.date) -> str | None:
    return m.WEEKDAYS[date.weekday()] if date.weekday() < 5 else None


def plan_for(session: Session, date: dt.date) -> m.Plan | None:
    """The plan in force on a date: the latest published one that has started by then."""
    return session.scalar(
        select(m.Plan)
        .where(m.Plan.status == "published", m.Plan.starts_on <= date)
        .order_by(m.Plan.published_at.desc(), m.Plan.id.desc())
        .limit(1)
    )


def absences_on(session: Session, date: dt.date) -> dict[int, set[str]]:
    """Child id to the sessions ("AM", "PM") they are absent on a date."""
    away: dict[int, set[str]] = {}
    rows = session.execute(
        select(m.Absence.child_id, m.Absence.session).where(m.Absence.date == date, m.Absence.cancelled_at.is_(None))
    )
    for child_id, sessions in rows:
        away.setdefault(child_id, set()).update(m.SESSIONS if sessions == "both" else (sessions,))
    return away


def runs_on(session: Session, date: dt.date) -> list[DayRun]:
    """Every run on a date, as it will really go."""
    weekday = weekday_of(date)
    plan = plan_for(session, date) if weekday else None
    if plan is None:
        return []
    runs = session.scalars(
        select(m.Run)
        .where(m.Run.plan_id == plan.id, m.Run.weekday == weekday)
        .options(*m.run_whole())
        .order_by(m.Run.session, m.Run.leave_depot, m.Run.id)
    ).all()
    day = {
        r.id: DayRun(r, date, r.driver, r.assistant, [DayStop(s.kind, s.child, s.place, s.planned) for s in r.stops])
        for r in runs
    }
    _apply_changes(session, date, day)
    away = absences_on(session, date)
    for d in day.values():
        for s in d.stops:
            s.absent = d.session in away.get(s.child.id, ())
    return list(day.values())


def _apply_changes(session: Session, date: dt.date, day: dict[int, DayRun]) -> None:
    changes = session.scalars(
        select(m.Change)
        .where(
            m.Change.run_id.in_(list(day)),
            m.Change.starts_on <= date,
            or_(m.Change.ends_on.is_(None), m.Change.ends_on >= date),
        )
        .order_by(m.Change.created_at, m.Change.id)
    ).all()
    for c in changes:
        run = day[c.run_id]
        if c.kind == "crew":
            if c.driver_id is not None:
                driver = session.get(m.Driver, c.driver_id)
                run.changes.append(DayChange(f"Driver: {driver.first_name} instead of {_first(run.driver)}"))
                run.driver = driver
            if c.assistant_id is not None:
                assistant = session.get(m.Assistant, c.assistant_id)
                run.changes.append(DayChange(f"PA: {assistant.first_name} instead of {_first(run.assistant)}"))
                run.assistant = assistant
        elif c.kind == "move" and c.to_run_id in day:
            moved = [s for s in run.stops if s.child.id == c.child_id]
            if not moved:
                continue
            run.stops = [s for s in run.stops if s.child.id != c.child_id]
            child = moved[0].child
            run.changes.append(DayChange(f"{child.first_name} now travels on another vehicle", child.id))
            target = day[c.to_run_id]
            for s in moved:
                at = c.pickup if s.kind == "pickup" else c.dropoff
                target.stops.append(DayStop(s.kind, child, s.place, at or s.planned, moved_in=True))
            target.stops.sort(key=lambda s: (s.planned, s.kind != "pickup" if target.session == "AM" else s.kind == "pickup"))
            target.changes.append(DayChange(f"{child.first_name} joins this run", child.id))


def _first(person: m.Driver | m.Assistant | None) -> str:
    return person.first_name if person else "nobody"
