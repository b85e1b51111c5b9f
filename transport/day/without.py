"""Children without transport on a date: due to travel (a school day, one of their travel days,
their school open, not absent) but on no run of the plan in force, for the morning or the
afternoon, with the reason in plain English and who to call. A parent's page, the school's
manifest and the planner's pages all read it from here, so none of them is silent about it.

A family or a school is told only that a child "could not be placed", never the planner's
reasons (they name a child's needs and training: see transport/planning/reasons.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from transport import models as m
from transport.clock import weekday_of
from transport.day.today import EVERYONE, DayRun, Whose, absences_on, kept_view, own_travel_on, plan_for, runs_on
from transport.phones import for_people

NOT_PLACED = "not_placed"
"""The plan in force could not place the child on that journey (its unplaced records)."""
SPOT_HIRE = "spot_hire_pending"
"""The plan carries the child on a spot hire: a vehicle still to be booked, not a confirmed one."""
NO_PLAN = "no_plan"
"""No plan is published for that week."""
NOT_IN_PLAN = "not_in_plan"
"""The plan in force has no journey for the child at all (a child added since it was made)."""
NOT_COVERED = "not_covered"
"""The child's vehicle or crew cannot work that day and the day's cover found nothing else (planning/disruption.py)."""
REASONS = (NOT_PLACED, SPOT_HIRE, NO_PLAN, NOT_IN_PLAN, NOT_COVERED)

OFFICE = "the transport office"
"""Who to call for a child with no named officer."""


@dataclass(frozen=True)
class NoTransport:
    """One journey a child is due to make on a date and has no transport for. Plain values only:
    it is kept with the day (see kept_view), beyond the database session that read it."""

    child_id: int
    first_name: str
    last_name: str
    school_id: int
    date: dt.date
    session: str
    reason: str
    plan_id: int | None
    call_name: str
    call_phone: str | None
    """As held (E.164); `call` writes it as people do."""

    @property
    def journey(self) -> str:
        """ "to school on Tuesday morning", "home on Tuesday afternoon" """
        if self.session == "AM":
            return f"to school on {self.date:%A} morning"
        return f"home on {self.date:%A} afternoon"

    @property
    def why(self) -> str:
        """The reason as a family or a school may read it."""
        name = self.first_name
        return {
            NOT_PLACED: f"{name} could not be placed on a vehicle.",
            SPOT_HIRE: f"A vehicle is being hired for {name}; it is not booked yet.",
            NO_PLAN: "No transport plan is published for this week yet.",
            NOT_IN_PLAN: f"{name} is not in this week's transport plan yet.",
            NOT_COVERED: f"{name}'s usual vehicle cannot run on {self.date:%A} and no other has been found yet.",
        }[self.reason]

    @property
    def call(self) -> str:
        if self.call_phone:
            return f"Call {self.call_name} on {for_people(self.call_phone)}."
        return f"Call {self.call_name}."

    @property
    def text(self) -> str:
        """ "No transport to school on Tuesday morning. Ibrahim could not be placed on a vehicle.
        Call Sam Officer on 01632 960001." """
        return f"No transport {self.journey}. {self.why} {self.call}"


def without(db: Session, date: dt.date, whose: Whose = EVERYONE, office_phone: str = "") -> list[NoTransport]:
    """The journeys of `whose` children (a family's, a school's, or the council's: everyone) due
    on `date` that have no transport, by child and session. `office_phone`: the number to call
    for a child with no named officer (the council's TRANSPORT_OFFICE_PHONE)."""
    weekday = weekday_of(date)
    if weekday is None:
        return []
    if whose.child_ids is not None:  # a family's few: read now, not kept (one view per family would pile up)
        due = _due(db, date, weekday, _children(db, whose), _carried(runs_on(db, date, whose, kept=True)))
    else:  # a school's or the council's: made once for the day kept, as the manifest is
        due = kept_view(
            db,
            date,
            whose,
            ("without", whose.school_id),
            lambda runs: _due(db, date, weekday, _children(db, whose), _carried(runs)),
        )
    return _told(db, date, due, office_phone)


def of_child(db: Session, child: m.Child, date: dt.date, carried: set[str], office_phone: str = "") -> list[NoTransport]:
    """`without` for one child whose sessions carried that day (`carried`: "AM", "PM") are known
    already (a parent's page has read the child's journeys)."""
    weekday = weekday_of(date)
    if weekday is None:
        return []
    return _told(db, date, _due(db, date, weekday, [child], {(child.id, s) for s in carried}), office_phone)


