"""From the domain's records to the API's answers (shared by the routers)."""

from __future__ import annotations

import datetime as dt
import weakref

from sqlalchemy.orm import Session

from api import schemas as s
from transport import models as m
from transport.day import family
from transport.day.contacts import Contact
from transport.day.manifest import ManifestRun, without_transport
from transport.day.manifest import manifest as school_manifest
from transport.day.publish_texts import Publication
from transport.day.today import DayRun


def first(person: m.Driver | m.PassengerAssistant | None) -> str | None:
    return person.first_name if person else None


def run_out(d: DayRun) -> s.RunOut:
    return s.RunOut(
        id=d.id,
        date=d.date,
        session=d.session,
        vehicle=d.run.vehicle.registration,
        driver=first(d.driver),
        pa=first(d.assistant),
        leaves_depot=d.starts,
        changes=d.told(),
        stops=[stop_out(x) for x in d.stops],
    )


def stop_out(x, **extra) -> dict:
    return dict(
        kind=x.kind,
        child_id=x.child.id,
        first_name=x.child.first_name,
        place=x.place,
        planned=x.planned,
        absent=x.absent,
        moved_in=x.moved_in,
        **extra,
    )


def preview_out(plan_id: int, told: Publication) -> s.PublishPreviewOut:
    people = told.people()
    return s.PublishPreviewOut(
        plan_id=plan_id,
        against=told.against.id if told.against else None,
        journeys_changed=told.journeys,
        journeys_texted=len(told.told),
        journeys_shown_only=len(told.shown_only),
        journeys_past=len(told.past),
        week_over=told.over,
        parents=people["parent"],
        drivers=people["driver"],
        pas=people["pa"],
        schools=people["school"],
        texts=len(told.texts),
    )


def plan_out(plan: m.Plan) -> s.PlanOut:
    return s.PlanOut(
        id=plan.id,
        name=plan.name,
        starts_on=plan.starts_on,
        status=plan.status,
        progress=plan.progress,
        stage=plan.stage,
        error=plan.error,
        created_at=plan.created_at,
        published_at=plan.published_at,
        summary=plan.summary,
        unplaced=[
            s.UnplacedOut(
                child_id=u.child_id,
                first_name=u.child.first_name,
                weekday=u.weekday,
                session=u.session,
                reasons=u.reasons,
                details=u.details or [],
            )
            for u in plan.unplaced
        ],
        spot_hires=[
            s.SpotHireOut(
                weekday=h.weekday,
                session=h.session,
                rate=h.rate.ref,
                operator=h.rate.operator.name if h.rate.operator else None,
                area=h.rate.area,
                kind=h.rate.kind,
                pa_skills=h.pa_skills,
                leave_base=h.leave_base,
                return_base=h.return_base,
                miles=h.miles,
                cost=h.cost,
                children=list(dict.fromkeys(stop["child"] for stop in h.stops)),
                reasons=h.reasons,
            )
            for h in plan.spot_hires
        ],
    )


def manifest(db: Session, school: m.School, date: dt.date, office_phone: str = "") -> s.Manifest:
    return s.Manifest(
        school_id=school.id,
        school=school.name,
        date=date,
        runs=[_run_out(r) for r in school_manifest(db, school, date)],
        no_transport=[s.NoTransportOut.model_validate(x) for x in without_transport(db, school, date, office_phone)],
    )


def _run_out(run: ManifestRun) -> s.ManifestRunOut:
    """A kept run's answer, made once while the run is kept (a county school's manifest is some
    800 children: made afresh, most of its read); a run with an absence marked is a new one."""
    out = _RUNS_OUT.get(run)
    if out is None:
        out = _RUNS_OUT[run] = s.ManifestRunOut.model_validate(run)
    return out


_RUNS_OUT: weakref.WeakKeyDictionary[ManifestRun, s.ManifestRunOut] = weakref.WeakKeyDictionary()


def transport(db: Session, child: m.Child, day: dt.date, office_phone: str = "") -> s.Transport:
    officer = child.officer
    found = family.child_day(db, child, day, office_phone)
    return s.Transport(
        child_id=child.id,
        first_name=child.first_name,
        date=day,
        journeys=[s.JourneyOut.model_validate(j) for j in found.journeys],
        no_transport=[s.NoTransportOut.model_validate(x) for x in found.no_transport],
        quiet=found.quiet,
        officer=s.OfficerOut(name=officer.name, phone=officer.phone, email=officer.email) if officer else None,
    )


def contact_out(c: Contact) -> s.ContactOut:
    return s.ContactOut(
        to=c.to,
        name=c.name,
        phone=c.phone,
        shown=c.shown,
        how=list(c.rule.how) if c.rule else ["phone"],
        when=list(c.rule.when) if c.rule else ["always"],
        child_id=c.child_id,
    )
