"""Who is told what (the table in the README): each message is queued in the outbox in the same
transaction as the change that caused it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import first_on
from transport.day.journey_times import Times
from transport.day.today import Whose, home_side, runs_on, school_side
from transport.notify import templates
from transport.notify.outbox import SAME_DAY, queue, queued_keys


def absence(db: Session, made: list[m.Absence], child: m.Child, guardian: m.Guardian | None, cancelled: bool = False) -> None:
    """An absence reported (or cancelled): the driver and PA of each run it touches, the school,
    and the parent who reported it."""
    verb = "cancelled" if cancelled else "absence"
    with db.no_autoflush:  # the texts go in together, in one insert when the request commits
        _absence(db, made, child, guardian, verb, cancelled)


def _absence(db: Session, made: list[m.Absence], child: m.Child, guardian: m.Guardian | None, verb: str, cancelled: bool) -> None:
    # An absence is reported once and cancelled at most once, and its id is in each of its
    # texts' keys: no text in the outbox has one yet (fresh), so none is looked up.
    for a in made:
        sessions = m.SESSIONS if a.session == "both" else (a.session,)
        for run in runs_on(db, a.date, Whose(child_ids=frozenset({child.id})), kept=True):
            if run.session not in sessions or not any(s.child.id == child.id for s in run.stops):
                continue
            body = (templates.absence_cancelled if cancelled else templates.absence_for_crew)(
                child.first_name, a.date, run.session
            )
            for role, person in (("driver", run.driver), ("pa", run.assistant)):
                if person is not None:
                    queue(
                        db,
                        to=person.phone,
                        role=role,
                        ref=person.ref,
                        template=f"{verb}_crew",
                        body=body,
                        key=f"{verb}:{a.id}:{run.session}:{role}:{person.ref}",
                        priority=SAME_DAY,
                        child_id=child.id,
                        about=a.date,
                        fresh=True,
                    )
        school = child.school
        body = (templates.absence_cancelled if cancelled else templates.absence_for_school)(child.first_name, a.date, a.session)
        queue(
            db,
            to=school.phone,
            role="school",
            ref=school.ref,
            template=f"{verb}_school",
            body=body,
            key=f"{verb}:{a.id}:school",
            priority=SAME_DAY,
            child_id=child.id,
            about=a.date,
            fresh=True,
        )
    if guardian is not None and made:
        first, last = made[0], made[-1]
        body = (
            templates.absence_cancelled(child.first_name, first.date, first.session)
            if cancelled
            else templates.absence_confirmed(child.first_name, first.date, last.date, first.session)
        )
        queue(
            db,
            to=guardian.phone,
            role="parent",
            ref=guardian.ref,
            template=f"{verb}_parent",
            body=body,
            key=f"{verb}:{first.id}:parent:{guardian.ref}",
            priority=SAME_DAY,
            child_id=child.id,
            about=first.date,
            consent=guardian.sms_consent,
            fresh=True,
        )


def delay(db: Session, day_run, minutes: int, reported_by: str) -> int:
    """A run running late on a day: the parents of the children still to be picked up or set
    down, and the school, each with the new expected time. Returns how many were told."""
    told = 0
    late = dt.timedelta(minutes=minutes)
    run, when = day_run.run, day_run.date
    stamp = f"{when}:{day_run.id}:{minutes}:{now_key()}"
    home = home_side(run.session)
    for s in day_run.stops:
        if s.absent or s.kind != home:
            continue
        expected = (dt.datetime.combine(when, s.planned) + late).time()
        body = templates.delay(
            run.vehicle.registration, minutes, s.child.first_name, expected, "pickup" if home == "pickup" else "drop-off"
        )
        told += to_parents(db, s.child, when, "delay_parent", body, f"delay:{stamp}", after=f":{s.child.ref}")
    at_school = school_side(run.session)
    by_school: dict[int, list] = {}
    for s in day_run.stops:
        if s.kind == at_school and not s.absent:
            by_school.setdefault(s.child.school_id, []).append(s)
    for school_id, stops in by_school.items():
        school = db.get_one(m.School, school_id)
        expected = (dt.datetime.combine(when, min(s.planned for s in stops)) + late).time()
        body = templates.delay_for_school(run.vehicle.registration, minutes, expected, [s.child.first_name for s in stops])
        told += (
            queue(
                db,
                to=school.phone,
                role="school",
                ref=school.ref,
                template="delay_school",
                body=body,
                key=f"delay:{stamp}:school:{school.ref}",
                priority=SAME_DAY,
                about=when,
            )
            is not None
        )
    return told


def now_key() -> str:
    """Minute of the report, so that a second delay report for the same run is told too."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M")


def run_sheets(db: Session, date: dt.date) -> int:
    """Each driver and PA, their runs on a date: leave time, then pickups in order (first names).
    Those queued already are not queued again (one look at the outbox for the day, not one a text)."""
    told = 0
    prefix = f"runsheet:{date}:"
    queued = queued_keys(db, prefix)
    for run in runs_on(db, date, kept=True):
        stops = [(s.planned, s.child.first_name) for s in run.stops if s.kind == "pickup" and not s.absent]
        body = templates.run_sheet(date, run.session, run.starts, stops)
        for role, person in (("driver", run.driver), ("pa", run.assistant)):
            if person is None:
                continue
            key = f"{prefix}{run.id}:{role}:{person.ref}"
            if key in queued:
                continue
            sent = queue(
                db, to=person.phone, role=role, ref=person.ref, template="run_sheet", body=body, key=key, about=date, fresh=True
            )
            told += sent is not None
    return told


