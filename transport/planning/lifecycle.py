"""A plan's life: requested (queued), made by a planning job (running, then draft or failed),
published. Which earlier plan a new one keeps faith with is decided here, for the CLI, the API
and the web pages alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import now
from transport.day.publish_texts import Publication, what_publishing_tells
from transport.errors import Conflict, NotFound
from transport.notify.outbox import queue
from transport.planning.previous import latest_published
from transport.settings import Settings, get_settings

WORKING = ("queued", "running")


def keeps_faith_with(db: Session, previous: int | None, fresh: bool) -> int | None:
    """The plan whose vehicles and PAs children keep: none when planning afresh, the one asked for,
    or else the latest published plan (none before the first publish)."""
    if fresh:
        return None
    if previous is None:
        return latest_published(db)
    if db.get(m.Plan, previous) is None:
        raise NotFound(f"there is no plan {previous} to keep children's vehicles and crews from")
    return previous


def request_plan(
    db: Session, starts_on: dt.date, seconds: float | None, previous: int | None, fresh: bool, made_by: str
) -> m.Plan:
    """A queued plan for the week starting `starts_on`; refused while another is being made for it."""
    busy = db.scalar(select(m.Plan.id).where(m.Plan.starts_on == starts_on, m.Plan.status.in_(WORKING)))
    if busy is not None:
        raise Conflict(f"plan {busy} for the week of {starts_on:%d %b %Y} is still being made; wait for it to finish")
    plan = m.Plan(
        name=f"Week of {starts_on:%d %b %Y}",
        starts_on=starts_on,
        status="queued",
        stage="waiting to start",
        params={"seconds": seconds, "previous": keeps_faith_with(db, previous, fresh), "made_by": made_by},
    )
    db.add(plan)
    db.flush()
    return plan


def publish(db: Session, plan_id: int, settings: Settings | None = None, today: dt.date | None = None) -> m.Plan:
    return publish_telling(db, plan_id, settings, today)[0]


def publish_telling(
    db: Session, plan_id: int, settings: Settings | None = None, today: dt.date | None = None
) -> tuple[m.Plan, Publication]:
    """Publish a draft; refused if another plan for the same week was published since it was started.
    Everyone whose transport changes is told, in the same transaction: the texts the confirmation
    counted (`day/publish_texts.py`), nothing about a day before `today` (the council's clock)."""
    settings = settings or get_settings()
    today = today or now(settings).date()
    plan = db.get(m.Plan, plan_id, with_for_update=True)
    if plan is None:
        raise NotFound(f"there is no plan {plan_id}")
    if plan.status != "draft":
        raise Conflict(f"plan {plan_id} is {plan.status}; only a finished draft can be published")
    newer = db.scalar(
        select(m.Plan.id).where(
            m.Plan.starts_on == plan.starts_on,
            m.Plan.status == "published",
            m.Plan.published_at >= plan.created_at,
            m.Plan.id != plan.id,
        )
    )
    if newer is not None:
        raise Conflict(
            f"plan {newer} for the same week was published after plan {plan_id} was started; "
            "plan again so that nothing it changed is lost"
        )
    told = what_publishing_tells(db, plan, today, settings.retime_text_minutes)  # what the preview counted
    plan.status = "published"
    plan.published_at = dt.datetime.now(dt.UTC)
    db.flush()
    queue_all(db, told)
    return plan, told


def preview(db: Session, plan_id: int, settings: Settings, today: dt.date) -> Publication:
    """What publishing a draft would text, by the very function the publish uses."""
    plan = db.get(m.Plan, plan_id)
    if plan is None:
        raise NotFound(f"there is no plan {plan_id}")
    if plan.status != "draft":
        raise Conflict(f"plan {plan_id} is {plan.status}; only a finished draft can be published")
    return what_publishing_tells(db, plan, today, settings.retime_text_minutes)


def queue_all(db: Session, told: Publication) -> None:
    with db.no_autoflush:  # one insert when the publish commits
        for t in told.texts:
            queue(
                db,
                to=t.to,
                role=t.role,
                ref=t.ref,
                template=t.template,
                body=t.body,
                key=t.key,
                child_id=t.child_id,
                about=t.about,
                consent=t.consent,
                email=t.email,
                subject=t.subject,
                fresh=True,  # the plan's id is in every key, and a plan is published once
            )
