"""An absence reaches exactly the people it concerns by SMS, and the planner sees who was told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.api.conftest import MONDAY
from transport import models as m
from transport.notify import outbox
from transport.notify.gateway import LocalGateway

WEDNESDAY = MONDAY + dt.timedelta(days=2)


def test_an_absence_tells_the_crew_the_school_and_the_parent_and_nobody_else(council, tmp_path):
    sheet = next(r for r in council.get("driver", f"/me/runs?date={WEDNESDAY}").json() if r["session"] == "AM")
    child_id = sheet["stops"][0]["child_id"]
    with council.factory() as session:
        child = session.get(m.Child, child_id)
        guardian = child.guardians[0]
        run = session.get(m.Run, sheet["id"])
        expected = {("driver", run.driver.phone), ("school", child.school.phone), ("parent", guardian.phone)}
        if run.assistant:
            expected.add(("pa", run.assistant.phone))
        surname = child.last_name
    token = council.tokens["planner"]
    from transport.accounts import add_user
    from transport.db import transaction

    with transaction(council.factory) as session:
        token = add_user(session, "parent", "reporting parent", guardian.ref)
    made = council.client.post(
        "/absences", headers={"Authorization": f"Bearer {token}"},
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
    statuses = {x["recipient_role"]: x["status"] for x in council.get("planner", f"/messages?child_id={child_id}&date={WEDNESDAY}").json()}
    assert set(statuses.values()) == {"sent"}

    # Taken back: the same people hear that the child travels after all.
    cancelled = council.client.delete(f"/absences/{made.json()[0]['id']}", headers={"Authorization": f"Bearer {token}"})
    assert cancelled.status_code == 204
    with council.factory() as session:
        again = session.scalars(select(m.Message).where(m.Message.child_id == child_id, m.Message.template.like("cancelled%"))).all()
    assert {(x.recipient_role, x.recipient_phone) for x in again} == expected
    assert all("will travel after all" in x.body for x in again)


def test_only_planners_read_the_messages(council):
    for who in ("parent", "school", "driver", "pa"):
        assert council.get(who, "/messages").status_code == 403
    assert council.get("planner", "/messages/to-phone").status_code == 200
