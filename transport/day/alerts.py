"""Who is told what as a run goes: a parent who opted in, when the vehicle is a few minutes from
home and when it runs late (once for each step of lateness, not a stream); every parent of a
child not at the pickup, at once, and the transport office. Each text's key says what it is
about, so a position sent again, or a second process, never texts it twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from transport import models as m
from transport.day.contacts import office
from transport.day.eta import minutes
from transport.day.live import LiveRun
from transport.day.tell import to_parents
from transport.day.today import DayRun, DayStop, home_side
from transport.notify import templates
from transport.notify.outbox import SAME_DAY, queue
from transport.phones import for_people
from transport.settings import Settings


def as_it_goes(db: Session, settings: Settings, live: LiveRun, now: dt.datetime) -> int:
    """The soon and late texts the run's expected times call for now. Returns how many were queued."""
    if live.position is None:  # without a place, "about 5 minutes away" would be a guess
        return 0
    soon = dt.timedelta(minutes=settings.soon_minutes)
    step = settings.late_threshold_minutes
    queued = 0
    run = live.run
    for s in live.ahead():
        if s.stop.kind != home_side(run.session) or s.expected is None:
            continue
        child = s.stop.child
        away = s.expected.arrives - now
        if away <= soon:
            body = templates.vehicle_soon(child.first_name, max(1, minutes(away)), run.session)
            queued += _to_parents(db, run, child, "vehicle_soon", body, f"soon:{run.id}:{run.date}:{child.id}", opted_in=True)
        late = minutes(s.expected.late)
        if late >= step:
            body = templates.running_late(child.first_name, late, s.expected.begins.time(), run.session)
            key = f"late:{run.id}:{run.date}:{child.id}:{late // step}"
            queued += _to_parents(db, run, child, "running_late", body, key, opted_in=True)
    return queued


def no_show(db: Session, settings: Settings, run: DayRun, stop: DayStop) -> int:
    """A child not at the pickup: every parent at once, and the transport office."""
    child = stop.child
    offices = office(db, settings, None, child_ids=[child.id])
    name, phone = (offices[0].name, for_people(offices[0].phone)) if offices else ("the transport office", "")
    key = f"no_show:{run.id}:{run.date}:{child.id}"
    body = templates.no_show_parent(child.first_name, stop.planned, name, phone)
    queued = _to_parents(db, run, child, "no_show_parent", body, key, opted_in=False)
    for o in offices:
        message = queue(
            db,
            to=o.phone,
            role="office",
            ref=o.name,
            template="no_show_office",
            body=templates.no_show_office(child.first_name, stop.planned, run.run.vehicle.registration),
            key=f"{key}:office:{o.phone}",
            priority=SAME_DAY,
            child_id=child.id,
            about=run.date,
        )
        queued += message is not None
    return queued


def _to_parents(db: Session, run: DayRun, child: m.Child, template: str, body: str, key: str, opted_in: bool) -> int:
    parents = [g for g in child.guardians if g.live_texts] if opted_in else child.guardians
    return to_parents(db, child, run.date, template, body, key, parents)
