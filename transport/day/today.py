"""What happens on a date: the published plan's runs for that weekday, less absences, with the
planners' changes applied. The school's manifest, the crew's run sheet and a parent's view all
read it from here, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import weekday_of


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
    run: m.PlanRun
    date: dt.date
    driver: m.Driver | None
    assistant: m.PassengerAssistant | None
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


def plan_for(db: Session, date: dt.date) -> m.Plan | None:
    """The plan in force on a date: the latest published one that has started by then."""
    return db.scalar(
        select(m.Plan)
        .where(m.Plan.status == "published", m.Plan.starts_on <= date)
        .order_by(m.Plan.published_at.desc(), m.Plan.id.desc())
        .limit(1)
    )


def absences_on(db: Session, date: dt.date) -> dict[int, set[str]]:
    """Child id to the sessions ("AM", "PM") they are absent on a date."""
    away: dict[int, set[str]] = {}
    rows = db.execute(
        select(m.Absence.child_id, m.Absence.session).where(m.Absence.date == date, m.Absence.cancelled_at.is_(None))
    )
    for child_id, sessions in rows:
        away.setdefault(child_id, set()).update(m.SESSIONS if sessions == "both" else (sessions,))
    return away


def runs_on(db: Session, date: dt.date) -> list[DayRun]:
    """Every run on a date, as it will really go."""
    weekday = weekday_of(date)
    plan = plan_for(db, date) if weekday else None
    if plan is None:
        return []
    runs = db.scalars(
        select(m.PlanRun)
        .where(m.PlanRun.plan_id == plan.id, m.PlanRun.weekday == weekday)
        .options(*m.run_whole())
        .order_by(m.PlanRun.session, m.PlanRun.leave_depot, m.PlanRun.id)
    ).all()
    day = {
        r.id: DayRun(r, date, r.driver, r.assistant, [DayStop(s.kind, s.child, s.place, s.planned) for s in r.stops])
        for r in runs
    }
    _apply_changes(db, date, day)
    away = absences_on(db, date)
    for d in day.values():
        for s in d.stops:
            s.absent = d.session in away.get(s.child.id, ())
    return list(day.values())


def _apply_changes(db: Session, date: dt.date, day: dict[int, DayRun]) -> None:
    changes = db.scalars(
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
                driver = db.get_one(m.Driver, c.driver_id)
                run.changes.append(DayChange(f"Driver: {driver.first_name} instead of {_first(run.driver)}"))
                run.driver = driver
            if c.assistant_id is not None:
                assistant = db.get_one(m.PassengerAssistant, c.assistant_id)
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


def _first(person: m.Driver | m.PassengerAssistant | None) -> str:
    return person.first_name if person else "nobody"
