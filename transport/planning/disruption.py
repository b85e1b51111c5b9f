"""A day's disruption: a vehicle, driver or PA marked unavailable (a breakdown, sickness), the
cover proposed to the planner, and, once confirmed, exactly the people it concerns told.

A run that only lost a driver or PA keeps its journeys with a spare one (with the training, not
on another run that session); any other run hit does not go, and its children present that day
are planned onto spare vehicles and PAs, or spot hires (planning/day_cover.py). Everyone else's
journey is as it was. The proposal is a plan of its own (status proposed, for its date); confirmed,
its runs join the day (day/today.py) and its changes take the children off the runs that do not go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from transport import models as m
from transport.clock import weekday_of
from transport.day import changes, tell
from transport.day.journey_times import Times
from transport.day.today import DayRun, Whose, runs_on
from transport.day.without import of_child
from transport.errors import Conflict, NotFound
from transport.notify import templates
from transport.notify.outbox import queued_keys
from transport.planning.day_cover import Spare, cover_children
from transport.planning.records import load_spot_rates
from transport.planning.store import store
from transport.settings import Settings
from transport.travel import TravelTimeProvider

PROPOSED, CONFIRMED = "proposed", "cover"


class DisruptionError(Conflict):
    pass


def mark(
    db: Session,
    date: dt.date,
    made_by: str,
    reason: str = "",
    vehicle: m.FleetVehicle | None = None,
    driver: m.Driver | None = None,
    assistant: m.PassengerAssistant | None = None,
) -> m.Unavailable:
    """One vehicle, driver or PA unavailable on a date; marked already, the mark there is."""
    given = [x for x in (vehicle, driver, assistant) if x is not None]
    if len(given) != 1:
        raise DisruptionError("mark one vehicle, driver or PA unavailable at a time")
    if weekday_of(date) is None:
        raise DisruptionError(f"{date:%A %-d %B} is not a school day")
    same = select(m.Unavailable).where(m.Unavailable.date == date, m.Unavailable.cancelled_at.is_(None))
    if vehicle is not None:
        same = same.where(m.Unavailable.vehicle_id == vehicle.id)
    elif driver is not None:
        same = same.where(m.Unavailable.driver_id == driver.id)
    elif assistant is not None:
        same = same.where(m.Unavailable.assistant_id == assistant.id)
    found = db.scalar(same)
    if found is not None:
        return found
    made = m.Unavailable(date=date, vehicle=vehicle, driver=driver, assistant=assistant, reason=reason, made_by=made_by)
    db.add(made)
    db.flush()
    return made


def unmark(db: Session, mark_id: int) -> m.Unavailable:
    found = db.get(m.Unavailable, mark_id)
    if found is None:
        raise NotFound(f"there is no mark {mark_id}")
    if found.cancelled_at is None:
        found.cancelled_at = dt.datetime.now(dt.UTC)
    return found


def marks_on(db: Session, date: dt.date) -> list[m.Unavailable]:
    return list(
        db.scalars(
            select(m.Unavailable)
            .where(m.Unavailable.date == date, m.Unavailable.cancelled_at.is_(None))
            .options(
                selectinload(m.Unavailable.vehicle), selectinload(m.Unavailable.driver), selectinload(m.Unavailable.assistant)
            )
            .order_by(m.Unavailable.id)
        )
    )


def what(mark: m.Unavailable) -> str:
    """ "vehicle AB12 CDE", "driver Sam Driver", "PA Ann Assistant" """
    if mark.vehicle is not None:
        return f"vehicle {mark.vehicle.registration}"
    person = mark.driver or mark.assistant
    assert person is not None
    return f"{'driver' if mark.driver else 'PA'} {person.first_name} {person.last_name}"


@dataclass
class _Out:
    """Who and what a day's marks put out of work."""

    vehicles: set[int] = field(default_factory=set)
    drivers: set[int] = field(default_factory=set)
    assistants: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, marks: list[m.Unavailable]) -> _Out:
        return cls(
            {x.vehicle_id for x in marks if x.vehicle_id},
            {x.driver_id for x in marks if x.driver_id},
            {x.assistant_id for x in marks if x.assistant_id},
        )

    def hits(self, run: DayRun) -> bool:
        return (
            run.run.vehicle_id in self.vehicles
            or (run.driver is not None and run.driver.id in self.drivers)
            or (run.assistant is not None and run.assistant.id in self.assistants)
        )


