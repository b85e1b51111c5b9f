"""A family's view: a parent's own children, their journeys on a date (and the journeys they
have no transport for, or why none is due), the named transport officer, and the texts sent to
the parent. The API and the web pages both read it from here, so
a parent sees the same (and only their own) in either."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from transport import models as m
from transport.accounts import Caller
from transport.day.journey_times import Times
from transport.day.today import Whose, runs_on
from transport.day.without import NoTransport, of_child, quiet_day
from transport.errors import NotFound
from transport.notify import outbox


@dataclass(frozen=True)
class DayJourney:
    """One of a child's runs on a date, as the family needs it."""

    session: str
    vehicle: str
    driver: str | None
    pa: str | None
    pickup: dt.time
    dropoff: dt.time
    absent: bool
    changes: list[str]

    @property
    def times(self) -> Times:
        """The two times, named as the texts name them."""
        return Times(self.session, self.pickup, self.dropoff)


def guardian_of(db: Session, who: Caller) -> m.Guardian | None:
    return db.get(m.Guardian, who.link_id) if who.role == "parent" else None


def children_of(db: Session, who: Caller) -> list[m.Child]:
    """A parent's own children (nobody else has any through this)."""
    guardian = guardian_of(db, who)
    return sorted(guardian.children, key=lambda c: c.id) if guardian else []


def own_child(db: Session, who: Caller, child_id: int) -> m.Child | None:
    """A parent's own child, a planner's any child; anyone else's is None (answered as not found)."""
    if who.role == "planner":
        return db.get(m.Child, child_id, options=[joinedload(m.Child.officer)])
    if who.role == "parent":
        return db.scalar(_OWN_CHILD, {"child": child_id, "guardian": who.link_id})
    return None


_OWN_CHILD = (
    select(m.Child)
    .options(joinedload(m.Child.officer))  # every view of a child names the officer to call
    .where(m.Child.id == bindparam("child"), m.Child.guardians.any(m.Guardian.id == bindparam("guardian")))
)
"""Made once: a statement's making costs more than its running, at every parent's read."""


def own_absence(db: Session, who: Caller, absence_id: int) -> m.Absence | None:
    """An absence of one of the caller's children (a planner's: any); else None."""
    absence = db.get(m.Absence, absence_id)
    if absence is None or who.role == "planner":
        return absence
    return absence if absence.child_id in {c.id for c in children_of(db, who)} else None


def journeys(db: Session, child: m.Child, day: dt.date) -> list[DayJourney]:
    """The child's runs on a date: vehicle, times, crew first names, and the same-day changes
    that concern this child or the crew."""
    out = []
    for run in runs_on(db, day, Whose(child_ids=frozenset({child.id})), kept=True):
        mine = [x for x in run.stops if x.child.id == child.id]
        if not mine:
            continue
        times = Times.of(run.session, mine)
        out.append(
            DayJourney(
                session=run.session,
                vehicle=run.run.vehicle.registration,
                driver=run.driver.first_name if run.driver else None,
                pa=run.assistant.first_name if run.assistant else None,
                pickup=times.pickup,
                dropoff=times.dropoff,
                absent=mine[0].absent,
                changes=run.told({child.id}),
            )
        )
    return out


@dataclass(frozen=True)
class ChildDay:
    """A child's transport on a date, never silent: the journeys, those due with no transport,
    and (when there is neither) why no transport is due that day."""

    journeys: list[DayJourney]
    no_transport: list[NoTransport]
    quiet: str | None


def child_day(db: Session, child: m.Child, day: dt.date, office_phone: str = "") -> ChildDay:
    found = journeys(db, child, day)
    missing = of_child(db, child, day, {j.session for j in found}, office_phone)
    return ChildDay(found, missing, None if found or missing else quiet_day(db, child, day))


def texts_to(db: Session, guardian: m.Guardian, limit: int = 50) -> list[m.Message]:
    """The texts sent (or queued) to this parent, newest first."""
    return list(
        db.scalars(
            select(m.Message)
            .where(m.Message.recipient_role == "parent", m.Message.recipient_ref == guardian.ref, outbox.listed())
            .order_by(m.Message.created_at.desc(), m.Message.id.desc())
            .limit(limit)
        )
    )


def set_live_texts(db: Session, who: Caller, on: bool) -> m.Guardian:
    """A parent's choice of "about 5 minutes away" and "running late" texts on the day."""
    guardian = guardian_of(db, who)
    if guardian is None:
        raise NotFound("there is no parent record for this account")
    guardian.live_texts = on
    return guardian
