"""A planning job run: a queued plan claimed, made (with its progress recorded) into a draft, or
marked failed; after a restart, what was running is marked failed and what was queued runs."""

from __future__ import annotations

import time
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings

STOPPED = "the service stopped while this plan was being made; start planning again"


def run_plan(factory: sessionmaker[Session], settings: Settings, plan_id: int) -> None:
    """Do a queued job: plan the week into its row, recording progress as it goes."""
    with transaction(factory) as db:
        # An UPDATE's result is a CursorResult (Session.execute is typed with the general Result).
        claimed = cast(
            CursorResult[Any],
            db.execute(
                update(m.Plan).where(m.Plan.id == plan_id, m.Plan.status == "queued").values(status="running", stage="starting")
            ),
        ).rowcount
        plan = db.get(m.Plan, plan_id)
    if not claimed:
        return  # done, failed or taken by another worker already
    assert plan is not None  # the claim has just updated its row
    params = plan.params or {}
    last = 0.0

    def progress(done: int, total: int, what: str) -> None:
        nonlocal last
        if time.monotonic() - last < 1.0 and done < total:
            return  # at most once a second: progress is for people, not a log
        last = time.monotonic()
        with transaction(factory) as db:
            db.execute(update(m.Plan).where(m.Plan.id == plan_id).values(progress=0.95 * done / max(total, 1), stage=what))

    try:
        week = Week(plan.starts_on, seconds=params.get("seconds"), previous=params.get("previous"), plan_id=plan_id)
        plan_week(factory, settings, week, progress=progress)
    except Exception as error:  # any failure is the planner's to read, not a stuck "running"
        with transaction(factory) as db:
            db.execute(update(m.Plan).where(m.Plan.id == plan_id).values(status="failed", error=str(error), stage="failed"))


def recover(factory: sessionmaker[Session]) -> list[int]:
    """After a restart: a job that was running is marked failed; queued ones are returned to run."""
    with transaction(factory) as db:
        db.execute(update(m.Plan).where(m.Plan.status == "running").values(status="failed", error=STOPPED, stage="failed"))
        return list(db.scalars(select(m.Plan.id).where(m.Plan.status == "queued").order_by(m.Plan.id)))
