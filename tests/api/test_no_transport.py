"""No transport is never silent in the API: a parent's child's transport and the school's manifest
carry the journeys due with no transport, why (as a family may read it) and who to call."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import MONDAY
from tests.replans import republish, unpublish
from transport import models as m
from transport.day.today import Whose, runs_on
from transport.db import transaction

LATER = MONDAY + dt.timedelta(days=35)
TUESDAY = LATER + dt.timedelta(days=1)


@pytest.fixture
def lost(council):
    """The parent's child not placed on Tuesday morning by a re-plan from LATER: (child id, plan id)."""
    with transaction(council.factory) as db:
        guardian = db.get_one(m.Guardian, council.ids["parent"])
        mine = frozenset(c.id for c in guardian.children)
        carried = {s.child.id for r in runs_on(db, TUESDAY, Whose(child_ids=mine)) if r.session == "AM" for s in r.stops}
        child = min(carried & mine)
        plan = republish(db, council.plan_id, LATER, {(child, "tue", "AM"): "unplaced"})
    yield child
    with transaction(council.factory) as db:
        unpublish(db, plan)


def test_a_parent_is_told_the_journey_has_no_transport_and_whom_to_call(council, lost):
    answer = council.get("parent", f"/me/children/{lost}/transport?date={TUESDAY}").json()
    assert [j["session"] for j in answer["journeys"]] == ["PM"]
    (missing,) = answer["no_transport"]
    with transaction(council.factory) as db:
        child = db.get_one(m.Child, lost)
        officer = child.officer
        assert missing["session"] == "AM" and missing["reason"] == "not_placed"
        assert missing["why"] == f"{child.first_name} could not be placed on a vehicle."
        assert missing["call_name"] == officer.name and missing["call_phone"] == officer.phone
        assert missing["text"].startswith("No transport to school on Tuesday morning.")
    assert "epilepsy" not in str(answer)  # the planner's reasons stay the planner's
    assert answer["quiet"] is None
    # The same child the week before (the plan as made) is carried both ways.
    before = council.get("parent", f"/me/children/{lost}/transport?date={TUESDAY - dt.timedelta(days=7)}").json()
    assert before["no_transport"] == [] and len(before["journeys"]) == 2


def test_the_school_manifest_lists_its_pupils_without_transport(council, lost):
    with transaction(council.factory) as db:
        school_id = db.get_one(m.Child, lost).school_id
    who = "school" if school_id == council.ids["school"] else "planner"
    manifest = council.get(who, f"/schools/{school_id}/manifest?date={TUESDAY}").json()
    mine = [x for x in manifest["no_transport"] if x["child_id"] == lost]
    assert [(x["session"], x["reason"]) for x in mine] == [("AM", "not_placed")]
    assert all(lost not in {c["child_id"] for c in r["children"]} for r in manifest["runs"] if r["session"] == "AM")


def test_on_a_weekend_a_parent_is_told_why_there_is_no_transport(council):
    with transaction(council.factory) as db:
        child = db.get_one(m.Guardian, council.ids["parent"]).children[0]
    saturday = MONDAY + dt.timedelta(days=5)
    answer = council.get("parent", f"/me/children/{child.id}/transport?date={saturday}").json()
    assert answer["journeys"] == [] and answer["no_transport"] == []
    assert answer["quiet"] == "No transport on Saturday: there is no school at the weekend."