def propose(
    db: Session,
    settings: Settings,
    date: dt.date,
    made_by: str,
    seconds: float | None = None,
    travel: TravelTimeProvider | None = None,
) -> m.Plan:
    """The cover for the day's marks, as a proposed plan (an earlier proposal for the day goes)."""
    weekday = weekday_of(date)
    if weekday is None:
        raise DisruptionError(f"{date:%A %-d %B} is not a school day")
    marks = marks_on(db, date)
    out = _Out.of(marks)
    day = runs_on(db, date)
    hit = [r for r in day if out.hits(r) and r.stops]
    if not hit:
        raise DisruptionError("no run that day uses a vehicle, driver or PA marked unavailable: nothing to cover")
    for old in db.scalars(select(m.Plan).where(m.Plan.status == PROPOSED, m.Plan.starts_on == date)):
        db.delete(old)
    busy = _Busy.of([r for r in day if r not in hit])
    # A swap is a crew change to a published run, checked against every run of the day: the crew
    # of a run that will not go stay on it there, so they are offered to the cover plan instead.
    held = _Busy.of(hit)
    swaps, off = [], []
    for run in hit:
        swap = _swap(db, run, out, busy, held, date)
        if swap is None:
            off.append(run)
        else:
            swaps.append(swap)
    wanted = {s: [c for r in off if r.session == s for c in _present(r)] for s in ("AM", "PM")}
    spare = {s: _spare(db, weekday, s, out, busy, date) for s in ("AM", "PM")}
    plans, places = cover_children(
        settings,
        date,
        weekday,
        wanted,
        spare,
        load_spot_rates(db),
        settings.solve_seconds if seconds is None else seconds,
        travel,
    )
    plan = m.Plan(
        name=f"Cover for {date:%a %-d %b %Y}",
        status=PROPOSED,
        starts_on=date,
        progress=1.0,
        params={
            "made_by": made_by,
            "marks": [x.id for x in marks],
            "swaps": swaps,
            "off": [r.id for r in off],
            "moves": [{"child": c.id, "from": r.id, "session": r.session} for r in off for c in _present(r)],
        },
    )
    db.add(plan)
    store(db, plan, plans, places)
    db.flush()
    plan.summary = {
        "runs": len(plan.runs),
        "hires": len(plan.spot_hires),
        "not_covered": len(plan.unplaced),
        "cost": round(sum(r.cost for r in plan.runs) + sum(h.cost for h in plan.spot_hires), 2),
    }
    return plan


def _present(run: DayRun) -> list[m.Child]:
    seen: dict[int, m.Child] = {}
    for s in run.stops:
        if not s.absent:
            seen.setdefault(s.child.id, s.child)
    return list(seen.values())


@dataclass
class _Busy:
    """Who is on a run that goes, in each session."""

    vehicles: dict[str, set[int]]
    drivers: dict[str, set[int]]
    assistants: dict[str, set[int]]

    @classmethod
    def of(cls, runs: list[DayRun]) -> _Busy:
        busy = cls({"AM": set(), "PM": set()}, {"AM": set(), "PM": set()}, {"AM": set(), "PM": set()})
        for r in runs:
            busy.vehicles[r.session].add(r.run.vehicle_id)
            if r.driver is not None:
                busy.drivers[r.session].add(r.driver.id)
            if r.assistant is not None:
                busy.assistants[r.session].add(r.assistant.id)
        return busy


