"""GET /plans/{id}/publish-preview counts the people publishing will text, by the function the
publish uses: the counts are the texts then queued."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.day.plans import copy_plan, later
from transport import models as m
from transport.day.today import plan_for
from transport.db import transaction


def test_the_preview_counts_what_the_publish_then_texts(council):
    starts = MONDAY + dt.timedelta(weeks=17)
    with transaction(council.factory) as db:
        copy = copy_plan(db, plan_for(db, starts), starts)
        for run in [r for r in copy.runs if r.weekday == "thu" and r.stops][:2]:  # two runs 10 minutes later
            run.leave_depot = later(run.leave_depot, 10)
            for s in run.stops:
                s.planned = later(s.planned, 10)
        plan_id = copy.id
    answer = council.get("planner", f"/plans/{plan_id}/publish-preview")
    assert answer.status_code == 200, answer.text
    counted = answer.json()
    assert counted["journeys_changed"] == counted["journeys_texted"] > 0 and not counted["week_over"]
    assert council.get("parent", f"/plans/{plan_id}/publish-preview").status_code == 403

    assert council.post("planner", f"/plans/{plan_id}/publish").status_code == 200
    with council.factory() as db:
        told = db.scalars(select(m.Message).where(m.Message.idempotency_key.like(f"publish:{plan_id}:%"))).all()
    for role, key in (("parent", "parents"), ("driver", "drivers"), ("pa", "pas"), ("school", "schools")):
        refs = [x.recipient_ref for x in told if x.recipient_role == role]
        assert len(refs) == len(set(refs)) == counted[key], role
    assert len(told) == counted["texts"] and counted["schools"] > 0 and counted["drivers"] > 0
    again = council.get("planner", f"/plans/{plan_id}/publish-preview")
    assert again.status_code == 409 and "only a finished draft" in again.text
