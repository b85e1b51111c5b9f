"""Who is told what (the table in the README): each message is queued in the outbox in the same
transaction as the change that caused it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from transport import models as m
from transport.notify import templates
from transport.notify.outbox import queue
from transport.today import runs_on


def absence(session: Session, made: list[m.Absence], child: m.Child, guardian: m.Guardian | None, cancelled: bool = False) -> None:
    """An absence reported (or cancelled): the driver and PA of each run it touches, the school,
    and the parent who reported it."""
    verb = "cancelled" if cancelled else "absence"
    for a in made:
        sessions = m.SESSIONS if a.session == "both" else (a.session,)
        for run in runs_on(session, a.date):
            if run.session not in sessions or not any(s.child.id == child.id for s in run.stops):
                continue
            body = (templates.absence_cancelled if cancelled else templates.absence_for_crew)(child.first_name, a.date, run.session)
            for role, person in (("driver", run.driver), ("pa", run.assistant)):
                if person is not None:
                    queue(
                        session, to=person.phone, role=role, ref=person.ref, template=f"{verb}_crew", body=body,
                        key=f"{verb}:{a.id}:{run.session}:{role}:{person.ref}", child_id=child.id, about=a.date,
                    )
        school = child.school
        body = (templates.absence_cancelled if cancelled else templates.absence_for_school)(child.first_name, a.date, a.session)
        queue(
            session, to=school.phone, role="school", ref=school.ref, template=f"{verb}_school", body=body,
            key=f"{verb}:{a.id}:school", child_id=child.id, about=a.date,
        )
    if guardian is not None and made:
        first, last = made[0], made[-1]
        body = (
            templates.absence_cancelled(child.first_name, first.date, first.session) if cancelled
            else templates.absence_confirmed(child.first_name, first.date, last.date, first.session)
        )
        queue(
            session, to=guardian.phone, role="parent", ref=guardian.ref, template=f"{verb}_parent", body=body,
            key=f"{verb}:{first.id}:parent:{guardian.ref}", child_id=child.id, about=first.date, consent=guardian.sms_consent,
        )
