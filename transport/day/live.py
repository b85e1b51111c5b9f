"""A run as it really goes: the crew starts it, taps each stop (picked up, set down, not at the
pickup), and their phone sends where the vehicle is; each stop still to come gets an expected
time from there (transport/day/eta.py). Everything reads the same-day truth (today.py): absent
children are not waited for, and a planner's change is the run the crew drives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day.eta import Ahead, Expected, expected
from transport.day.today import DayRun, DayStop, Whose, home_side, runs_on, school_side
from transport.errors import Invalid, NotFound
from transport.settings import Settings
from transport.travel.provider import Point, TravelTimeProvider

OUTCOMES = {"picked_up": "pickup", "no_show": "pickup", "set_down": "dropoff"}
"""What a crew may tap at a stop, and the kind of stop it is tapped at."""

EARLY_TAP = dt.timedelta(minutes=2)
"""A phone's clock may run a little ahead of the server's; a tap later than this is refused."""


class NotYours(NotFound):
    """Not a run of this caller's on that date (said as 'not found', so it gives nothing away)."""


@dataclass(frozen=True)
class LiveStop:
    stop: DayStop
    outcome: str | None
    """picked_up, set_down or no_show as tapped; None: still to come (or absent)."""
    done_at: dt.datetime | None
    expected: Expected | None
    """For a stop still to come on a started run."""

    @property
    def child_id(self) -> int:
        return self.stop.child.id


@dataclass(frozen=True)
class LiveRun:
    run: DayRun
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heard_at: dt.datetime | None
    position: Point | None
    stops: list[LiveStop]

    @property
    def status(self) -> str:
        if self.finished_at is not None:
            return "finished"
        return "on its way" if self.started_at is not None else "not started"

    @property
    def late(self) -> dt.timedelta:
        """How late the run is expected to be at its worst stop still to come."""
        return max((s.expected.late for s in self.stops if s.expected), default=dt.timedelta(0))

    def ahead(self) -> list[LiveStop]:
        return [s for s in self.stops if s.expected is not None]


def wall_clock(at: dt.datetime, settings: Settings) -> dt.datetime:
    """A phone's time as the council's wall clock (run times are wall-clock times, without a zone)."""
    if at.tzinfo is None:
        return at
    return at.astimezone(ZoneInfo(settings.timezone)).replace(tzinfo=None)


def is_crew(run: DayRun, who: Caller) -> bool:
    """Whether the caller is this run's driver or PA that day (a planner's crew change counts)."""
    person = run.driver if who.role == "driver" else run.assistant if who.role == "pa" else None
    return person is not None and person.id == who.link_id


def run_of(db: Session, who: Caller, run_id: int, date: dt.date) -> DayRun:
    """The run as it goes that day, if the caller may drive it (its crew) or watch it (a planner)."""
    run = next((r for r in runs_on(db, date, Whose(run_id=run_id)) if r.id == run_id), None)
    if run is None or not (who.role == "planner" or is_crew(run, who)):
        raise NotYours(f"there is no run {run_id} of yours on {date}")
    return run


def _day(db: Session, run: DayRun) -> m.RunDay:
    found = db.scalar(select(m.RunDay).where(m.RunDay.run_id == run.id, m.RunDay.date == run.date))
    if found is None:
        found = m.RunDay(run_id=run.id, date=run.date)
        db.add(found)
    return found


def _heard(day: m.RunDay, at: dt.datetime) -> None:
    if day.heard_at is None or at > day.heard_at:
        day.heard_at = at


def _on_the_day(run: DayRun, at: dt.datetime, now: dt.datetime) -> None:
    if at.date() != run.date:
        raise Invalid(f"that time ({at:%Y-%m-%d %H:%M}) is not on the run's day, {run.date}")
    if at > now + EARLY_TAP:
        raise Invalid(f"that time ({at:%H:%M}) has not come yet (it is {now:%H:%M})")


def start(db: Session, run: DayRun, at: dt.datetime, now: dt.datetime) -> m.RunDay:
    """The crew set off (a second start keeps the first time: a replay from a phone's queue)."""
    _on_the_day(run, at, now)
    day = _day(db, run)
    if day.started_at is None:
        day.started_at = at
    _heard(day, at)
    return day


def finish(db: Session, run: DayRun, at: dt.datetime, now: dt.datetime) -> m.RunDay:
    """The last child set down and the crew done (it starts the run too, if that tap was lost)."""
    _on_the_day(run, at, now)
    day = _day(db, run)
    day.started_at = day.started_at or at
    if day.finished_at is None:
        day.finished_at = at
    _heard(day, at)
    return day


