"""The outbox: a message (a text, or an email) is written in the same transaction as the change that caused it, and a
dispatcher sends it later, with retries, never twice.

A dispatcher claims messages by marking them `sending` with a lease, each by a compare-and-set
(the row changes only if nobody claimed it since it was read), so two dispatchers never take one
message, on SQLite as on PostgreSQL (where they also skip rows another has locked). If it dies after claiming, the lease
runs out and another dispatcher takes the message over; before sending again it asks the gateway
whether the message went already, so a crash between sending and recording sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Protocol

from sqlalchemy import Row, event, select, text, update
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
from transport.per_transaction import per_transaction

LEASE = dt.timedelta(minutes=2)
BACKOFF = (30, 120, 600, 1800)
"""Seconds before the 2nd, 3rd, 4th and 5th tries; after the 5th a message has failed."""
ROLES = ("parent", "driver", "pa", "school", "office")
SAME_DAY, ROUTINE = 0, 1
"""Message priorities: same-day operations (absences, delays, crew changes) go before the rest
(plan notices, run sheets), whatever was queued first."""
BATCH = 100
"""Most messages one claim takes (a claim and its record cost as much as some 30 texts sent to
the local gateway: at 20 a claim, a county's 52,000 texts took 0.20 ms of the processor each,
at 100, 0.12 ms; a same-day text queued meanwhile waits behind at most this many)."""

SIGN_IN_CODE = "sign_in_code"
UNLISTED = (SIGN_IN_CODE,)
"""Templates whose messages no list shows (the planners' audit trail, a parent's texts): a
sign-in code is the key to someone's account while it works."""

log = logging.getLogger("transport.sms")


def listed():
    """The messages a list may show (a where clause)."""
    return m.Message.template.not_in(UNLISTED)


Turn = Callable[[], AbstractContextManager[object]]
"""The dispatcher's turn to write: on SQLite inside `transport serve`, a place in the one
writers' queue the requests wait in (api/turns.py), so that a stream of absences cannot keep it
out; elsewhere no wait at all."""


class Bell(Protocol):
    """What wakes a waiting dispatcher: `threading.Event`, or PostgreSQL's LISTEN (dispatcher.py)."""

    def clear(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


doorbell = threading.Event()
"""Rung when a same-day text is committed in this process: the dispatcher here sends it at once
rather than at its next look. On PostgreSQL the commit also notifies CHANNEL, which wakes the
dispatcher processes listening there."""
CHANNEL = "outbox"


def _ring_on_commit(db: Session) -> None:
    if not db.info.get("rings"):
        db.info["rings"] = True
        event.listen(db, "after_commit", _ring, once=True)
        event.listen(db, "after_rollback", _forget, once=True)
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text(f"NOTIFY {CHANNEL}"))  # delivered when this transaction commits, never on rollback


def _ring(db: Session) -> None:
    db.info.pop("rings", None)
    doorbell.set()


def _forget(db: Session) -> None:
    db.info.pop("rings", None)


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
    priority: int = ROUTINE,
    fresh: bool = False,
    email: str | None = None,
    subject: str | None = None,
) -> m.Message | None:
    """Add a message to the outbox (nothing if one with this key is there already). One that
    cannot go (no number, or the person texted STOP) is kept, marked, for a planner to phone.
    `fresh`: the caller has looked already, and no message has this key in the outbox.

    `email` (with a `subject`) makes it an email to that address instead of a text: `to` is then
    only kept beside it (give None), `consent` (STOP) is about texts and does not hold back an
    email, and the body is not cut to two SMS segments."""
    if role not in ROLES:
        raise ValueError(f"unknown recipient role {role!r}")
    pending = _pending(db)
    if key in pending:
        return None
    with db.no_autoflush:  # a change's texts are inserted together when it commits, not one by one
        if not fresh and db.scalar(select(m.Message.id).where(m.Message.idempotency_key == key)) is not None:
            return None
    pending.add(key)
    status, error = "queued", None
    if email is not None:
        if not email or not subject:
            raise ValueError("an email needs an address and a subject")
    elif not to:
        status, error = "failed", "no phone number on record"
    elif not consent:
        status, error = "opted_out", "the recipient has asked for no texts (STOP)"
    if email is None:
        body = fit(body)  # the templates fit; this holds for a name as long as an import allows too
    message = m.Message(
        idempotency_key=key,
        channel="sms" if email is None else "email",
        recipient_email=email,
        subject=subject if email is not None else None,
        recipient_phone=to or "",
        recipient_role=role,
        recipient_ref=ref,
        child_id=child_id,
        about_date=about,
        template=template,
        body=body,
        status=status,
        priority=priority,
        last_error=error,
        next_attempt_at=now(),
    )
    db.add(message)
    if priority == SAME_DAY and status == "queued":
        _ring_on_commit(db)
    return message


