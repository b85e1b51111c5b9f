"""An absence reaches exactly the people it concerns by SMS, and the planner sees who was told."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.conftest import until
from tests.day.plans import copy_plan
from transport import models as m
from transport.notify import outbox
from transport.notify.local_gateway import LocalGateway

WEDNESDAY = MONDAY + dt.timedelta(days=16)  # a day no other test reports absences for


def test_an_absence_tells_the_crew_the_school_and_the_parent_and_nobody_else(council, tmp_path):
    sheet = next(r for r in council.get("driver", f"/me/runs?date={WEDNESDAY}").json() if r["session"] == "AM")
    child_id = sheet["stops"][0]["child_id"]
    with council.factory() as db:
        child = db.get(m.Child, child_id)
        guardian = child.guardians[0]
        run = db.get(m.PlanRun, sheet["id"])
        expected = {("driver", run.driver.phone), ("school", child.school.phone), ("parent", guardian.phone)}
        if run.assistant:
            expected.add(("pa", run.assistant.phone))
        surname = child.last_name
    token = council.tokens["planner"]
    from transport.accounts import add_user
    from transport.db import transaction

    with transaction(council.factory) as db:
        token = add_user(db, "parent", "reporting parent", guardian.ref)
    made = council.client.post(
        "/absences",
        headers={"Authorization": f"Bearer {token}"},
        json={"child_id": child_id, "date": str(WEDNESDAY), "session": "AM", "pm_too": False},
    )
    assert made.status_code == 201, made.text
    told = council.get("planner", f"/messages?child_id={child_id}&date={WEDNESDAY}").json()
    assert {(x["recipient_role"], x["recipient_phone"]) for x in told} == expected
    assert all(child.first_name in x["body"] and surname not in x["body"] for x in told)
    crew = [x for x in told if x["recipient_role"] in ("driver", "pa")]
    assert all(x["body"].startswith(f"No pickup for {child.first_name} on ") and "morning" in x["body"] for x in crew)

    gateway = LocalGateway(tmp_path / "sms.log")
    assert outbox.run_once(council.factory, gateway) >= len(expected)
    statuses = {
        x["recipient_role"]: x["status"] for x in council.get("planner", f"/messages?child_id={child_id}&date={WEDNESDAY}").json()
    }
    assert set(statuses.values()) == {"sent"}

    # Taken back: the same people hear that the child travels after all.
    cancelled = council.client.delete(f"/absences/{made.json()[0]['id']}", headers={"Authorization": f"Bearer {token}"})
    assert cancelled.status_code == 204
    with council.factory() as db:
        again = db.scalars(select(m.Message).where(m.Message.child_id == child_id, m.Message.template.like("cancelled%"))).all()
    assert {(x.recipient_role, x.recipient_phone) for x in again} == expected
    assert all("will travel after all" in x.body for x in again)


def test_only_planners_read_the_messages(council):
    for who in ("parent", "school", "driver", "pa"):
        assert council.get(who, "/messages").status_code == 403
    assert council.get("planner", "/messages/to-phone").status_code == 200


def test_a_changed_plan_tells_exactly_the_family_crew_and_school_affected(council):
    from transport.day.today import plan_for
    from transport.db import transaction
    from transport.planning.lifecycle import publish

    starts = MONDAY + dt.timedelta(days=91)
    with transaction(council.factory) as db:
        base = plan_for(db, starts)
        copy = copy_plan(db, base, starts)
        # One change: a child's Tuesday morning pickup is five minutes earlier.
        run = next(r for r in copy.runs if r.weekday == "tue" and r.session == "AM")
        stop = next(s for s in run.stops if s.kind == "pickup")
        stop.planned = (dt.datetime.combine(starts, stop.planned) - dt.timedelta(minutes=5)).time()
        child = db.get(m.Child, stop.child_id)
        expected = {("parent", g.phone) for g in child.guardians} | {("driver", run.driver.phone)}
        if run.assistant:
            expected.add(("pa", run.assistant.phone))
        copy_id = copy.id
    with transaction(council.factory) as db:
        publish(db, copy_id)
    with council.factory() as db:
        told = db.scalars(select(m.Message).where(m.Message.idempotency_key.like(f"publish:{copy_id}:%"))).all()
    # Not the school: the child is at school at the same time, on the same vehicle.
    assert {(x.recipient_role, x.recipient_phone) for x in told} == expected
    parent = next(x for x in told if x.recipient_role == "parent")
    assert child.first_name in parent.body and f"picked up at {stop.planned:%H:%M}, at school by" in parent.body


def test_a_delay_tells_the_families_on_the_run_and_the_school(council):
    day = MONDAY + dt.timedelta(days=4)
    sheet = next(r for r in council.get("driver", f"/me/runs?date={day}").json() if r["session"] == "AM")
    assert council.post("driver2", f"/runs/{sheet['id']}/delay", json={"date": str(day), "minutes": 20}).status_code == 404
    assert council.post("parent", f"/runs/{sheet['id']}/delay", json={"date": str(day), "minutes": 20}).status_code == 404
    answer = council.post("driver", f"/runs/{sheet['id']}/delay", json={"date": str(day), "minutes": 20})
    assert answer.status_code == 202, answer.text
    children = {s["child_id"] for s in sheet["stops"]}
    with council.factory() as db:
        told = db.scalars(
            select(m.Message).where(m.Message.template.in_(("delay_parent", "delay_school")), m.Message.about_date == day)
        ).all()
        expected = {("parent", g.phone) for c in children for g in db.get(m.Child, c).guardians}
        expected |= {("school", db.get(m.Child, c).school.phone) for c in children}
    assert {(x.recipient_role, x.recipient_phone) for x in told} == expected
    assert answer.json()["told"] == len(told)
    assert all("20 minutes late" in x.body for x in told)


def test_each_crew_member_gets_the_next_days_run_sheet_once(council):
    from transport.day.tell import run_sheets
    from transport.db import transaction
    from transport.jobs.run_sheets import due

    day = MONDAY + dt.timedelta(days=7)
    with transaction(council.factory) as db:
        queued = run_sheets(db, day)
    with transaction(council.factory) as db:
        assert run_sheets(db, day) == 0  # asked again (a restart): nothing twice
    with council.factory() as db:
        texts = db.scalars(select(m.Message).where(m.Message.template == "run_sheet", m.Message.about_date == day)).all()
        runs = db.scalars(select(m.PlanRun).where(m.PlanRun.plan_id == council.plan_id, m.PlanRun.weekday == "mon")).all()
        expected = {("driver", r.driver.phone) for r in runs if r.driver} | {
            ("pa", r.assistant.phone) for r in runs if r.assistant
        }
    assert len(texts) == queued
    assert {(x.recipient_role, x.recipient_phone) for x in texts} == expected
    friday_evening = dt.datetime.combine(day - dt.timedelta(days=3), dt.time(18, 30))
    assert due(council.settings, friday_evening) == day
    assert due(council.settings, friday_evening.replace(hour=12)) is None


def test_the_evening_run_sheets_take_the_writers_turn_once_a_day(council, monkeypatch):
    """Each try is a writer's transaction (on SQLite every other writer waits for it): once the
    sheets are queued, the service asks no more that day."""
    import threading

    from transport.jobs import run_sheets as job

    tries: list[dt.date] = []
    monkeypatch.setattr(job, "run_sheets", lambda db, day: tries.append(day) or 0)
    stop = threading.Event()
    settings = council.settings.model_copy(update={"run_sheet_time": "00:00"})  # due all day
    worker = threading.Thread(target=job.run, args=(council.factory, settings, stop, 0.01))
    worker.start()
    try:
        assert until(lambda: len(tries) >= 1)
        time.sleep(0.3)  # some thirty more looks at the clock
    finally:
        stop.set()
        worker.join(5)
    assert len(tries) == 1