def _swap(db: Session, run: DayRun, out: _Out, busy: _Busy, held: _Busy, date: dt.date) -> dict | None:
    """A spare driver and PA in place of those out, the journeys kept; None: the run cannot go."""
    session = run.session
    if run.run.vehicle_id in out.vehicles:
        return None
    swap: dict = {"run": run.id, "driver": None, "assistant": None}
    if run.driver is not None and run.driver.id in out.drivers:
        drivers = db.scalars(
            select(m.Driver)
            .where(m.Driver.dbs_expiry >= date)
            .order_by(m.Driver.operator_id != run.driver.operator_id, m.Driver.id)
        )
        driver = next((d for d in drivers if d.id not in out.drivers | busy.drivers[session] | held.drivers[session]), None)
        if driver is None:
            return None
        swap["driver"] = driver.id
    if run.assistant is not None and run.assistant.id in out.assistants:
        needed = {k for c in _present(run) for k in c.pa_skills}
        pas = db.scalars(
            select(m.PassengerAssistant)
            .where(m.PassengerAssistant.dbs_expiry >= date)
            .options(selectinload(m.PassengerAssistant.skills))
            .order_by(m.PassengerAssistant.id)
        )
        pa = next(
            (
                a
                for a in pas
                if a.id not in out.assistants | busy.assistants[session] | held.assistants[session]
                and needed <= a.skills_on(date)
            ),
            None,
        )
        if pa is None:
            return None
        swap["assistant"] = pa.id
    for kind, person in (("drivers", swap["driver"]), ("assistants", swap["assistant"])):
        if person is not None:
            getattr(busy, kind)[session].add(person)
    return swap


def _spare(db: Session, weekday: str, session: str, out: _Out, busy: _Busy, date: dt.date) -> Spare:
    """The session's vehicles (whose driver can work) and PAs on no run that goes and not marked out."""
    vehicles = [
        v
        for v in db.scalars(
            select(m.FleetVehicle)
            .options(
                selectinload(m.FleetVehicle.layouts), selectinload(m.FleetVehicle.drivers), selectinload(m.FleetVehicle.operator)
            )
            .order_by(m.FleetVehicle.ref)
        )
        if weekday in v.days
        and v.id not in out.vehicles
        and v.id not in busy.vehicles[session]
        and v.drivers
        and v.drivers[0].id not in out.drivers
        and v.drivers[0].id not in busy.drivers[session]
        and v.drivers[0].dbs_expiry >= date
    ]
    assistants = [
        a
        for a in db.scalars(
            select(m.PassengerAssistant).options(selectinload(m.PassengerAssistant.skills)).order_by(m.PassengerAssistant.ref)
        )
        if a.id not in out.assistants and a.id not in busy.assistants[session] and a.dbs_expiry >= date
    ]
    return Spare(vehicles, assistants)


@dataclass(frozen=True)
class Markable:
    """Every vehicle, driver and PA a planner may mark unavailable, in the order they are listed."""

    vehicles: list[m.FleetVehicle]
    drivers: list[m.Driver]
    assistants: list[m.PassengerAssistant]


def markable(db: Session) -> Markable:
    return Markable(
        list(db.scalars(select(m.FleetVehicle).order_by(m.FleetVehicle.registration))),
        list(db.scalars(select(m.Driver).order_by(m.Driver.last_name, m.Driver.first_name))),
        list(db.scalars(select(m.PassengerAssistant).order_by(m.PassengerAssistant.last_name, m.PassengerAssistant.first_name))),
    )


def proposal_of(db: Session, plan_id: int) -> m.Plan:
    plan = db.get(m.Plan, plan_id)
    if plan is None or plan.status not in (PROPOSED, CONFIRMED):
        raise NotFound(f"there is no cover {plan_id}")
    return plan


