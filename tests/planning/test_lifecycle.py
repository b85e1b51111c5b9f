"""A plan's life: which plan a new one keeps faith with, one plan made at a time per week, and
only a finished draft published."""

import datetime as dt

import pytest

from transport import models as m
from transport.db import transaction
from transport.errors import Conflict, NotFound
from transport.planning.lifecycle import keeps_faith_with, publish, request_plan

MONDAY = dt.date(2026, 9, 7)


def _plan(db, status: str, published_at: dt.datetime | None = None) -> int:
    plan = m.Plan(name="p", starts_on=MONDAY, status=status, published_at=published_at)
    db.add(plan)
    db.flush()
    return plan.id


def test_a_new_plan_keeps_faith_with_the_latest_published_unless_told(factory):
    with transaction(factory) as db:
        assert keeps_faith_with(db, None, False) is None  # nothing published yet
        older = _plan(db, "published", dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
        newer = _plan(db, "published", dt.datetime(2026, 9, 2, tzinfo=dt.UTC))
        draft = _plan(db, "draft")
        assert keeps_faith_with(db, None, False) == newer
        assert keeps_faith_with(db, older, False) == older
        assert keeps_faith_with(db, draft, False) == draft
        assert keeps_faith_with(db, older, True) is None  # fresh wins
        with pytest.raises(NotFound, match="no plan 999"):
            keeps_faith_with(db, 999, False)


def test_one_plan_is_made_at_a_time_for_a_week(factory):
    with transaction(factory) as db:
        first = request_plan(db, MONDAY, 1.0, None, False, "Pat")
        assert first.status == "queued" and first.params == {"seconds": 1.0, "previous": None, "made_by": "Pat"}
        with pytest.raises(Conflict, match=f"plan {first.id} for the week of 07 Sep 2026 is still being made"):
            request_plan(db, MONDAY, 1.0, None, False, "Pat")
        assert request_plan(db, MONDAY + dt.timedelta(days=7), None, None, False, "Pat").id != first.id


def test_only_a_finished_draft_is_published(factory):
    with transaction(factory) as db:
        queued = request_plan(db, MONDAY, 1.0, None, False, "Pat").id
        with pytest.raises(Conflict, match="is queued; only a finished draft"):
            publish(db, queued)
        with pytest.raises(NotFound, match="no plan 999"):
            publish(db, 999)