def tap(
    db: Session, run: DayRun, child_id: int, outcome: str, at: dt.datetime, now: dt.datetime, by: str
) -> tuple[m.StopEvent, bool]:
    """A stop done. The same tap sent twice (a phone's queue replayed) is kept once; a different
    outcome for the same stop corrects it. Returns the event and whether it is new or changed."""
    kind = OUTCOMES.get(outcome)
    if kind is None:
        raise Invalid(f"{outcome!r} is not a stop's outcome: use one of {', '.join(OUTCOMES)}")
    if not any(s.child.id == child_id and s.kind == kind for s in run.stops):
        raise Invalid(f"child {child_id} has no {kind} on run {run.id} on {run.date}")
    start(db, run, at, now)  # a tap whose run's start was lost starts it (and checks its time)
    event = db.scalar(
        select(m.StopEvent).where(
            m.StopEvent.run_id == run.id, m.StopEvent.date == run.date, m.StopEvent.child_id == child_id, m.StopEvent.kind == kind
        )
    )
    if event is not None and event.outcome == outcome:
        return event, False
    if event is None:
        event = m.StopEvent(run_id=run.id, date=run.date, child_id=child_id, kind=kind, outcome=outcome, at=at, by=by)
        db.add(event)
    else:
        event.outcome, event.at, event.by = outcome, at, by
    return event, True


def position(db: Session, run: DayRun, lat: float, lon: float, at: dt.datetime, now: dt.datetime) -> m.RunDay:
    """Where the vehicle was at `at`. Only while the run is started: a phone that sends one
    before the start or after the finish is not tracking anybody, and nothing is kept."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Invalid(f"({lat}, {lon}) is not a place on Earth")
    _on_the_day(run, at, now)
    day = _day(db, run)
    if day.started_at is None or day.finished_at is not None:
        raise Invalid("the run is not under way: start it first (positions are sent only while it is)")
    db.add(m.Position(run_id=run.id, date=run.date, lat=lat, lon=lon, at=at))
    if day.heard_at is None or at >= day.heard_at:
        day.lat, day.lon = lat, lon
    _heard(day, at)
    return day


def live(db: Session, settings: Settings, run: DayRun, now: dt.datetime, travel: TravelTimeProvider) -> LiveRun:
    """The run now: each stop done (and when), or still to come with its expected time."""
    return live_runs(db, settings, [run], now, travel)[0]


def live_runs(db: Session, settings: Settings, runs: list[DayRun], now: dt.datetime, travel: TravelTimeProvider) -> list[LiveRun]:
    """Runs of one date now, their days and taps read together (the board reads every run)."""
    if not runs:
        return []
    date, ids = runs[0].date, [r.id for r in runs]
    days = {d.run_id: d for d in db.scalars(select(m.RunDay).where(m.RunDay.date == date, m.RunDay.run_id.in_(ids)))}
    events: dict[int, dict[tuple[int, str], m.StopEvent]] = {}
    for e in db.scalars(select(m.StopEvent).where(m.StopEvent.date == date, m.StopEvent.run_id.in_(ids))):
        events.setdefault(e.run_id, {})[(e.child_id, e.kind)] = e
    return [_live(settings, r, days.get(r.id), events.get(r.id, {}), now, travel) for r in runs]


def _live(
    settings: Settings,
    run: DayRun,
    day: m.RunDay | None,
    events: dict[tuple[int, str], m.StopEvent],
    now: dt.datetime,
    travel: TravelTimeProvider,
) -> LiveRun:
    started = day.started_at if day else None
    finished = day.finished_at if day else None
    at = Point(day.lat, day.lon) if day and day.lat is not None and day.lon is not None else None
    no_show = {c for (c, _), e in events.items() if e.outcome == "no_show"}
    under_way = started is not None and finished is None
    # Still to come: not tapped, not absent, and not the set-down of a child who never got on.
    ahead = [s for s in run.stops if (s.child.id, s.kind) not in events and not s.absent and s.child.id not in no_show]
    times = _reckon(settings, run, ahead, at, now, travel) if under_way else {}
    stops = []
    for s in run.stops:
        e = events.get((s.child.id, s.kind))
        stops.append(LiveStop(s, e.outcome if e else None, e.at if e else None, times.get(id(s))))
    return LiveRun(run, started, finished, day.heard_at if day else None, at, stops)


@dataclass(frozen=True)
class ChildOnTheWay:
    """What a family may see of a run under way: their own child's stop, never the vehicle's place."""

    session: str
    status: str
    stop: LiveStop
    """The stop the family waits for: the pickup from home in the morning, the set-down at home after school."""


def for_child(
    db: Session, settings: Settings, child_id: int, date: dt.date, now: dt.datetime, travel: TravelTimeProvider
) -> list[ChildOnTheWay]:
    """The child's runs of a date as they go, each with the child's own stop at home."""
    runs = runs_on(db, date, Whose(child_ids=frozenset({child_id})), kept=True)
    found = []
    for r in live_runs(db, settings, runs, now, travel):
        stop = next((s for s in r.stops if s.child_id == child_id and s.stop.kind == home_side(r.run.session)), None)
        if stop is not None:
            found.append(ChildOnTheWay(r.run.session, r.status, stop))
    return found


@dataclass(frozen=True)
class AtSchool:
    """What a school sees of a run as it goes: its own pupils only, never the vehicle's place."""

    status: str
    """not started, on its way, arrived (morning) or left (afternoon), finished"""
    expected: Expected | None
    """At the school, while the run is on its way there (morning), or to collect (afternoon)."""
    done_at: dt.datetime | None
    """When it arrived (the first of the school's pupils set down) or left (the last picked up)."""
    on_board: list[str]
    not_there: list[str]
    """First names of the school's pupils not at their pickup (the morning's no-shows)."""


