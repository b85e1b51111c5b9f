"""Planners: the audit trail of texts and emails, and the people whose texts could not go (to
phone). Sign-in codes are in neither (outbox.UNLISTED)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from sqlalchemy import select

from api import schemas as s
from api.deps import DB, Planner
from api.problems import PROBLEM_RESPONSES
from transport import models as m
from transport.notify import outbox

router = APIRouter(tags=["messages"], responses=PROBLEM_RESPONSES)


@router.get("/messages", response_model=list[s.MessageOut])
def messages(db: DB, _: Planner, child_id: s.Id | None = None, date: dt.date | None = None):
    """Who was told what about a child and day, when, and whether it arrived."""
    query = select(m.Message).where(outbox.listed()).order_by(m.Message.created_at, m.Message.id).limit(5000)
    if child_id is not None:
        query = query.where(m.Message.child_id == child_id)
    if date is not None:
        query = query.where(m.Message.about_date == date)
    return db.scalars(query).all()


@router.get("/messages/to-phone", response_model=list[s.MessageOut])
def to_phone(db: DB, _: Planner):
    """Texts that could not go (an invalid number, STOP, no number): the people to phone."""
    return db.scalars(
        select(m.Message)
        .where(m.Message.status.in_(("failed", "undelivered", "opted_out")), outbox.listed())
        .order_by(m.Message.id)
        .limit(5000)
    ).all()