def _pending(db: Session) -> set[str]:
    """The keys queued in this transaction, not yet flushed: a look-up, not a pass over `db.new`
    for each text (a county's run sheets are 5,000 texts in one transaction)."""
    return per_transaction(db, "transport.outbox.pending", set)


def queued_keys(db: Session, prefix: str) -> set[str]:
    """The keys in the outbox that start with `prefix` (read off the key's index, as a range)."""
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return set(
        db.scalars(select(m.Message.idempotency_key).where(m.Message.idempotency_key >= prefix, m.Message.idempotency_key < end))
    )


@dataclass(frozen=True)
class Claimed:
    """A message this dispatcher holds the lease of, with all it needs to send it."""

    id: int
    abandoned: bool
    """An earlier claim of it ran out: ask the gateway whether it went before sending."""
    outgoing: Outgoing
    attempts: int


def claim(factory: sessionmaker[Session], limit: int = BATCH, turn: Turn = nullcontext) -> list[Claimed]:
    """Messages due to go, same-day ones first, read whole so that sending them reads nothing more."""
    at = now()
    with turn(), transaction(factory) as db:
        rows: list[Row] = []
        for status in ("queued", "sending"):  # queued, or claimed by a dispatcher whose lease ran out
            # One status at a time, so that each is read in the claim's order straight off its
            # index (ix_messages_claim) rather than sorted from the whole outbox.
            query = (
                select(m.Message.id, m.Message.status, m.Message.attempts, m.Message.recipient_phone, m.Message.body)
                .add_columns(m.Message.idempotency_key, m.Message.priority)
                .add_columns(m.Message.channel, m.Message.recipient_email, m.Message.subject)
                .where(m.Message.status == status, m.Message.next_attempt_at <= at)
                .order_by(m.Message.priority, m.Message.id)
                .limit(limit)
            )
            if db.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows += db.execute(query).all()
        rows = sorted(rows, key=lambda row: (row.priority, row.id))[:limit]
        taken: set[int] = set()
        for status in ("queued", "sending"):
            ids = [row.id for row in rows if row.status == status]
            if ids:
                # Compare-and-set, one statement for a batch: a row is taken only if it is still
                # due as it was read (claimed since by another, it would be `sending` with a lease).
                taken.update(
                    db.scalars(
                        update(m.Message)
                        .where(m.Message.id.in_(ids), m.Message.status == status, m.Message.next_attempt_at <= at)
                        .values(status="sending", next_attempt_at=at + LEASE, attempts=m.Message.attempts + 1)
                        .returning(m.Message.id)
                        .execution_options(synchronize_session=False)
                    )
                )
        claimed = [Claimed(row.id, row.status == "sending", _outgoing(row), row.attempts + 1) for row in rows if row.id in taken]
        return claimed


def _outgoing(row: Row) -> Outgoing:
    if row.channel == "email":
        return Outgoing(row.recipient_email, row.body, row.idempotency_key, "email", row.subject or "")
    return Outgoing(row.recipient_phone, row.body, row.idempotency_key)


def send(gateway: SmsGateway, message: Claimed) -> dict:
    """Hand one claimed message to the gateway; what to record of it (see `record`)."""
    try:
        provider_id = gateway.sent_before(message.outgoing) if message.abandoned else None
        provider_id = provider_id or gateway.send(message.outgoing)
        return {"status": "sent", "provider_id": provider_id, "sent_at": now(), "last_error": None}
    except PermanentFailure as error:
        return {"status": "failed", "last_error": str(error)}
    except TemporaryFailure as error:
        if message.attempts > len(BACKOFF):
            return {"status": "failed", "last_error": f"gave up after {message.attempts} tries: {error}"}
        return {
            "status": "queued",
            "last_error": str(error),
            "next_attempt_at": now() + dt.timedelta(seconds=BACKOFF[message.attempts - 1]),
        }


def record(factory: sessionmaker[Session], outcomes: dict[int, dict], turn: Turn = nullcontext) -> None:
    """What became of messages sent, in one transaction: one write for a batch, not one a text
    (on SQLite every write waits for the one writer's turn). Should the dispatcher die before
    this, the lease runs out and the next asks the gateway before sending again."""
    if not outcomes:
        return
    with turn(), transaction(factory) as db:
        db.execute(update(m.Message), [{"id": message_id, **values} for message_id, values in outcomes.items()])


