"""Who may see what, as the API answers it: anything outside a caller's scope is "not found"
(404), never "forbidden", which would say it exists. The rules themselves live with the domain
(transport/day/family.py, transport/day/manifest.py), where the web pages read them too."""

from __future__ import annotations

from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day import family, manifest
from transport.errors import NotFound


def own_child(db: Session, who: Caller, child_id: int) -> m.Child:
    child = family.own_child(db, who, child_id)
    if child is None:
        raise NotFound(f"there is no child {child_id} among yours")
    return child


def own_absence(db: Session, who: Caller, absence_id: int) -> m.Absence:
    absence = family.own_absence(db, who, absence_id)
    if absence is None:
        raise NotFound(f"there is no absence {absence_id} among yours")
    return absence


def own_school(db: Session, who: Caller, school_id: int) -> m.School:
    school = manifest.own_school(db, who, school_id)
    if school is None:
        raise NotFound(f"there is no school {school_id} among yours")
    return school
