"""The live day: the crew's phone drives the run (start, taps, positions, finish); the crew and
planners read the run's expected times, and planners the board of every run."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api.deps import DB, WRITES, AnyCaller, Config, Crew, Parent, PathId, Planner
from api.problems import PROBLEM_RESPONSES
from api.scope import own_child, own_school
from api.views import first
from transport.clock import now
from transport.day import family, heard, live
from transport.day.eta import minutes
from transport.day.legs import travel_for
from transport.settings import Settings

router = APIRouter(tags=["the live day"], responses=PROBLEM_RESPONSES)


@router.get("/runs/{run_id}/live", response_model=s.LiveOut)
def run_live(run_id: PathId, date: dt.date, db: DB, who: AnyCaller, settings: Config):
    """A run now: each stop tapped (and when), or still to come with its expected time. For that
    day's driver and PA, and planners."""
    run = live.run_of(db, who, run_id, date)
    return _out(live.live(db, settings, run, now(settings), travel_for(db, settings)))


@router.post("/runs/{run_id}/start", response_model=s.LiveOut, dependencies=WRITES)
def start(run_id: PathId, body: s.RunStartIn, db: DB, who: Crew, settings: Config):
    """The crew set off (by the phone's time; a second start keeps the first)."""
    at = now(settings)
    return _acted(heard.started(db, settings, who, run_id, body.date, _at(body.at, settings, at), at))


@router.post("/runs/{run_id}/finish", response_model=s.LiveOut, dependencies=WRITES)
def finish(run_id: PathId, body: s.RunStartIn, db: DB, who: Crew, settings: Config):
    """The last child set down: the run is over and its phone stops sending where it is."""
    at = now(settings)
    return _acted(heard.finished(db, settings, who, run_id, body.date, _at(body.at, settings, at), at))


@router.post("/runs/{run_id}/taps", response_model=s.LiveOut, dependencies=WRITES)
def taps(run_id: PathId, body: s.TapsIn, db: DB, who: Crew, settings: Config):
    """Stops done, oldest first: picked up, set down, or not at the pickup (a no-show texts the
    parents at once, and the transport office). A tap sent twice is kept once."""
    done = [(t.child_id, t.outcome, live.wall_clock(t.at, settings)) for t in body.taps]
    return _acted(heard.tapped(db, settings, who, run_id, body.date, done, now(settings)))


@router.post("/runs/{run_id}/positions", response_model=s.LiveOut, dependencies=WRITES)
def positions(run_id: PathId, body: s.PositionsIn, db: DB, who: Crew, settings: Config):
    """Where the vehicle was, from the crew's phone, while the run is under way (oldest first).
    Parents who opted in are texted when it is a few minutes away or running late."""
    places = [(p.lat, p.lon, live.wall_clock(p.at, settings)) for p in body.positions]
    return _acted(heard.moved(db, settings, who, run_id, body.date, places, now(settings)))


@router.get("/me/children/{child_id}/on-the-way", response_model=list[s.OnTheWayOut], tags=["the live day", "parents"])
def on_the_way(child_id: PathId, date: dt.date, db: DB, who: Parent, settings: Config):
    """The parent's own child's runs of a day as they go: the stop at home, its expected time while
    the run is under way, or when it was done. Never the vehicle's place, nor another child's stop."""
    child = own_child(db, who, child_id)
    found = live.for_child(db, settings, child.id, date, now(settings), travel_for(db, settings))
    return [
        s.OnTheWayOut(
            session=c.session,
            status=c.status,
            kind=c.stop.stop.kind,
            planned=c.stop.stop.planned,
            expected=c.stop.expected.begins.time() if c.stop.expected else None,
            late_minutes=minutes(c.stop.expected.late) if c.stop.expected else None,
            outcome=c.stop.outcome,
            done_at=c.stop.done_at,
        )
        for c in found
    ]


@router.get("/schools/{school_id}/live", response_model=list[s.SchoolRunNowOut], tags=["the live day", "schools"])
def school_live(school_id: PathId, date: dt.date, db: DB, who: AnyCaller, settings: Config):
    """The school's runs of a day as they go (beside its manifest): on its way and expected at the
    school, arrived or left, and which of its own pupils are on board or were not at their pickup."""
    school = own_school(db, who, school_id)
    going = live.at_school(db, settings, school.id, date, now(settings), travel_for(db, settings))
    return [
        s.SchoolRunNowOut(
            run_id=run_id,
            status=g.status,
            expected=g.expected.begins.time() if g.expected else None,
            late_minutes=minutes(g.expected.late) if g.expected else None,
            done_at=g.done_at,
            on_board=g.on_board,
            not_there=g.not_there,
        )
        for run_id, g in going.items()
    ]


@router.put("/me/live-texts", response_model=s.LiveTextsOut, tags=["the live day", "parents"], dependencies=WRITES)
def live_texts(body: s.LiveTextsIn, db: DB, who: Parent):
    """Opt in to (or out of) texts on the day: when the vehicle is a few minutes away, and when it runs late."""
    return s.LiveTextsOut(on=family.set_live_texts(db, who, body.on).live_texts)


@router.get("/board", response_model=list[s.BoardRunOut], tags=["the live day", "planners"])
def board(date: dt.date, db: DB, who: Planner, settings: Config):
    """Every run of a day now, the latest first, then those not started that should have been."""
    at = now(settings)
    return [
        s.BoardRunOut(
            run_id=r.run.id,
            session=r.run.session,
            vehicle=r.run.run.vehicle.registration,
            driver=first(r.run.driver),
            starts=r.run.starts,
            status=r.status,
            late_minutes=minutes(r.late),
            heard_at=r.heard_at,
            not_started=live.overdue(settings, r, at),
            lat=r.position.lat if r.position else None,
            lon=r.position.lon if r.position else None,
        )
        for r in live.board(db, settings, date, at, travel_for(db, settings))
    ]


def _at(given: dt.datetime | None, settings: Settings, at: dt.datetime) -> dt.datetime:
    return at if given is None else live.wall_clock(given, settings)


def _acted(acted: heard.Acted) -> s.LiveOut:
    return _out(acted.live, acted.told)


def _out(r: live.LiveRun, told: int = 0) -> s.LiveOut:
    return s.LiveOut(
        run_id=r.run.id,
        date=r.run.date,
        session=r.run.session,
        vehicle=r.run.run.vehicle.registration,
        status=r.status,
        started_at=r.started_at,
        finished_at=r.finished_at,
        heard_at=r.heard_at,
        late_minutes=minutes(r.late),
        told=told,
        stops=[
            s.LiveStopOut(
                child_id=x.child_id,
                first_name=x.stop.child.first_name,
                kind=x.stop.kind,
                planned=x.stop.planned,
                absent=x.stop.absent,
                outcome=x.outcome,
                done_at=x.done_at,
                expected=x.expected.begins.time() if x.expected else None,
                late_minutes=minutes(x.expected.late) if x.expected else None,
            )
            for x in r.stops
        ],
    )
