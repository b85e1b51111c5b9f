"""Every role against every endpoint: each sees only what is theirs, nothing else crosses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.api.conftest import MONDAY
from transport import models as m

ROLES = ["planner", "school", "parent", "driver", "pa", ""]
DAY = MONDAY.isoformat()

# (method, url, {role: expected status}); "" is nobody (no token).
PLANNER_ONLY = {"planner": 200, "school": 403, "parent": 403, "driver": 403, "pa": 403, "": 401}
MATRIX = [
    ("GET", "/schools", PLANNER_ONLY),
    ("GET", "/children", PLANNER_ONLY),
    ("GET", "/guardians", PLANNER_ONLY),
    ("GET", "/vehicles", PLANNER_ONLY),
    ("GET", f"/runs?date={DAY}", PLANNER_ONLY),
    ("GET", "/plans/{plan}", PLANNER_ONLY),
    ("GET", "/me/children", {"planner": 403, "school": 403, "parent": 200, "driver": 403, "pa": 403, "": 401}),
    ("GET", f"/me/runs?date={DAY}", {"planner": 403, "school": 403, "parent": 403, "driver": 200, "pa": 200, "": 401}),
    ("GET", "/absences", {"planner": 200, "school": 403, "parent": 200, "driver": 403, "pa": 403, "": 401}),
    ("GET", "/me", {"planner": 200, "school": 200, "parent": 200, "driver": 200, "pa": 200, "": 401}),
    ("GET", f"/board?date={DAY}", PLANNER_ONLY),
    ("GET", "/health", {r: 200 for r in ROLES}),
]


@pytest.mark.parametrize("method,url,expected", MATRIX, ids=[f"{m_} {u}" for m_, u, _ in MATRIX])
def test_each_role_gets_only_the_endpoints_it_may_use(council, method, url, expected):
    for role in ROLES:
        answer = council.client.request(method, url.format(plan=council.plan_id), headers=council.auth(role))
        assert answer.status_code == expected[role], (role, answer.text)
        if answer.status_code >= 400:
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["status"] == answer.status_code


def test_a_forged_token_is_refused(council):
    answer = council.client.get("/me", headers={"Authorization": "Bearer not-a-real-token"})
    assert answer.status_code == 401


def _child_of(council, who: str) -> int:
    return council.get(who, "/me/children").json()[0]["id"]


def test_a_parent_sees_their_children_and_not_another_familys(council):
    mine = {c["id"] for c in council.get("parent", "/me/children").json()}
    theirs = {c["id"] for c in council.get("parent2", "/me/children").json()}
    assert mine and theirs and not mine & theirs
    other = next(iter(theirs))
    for who, child in (("parent", other), ("school", other), ("driver", other), ("pa", other)):
        answer = council.get(who, f"/me/children/{child}/transport?date={DAY}")
        assert answer.status_code in (403, 404)
        assert "first_name" not in answer.text
    assert council.get("parent", f"/me/children/{other}/transport?date={DAY}").status_code == 404
    own = council.get("parent", f"/me/children/{next(iter(mine))}/transport?date={DAY}")
    assert own.status_code == 200
    body = own.json()
    assert body["officer"]["name"] and body["officer"]["phone"]  # a named person, not a mailbox
    assert body["journeys"], "the parent's child travels on the plan's Monday"
    assert all({"vehicle", "pickup", "dropoff"} <= set(j) for j in body["journeys"])


def test_a_parent_cannot_report_or_cancel_absences_for_another_family(council):
    other = _child_of(council, "parent2")
    day = (MONDAY + dt.timedelta(days=1)).isoformat()
    refused = council.post("parent", "/absences", json={"child_id": other, "date": day, "session": "AM"})
    assert refused.status_code == 404
    made = council.post("parent2", "/absences", json={"child_id": other, "date": day, "session": "PM"})
    assert made.status_code == 201, made.text
    absence = made.json()[0]["id"]
    assert absence not in {a["id"] for a in council.get("parent", "/absences").json()}
    assert council.delete("parent", f"/absences/{absence}").status_code == 404
    assert council.delete("school", f"/absences/{absence}").status_code == 404
    assert council.delete("parent2", f"/absences/{absence}").status_code == 204


def test_a_school_sees_its_own_manifest_only(council):
    mine, theirs = council.ids["school"], council.ids["school2"]
    own = council.get("school", f"/schools/{mine}/manifest?date={DAY}")
    assert own.status_code == 200
    assert own.json()["runs"], "the school's pupils travel on the plan's Monday"
    for who in ("school", "parent", "driver", "pa"):
        assert council.get(who, f"/schools/{theirs}/manifest?date={DAY}").status_code == 404
    assert council.get("planner", f"/schools/{theirs}/manifest?date={DAY}").status_code == 200
    with council.factory() as db:
        pupils = set(db.scalars(select(m.Child.id).where(m.Child.school_id == mine)))
    shown = {c["child_id"] for r in own.json()["runs"] for c in r["children"]}
    assert shown <= pupils


@pytest.fixture
def sunday_evening(monkeypatch):
    """The council's clock at 18:00 the day before the plan's Monday: crews are being briefed."""
    import api.routers.crews

    evening = dt.datetime.combine(MONDAY - dt.timedelta(days=1), dt.time(18, 0))
    monkeypatch.setattr(api.routers.crews, "now", lambda settings: evening)


def test_a_crew_sees_only_its_own_runs_and_care_notes_stay_there(council, sunday_evening):
    sheets = council.get("driver", f"/me/runs?date={DAY}").json()
    assert sheets, "the driver drives on the plan's Monday"
    with council.factory() as db:
        driver = db.get(m.Driver, council.ids["driver"])
        theirs = {
            r.id
            for r in db.scalars(
                select(m.PlanRun).where(
                    m.PlanRun.plan_id == council.plan_id, m.PlanRun.driver_id == driver.id, m.PlanRun.weekday == "mon"
                )
            )
        }
    assert {s["id"] for s in sheets} == theirs
    other = {s["id"] for s in council.get("driver2", f"/me/runs?date={DAY}").json()}
    assert not other & theirs
    # Care notes: on the crew's own sheet, and in no other answer of any role.
    notes = [st["care_notes"] for s in sheets for st in s["stops"] if st["care_notes"]]
    assert notes, "the driver's Monday children include one with care notes"
    for who, url in (
        ("planner", f"/runs?date={DAY}"),
        ("planner", "/children"),
        ("school", f"/schools/{council.ids['school']}/manifest?date={DAY}"),
    ):
        text = council.get(who, url).text
        assert "care_notes" not in text
        assert not any(n in text for n in notes)


def test_care_notes_are_for_today_and_tomorrow_only(council, sunday_evening):
    for day in (MONDAY + dt.timedelta(days=7), MONDAY - dt.timedelta(days=7)):
        sheets = council.get("driver", f"/me/runs?date={day}").json()
        assert sheets and not any(st["care_notes"] for s in sheets for st in s["stops"])


def test_reading_care_notes_is_recorded(council, sunday_evening):
    with council.factory() as db:
        before = db.query(m.CareNoteRead).count()
    sheets = council.get("pa", f"/me/runs?date={DAY}").json()
    with_notes = {(s["id"], st["child_id"]) for s in sheets for st in s["stops"] if st["care_notes"]}
    assert with_notes, "the PA's Monday children include one with care notes"
    with council.factory() as db:
        reads = db.scalars(select(m.CareNoteRead).order_by(m.CareNoteRead.id.desc()).limit(len(with_notes))).all()
        assert db.query(m.CareNoteRead).count() == before + len(with_notes)
    assert {(r.run_id, r.child_id) for r in reads} == with_notes


def test_lists_are_paginated(council):
    first = council.get("planner", "/children?limit=5").json()
    second = council.get("planner", "/children?limit=5&offset=5").json()
    assert len(first["items"]) == 5 and first["total"] == 40
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    assert council.get("planner", "/children?limit=0").status_code == 422


def test_parents_who_share_a_vehicle_see_each_others_number_only_when_both_agreed(council):
    from transport.accounts import add_user
    from transport.db import transaction

    theirs = {c["id"] for c in council.get("parent2", "/me/children").json()}
    run = next(
        r
        for r in council.get("planner", f"/runs?date={DAY}").json()
        if len({s["child_id"] for s in r["stops"]}) >= 3 and not {s["child_id"] for s in r["stops"]} & theirs
    )
    child = min(s["child_id"] for s in run["stops"])
    # Everyone who shares a vehicle with the child that day, morning and afternoon.
    others = sorted(
        {
            s["child_id"]
            for r in council.get("planner", f"/runs?date={DAY}").json()
            if any(x["child_id"] == child for x in r["stops"])
            for s in r["stops"]
        }
        - {child}
    )
    with transaction(council.factory) as db:
        me = db.get(m.Child, child).guardians[0]
        token = add_user(db, "parent", "sharing parent", me.ref)
        other_guardians = [g for c in others for g in db.get(m.Child, c).guardians if g.id != me.id]
        saved = [(me.id, me.share_contact)] + [(g.id, g.share_contact) for g in other_guardians]
        me.share_contact = False
        for g in other_guardians:
            g.share_contact = True
        me_id = me.id
    url = f"/me/children/{child}/co-travellers?date={DAY}"
    auth = {"Authorization": f"Bearer {token}"}
    assert council.client.get(url, headers=auth).json() == []  # I have not agreed: I see nobody
    with transaction(council.factory) as db:
        db.get(m.Guardian, me_id).share_contact = True
        for g in other_guardians[1:]:
            db.get(m.Guardian, g.id).share_contact = False
        expected = {db.get(m.Guardian, other_guardians[0].id).phone}
    assert {c["phone"] for c in council.client.get(url, headers=auth).json()} == expected
    assert council.get("parent2", url).status_code == 404
    state = council.client.app.state
    kept = state.settings
    state.settings = kept.model_copy(update={"contact_rules": tuple(r for r in kept.contact_rules if r.to != "parent")})
    try:  # a council whose rule does not let parents contact each other: nobody, both opted in or not
        assert council.client.get(url, headers=auth).json() == []
    finally:
        state.settings = kept
    with transaction(council.factory) as db:
        for gid, value in saved:
            db.get(m.Guardian, gid).share_contact = value
