"""The outbox: a message is written in the same transaction as the change that caused it, and a
dispatcher sends it later, with retries, never twice.

A dispatcher claims messages by marking them `sending` with a lease (and on PostgreSQL skips rows
another dispatcher has locked, so several can run at once). If it dies after claiming, the lease
runs out and another dispatcher takes the message over; before sending again it asks the gateway
whether the message went already, so a crash between sending and recording sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.notify.gateway import (
    Outgoing,
    PermanentFailure,
    SmsGateway,
    TemporaryFailure,
)
from transport.notify.sms import fit

LEASE = dt.timedelta(minutes=2)
BACKOFF = (30, 120, 600, 1800)
"""Seconds before the 2nd, 3rd, 4th and 5th tries; after the 5th a message has failed."""
ROLES = ("parent", "driver", "pa", "school")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def queue(
    db: Session,
    *,
    to: str | None,
    role: str,
    ref: str,
    template: str,
    body: str,
    key: str,
    child_id: int | None = None,
    about: dt.date | None = None,
    consent: bool = True,
) -> m.Message | None:
    """Add a message to the outbox (nothing if one with this key is there already). One that
    cannot go (no number, or the person texted STOP) is kept, marked, for a planner to phone."""
    if role not in ROLES:
        raise ValueError(f"unknown recipient role {role!r}")
    if db.scalar(select(m.Message.id).where(m.Message.idempotency_key == key)) is not None:
        return None
    status, error = "queued", None
    if not to:
        status, error = "failed", "no phone number on record"
    elif not consent:
        status, error = "opted_out", "the recipient has asked for no texts (STOP)"
    body = fit(body)  # the templates fit; this holds for a name as long as an import allows too
    message = m.Message(
        idempotency_key=key,
        recipient_phone=to or "",
        recipient_role=role,
        recipient_ref=ref,
        child_id=child_id,
        about_date=about,
        template=template,
        body=body,
        status=status,
        last_error=error,
        next_attempt_at=now(),
    )
    db.add(message)
    return message


def claim(factory: sessionmaker[Session], limit: int = 20) -> list[tuple[int, bool]]:
    """Messages due to go, each with whether an earlier claim of it was abandoned."""
    at = now()
    with transaction(factory) as db:
        due = or_(
            and_(m.Message.status == "queued", m.Message.next_attempt_at <= at),
            and_(m.Message.status == "sending", m.Message.next_attempt_at <= at),
        )
        query = select(m.Message).where(due).order_by(m.Message.id).limit(limit)
        if db.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for message in db.scalars(query):
            claimed.append((message.id, message.status == "sending"))
            message.status, message.next_attempt_at = "sending", at + LEASE
            message.attempts += 1
        return claimed


def deliver(factory: sessionmaker[Session], gateway: SmsGateway, message_id: int, abandoned: bool = False) -> str:
    """Send one claimed message and record what happened; returns its new status."""
    with factory() as db:
        message = db.get_one(m.Message, message_id)
        outgoing = Outgoing(message.recipient_phone, message.body, message.idempotency_key)
        attempts = message.attempts
    values: dict = {}
    try:
        provider_id = gateway.sent_before(outgoing) if abandoned else None
        provider_id = provider_id or gateway.send(outgoing)
        values = {"status": "sent", "provider_id": provider_id, "sent_at": now(), "last_error": None}
    except PermanentFailure as error:
        values = {"status": "failed", "last_error": str(error)}
    except TemporaryFailure as error:
        if attempts > len(BACKOFF):
            values = {"status": "failed", "last_error": f"gave up after {attempts} tries: {error}"}
        else:
            values = {
                "status": "queued",
                "last_error": str(error),
                "next_attempt_at": now() + dt.timedelta(seconds=BACKOFF[attempts - 1]),
            }
    with transaction(factory) as db:
        message = db.get_one(m.Message, message_id)
        for k, v in values.items():
            setattr(message, k, v)
    return values["status"]


def run_once(factory: sessionmaker[Session], gateway: SmsGateway) -> int:
    """Send everything due now; returns how many were tried."""
    tried = 0
    while claimed := claim(factory):
        for message_id, abandoned in claimed:
            deliver(factory, gateway, message_id, abandoned)
            tried += 1
    return tried


def run(factory: sessionmaker[Session], gateway: SmsGateway, stop=None, poll: float = 2.0) -> None:
    """The dispatcher: send what is due, then look again every `poll` seconds until stopped."""
    while stop is None or not stop.is_set():
        if not run_once(factory, gateway):
            if stop is not None:
                stop.wait(poll)
            else:
                time.sleep(poll)
