"""A planning job's life: queued, running, then a draft plan (or failed); a draft is published."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.notify import tell
from transport.today import plan_for
from transport.planning.previous import latest_published
from transport.settings import Settings

WORKING = ("queued", "running")
STOPPED = "the service stopped while this plan was being made; start planning again"


class JobConflict(RuntimeError):
    """Two jobs for the same week, or a plan that cannot be published as it stands."""


def request_plan(
    session: Session, starts_on: dt.date, seconds: float | None, previous: int | None, fresh: bool, made_by: str
) -> m.Plan:
    """A queued plan for the week starting `starts_on`; refused while another is being made for it."""
    busy = session.scalar(select(m.Plan.id).where(m.Plan.starts_on == starts_on, m.Plan.status.in_(WORKING)))
    if busy is not None:
        raise JobConflict(f"plan {busy} for the week of {starts_on:%d %b %Y} is still being made; wait for it to finish")
    if fresh:
        previous = None
    elif previous is None:
        previous = latest_published(session)
    elif session.get(m.Plan, previous) is None:
        raise LookupError(f"there is no plan {previous} to keep children's vehicles and crews from")
    plan = m.Plan(
        name=f"Week of {starts_on:%d %b %Y}",
        starts_on=starts_on,
        status="queued",
        stage="waiting to start",
        params={"seconds": seconds, "previous": previous, "made_by": made_by},
    )
    session.add(plan)
    session.flush()
    return plan


def run_plan(factory: sessionmaker[Session], settings: Settings, plan_id: int) -> None:
    """Do a queued job: plan the week into its row, recording progress as it goes."""
    from transport.planning.service import plan_week

    with transaction(factory) as session:
        claimed = session.execute(
            update(m.Plan).where(m.Plan.id == plan_id, m.Plan.status == "queued").values(status="running", stage="starting")
        ).rowcount
        plan = session.get(m.Plan, plan_id)
    if not claimed:
        return  # done, failed or taken by another worker already
    params = plan.params or {}
    last = 0.0

    def progress(done: int, total: int, what: str) -> None:
        nonlocal last
        if time.monotonic() - last < 1.0 and done < total:
            return  # at most once a second: progress is for people, not a log
        last = time.monotonic()
        with transaction(factory) as s:
            s.execute(update(m.Plan).where(m.Plan.id == plan_id).values(progress=0.95 * done / max(total, 1), stage=what))

    try:
        plan_week(
            factory,
            settings,
            None,
            plan.starts_on,
            seconds=params.get("seconds"),
            progress=progress,
            previous=params.get("previous"),
            plan_id=plan_id,
        )
    except Exception as error:  # any failure is the planner's to read, not a stuck "running"
        with transaction(factory) as s:
            s.execute(update(m.Plan).where(m.Plan.id == plan_id).values(status="failed", error=str(error), stage="failed"))


def recover(factory: sessionmaker[Session]) -> list[int]:
    """After a restart: a job that was running is marked failed; queued ones are returned to run."""
    with transaction(factory) as session:
        session.execute(update(m.Plan).where(m.Plan.status == "running").values(status="failed", error=STOPPED, stage="failed"))
        return list(session.scalars(select(m.Plan.id).where(m.Plan.status == "queued").order_by(m.Plan.id)))


def publish(session: Session, plan_id: int) -> m.Plan:
    """Publish a draft; refused if another plan for the same week was published since it was started."""
    plan = session.get(m.Plan, plan_id, with_for_update=True)
    if plan is None:
        raise LookupError(f"there is no plan {plan_id}")
    if plan.status != "draft":
        raise JobConflict(f"plan {plan_id} is {plan.status}; only a finished draft can be published")
    newer = session.scalar(
        select(m.Plan.id).where(
            m.Plan.starts_on == plan.starts_on,
            m.Plan.status == "published",
            m.Plan.published_at >= plan.created_at,
            m.Plan.id != plan.id,
        )
    )
    if newer is not None:
        raise JobConflict(
            f"plan {newer} for the same week was published after plan {plan_id} was started; "
            "plan again so that nothing it changed is lost"
        )
    before = plan_for(session, plan.starts_on)  # what families and crews have had until now
    plan.status = "published"
    plan.published_at = dt.datetime.now(dt.timezone.utc)
    session.flush()
    tell.plan_published(session, plan, before)
    return plan
