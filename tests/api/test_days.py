"""Same-day truth: absences and planners' changes reach the manifest, the run sheet and the parent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.api.conftest import MONDAY
from transport import models as m
from transport.db import transaction

TUESDAY = MONDAY + dt.timedelta(days=1)


def _on_run(council, child_id: int, day: dt.date, session: str = "AM") -> dict:
    return next(
        r
        for r in council.get("planner", f"/runs?date={day}").json()
        if r["session"] == session and any(s["child_id"] == child_id for s in r["stops"])
    )


def _absent_in_manifest(council, school_id: int, child_id: int, day: dt.date, session: str) -> bool:
    manifest = council.get("planner", f"/schools/{school_id}/manifest?date={day}").json()
    return next(
        c["absent"] for r in manifest["runs"] if r["session"] == session for c in r["children"] if c["child_id"] == child_id
    )


def test_an_absence_reaches_the_manifest_and_the_run_sheet_and_can_be_taken_back(council):
    # A child of this driver's morning who also rides in the afternoon: the plan may leave a child
    # out of one session, and the test needs both (the fixture picks a driver who has one).
    home = {
        s["child_id"] for r in council.get("planner", f"/runs?date={TUESDAY}").json() if r["session"] == "PM" for s in r["stops"]
    }
    sheet, child_id = next(
        (r, s["child_id"])
        for r in council.get("driver", f"/me/runs?date={TUESDAY}").json()
        if r["session"] == "AM"
        for s in r["stops"]
        if s["child_id"] in home
    )
    with council.factory() as db:
        child = db.get(m.Child, child_id)
        school = child.school_id
    assert not _absent_in_manifest(council, school, child_id, TUESDAY, "AM")

    made = council.post(
        "planner", "/absences", json={"child_id": child_id, "date": str(TUESDAY), "session": "AM", "pm_too": False}
    )
    assert made.status_code == 201, made.text
    assert [a["session"] for a in made.json()] == ["AM"]
    # The school's manifest, the driver's sheet and the planner's runs all show it...
    assert _absent_in_manifest(council, school, child_id, TUESDAY, "AM")
    sheet = next(r for r in council.get("driver", f"/me/runs?date={TUESDAY}").json() if r["id"] == sheet["id"])
    assert all(s["absent"] for s in sheet["stops"] if s["child_id"] == child_id)
    stops = [s for s in _on_run(council, child_id, TUESDAY)["stops"] if s["child_id"] == child_id]
    assert stops and all(s["absent"] for s in stops)
    # ...and only for that session: the afternoon is as planned.
    assert not _absent_in_manifest(council, school, child_id, TUESDAY, "PM")

    assert council.delete("planner", f"/absences/{made.json()[0]['id']}").status_code == 204
    assert not _absent_in_manifest(council, school, child_id, TUESDAY, "AM")
    sheet = next(r for r in council.get("driver", f"/me/runs?date={TUESDAY}").json() if r["id"] == sheet["id"])
    assert not any(s["absent"] for s in sheet["stops"] if s["child_id"] == child_id)


def test_a_parent_sees_their_childs_absence_in_their_transport(council):
    child = council.get("parent", "/me/children").json()[0]
    made = council.post("parent", "/absences", json={"child_id": child["id"], "date": str(TUESDAY), "session": "PM"})
    assert made.status_code == 201, made.text
    journeys = council.get("parent", f"/me/children/{child['id']}/transport?date={TUESDAY}").json()["journeys"]
    assert {j["session"]: j["absent"] for j in journeys} == {"AM": False, "PM": True}
    assert council.delete("parent", f"/absences/{made.json()[0]['id']}").status_code == 204


def test_a_morning_absence_covers_the_afternoon_by_the_councils_rule(council):
    child = council.get("parent", "/me/children").json()[0]
    day = MONDAY + dt.timedelta(days=2)
    made = council.post("parent", "/absences", json={"child_id": child["id"], "date": str(day), "session": "AM"})
    assert [a["session"] for a in made.json()] == ["both"]


def test_an_absence_over_several_days_skips_the_weekend(council):
    child = council.get("parent", "/me/children").json()[0]
    friday, monday = MONDAY + dt.timedelta(days=11), MONDAY + dt.timedelta(days=14)
    made = council.post(
        "parent", "/absences", json={"child_id": child["id"], "date": str(friday), "session": "both", "end_date": str(monday)}
    )
    assert made.status_code == 201, made.text
    with council.factory() as db:
        travels = db.get(m.Child, child["id"]).travel_days
    expected = [d for d in (friday, monday) if m.WEEKDAYS[d.weekday()] in travels]
    assert [a["date"] for a in made.json()] == [str(d) for d in expected]


def test_bad_absences_are_refused_and_change_nothing(council):
    child = council.get("parent", "/me/children").json()[0]
    before = len(council.get("parent", "/absences").json())
    past = str(dt.date.today() - dt.timedelta(days=3))
    for body in (
        {"child_id": child["id"], "date": past, "session": "AM"},
        {"child_id": child["id"], "date": str(TUESDAY), "session": "noon"},
        {"child_id": child["id"], "date": str(TUESDAY), "session": "AM", "end_date": str(MONDAY)},
    ):
        answer = council.post("parent", "/absences", json=body)
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"]
    assert len(council.get("parent", "/absences").json()) == before


def test_an_absence_cannot_be_cancelled_once_the_run_has_started(council):
    child = council.get("parent", "/me/children").json()[0]
    with transaction(council.factory) as db:  # reported last week
        absence = m.Absence(
            child_id=child["id"], date=dt.date.today() - dt.timedelta(days=7), session="both", channel="web", reported_by="parent"
        )
        db.add(absence)
    answer = council.delete("parent", f"/absences/{absence.id}")
    assert answer.status_code == 409
    assert "already started" in answer.json()["detail"]


def test_a_planner_moves_a_child_and_changes_a_crew_for_a_day(council):
    day = MONDAY + dt.timedelta(days=3)
    runs = [r for r in council.get("planner", f"/runs?date={day}").json() if r["session"] == "AM"]
    with council.factory() as db:
        rows = {r.id: r for r in db.scalars(select(m.PlanRun).where(m.PlanRun.id.in_([r["id"] for r in runs])))}
        # A child with no needs, and another run with a free seat.
        plain = [
            (r["id"], s["child_id"])
            for r in runs
            for s in r["stops"]
            if s["kind"] == "pickup" and not (lambda c: c.wheelchair or c.needs_pa or c.pa_skills)(db.get(m.Child, s["child_id"]))
        ]
        source, child = plain[0]
        free = [
            r
            for r in runs
            if r["id"] != source
            and int(rows[r["id"]].layout.split("+")[0])
            > len({s["child_id"] for s in r["stops"]}) + (rows[r["id"]].assistant_id is not None)
        ]
        target = free[0]["id"]
        spare = db.scalars(
            select(m.Driver).where(m.Driver.id.not_in([r.driver_id for r in rows.values() if r.driver_id]))
        ).first()
    moved = council.post(
        "planner",
        f"/runs/{source}/moves",
        json={"child_id": child, "to_run_id": target, "starts_on": str(day), "ends_on": str(day)},
    )
    assert moved.status_code == 201, moved.text
    crew = council.post(
        "planner", f"/runs/{target}/crew", json={"driver_id": spare.id, "starts_on": str(day), "ends_on": str(day)}
    )
    assert crew.status_code == 201, crew.text
    after = {r["id"]: r for r in council.get("planner", f"/runs?date={day}").json()}
    assert child not in {s["child_id"] for s in after[source]["stops"]}
    assert child in {s["child_id"] for s in after[target]["stops"] if s["moved_in"]}
    assert after[target]["driver"] == spare.first_name and after[target]["changes"]
    # Told before the day: the moved child's family, both runs' crews and the school; then, for
    # the new driver, every family on the run, the new driver and the one stood down.
    with council.factory() as db:
        move_id, crew_id = moved.json()["id"], crew.json()["id"]

        def told(change):
            return {
                (x.recipient_role, x.recipient_phone)
                for x in db.scalars(select(m.Message).where(m.Message.idempotency_key.like(f"change:{change}:%")))
            }

        moved_child = db.get(m.Child, child)
        src, dst = db.get(m.PlanRun, source), db.get(m.PlanRun, target)
        crews = {(role, p.phone) for r in (src, dst) for role, p in (("driver", r.driver), ("pa", r.assistant)) if p}
        assert told(move_id) == {("parent", g.phone) for g in moved_child.guardians} | crews | {
            ("school", moved_child.school.phone)
        }
        families = {("parent", g.phone) for st in dst.stops if st.kind == "pickup" for g in st.child.guardians}
        assert told(crew_id) == families | {("driver", spare.phone), ("driver", dst.driver.phone)}
    # Only that day: the next week's Thursday is as planned.
    later = {r["id"]: r for r in council.get("planner", f"/runs?date={day + dt.timedelta(days=7)}").json()}
    assert child in {s["child_id"] for s in later[source]["stops"]}


def test_a_move_that_breaks_a_rule_is_refused(council):
    runs = [r for r in council.get("planner", f"/runs?date={MONDAY}").json()]
    am = next(r for r in runs if r["session"] == "AM")
    pm = next(r for r in runs if r["session"] == "PM")
    child = am["stops"][0]["child_id"]
    answer = council.post(
        "planner", f"/runs/{am['id']}/moves", json={"child_id": child, "to_run_id": pm["id"], "starts_on": str(MONDAY)}
    )
    assert answer.status_code == 409
    assert "same plan, weekday and session" in answer.json()["detail"]


def test_a_family_reads_the_crews_changes_and_its_own_childs_never_another_childs(council):
    """Same-day changes name children. A family reads its own child's and the crew's, never
    another child's, even one whose name begins with their child's (Sam and Samira)."""
    day = MONDAY + dt.timedelta(days=18)  # a Friday no other test changes
    with council.factory() as db:
        mine = min(db.get(m.Guardian, council.ids["parent"]).children, key=lambda c: c.id)
        mine_id, mine_name = mine.id, mine.first_name
    run = _on_run(council, mine_id, day)
    others = [r for r in council.get("planner", f"/runs?date={day}").json() if r["session"] == "AM" and r["id"] != run["id"]]
    riders = sorted({s["child_id"] for s in run["stops"]} - {mine_id})
    # A fellow passenger moved off the child's run ("now travels on another vehicle") or, when none
    # can be (a search stopped by the clock may leave the child alone), another child moved onto it
    # ("joins this run"): either way the crew's run names a child who is not the family's.
    moves = [(rider, run["id"], other["id"], "now travels on another vehicle") for rider in riders for other in others]
    moves += [
        (s["child_id"], other["id"], run["id"], "joins this run")
        for other in others
        for s in other["stops"]
        if s["kind"] == "pickup"
    ]
    moved, said = None, ""
    for child_id, source, target, words in moves:
        answer = council.post(
            "planner",
            f"/runs/{source}/moves",
            json={"child_id": child_id, "to_run_id": target, "starts_on": str(day), "ends_on": str(day)},
        )
        if answer.status_code == 201:
            moved, said = child_id, words
            break
    assert moved is not None, "no child could be moved off or onto the run: the council fixture changed"
    with council.factory() as db:
        names = {moved: db.get(m.Child, moved).first_name}
    try:
        with transaction(council.factory) as db:
            db.get(m.Child, moved).first_name = mine_name + "ira"
        mine_view = council.get("parent", f"/me/children/{mine_id}/transport?date={day}").json()
        planner_view = next(r for r in council.get("planner", f"/runs?date={day}").json() if r["id"] == run["id"])
        assert f"{mine_name}ira {said}" in planner_view["changes"]
        assert not any(f"{mine_name}ira" in c for j in mine_view["journeys"] for c in j["changes"])
    finally:
        with transaction(council.factory) as db:
            db.get(m.Child, moved).first_name = names[moved]
