"""A draft against the plan in force, as the planner reads it before publishing: each child whose
journey changes (days, before and after), and how many crews and schools will be told."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from transport import models as m
from transport.day.compare import Comparison, Trip


@dataclass(frozen=True)
class ChildChange:
    child: m.Child
    session: str
    weekdays: list[str]
    before: Trip | None
    after: Trip | None


@dataclass(frozen=True)
class PeopleTold:
    against: m.Plan | None
    children: list[ChildChange]
    crews: int
    """Drivers and PAs of changed runs."""
    schools: int

    @property
    def families(self) -> int:
        return len({c.child.id for c in self.children if c.after is not None})


def people_told(db: Session, diff: Comparison, against: m.Plan | None) -> PeopleTold:
    # One row for each distinct change: a child whose Monday and Thursday change differently gets two.
    grouped: dict[tuple[int, str, Trip | None, Trip | None], list[str]] = {}
    for c in diff.trips:
        grouped.setdefault((c.child_id, c.session, c.before, c.after), []).append(c.weekday)
    children = [
        ChildChange(db.get_one(m.Child, child_id), sess, sorted(days, key=m.WEEKDAYS.index), before, after)
        for (child_id, sess, before, after), days in grouped.items()
    ]
    children.sort(key=lambda c: (c.child.last_name, c.child.first_name, c.session, m.WEEKDAYS.index(c.weekdays[0])))
    crews = sum((r.driver_id is not None) + (r.assistant_id is not None) for r in diff.runs)
    return PeopleTold(against, children, crews, len({k[0] for k in diff.arrivals}))