class Pace:
    """At most `per_second` sends a second (0: as fast as the gateway answers): the gateway's own
    pace, so that a publish of thousands of texts is not refused or queued for hours by it.

    `share`: the most of the time the dispatcher works; after each batch it rests for the rest.
    A dispatcher thread inside the service (SQLite) shares one interpreter with the requests:
    sending a county's publish flat out, it doubled the parents' p99 at 8 clients."""

    def __init__(self, per_second: float = 0.0, share: float = 1.0, clock=time.monotonic, sleep=time.sleep) -> None:
        if not 0 < share <= 1:
            raise ValueError(f"a dispatcher's share of the time is more than 0 and at most 1, not {share}")
        self.gap = 1.0 / per_second if per_second > 0 else 0.0
        self.share = share
        self.clock, self.sleep = clock, sleep
        self.next = 0.0

    def rest(self, since: float) -> None:
        """After a batch begun at `since` (by `clock`): rest so that work is `share` of the time
        (when paced, the waits between sends are rest enough)."""
        if self.share < 1 and not self.gap:
            self.sleep((self.clock() - since) * (1 - self.share) / self.share)

    def wait(self) -> None:
        if not self.gap:
            return
        at = self.clock()
        if at < self.next:
            self.sleep(self.next - at)
            at = self.next
        self.next = at + self.gap

    def batch(self) -> int:
        """Messages to claim at once: about a second's worth, so that a same-day text queued
        meanwhile waits at most a second behind the claimed ones."""
        return BATCH if not self.gap else max(1, min(BATCH, round(1 / self.gap)))


class Heartbeat:
    """What `/health` reads: when the dispatcher last looked at the outbox, and its last error.
    Kept in shared memory, so that a dispatcher in another process (`context`) can beat it."""

    ERROR_BYTES = 300

    def __init__(self, context: BaseContext | None = None) -> None:
        context = context or multiprocessing.get_context()
        self._beat = context.RawValue("d", time.monotonic())
        self._error = context.RawArray("c", self.ERROR_BYTES)
        self.worker: threading.Thread | BaseProcess | None = None

    @property
    def beat(self) -> float:
        return self._beat.value

    @property
    def error(self) -> str | None:
        return self._error.value.decode(errors="replace") or None

    @error.setter
    def error(self, value: str | None) -> None:
        self._error.value = (value or "").encode()[: self.ERROR_BYTES - 1]

    def tick(self) -> None:
        self._beat.value, self.error = time.monotonic(), None

    def alive(self, within: float) -> bool:
        running = self.worker is None or self.worker.is_alive()
        return running and time.monotonic() - self.beat <= within

    def __getstate__(self) -> dict:  # the worker stays behind
        return {"_beat": self._beat, "_error": self._error, "worker": None}


def run_once(
    factory: sessionmaker[Session],
    gateway: SmsGateway,
    pace: Pace | None = None,
    heart: Heartbeat | None = None,
    turn: Turn = nullcontext,
    stop: threading.Event | None = None,
) -> int:
    """Send everything due now, or until `stop` is set (between batches); returns how many were tried."""
    pace = pace or Pace()
    tried = 0
    while not (stop is not None and stop.is_set()):
        since = pace.clock()
        if not (claimed := claim(factory, pace.batch(), turn)):
            break
        outcomes: dict[int, dict] = {}
        try:
            for message in claimed:
                pace.wait()
                outcomes[message.id] = send(gateway, message)
                tried += 1
                if heart is not None:
                    heart.tick()
        finally:
            record(factory, outcomes, turn)
        pace.rest(since)
    return tried


RETRY_SECONDS = (1, 2, 5, 10, 30)
"""Waits after the dispatcher's 1st, 2nd, ... failure in a row (a locked or unreachable database)."""


def run(
    factory: sessionmaker[Session],
    gateway: SmsGateway,
    stop: threading.Event | None = None,
    poll: float = 2.0,
    pace: Pace | None = None,
    heart: Heartbeat | None = None,
    turn: Turn = nullcontext,
    bell: Bell = doorbell,
) -> None:
    """The dispatcher: send what is due, then look again when the `bell` rings or every `poll`
    seconds, until stopped (whoever sets `stop` rings the bell too, so that it stops at once). A
    database error is logged and tried again after a wait; it never ends the dispatcher."""
    stop = stop or threading.Event()
    pace = pace or Pace()
    failures = 0
    while not stop.is_set():
        bell.clear()  # before looking: a text committed from here on rings again
        try:
            tried = run_once(factory, gateway, pace, heart, turn, stop)
        except Exception as error:  # noqa: BLE001 - whatever it was, the texts must keep going
            failures += 1
            if heart is not None:
                heart.error = f"{type(error).__name__}: {error}"[:300]
            log.exception("the dispatcher failed (%d in a row); trying again", failures)
            stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1])
            continue
        failures = 0
        if heart is not None:
            heart.tick()
        if not tried:
            bell.wait(poll)
