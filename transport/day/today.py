"""What happens on a date: the published plan's runs for that weekday, less absences, with the
planners' changes applied. The school's manifest, the crew's run sheet and a parent's view all
read it from here, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, defer, sessionmaker

from transport import models as m
from transport.clock import weekday_of
from transport.versions import ON_RECORDS, Memo, versions

log = logging.getLogger("transport.day")
T = TypeVar("T")


def home_side(session: str) -> str:
    """The stop at home: the pickup in the morning, the set-down after school."""
    return "pickup" if session == "AM" else "dropoff"


def school_side(session: str) -> str:
    """The stop at school: the set-down in the morning, the pickup after school."""
    return "dropoff" if session == "AM" else "pickup"


@dataclass(frozen=True)
class DayStop:
    kind: str
    """pickup or dropoff"""
    child: m.Child
    place: str
    planned: dt.time
    absent: bool = False
    moved_in: bool = False
    """Put on this run by a planner's change."""
    point: tuple[float, float] | None = None
    """(lat, lon): where the live day's expected times are reckoned to."""


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
    """The plan in force on a date: the latest published one that has started by then. Every
    read of the day asks, so its summary (a megabyte of JSON for a county) loads only if read."""
    return db.scalar(
        select(m.Plan)
        .options(defer(m.Plan.summary), defer(m.Plan.params))
        .where(m.Plan.status == "published", m.Plan.starts_on <= date)
        .order_by(m.Plan.published_at.desc(), m.Plan.id.desc())
        .limit(1)
    )


def absences_on(db: Session, date: dt.date, child_ids: Collection[int] | None = None) -> dict[int, set[str]]:
    """Child id to the sessions ("AM", "PM") they are absent on a date (of these children only, if given)."""
    away: dict[int, set[str]] = {}
    few = child_ids is not None and len(child_ids) <= FEW
    found = db.execute(_ABSENT_OF, {"date": date, "ids": list(child_ids or ())}) if few else db.execute(_ABSENT, {"date": date})
    for child_id, sessions in found:
        if child_ids is None or child_id in child_ids:
            away.setdefault(child_id, set()).update(m.SESSIONS if sessions == "both" else (sessions,))
    return away


_ABSENT = select(m.Absence.child_id, m.Absence.session).where(
    m.Absence.date == bindparam("date"), m.Absence.cancelled_at.is_(None)
)
_ABSENT_OF = _ABSENT.where(m.Absence.child_id.in_(bindparam("ids", expanding=True)))
"""Made once (every read asks): a statement's making cost more than its running."""

FEW = 200
"""Children whose absences are looked up by id; for more (a school's runs carry some 2,500 in a
county), the day's absences are read whole and sifted here: binding thousands of ids cost more."""


@dataclass(frozen=True)
class Whose:
    """Whose runs to read: a school's, some children's, a driver's or a PA's, or one run (none
    given: every run). The same truth as the whole day's, for the cost of these runs only."""

    school_id: int | None = None
    child_ids: frozenset[int] | None = None
    driver_id: int | None = None
    assistant_id: int | None = None
    run_id: int | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.school_id, self.child_ids, self.driver_id, self.assistant_id, self.run_id))


EVERYONE = Whose()


def runs_on(db: Session, date: dt.date, whose: Whose = EVERYONE, kept: bool = False, timed: bool = True) -> list[DayRun]:
    """Every run on a date (or only those of `whose`), as it will really go.

    `kept`: the runs may come from the day's runs kept (see Kept) when nothing has changed them
    since; only their loaded fields may be read then (no lazy relationships: not a child's guardians).
    `timed`: with the stop times the day's absences moved (False: as planned and changed, for
    working them out again)."""
    day = _planned(db, date)
    if day is None:
        return []
    if kept:
        runs = _kept(db, day).whose(whose)
    else:
        runs = _as_planned_and_changed(db, day, whose)
    away = absences_on(db, date, {s.child.id for d in runs for s in d.stops} if whose else None)
    moved = stop_times_on(db, date) if away and timed else {}  # only absences move a stop's time
    return [DayRun(d.run, d.date, d.driver, d.assistant, _marked(d, away, moved), list(d.changes)) for d in runs]


def stop_times_on(db: Session, date: dt.date) -> dict[tuple[int, int, str], dt.time]:
    """(run, child, pickup or dropoff) to its time on a date, where the day's absences moved it
    (transport/day/retime.py)."""
    return {(run, child, kind): at for run, child, kind, at in db.execute(_MOVED, {"date": date})}