def confirm(db: Session, settings: Settings, plan: m.Plan, made_by: str, today: dt.date) -> int:
    """The proposal in force for its day, and everyone it concerns told; returns how many texts."""
    if plan.status != PROPOSED:
        raise DisruptionError("this cover is confirmed already")
    date = plan.starts_on
    if date < today:
        raise DisruptionError("that day has passed")
    params = plan.params or {}
    reason = "; ".join(what(x) for x in marks_on(db, date) if x.id in params.get("marks", [])) + " unavailable"
    told = 0
    for swap in params.get("swaps", []):
        run = db.get_one(m.PlanRun, swap["run"])
        driver = db.get(m.Driver, swap["driver"]) if swap["driver"] else None
        pa = db.get(m.PassengerAssistant, swap["assistant"]) if swap["assistant"] else None
        made = changes.change_crew(db, run, date, made_by, driver=driver, assistant=pa, ends_on=date, reason=reason)
        told += len(queued_keys(db, f"change:{made.id}:"))
    plan.status = CONFIRMED
    plan.published_at = dt.datetime.now(dt.UTC)
    on = _cover_runs(plan)
    for move in params.get("moves", []):
        to = on.get((move["child"], move["session"]))
        db.add(
            m.Change(
                kind="cover",
                run_id=move["from"],
                child_id=move["child"],
                to_run_id=to.id if to else None,
                starts_on=date,
                ends_on=date,
                reason=reason,
                made_by=made_by,
            )
        )
    for run_id in params.get("off", []):
        db.add(m.Change(kind="off", run_id=run_id, starts_on=date, ends_on=date, reason=reason, made_by=made_by))
    db.flush()
    return told + _tell(db, settings, plan, on)


def _cover_runs(plan: m.Plan) -> dict[tuple[int, str], m.PlanRun]:
    return {(s.child_id, r.session): r for r in plan.runs for s in r.stops}


def _tell(db: Session, settings: Settings, plan: m.Plan, on: dict[tuple[int, str], m.PlanRun]) -> int:
    date, key = plan.starts_on, f"cover:{plan.id}"
    params = plan.params or {}
    told = 0
    by_school: dict[tuple[int, str, str], list[str]] = {}
    for move in params.get("moves", []):
        child, session = db.get_one(m.Child, move["child"]), move["session"]
        run = on.get((child.id, session))
        if run is not None:
            times = Times.of(session, [s for s in run.stops if s.child_id == child.id])
            crew = templates.crew(
                run.driver.first_name if run.driver else None, run.assistant.first_name if run.assistant else None
            )
            body = templates.cover_for_parent(child.first_name, date, times.words(), run.vehicle.registration, crew)
            verb = "arrive" if session == "AM" else "leave"
            how = f"{verb} on vehicle {run.vehicle.registration} at {times.at_school:%H:%M}"
        else:
            missing = [
                x
                for x in of_child(db, child, date, {s for s in ("AM", "PM") if s != session}, settings.transport_office_phone)
                if x.session == session
            ]
            body = (
                missing[0].text
                if missing
                else f"{child.first_name}'s usual vehicle cannot run on {templates.day(date)}. Please call the transport office."
            )
            how = "have no transport yet: the transport office is arranging it"
        told += tell.to_parents(db, child, date, "cover_parent", body, f"{key}:{session}:parent", after=f":{child.ref}")
        by_school.setdefault((child.school_id, session, how), []).append(child.first_name)
    for (school_id, session, how), names in by_school.items():
        body = templates.cover_for_school(date, session, names, how)
        school = db.get_one(m.School, school_id)
        told += tell.to_one(db, "school", school, date, "cover_school", body, key, after=f":{session}:{how}")
    for run_id in params.get("off", []):
        for d in runs_on(db, date, Whose(run_id=run_id)):  # the crew of the day, a crew change and all
            if d.id == run_id:
                body = templates.cover_run_off(date, d.session, d.run.vehicle.registration)
                told += _crew(db, d, f"{key}:off", "cover_off", body)
    for run in plan.runs:
        stops = [(s.planned, s.child.first_name) for s in run.stops if s.kind == "pickup"]
        body = templates.run_sheet(date, run.session, run.leave_depot, stops)
        told += _crew(db, DayRun(run, date, run.driver, run.assistant, []), f"{key}:run", "cover_run", body)
    return told


