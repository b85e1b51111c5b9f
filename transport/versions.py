"""Counts that writes move on, read by every process: what a service process keeps between
requests (a day's runs, whom a token belongs to) is kept under the counts it was read at, and
read again once one has moved. A count moves in the writer's own transaction, so any other
process sees it move exactly when it sees the writes.

Four counts, in the rows of `records_version`:
- RECORDS: a record the runs show (a child, a vehicle, a crew member, a school, a guardian);
- DAYS: what picks a day's runs (a plan published, a same-day change to a run);
- ACCOUNTS: the accounts (a token made, re-issued or revoked);
- FAILURES: a wrong sign-in key or token tried (what locks an address out).
Everything else (absences, texts, plans being made, sign-in codes) is read afresh, or shown nowhere kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar, cast

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from transport import models as m
from transport.per_transaction import per_transaction

RECORDS, DAYS, ACCOUNTS, FAILURES = 1, 2, 3, 4
T = TypeVar("T")


@dataclass(frozen=True)
class Versions:
    records: int
    days: int
    accounts: int
    failures: int


def versions(db: Session) -> Versions:
    """The counts as this transaction sees them: one statement, once a transaction."""

    def read() -> Versions:
        n: dict[int, int] = {id_: count for id_, count in db.execute(_COUNTS)}
        return Versions(n[RECORDS], n[DAYS], n[ACCOUNTS], n[FAILURES])

    return per_transaction(db, _SEEN, read)


_SEEN = "transport.versions"
_COUNTS = select(m.RecordsVersion.id, m.RecordsVersion.n)


class Memo:
    """Answers kept in this process under keys that hold the counts they were read at: a key of
    an old count is never asked for again, and falls out once `most` newer ones are kept."""

    def __init__(self, most: int = 4096) -> None:
        self.most = most
        self.kept: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return cast(T, self.kept[key])
        value = make()  # two readers at once may both make it: the same either way
        with self.lock:
            self.kept[key] = value
            while len(self.kept) > self.most:
                self.kept.popitem(last=False)
        return value


READ_AFRESH = (
    *(m.Absence, m.Change, m.Plan, m.PlanRun, m.PlanStop, m.PlanUnplaced, m.SpotHire, m.RecordsVersion),
    *(m.Message, m.CareNoteRead, m.User, m.SignIn, m.FailedSignIn, m.SignInCode, m.InboundText),
    *(m.TravelPoint, m.TravelTime, m.GeocodeCache, m.SpotHireRate),
    *(m.RunDay, m.StopEvent, m.Position, m.Unavailable, m.StopTime),
    *(m.Costing, m.PlaceCostRow, m.Closure, m.Claim, m.ClaimDay),
)
"""Records whose writing leaves RECORDS where it is: read afresh (absences), counted by DAYS,
ACCOUNTS or FAILURES (changes, the plan in force, users, wrong tokens), or never shown in the runs (the live day's: read afresh at every read)."""

IN_FORCE = {"published", "cover"}
"""The statuses of plans whose runs the days show: the week's published plan, a day's confirmed cover."""
PLAN_IN_FORCE = ("status", "starts_on", "published_at")
"""A plan's fields that decide which plan is in force on a date (its progress while it is made does not)."""


def _moved(db: Session) -> set[int]:
    """The counts that the writes just flushed move."""
    moved: set[int] = set()
    written = (*db.new, *db.dirty, *db.deleted)
    for x in written:
        if isinstance(x, m.User):
            moved.add(ACCOUNTS)
        elif isinstance(x, m.FailedSignIn):
            if x in db.new:  # (old ones deleted have expired: they lock nobody out)
                moved.add(FAILURES)
        elif isinstance(x, m.Change):
            moved.add(DAYS)
        elif isinstance(x, m.Plan):
            if _published(x, db):
                moved.add(DAYS)
        elif not isinstance(x, READ_AFRESH):
            moved.add(RECORDS)
    return moved


def _published(plan: m.Plan, db: Session) -> bool:
    """Whether this write publishes a plan, or changes or removes a published one."""
    attrs = inspect(plan).attrs
    status = attrs.status.history
    if not IN_FORCE & {*status.added, *status.deleted, *status.unchanged}:
        return False
    return plan in db.new or plan in db.deleted or any(attrs[f].history.has_changes() for f in PLAN_IN_FORCE)


ON_RECORDS: list[Callable[[], None]] = []
"""Called in this process when RECORDS moves (transport.day.today forgets the days it keeps at
once, rather than keep them in memory until they fall out)."""


@event.listens_for(Session, "after_flush")
def _move_on(db: Session, _context) -> None:
    moved = _moved(db)
    if not moved:
        return
    db.info.pop(_SEEN, None)
    if RECORDS in moved:
        for forget in ON_RECORDS:
            forget()
    db.connection().execute(
        update(m.RecordsVersion).where(m.RecordsVersion.id.in_(sorted(moved))).values(n=m.RecordsVersion.n + 1)
    )
