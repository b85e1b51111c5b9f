"""Who may see what: a parent their own children, a school itself, a planner everything.

Anything outside a caller's scope is "not found" (404), never "forbidden": that would say it exists.
Shared by the API's routers and, later, its web pages.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from api.problems import Problem
from transport import models as m
from transport.accounts import Caller


def guardian(db: Session, who: Caller) -> m.Guardian | None:
    return db.get(m.Guardian, who.link_id) if who.role == "parent" else None


def children(db: Session, who: Caller) -> list[m.Child]:
    """A parent's own children (nobody else has any through this)."""
    mine = guardian(db, who)
    return sorted(mine.children, key=lambda c: c.id) if mine else []


def own_child(db: Session, who: Caller, child_id: int) -> m.Child:
    """A parent's own child, a planner's any child; anyone else's is not found."""
    if who.role == "planner":
        child = db.get(m.Child, child_id)
    elif who.role == "parent":
        child = next((c for c in children(db, who) if c.id == child_id), None)
    else:
        child = None
    if child is None:
        raise Problem(404, f"there is no child {child_id} among yours")
    return child


def own_school(db: Session, who: Caller, school_id: int) -> m.School:
    """The school itself, or any school for a planner; anyone else's is not found."""
    mine = who.role == "planner" or (who.role == "school" and who.link_id == school_id)
    school = db.get(m.School, school_id) if mine else None
    if school is None:
        raise Problem(404, f"there is no school {school_id} among yours")
    return school