def _crew(db: Session, run: DayRun, key: str, template: str, body: str) -> int:
    crew = (("driver", run.driver), ("pa", run.assistant))
    return sum(tell.to_one(db, role, p, run.date, template, body, f"{key}:{run.id}") for role, p in crew if p is not None)


@dataclass(frozen=True)
class CoverChild:
    child_id: int
    first_name: str
    last_name: str
    session: str
    was: str
    """Their run as planned, in words: "vehicle AB12 CDE, picked up at 07:55, at school by 08:40"."""
    now: str
    how: str
    """vehicle (one of the council's spare), hire (a spot hire to book) or none (nothing found)"""


@dataclass(frozen=True)
class Cover:
    """A cover as the planner reads it, proposed or confirmed."""

    plan_id: int
    date: dt.date
    status: str
    swaps: list[str]
    off: list[str]
    children: list[CoverChild]
    cost: float


def cover_view(db: Session, plan: m.Plan) -> Cover:
    params = plan.params or {}
    date = plan.starts_on
    swaps = []
    for swap in params.get("swaps", []):
        run = db.get_one(m.PlanRun, swap["run"])
        people = (
            ("driver", db.get_one(m.Driver, swap["driver"]) if swap["driver"] else None),
            ("PA", db.get_one(m.PassengerAssistant, swap["assistant"]) if swap["assistant"] else None),
        )
        for role, p in people:
            if p is not None:
                swaps.append(f"Vehicle {run.vehicle.registration} ({run.session}): {role} {p.first_name} {p.last_name} instead")
    off = []
    for run_id in params.get("off", []):
        run = db.get_one(m.PlanRun, run_id)
        off.append(f"Vehicle {run.vehicle.registration}'s {templates.SESSION_WORDS[run.session]} run does not go")
    on = _cover_runs(plan)
    hired = {(h.session, stop["child"]) for h in plan.spot_hires for stop in h.stops}
    why = {(u.child_id, u.session): u.reasons for u in plan.unplaced}
    children = []
    for move in params.get("moves", []):
        child, session = db.get_one(m.Child, move["child"]), move["session"]
        before = db.get_one(m.PlanRun, move["from"])
        was = _words(before, child.id, session)
        cover = on.get((child.id, session))
        if cover is not None:
            now, how = _words(cover, child.id, session), "vehicle"
        elif (session, child.ref) in hired:
            now, how = "a spot hire, to book (see the cover's hires)", "hire"
        else:
            now, how = "not covered: " + "; ".join(why.get((child.id, session), ["nothing spare could take them"])), "none"
        children.append(CoverChild(child.id, child.first_name, child.last_name, session, was, now, how))
    children.sort(key=lambda c: (c.how != "none", c.how != "hire", c.session, c.last_name, c.first_name))
    cost = float((plan.summary or {}).get("cost", 0.0))
    return Cover(plan.id, date, plan.status, swaps, off, children, cost)


def _words(run: m.PlanRun, child_id: int, session: str) -> str:
    stops = [s for s in run.stops if s.child_id == child_id]
    if len(stops) < 2:  # moved onto it by a planner's change: its times are the change's
        return f"vehicle {run.vehicle.registration}"
    return f"vehicle {run.vehicle.registration}, {Times.of(session, stops).words()}"


def covers_on(db: Session, date: dt.date) -> list[m.Plan]:
    """The day's covers, confirmed first, then the proposal (if any)."""
    rows = db.scalars(
        select(m.Plan).where(m.Plan.status.in_((PROPOSED, CONFIRMED)), m.Plan.starts_on == date).order_by(m.Plan.id)
    )
    return sorted(rows, key=lambda p: p.status != CONFIRMED)