_MOVED = select(m.StopTime.run_id, m.StopTime.child_id, m.StopTime.kind, m.StopTime.planned).where(
    m.StopTime.date == bindparam("date")
)


def kept_view(db: Session, date: dt.date, whose: Whose, view: Hashable, make: Callable[[list[DayRun]], T]) -> T:
    """What `make` makes of the runs of `whose` as planned and changed, absences not marked (the
    caller marks them), made once for the day kept and kept with it: for a view that costs more
    than its own rows to make (a county school's manifest sifts some 2,500 stops)."""
    day = _planned(db, date)
    if day is None:
        return make([])
    kept = _kept(db, day)
    return kept.view(view, lambda: make(kept.whose(whose)))


@dataclass(frozen=True)
class _Change:
    """What the day reads of a same-day change, kept beyond the session that read it."""

    id: int
    run_id: int
    kind: str
    child_id: int | None
    to_run_id: int | None
    pickup: dt.time | None
    dropoff: dt.time | None
    driver_id: int | None
    assistant_id: int | None


@dataclass(frozen=True)
class _Day:
    date: dt.date
    plan_id: int
    weekday: str
    changes: Sequence[_Change]
    covers: tuple[int, ...] = ()
    """The day's confirmed cover plans (transport/planning/disruption.py): their runs run that day only."""

    @property
    def of_day(self) -> tuple:
        """The conditions that pick the day's runs."""
        plans = m.PlanRun.plan_id.in_((self.plan_id, *self.covers)) if self.covers else m.PlanRun.plan_id == self.plan_id
        return (plans, m.PlanRun.weekday == self.weekday)


def _planned(db: Session, date: dt.date) -> _Day | None:
    """The plan in force on a date and the changes to its runs that day (None: no school day):
    read once for each count of the days (a publish or a change moves it), not at every read."""
    return _DAYS.get((db.get_bind(), versions(db).days, date), lambda: _read_planned(db, date))


_DAYS = Memo(most=256)


def _read_planned(db: Session, date: dt.date) -> _Day | None:
    weekday = weekday_of(date)
    plan = plan_for(db, date) if weekday else None
    if weekday is None or plan is None:
        return None
    covers = tuple(db.scalars(select(m.Plan.id).where(m.Plan.status == "cover", m.Plan.starts_on == date).order_by(m.Plan.id)))
    day = _Day(date, plan.id, weekday, (), covers)
    changes = db.scalars(
        select(m.Change)
        .join(m.PlanRun, m.Change.run_id == m.PlanRun.id)
        .where(*day.of_day, m.Change.starts_on <= date, or_(m.Change.ends_on.is_(None), m.Change.ends_on >= date))
        .order_by(m.Change.created_at, m.Change.id)
    ).all()
    kept = tuple(
        _Change(c.id, c.run_id, c.kind, c.child_id, c.to_run_id, c.pickup, c.dropoff, c.driver_id, c.assistant_id)
        for c in changes
    )
    return replace(day, changes=kept)


def _key(db: Session, day: _Day) -> tuple:
    return (db.get_bind(), versions(db).records, day.date, day.plan_id, day.covers, tuple(c.id for c in day.changes))


def _kept(db: Session, day: _Day) -> KeptDay:
    key = _key(db, day)
    engine = db.get_bind()

    def build() -> list[DayRun]:
        with db.no_autoflush:  # a flush here would call back into Kept (see transport.versions)
            return _as_planned_and_changed(db, day, EVERYONE)

    def rebuild() -> list[DayRun] | None:
        """In a thread of its own, with a database session of its own: the day read afresh,
        unless its key differs by now (a new key, which its first reader builds)."""
        with Session(engine, expire_on_commit=False) as fresh, fresh.no_autoflush:
            again = _planned(fresh, day.date)
            if again is None or _key(fresh, again) != key:
                return None
            return _as_planned_and_changed(fresh, again, EVERYONE)

    return KEPT.day(key, build, rebuild)


def _marked(run: DayRun, away: dict[int, set[str]], moved: dict[tuple[int, int, str], dt.time]) -> list[DayStop]:
    """The run's stops with the absent children's marked and the times the absences moved: a
    stop neither touches is shared, not copied (a school's manifest in a county reads some 2,500 stops)."""
    if not away:
        return list(run.stops)
    session, rid = run.session, run.id
    out = []
    for s in run.stops:
        if session in away.get(s.child.id, ()):
            s = replace(s, absent=True)
        at = moved.get((rid, s.child.id, s.kind)) if moved else None
        out.append(replace(s, planned=at) if at is not None and at != s.planned else s)
    return out


