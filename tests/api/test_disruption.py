"""A day's disruption through the API: a vehicle off the road re-plans only its children, onto
what is spare, and tells only their families, the crews and their schools; a driver off sick is
covered by a spare driver with everyone's journey kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.api.conftest import MONDAY
from transport import models as m
from transport.day.without import NOT_COVERED, SPOT_HIRE, without

BREAKDOWN = MONDAY + dt.timedelta(days=10)  # a Thursday no other test uses
SICK = MONDAY + dt.timedelta(days=15)  # a Tuesday no other test uses


def _runs(council, date) -> dict[int, dict]:
    return {r["id"]: r for r in council.get("planner", f"/runs?date={date}").json()}


def _messages(council, date) -> list[m.Message]:
    with council.factory() as db:
        return list(db.scalars(select(m.Message).where(m.Message.about_date == date).order_by(m.Message.id)))


def _vehicle_id(council, registration: str) -> int:
    with council.factory() as db:
        return db.scalar(select(m.FleetVehicle.id).where(m.FleetVehicle.registration == registration))


def test_a_vehicle_off_the_road_moves_only_its_children_and_tells_only_their_people(council):
    before = _runs(council, BREAKDOWN)
    busiest = max(before.values(), key=lambda r: len({s["child_id"] for s in r["stops"] if not s["absent"]}))
    registration = busiest["vehicle"]
    hit = {i for i, r in before.items() if r["vehicle"] == registration}
    present = {(s["child_id"], before[i]["session"]) for i in hit for s in before[i]["stops"] if not s["absent"]}
    assert len(present) >= 2

    made = council.post(
        "planner",
        f"/days/{BREAKDOWN}/unavailable",
        json={"vehicle_id": _vehicle_id(council, registration), "reason": "broken down"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["what"] == f"vehicle {registration}"
    assert council.post("school", f"/days/{BREAKDOWN}/unavailable", json={"vehicle_id": 1}).status_code == 403

    quiet = len(_messages(council, BREAKDOWN))
    proposed = council.post("planner", f"/days/{BREAKDOWN}/cover")
    assert proposed.status_code == 201, proposed.text
    cover = proposed.json()
    assert cover["status"] == "proposed"
    assert {(c["child_id"], c["session"]) for c in cover["children"]} == present
    assert len(cover["off"]) == len(hit)
    assert len(_messages(council, BREAKDOWN)) == quiet, "nobody is told of a proposal"
    assert _runs(council, BREAKDOWN) == before, "a proposal changes nobody's day"

    confirmed = council.post("planner", f"/covers/{cover['plan_id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert council.post("planner", f"/covers/{cover['plan_id']}/confirm").status_code == 409

    after = _runs(council, BREAKDOWN)
    for i, r in before.items():
        if i in hit:
            assert after[i]["stops"] == [] and any("does not go" in c for c in after[i]["changes"])
        else:
            assert after[i] == r, "everyone else's journey is as it was"
    new = {i: r for i, r in after.items() if i not in before}
    on_new = {(s["child_id"], r["session"]) for r in new.values() for s in r["stops"]}
    by_vehicle = {(c["child_id"], c["session"]) for c in confirmed.json()["cover"]["children"] if c["how"] == "vehicle"}
    assert on_new == by_vehicle and on_new <= present
    for r in new.values():  # a spare vehicle: on no other run that goes in its session
        assert r["vehicle"] != registration
        assert not any(
            o["vehicle"] == r["vehicle"] and o["session"] == r["session"] for i, o in after.items() if i not in new and o["stops"]
        )
    # The rest: a hire being booked or nothing found, said plainly on the family's day.
    with council.factory() as db:
        missing = {(x.child_id, x.session): x for x in without(db, BREAKDOWN)}
    for journey in present - on_new:
        assert missing[journey].reason in (SPOT_HIRE, NOT_COVERED)
        assert "Call" in missing[journey].text
    assert not (set(missing) & on_new)

    texts = [t for t in _messages(council, BREAKDOWN)[quiet:]]
    assert len(texts) == confirmed.json()["texts"] > 0
    with council.factory() as db:
        moved = {c for c, _ in present}
        parents = {g.ref for c in moved for g in db.get_one(m.Child, c).guardians}
        schools = {db.get_one(m.Child, c).school.ref for c in moved}
        crew_runs = [db.get_one(m.PlanRun, i) for i in (*hit, *new)]
        crews = {p.ref for r in crew_runs for p in (r.driver, r.assistant) if p is not None}
        consenting = {g.ref for c in moved for g in db.get_one(m.Child, c).guardians if g.sms_consent}
    told = {(t.recipient_role, t.recipient_ref) for t in texts}
    assert {ref for role, ref in told if role == "parent"} <= parents
    assert consenting <= {ref for role, ref in told if role == "parent"}
    assert {ref for role, ref in told if role == "school"} <= schools
    assert {ref for role, ref in told if role in ("driver", "pa")} <= crews
    assert {role for role, _ in told} <= {"parent", "school", "driver", "pa"}
    for t in texts:
        if t.recipient_role == "parent":
            assert "only" in t.body or "No transport" in t.body


def test_a_driver_off_sick_is_covered_by_a_spare_driver_and_every_journey_is_kept(council):
    before = _runs(council, SICK)
    run = next(r for r in before.values() if r["session"] == "AM" and r["stops"] and r["driver"])
    with council.factory() as db:
        plan_run = db.get_one(m.PlanRun, run["id"])
        driver_id, driver_ref = plan_run.driver_id, plan_run.driver.ref
    made = council.post("planner", f"/days/{SICK}/unavailable", json={"driver_id": driver_id, "reason": "off sick"})
    assert made.status_code == 201, made.text
    again = council.post("planner", f"/days/{SICK}/unavailable", json={"driver_id": driver_id})
    assert again.json()["id"] == made.json()["id"], "marked twice is one mark"
    cover = council.post("planner", f"/days/{SICK}/cover").json()
    assert cover["children"] == [] and cover["off"] == []
    assert len(cover["swaps"]) == sum(
        1 for r in before.values() if r["driver"] and r["stops"] and _driver_of(council, r["id"]) == driver_id
    )
    confirmed = council.post("planner", f"/covers/{cover['plan_id']}/confirm").json()
    after = _runs(council, SICK)
    assert after[run["id"]]["driver"] != run["driver"] or any("Driver:" in c for c in after[run["id"]]["changes"])
    assert [s for s in after[run["id"]]["stops"]] == run["stops"]
    assert {i: r["stops"] for i, r in after.items()} == {i: r["stops"] for i, r in before.items()}
    assert confirmed["texts"] > 0
    with council.factory() as db:
        stood_down = db.scalar(
            select(func.count()).select_from(m.Message).where(m.Message.about_date == SICK, m.Message.recipient_ref == driver_ref)
        )
    assert stood_down >= 1, "the driver off sick is told they are not needed"


def _driver_of(council, run_id: int) -> int | None:
    with council.factory() as db:
        return db.get_one(m.PlanRun, run_id).driver_id
