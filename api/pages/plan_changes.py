"""A draft against the plan in force, as the planner reads it before publishing: each child whose
journey changes (days, before and after, and whether it is texted), and how many people of each
kind publishing will text, counted from the very texts it would queue."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from transport import models as m
from transport.day.compare import Trip
from transport.day.publish_texts import Publication


@dataclass(frozen=True)
class ChildChange:
    child: m.Child
    session: str
    weekdays: list[str]
    before: Trip | None
    after: Trip | None
    told: str
    """"texted", "not texted: under N minutes" or "not texted: the day has passed"."""


@dataclass(frozen=True)
class PeopleTold:
    against: m.Plan | None
    children: list[ChildChange]
    people: dict[str, int]
    """Distinct people texted, by role (parent, driver, pa, school)."""
    journeys: int
    over: bool


def people_told(db: Session, told: Publication, retime_minutes: int) -> PeopleTold:
    why = {id(c): "texted" for c in told.told}
    why |= {id(c): f"not texted: moves under {retime_minutes} minutes" for c in told.shown_only}
    why |= {id(c): "not texted: the day has passed" for c in told.past}
    # One row for each distinct change: a child whose Monday and Thursday change differently gets two.
    grouped: dict[tuple[int, str, Trip | None, Trip | None, str], list[str]] = {}
    for c in told.diff.trips:
        grouped.setdefault(
            (c.child_id, c.session, c.before, c.after, why.get(id(c), "not texted: no longer travels")), []
        ).append(c.weekday)
    children = [
        ChildChange(db.get_one(m.Child, child_id), sess, sorted(days, key=m.WEEKDAYS.index), before, after, said)
        for (child_id, sess, before, after, said), days in grouped.items()
    ]
    children.sort(key=lambda c: (c.child.last_name, c.child.first_name, c.session, m.WEEKDAYS.index(c.weekdays[0])))
    return PeopleTold(told.against, children, told.people(), told.journeys, told.over)


KINDS = (("parent", "parent", "parents"), ("driver", "driver", "drivers"), ("pa", "PA", "PAs"), ("school", "school", "schools"))


def told_in_words(people: dict[str, int]) -> str:
    """ "Texting 12 parents, 3 drivers, 2 PAs and 1 school." or "Nobody is texted." """
    parts = [f"{people[k]} {one if people[k] == 1 else many}" for k, one, many in KINDS if people.get(k)]
    if not parts:
        return "Nobody is texted."
    return "Texting " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."