def own_travel_from(db: Session) -> dict[int, dt.date]:
    """Child id to the day their family takes them to school themselves from (an accepted offer
    of a mileage allowance or a PTB, transport/budgets/offers.py): off every run, and out of
    every plan, from that day."""
    rows = db.execute(select(m.Offer.child_id, m.Offer.starts_on).where(m.Offer.status == "accepted"))
    return {child: first for child, first in rows}


def own_travel_on(db: Session, date: dt.date) -> set[int]:
    """The children whose family takes them to school themselves by `date`."""
    return {child for child, first in own_travel_from(db).items() if first <= date}


def _as_planned_and_changed(db: Session, day: _Day, whose: Whose) -> list[DayRun]:
    query = select(m.PlanRun).where(*day.of_day)
    if whose:
        query = query.where(m.PlanRun.id.in_(_run_ids(db, day.of_day, whose, day.changes)))
    runs = db.scalars(query.options(*m.run_whole()).order_by(m.PlanRun.session, m.PlanRun.leave_depot, m.PlanRun.id)).all()
    found = {
        r.id: DayRun(
            r,
            day.date,
            r.driver,
            r.assistant,
            [DayStop(s.kind, s.child, s.place, s.planned, point=(s.lat, s.lon)) for s in r.stops],
        )
        for r in runs
    }
    _apply_changes(db, found, [c for c in day.changes if c.run_id in found])
    gone = own_travel_on(db, day.date)
    if gone:
        for d in found.values():
            d.stops = [s for s in d.stops if s.child.id not in gone]
    return list(found.values())


class KeptDay:
    """A whole day's runs as planned and changed, indexed by whose they are."""

    def __init__(self, runs: list[DayRun]) -> None:
        self.made = time.monotonic()
        self.runs = runs
        self.views: dict[Hashable, object] = {}
        """Views made of these runs (see kept_view), kept as long as they are."""
        self.by: dict[tuple[str, int], list[int]] = {}
        """Whose (a child, a school, a crew member, a run) to their runs' places in `runs`."""
        for i, d in enumerate(runs):
            keys = {("run", d.id)}
            keys |= {("child", s.child.id) for s in d.stops} | {("school", s.child.school_id) for s in d.stops}
            if d.driver is not None:
                keys.add(("driver", d.driver.id))
            if d.assistant is not None:
                keys.add(("assistant", d.assistant.id))
            for k in keys:
                self.by.setdefault(k, []).append(i)

    def view(self, name: Hashable, make: Callable[[], T]) -> T:
        if name not in self.views:  # two readers at once may both make it: the same either way
            self.views[name] = make()
        return cast(T, self.views[name])

    def whose(self, whose: Whose) -> list[DayRun]:
        if not whose:
            return self.runs
        wanted: set[tuple[str, int]] = set()
        if whose.school_id is not None:
            wanted.add(("school", whose.school_id))
        wanted |= {("child", c) for c in whose.child_ids or ()}
        for kind, person in (("driver", whose.driver_id), ("assistant", whose.assistant_id), ("run", whose.run_id)):
            if person is not None:
                wanted.add((kind, person))
        found = sorted({i for k in wanted for i in self.by.get(k, ())})  # in the day's order, each once
        return [self.runs[i] for i in found]


class Kept:
    """Whole days' runs as planned and changed, kept by (database, the records' version, date,
    plan, the changes in force): an absence is read afresh each time; a new change, a publish, or
    a write of a record the runs show (by any process: see transport.versions) makes a new key. Each
    read then costs its own rows: one look-up here, the absences of its own children.

    A day older than `SECONDS` (a guard against writes that bypass the version) is built again in
    a thread of its own while its readers read the old one: nobody waits for a county's day (a
    second, and the interpreter's full collections of its objects, some 0.3 s each). Only a day
    not kept at all is waited for."""

    SECONDS = 600.0
    MOST = 16

    def __init__(self) -> None:
        self.days: OrderedDict[tuple, KeptDay] = OrderedDict()
        self.refreshing: set[tuple] = set()
        self.lock = threading.RLock()  # a write flushed while building forgets in the same thread

    def day(
        self, key: tuple, build: Callable[[], list[DayRun]], rebuild: Callable[[], list[DayRun] | None] | None = None
    ) -> KeptDay:
        """The day kept under `key`, built now by `build` if none is; one kept too long is
        returned as it is while `rebuild` (default `build`; None from it: leave it) makes it
        again in a thread of its own, so that no reader waits for it."""
        with self.lock:
            day = self.days.get(key)
            if day is not None:
                self.days.move_to_end(key)
                if time.monotonic() - day.made > self.SECONDS and key not in self.refreshing:
                    self.refreshing.add(key)
                    thread = threading.Thread(target=self._refresh, args=(key, day, rebuild or build), daemon=True)
                    thread.start()
                return day
        with self.lock:  # one build at a time; the others wait for it rather than build too
            day = self.days.get(key)
            if day is None:
                day = self._keep(key, KeptDay(build()))
        return day

    def _refresh(self, key: tuple, old: KeptDay, build: Callable[[], list[DayRun] | None]) -> None:
        try:
            runs = build()
        except Exception:  # noqa: BLE001 - the old day stays; the next reader tries again
            log.exception("could not build the day's runs again")
            runs = None
        with self.lock:
            self.refreshing.discard(key)
            if runs is not None and self.days.get(key) is old:  # not forgotten by a write meanwhile, which this build may predate
                self._keep(key, KeptDay(runs))

    def _keep(self, key: tuple, day: KeptDay) -> KeptDay:
        self.days[key] = day
        self.days.move_to_end(key)
        while len(self.days) > self.MOST:
            self.days.popitem(last=False)
        return day

    def clear(self) -> None:
        with self.lock:
            self.days.clear()