def _told(db: Session, date: dt.date, due: list[NoTransport], office_phone: str) -> list[NoTransport]:
    """The journeys due less those reported absent (read afresh), each with who to call."""
    away = absences_on(db, date, {x.child_id for x in due})
    out = [x for x in due if x.session not in away.get(x.child_id, ())]
    if office_phone:
        out = [x if x.call_phone else replace(x, call_name=OFFICE, call_phone=office_phone) for x in out]
    return out


def _carried(runs: list[DayRun]) -> set[tuple[int, str]]:
    return {(s.child.id, r.session) for r in runs for s in r.stops}


def _due(
    db: Session, date: dt.date, weekday: str, children: Iterable[m.Child], carried: set[tuple[int, str]]
) -> list[NoTransport]:
    """Every journey of these children due on `date` that no run carries (`carried`: child id and
    session), absences not yet taken off (the caller does: they are read afresh)."""
    own = own_travel_on(db, date)
    due = [c for c in children if weekday in c.travel_days and c.school.bell(weekday) is not None and c.id not in own]
    missing = [(c, s) for c in due for s in m.SESSIONS if (c.id, s) not in carried]
    if not missing:
        return []
    plan = plan_for(db, date)
    reasons = _reasons(db, plan, weekday, date) if plan else {}
    out = [
        NoTransport(
            child_id=c.id,
            first_name=c.first_name,
            last_name=c.last_name,
            school_id=c.school_id,
            date=date,
            session=s,
            reason=reasons.get((c.ref, s), NOT_IN_PLAN) if plan else NO_PLAN,
            plan_id=plan.id if plan else None,
            call_name=c.officer.name if c.officer else OFFICE,
            call_phone=c.officer.phone if c.officer else None,
        )
        for c, s in missing
    ]
    return sorted(out, key=lambda x: (x.last_name, x.first_name, x.child_id, x.session))


def _children(db: Session, whose: Whose) -> Iterable[m.Child]:
    query = select(m.Child)
    if whose.school_id is not None:
        query = query.where(m.Child.school_id == whose.school_id)
    if whose.child_ids is not None:
        query = query.where(m.Child.id.in_(sorted(whose.child_ids)))
    return db.scalars(query.options(joinedload(m.Child.officer), selectinload(m.Child.school).selectinload(m.School.bells)))


def _reasons(db: Session, plan: m.Plan, weekday: str, date: dt.date) -> dict[tuple[str, str], str]:
    """(child's ref, session) to why the plan in force, or the day's cover, has no run for them."""
    found: dict[tuple[str, str], str] = {}
    covers = list(db.scalars(select(m.Plan.id).where(m.Plan.status == "cover", m.Plan.starts_on == date)))
    for plan_id, not_placed in ((plan.id, NOT_PLACED), *((c, NOT_COVERED) for c in covers)):
        hires = db.execute(
            select(m.SpotHire.session, m.SpotHire.stops).where(m.SpotHire.plan_id == plan_id, m.SpotHire.weekday == weekday)
        )
        for session, stops in hires:
            for stop in stops:
                found[(stop["child"], session)] = SPOT_HIRE
        unplaced = db.execute(
            select(m.Child.ref, m.PlanUnplaced.session)
            .join(m.Child, m.PlanUnplaced.child_id == m.Child.id)
            .where(m.PlanUnplaced.plan_id == plan_id, m.PlanUnplaced.weekday == weekday)
        )
        for ref, session in unplaced:
            found[(ref, session)] = not_placed
    return found


def quiet_day(db: Session, child: m.Child, date: dt.date) -> str | None:
    """Why a child has rightly no transport on a date, in a sentence (None: they are due to travel)."""
    weekday = weekday_of(date)
    name = child.first_name
    if weekday is None:
        return f"No transport on {date:%A}: there is no school at the weekend."
    if weekday not in child.travel_days:
        return f"No transport on {date:%A}: {name} does not travel on {date:%A}s."
    if child.id in own_travel_on(db, date):
        return f"No transport on {date:%A}: you take {name} to school yourselves (you accepted the council's offer)."
    if child.school.bell(weekday) is None:
        return f"No transport on {date:%A}: {name}'s school is closed on {date:%A}s."
    if set(m.SESSIONS) <= absences_on(db, date, {child.id}).get(child.id, set()):
        return f"No transport on {date:%A}: you told us {name} will not travel."
    return None
