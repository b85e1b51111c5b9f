"""A parent's text, acted on: STOP and START recorded, an absence reported, or a question back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import now
from transport.day import absences
from transport.notify import replayed, templates
from transport.notify.inbound import read
from transport.notify.outbox import queue
from transport.phones import e164
from transport.settings import Settings


def handle_text(db: Session, settings: Settings, sender: str, body: str, message_sid: str) -> str:
    """Act on one inbound text; returns what was understood (for the log and the tests). The same
    text again (its MessageSid seen before) does nothing: no second absence, no second texts."""
    if not replayed.first_time(db, message_sid):
        return "replayed"
    phone = e164(sender)
    guardian = db.scalar(select(m.Guardian).where(m.Guardian.phone == phone).order_by(m.Guardian.id).limit(1))
    key = f"reply:{message_sid}"
    if guardian is None:
        queue(db, to=phone, role="parent", ref="unknown", template="unknown_sender", body=templates.unknown_sender(), key=key)
        return "unknown_sender"
    today = now(settings).date()
    children = sorted(guardian.children, key=lambda c: c.id)
    reading = read(body, [c.first_name for c in children], today)
    if reading.kind in ("stop", "start"):
        # Twilio answers STOP and START itself and blocks texts after STOP; the record follows it.
        db.execute(update(m.Guardian).where(m.Guardian.phone == phone).values(sms_consent=reading.kind == "start"))
        return reading.kind

    def answer(template: str, text: str) -> None:
        queue(db, to=phone, role="parent", ref=guardian.ref, template=template, body=text, key=key, consent=guardian.sms_consent)

    if reading.kind == "which_child":
        answer("asked_which_child", templates.asked_which_child([c.first_name for c in children]))
    elif reading.kind == "which_day":
        answer("asked_which_day", templates.asked_which_day())
    elif reading.kind == "absent":
        assert reading.date is not None and reading.session is not None  # read() gives both with "absent"
        child = next(c for c in children if c.first_name == reading.child)
        try:  # report() checks everything before it writes: a refusal leaves nothing behind
            absences.report(
                db,
                settings,
                child,
                reading.date,
                reading.session,
                f"{guardian.first_name} {guardian.last_name} (text)",
                channel="sms",
                guardian=guardian,
            )
        except absences.AbsenceError as error:
            answer("absence_refused", templates.absence_refused(str(error)))
            return "refused"
    else:
        answer("not_understood", templates.not_understood())
    return reading.kind


STATUSES = {
    "queued": "sending",
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
}


def record_status(db: Session, provider_id: str, status: str, error_code: str | None) -> bool:
    """A delivery report from the provider; False if the message is not ours."""
    message = db.scalar(select(m.Message).where(m.Message.provider_id == provider_id))
    if message is None or status not in STATUSES:
        return False
    message.status = STATUSES[status]
    if status == "delivered":
        message.delivered_at = dt.datetime.now(dt.UTC)
    if error_code:
        message.last_error = f"provider error {error_code}"
    return True