KEPT = Kept()


def keep_days(factory: sessionmaker[Session], dates: Sequence[dt.date]) -> None:
    """Build and keep these days' runs now (the service does it for today and the next school
    day when it starts), so that the first absences and manifests of the morning do not all
    wait for a county's day to be built. A failure here only means the first reader builds it."""
    for date in dates:
        try:
            with factory() as db:
                runs_on(db, date, kept=True)
        except Exception:  # noqa: BLE001 - a cache warmed or not; never the service's end
            log.exception("could not keep the runs of %s ahead of the first reader", date)


ON_RECORDS.append(KEPT.clear)  # a record the runs show written here: forget the days at once


def _run_ids(db: Session, of_day: tuple, whose: Whose, changes: Sequence[_Change]) -> set[int]:
    """The runs that can concern `whose` on the day: theirs as planned, those a change puts them
    on, and both ends of every move that touches one of these (a moved child's stops travel)."""
    stops = select(m.PlanStop.run_id).join(m.PlanRun, m.PlanStop.run_id == m.PlanRun.id).where(*of_day)
    found: set[int] = set()
    if whose.school_id is not None:
        on = stops.join(m.Child, m.PlanStop.child_id == m.Child.id).where(m.Child.school_id == whose.school_id)
        found.update(db.scalars(on))
    if whose.child_ids is not None:
        found.update(db.scalars(stops.where(m.PlanStop.child_id.in_(list(whose.child_ids)))))
    for column, person, changed in (
        (m.PlanRun.driver_id, whose.driver_id, "driver_id"),
        (m.PlanRun.assistant_id, whose.assistant_id, "assistant_id"),
    ):
        if person is not None:
            found.update(db.scalars(select(m.PlanRun.id).where(*of_day, column == person)))
            found.update(c.run_id for c in changes if c.kind == "crew" and getattr(c, changed) == person)
    if whose.run_id is not None:
        found.add(whose.run_id)
    moves = [(c.run_id, c.to_run_id) for c in changes if c.kind in ("move", "cover") and c.to_run_id is not None]
    grew = True
    while grew:
        grew = False
        for source, target in moves:
            if (source in found) != (target in found):
                found.update((source, target))
                grew = True
    return found


def _apply_changes(db: Session, day: dict[int, DayRun], changes: Sequence[_Change]) -> None:
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
        elif c.kind == "off":
            run.stops = []
            run.changes.append(DayChange("This run does not go today: the transport office has covered its children"))
        elif c.kind == "cover":
            child = next((s.child for s in run.stops if s.child.id == c.child_id), None)
            if child is None:
                continue
            run.stops = [s for s in run.stops if s.child.id != c.child_id]
            run.changes.append(DayChange(f"{child.first_name} travels on another vehicle today", child.id))
            if c.to_run_id in day:
                day[c.to_run_id].changes.append(DayChange(f"{child.first_name} joins this run today", child.id))
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
                target.stops.append(DayStop(s.kind, child, s.place, at or s.planned, moved_in=True, point=s.point))
            target.stops.sort(key=lambda s: (s.planned, s.kind != "pickup" if target.session == "AM" else s.kind == "pickup"))
            target.changes.append(DayChange(f"{child.first_name} joins this run", child.id))


def _first(person: m.Driver | m.PassengerAssistant | None) -> str:
    return person.first_name if person else "nobody"
