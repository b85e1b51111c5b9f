"""Whether a school is open on a date: not at the weekend, nor on a bank holiday (the `holidays`
package's, for the council's nation), nor on a weekday it has no bell, nor on a day the council
recorded it closed (an INSET day, a holiday: the `closures` table; one for no school closes all)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import weekday_of
from transport.errors import Invalid


@cache
def _bank_holidays(nation: str, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=nation, years=year).items())


def closed_because(db: Session, school: m.School, date: dt.date, nation: str = "ENG") -> str | None:
    """Why the school is closed that day, in words ("a bank holiday: Boxing Day"); None: open."""
    weekday = weekday_of(date)
    if weekday is None:
        return "the weekend"
    if date in _bank_holidays(nation, date.year):
        return f"a bank holiday: {_bank_holidays(nation, date.year)[date]}"
    if school.bell(weekday) is None:
        return f"{school.name} is closed on {date:%A}s"
    closure = db.scalar(
        select(m.Closure)
        .where(
            or_(m.Closure.school_id.is_(None), m.Closure.school_id == school.id),
            m.Closure.starts_on <= date,
            m.Closure.ends_on >= date,
        )
        .order_by(m.Closure.id)
        .limit(1)
    )
    return f"{school.name} is closed: {closure.reason}" if closure else None


def add_closure(db: Session, school: m.School | None, starts_on: dt.date, ends_on: dt.date, reason: str) -> m.Closure:
    if ends_on < starts_on:
        raise Invalid("the last day closed is before the first")
    closure = m.Closure(school=school, starts_on=starts_on, ends_on=ends_on, reason=reason.strip() or "closed")
    db.add(closure)
    db.flush()
    return closure


def closures(db: Session, school_id: int | None = None) -> list[m.Closure]:
    query = select(m.Closure).order_by(m.Closure.starts_on, m.Closure.id)
    if school_id is not None:
        query = query.where(or_(m.Closure.school_id.is_(None), m.Closure.school_id == school_id))
    return list(db.scalars(query))