def run_changed(db: Session, change: m.Change) -> None:
    """A planner's change from a date: a child moved (their parents, both runs' crews, the school
    if the child now arrives on another vehicle), or a new driver or PA (the families on the run,
    the new crew member, the one stood down): told before the day it happens."""
    run = db.get_one(m.PlanRun, change.run_id)
    when = first_on(change.starts_on, run.weekday)
    key = f"change:{change.id}"
    if change.kind == "move":
        assert change.to_run_id is not None and change.child_id is not None  # a move names both (day/changes.py)
        target = db.get_one(m.PlanRun, change.to_run_id)
        child = db.get_one(m.Child, change.child_id)
        was = Times.of(run.session, [s for s in run.stops if s.child_id == child.id])
        # As the day's view moves the stops (day/today.py): a time given, else the one before.
        _tell_parents(
            db, [child], target, when, Times(run.session, change.pickup or was.pickup, change.dropoff or was.dropoff), key
        )
        for r in (run, target):
            _tell_crew(db, r, when, key)
        if run.session == "AM":
            school = child.school
            queue(
                db,
                to=school.phone,
                role="school",
                ref=school.ref,
                template="change_school",
                body=templates.change_for_school(
                    when, run.session, target.vehicle.registration, change.dropoff or target.return_depot, [child.first_name]
                ),
                key=f"{key}:school:{school.ref}",
                priority=SAME_DAY,
                child_id=child.id,
                about=when,
            )
        return
    new_driver = db.get(m.Driver, change.driver_id) if change.driver_id else run.driver
    new_pa = db.get(m.PassengerAssistant, change.assistant_id) if change.assistant_id else run.assistant
    for child in {s.child.id: s.child for s in run.stops}.values():
        times = Times.of(run.session, [s for s in run.stops if s.child_id == child.id])
        _tell_parents(db, [child], run, when, times, key, new_driver, new_pa)
    first_pickup = min((s.planned for s in run.stops), default=run.leave_depot)
    for role, before, after in (("driver", run.driver, new_driver), ("pa", run.assistant, new_pa)):
        if after is not None and (before is None or before.id != after.id):
            queue(
                db,
                to=after.phone,
                role=role,
                ref=after.ref,
                template="change_crew",
                body=templates.change_for_crew(when, run.session, run.leave_depot, first_pickup),
                key=f"{key}:{role}:{after.ref}",
                priority=SAME_DAY,
                about=when,
            )
            if before is not None:
                queue(
                    db,
                    to=before.phone,
                    role=role,
                    ref=before.ref,
                    template="crew_stood_down",
                    body=templates.crew_stood_down(when, run.session, run.vehicle.registration, change.ends_on),
                    key=f"{key}:{role}:{before.ref}:off",
                    priority=SAME_DAY,
                    about=when,
                )


def _tell_parents(
    db: Session,
    children: list[m.Child],
    run: m.PlanRun,
    when: dt.date,
    times: Times,
    key: str,
    driver: m.Driver | None = None,
    pa: m.PassengerAssistant | None = None,
) -> None:
    driver, pa = driver or run.driver, pa or run.assistant
    crew = templates.crew(driver.first_name if driver else None, pa.first_name if pa else None)
    for child in children:
        body = templates.change_for_parent(child.first_name, when, times.words(), run.vehicle.registration, crew)
        to_parents(db, child, when, "change_parent", body, f"{key}:parent", after=f":{child.ref}")


def to_parents(
    db: Session,
    child: m.Child,
    when: dt.date,
    template: str,
    body: str,
    key: str,
    guardians: Iterable[m.Guardian] | None = None,
    after: str = "",
) -> int:
    """A same-day text to each of the child's parents (or these of them), keyed
    "{key}:{guardian's ref}{after}". Returns how many were queued."""
    told = 0
    for g in child.guardians if guardians is None else guardians:
        message = queue(
            db,
            to=g.phone,
            role="parent",
            ref=g.ref,
            template=template,
            body=body,
            key=f"{key}:{g.ref}{after}",
            priority=SAME_DAY,
            child_id=child.id,
            about=when,
            consent=g.sms_consent,
        )
        told += message is not None
    return told


def to_one(
    db: Session,
    role: str,
    whom: m.Driver | m.PassengerAssistant | m.School,
    when: dt.date,
    template: str,
    body: str,
    key: str,
    after: str = "",
    child_id: int | None = None,
) -> int:
    """A same-day text to one driver, PA ("pa") or school office, keyed "{key}:{role}:{ref}{after}".
    Returns 1 if it was queued, 0 if one with the key was there already."""
    message = queue(
        db,
        to=whom.phone,
        role=role,
        ref=whom.ref,
        template=template,
        body=body,
        key=f"{key}:{role}:{whom.ref}{after}",
        priority=SAME_DAY,
        child_id=child_id,
        about=when,
    )
    return int(message is not None)


def _tell_crew(db: Session, run: m.PlanRun, when: dt.date, key: str) -> None:
    first_pickup = min((s.planned for s in run.stops), default=run.leave_depot)
    body = templates.change_for_crew(when, run.session, run.leave_depot, first_pickup)
    for role, person in (("driver", run.driver), ("pa", run.assistant)):
        if person is not None:
            queue(
                db,
                to=person.phone,
                role=role,
                ref=person.ref,
                template="change_crew",
                body=body,
                key=f"{key}:{role}:{person.ref}:{run.id}",
                priority=SAME_DAY,
                about=when,
            )