def at_school(
    db: Session, settings: Settings, school_id: int, date: dt.date, now: dt.datetime, travel: TravelTimeProvider
) -> dict[int, AtSchool]:
    """The school's runs of a date as they go, by run id."""
    runs = runs_on(db, date, Whose(school_id=school_id), kept=True)
    out = {}
    for r in live_runs(db, settings, runs, now, travel):
        here = school_side(r.run.session)
        ours = [x for x in r.stops if x.stop.child.school_id == school_id]
        at = [x for x in ours if x.stop.kind == here]
        if not at:
            continue
        done = sorted(x.done_at for x in at if x.done_at is not None)
        boarded = {x.child_id for x in ours if x.outcome == "picked_up"} - {x.child_id for x in ours if x.outcome == "set_down"}
        status = r.status
        if status == "on its way" and done and here == "dropoff":
            status = "arrived"
        elif status == "on its way" and here == "pickup" and done and len(done) >= len([x for x in at if not x.stop.absent]):
            status = "left"  # every pupil collected
        coming = [x.expected for x in at if x.expected is not None]
        out[r.run.id] = AtSchool(
            status,
            min(coming, key=lambda e: e.begins) if coming and status == "on its way" else None,
            (done[0] if here == "dropoff" else done[-1]) if done else None,
            sorted({x.stop.child.first_name for x in ours if x.child_id in boarded}),
            sorted({x.stop.child.first_name for x in ours if x.outcome == "no_show"}),
        )
    return out


def board(db: Session, settings: Settings, date: dt.date, now: dt.datetime, travel: TravelTimeProvider) -> list[LiveRun]:
    """Every run of a date now, the latest first, then those not started that should have, then by start."""
    found = live_runs(db, settings, runs_on(db, date, kept=True), now, travel)
    return sorted(found, key=lambda r: (-r.late, not overdue(settings, r, now), r.run.starts, r.run.id))


def overdue(settings: Settings, run: LiveRun, now: dt.datetime) -> bool:
    """Not started, though it should have by the council's margin (NOT_STARTED_MINUTES)."""
    due = dt.datetime.combine(run.run.date, run.run.starts) + dt.timedelta(minutes=settings.not_started_minutes)
    return run.started_at is None and now > due


def _reckon(
    settings: Settings, run: DayRun, ahead: list[DayStop], at: Point | None, now: dt.datetime, travel: TravelTimeProvider
) -> dict[int, Expected]:
    if not ahead:
        return {}
    points = [Point(*s.point) for s in ahead if s.point is not None]
    if len(points) != len(ahead):  # a stop without a place: expected on time
        return {}
    peak = settings.peak_factor(run.session)
    drive = travel.matrix(([at] if at else []) + points).durations
    off = 1 if at else 0
    first = dt.timedelta(seconds=float(drive[0][1]) * peak) if at else None
    legs = [dt.timedelta(seconds=float(drive[off + i][off + i + 1]) * peak) for i in range(len(ahead) - 1)]
    planned = [
        Ahead(s.kind, dt.datetime.combine(run.date, s.planned), dt.timedelta(minutes=s.child.boarding_minutes)) for s in ahead
    ]
    return {id(s): e for s, e in zip(ahead, expected(now, first, legs, planned), strict=True)}


def forget_positions(db: Session, settings: Settings, today: dt.date) -> int:
    """Delete the positions of days older than the council keeps them (POSITIONS_KEPT_DAYS, 0:
    today's only), and the last-known place of those days' runs. Returns how many went."""
    before = today - dt.timedelta(days=settings.positions_kept_days)
    # A DELETE's result is a CursorResult (Session.execute is typed with the general Result).
    gone = cast(CursorResult[Any], db.execute(delete(m.Position).where(m.Position.date < before))).rowcount or 0
    db.execute(update(m.RunDay).where(m.RunDay.date < before).values(lat=None, lon=None))
    return gone
