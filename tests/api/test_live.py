"""The live day through the API: the crew's phone drives a run, parents who opted in hear when it
is near and when it runs late (once each), a no-show reaches the parents and the office, and the
planner's board puts the late and the not-started first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.api.conftest import MONDAY
from transport import models as m
from transport.day.live import forget_positions
from transport.db import transaction

DAY = MONDAY + dt.timedelta(days=8)  # a Tuesday no other test uses


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime.combine(DAY, dt.time(6, 0))

    def __call__(self, settings) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> str:
        self.at = at
        return at.isoformat()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    import api.routers.live

    c = Clock()
    monkeypatch.setattr(api.routers.live, "now", c)
    return c


def _morning(council) -> dict:
    return next(r for r in council.get("driver", f"/me/runs?date={DAY}").json() if r["session"] == "AM")


def _when(hhmm: str) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(hhmm))


def _texts(council, template: str, child_id: int) -> list[m.Message]:
    with council.factory() as db:
        return list(
            db.scalars(
                select(m.Message).where(
                    m.Message.template == template, m.Message.child_id == child_id, m.Message.about_date == DAY
                )
            )
        )


def test_a_run_driven_from_the_phone_tells_parents_once_each_and_the_office_of_a_no_show(council, clock):
    sheet = _morning(council)
    pickups = [s for s in sheet["stops"] if s["kind"] == "pickup"]
    first, other = pickups[0], pickups[-1]
    assert first["child_id"] != other["child_id"], "the test needs a run with two children"
    with transaction(council.factory) as db:
        child = db.get_one(m.Child, first["child_id"])
        for g in child.guardians:
            g.live_texts = True
        parents = {g.phone for g in child.guardians}
        home = db.scalar(select(m.PlanStop).where(m.PlanStop.run_id == sheet["id"], m.PlanStop.child_id == child.id))
        lat, lon = home.lat, home.lon
        missing = db.get_one(m.Child, other["child_id"])
        missing_parents = {g.phone for g in missing.guardians}
    planned = _when(first["planned"])
    url = f"/runs/{sheet['id']}"

    started = council.post("driver", f"{url}/start", json={"date": str(DAY), "at": clock.set(planned - dt.timedelta(minutes=30))})
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "on its way"

    # Far off and early: nobody is texted.
    far = {"lat": lat + 0.08, "lon": lon, "at": clock.at.isoformat()}  # some 9 km: a quarter of an hour
    told = council.post("driver", f"{url}/positions", json={"date": str(DAY), "positions": [far]})
    assert told.status_code == 200, told.text
    assert told.json()["told"] == 0 and not _texts(council, "vehicle_soon", child.id)

    # A few minutes away: "about N minutes away", once, however often the phone says so.
    near = {"lat": lat + 0.01, "lon": lon, "at": clock.set(planned - dt.timedelta(minutes=4))}
    for _ in range(3):
        council.post("driver", f"{url}/positions", json={"date": str(DAY), "positions": [near]})
    soon = _texts(council, "vehicle_soon", child.id)
    assert {t.recipient_phone for t in soon} == parents and len(soon) == len(parents)
    assert all("minutes away" in t.body or "minute away" in t.body for t in soon)
    # Nobody who did not opt in hears it.
    assert not _texts(council, "vehicle_soon", missing.id)

    # Stuck where it is, 15 minutes past the time: late, once; 25 minutes: late again, once.
    # Each new text's time is the time the crew's and planner's view shows at that moment.
    steps = set()
    for late in (11, 12, 13, 21, 22):
        sent = len(_texts(council, "running_late", child.id))
        stuck = {"lat": lat + 0.01, "lon": lon, "at": clock.set(planned + dt.timedelta(minutes=late))}
        live = council.post("driver", f"{url}/positions", json={"date": str(DAY), "positions": [stuck]}).json()
        stop = next(x for x in live["stops"] if x["child_id"] == child.id and x["kind"] == "pickup")
        new = _texts(council, "running_late", child.id)[sent:]
        assert all(stop["expected"] in t.body and f"about {stop['late_minutes']} minutes late" in t.body for t in new)
        if new:
            steps.add(stop["late_minutes"] // council.settings.late_threshold_minutes)
    assert live["late_minutes"] >= 21
    assert steps == {1, 2}, "told at 10 minutes late and again at 20, and not between"
    assert len(_texts(council, "running_late", child.id)) == 2 * len(parents)

    # Picked up; the other child is not there: their parents, every one, and the office, at once.
    taps = [
        {"child_id": child.id, "outcome": "picked_up", "at": clock.at.isoformat()},
        {"child_id": missing.id, "outcome": "no_show", "at": clock.at.isoformat()},
    ]
    done = council.post("driver", f"{url}/taps", json={"date": str(DAY), "taps": taps})
    assert done.status_code == 200, done.text
    assert {t.recipient_phone for t in _texts(council, "no_show_parent", missing.id)} == missing_parents
    assert _texts(council, "no_show_office", missing.id)
    # A phone's queue sent again keeps each tap once and texts nobody twice.
    again = council.post("driver", f"{url}/taps", json={"date": str(DAY), "taps": taps})
    assert again.json()["told"] == 0
    assert len(_texts(council, "no_show_parent", missing.id)) == len(missing_parents)
    stops = {(x["child_id"], x["kind"]): x for x in again.json()["stops"]}
    assert stops[(missing.id, "pickup")]["outcome"] == "no_show"
    assert stops[(missing.id, "dropoff")]["expected"] is None, "nobody waits to set down a child who never got on"

    finished = council.post("driver", f"{url}/finish", json={"date": str(DAY), "at": clock.set(planned + dt.timedelta(hours=1))})
    assert finished.json()["status"] == "finished"
    assert all(x["expected"] is None for x in finished.json()["stops"])
    refused = council.post(
        "driver", f"{url}/positions", json={"date": str(DAY), "positions": [near | {"at": clock.at.isoformat()}]}
    )
    assert refused.status_code == 422 and "not under way" in refused.json()["detail"]

    # The day's positions are gone once it is over (kept for the day only, by default).
    with transaction(council.factory) as db:
        assert db.scalar(select(m.Position.id).where(m.Position.run_id == sheet["id"], m.Position.date == DAY))
        forget_positions(db, council.settings, DAY + dt.timedelta(days=1))
    with council.factory() as db:
        assert not db.scalars(select(m.Position).where(m.Position.date == DAY)).all()
        assert db.scalar(select(m.RunDay.lat).where(m.RunDay.run_id == sheet["id"], m.RunDay.date == DAY)) is None


def test_only_the_days_crew_drive_a_run_and_bad_reports_are_refused(council, clock):
    sheet = _morning(council)
    url = f"/runs/{sheet['id']}"
    body = {"date": str(DAY), "at": clock.set(_when("07:00"))}
    assert council.post("driver2", f"{url}/start", json=body).status_code == 404
    assert council.post("parent", f"{url}/start", json=body).status_code == 403
    assert council.get("parent", f"{url}/live?date={DAY}").status_code == 404
    later = {"date": str(DAY), "at": (clock.at + dt.timedelta(hours=2)).isoformat()}
    future = council.post("driver", f"{url}/start", json=later)
    assert future.status_code == 422 and "has not come yet" in future.json()["detail"]
    stranger = {"date": str(DAY), "taps": [{"child_id": 2**31 - 1, "outcome": "picked_up", "at": clock.at.isoformat()}]}
    assert council.post("driver", f"{url}/taps", json=stranger).status_code == 422
    wrong = {
        "date": str(DAY),
        "taps": [{"child_id": sheet["stops"][0]["child_id"], "outcome": "waved", "at": clock.at.isoformat()}],
    }
    assert council.post("driver", f"{url}/taps", json=wrong).status_code == 422
    assert council.get("planner", f"{url}/live?date={DAY}").status_code == 200


def test_the_board_puts_late_runs_and_runs_not_started_first(council, clock):
    runs = council.get("planner", f"/runs?date={DAY + dt.timedelta(days=7)}").json()
    day = DAY + dt.timedelta(days=7)
    mornings = sorted((r for r in runs if r["session"] == "AM"), key=lambda r: r["leaves_depot"])
    clock.set(dt.datetime.combine(day, dt.time.fromisoformat(mornings[0]["leaves_depot"])) + dt.timedelta(minutes=20))
    board = council.get("planner", f"/board?date={day}").json()
    assert len(board) == len(runs)
    flagged = [r for r in board if r["not_started"]]
    assert mornings[0]["id"] in {r["run_id"] for r in flagged}
    assert board[: len(flagged)] == flagged
    assert council.get("driver", f"/board?date={day}").status_code == 403


def test_a_parent_opts_in_and_sees_only_their_own_childs_expected_time(council, clock):
    from transport.accounts import add_user

    assert council.client.put("/me/live-texts", headers=council.auth("parent"), json={"on": True}).json() == {"on": True}
    with council.factory() as db:
        assert db.get_one(m.Guardian, council.ids["parent"]).live_texts
    child = council.get("parent", "/me/children").json()[0]
    day = DAY + dt.timedelta(days=14)  # a Tuesday of its own
    run = next(
        r
        for r in council.get("planner", f"/runs?date={day}").json()
        if r["session"] == "AM" and any(x["child_id"] == child["id"] for x in r["stops"])
    )
    with transaction(council.factory) as db:
        driver = db.get_one(m.PlanRun, run["id"]).driver
        token = add_user(db, "driver", driver.first_name, driver.ref)
    url = f"/me/children/{child['id']}/on-the-way?date={day}"
    before = council.get("parent", url).json()
    assert [(x["session"], x["status"], x["expected"]) for x in before if x["session"] == "AM"] == [("AM", "not started", None)]

    clock.set(dt.datetime.combine(day, dt.time.fromisoformat(run["leaves_depot"])))
    started = council.client.post(
        f"/runs/{run['id']}/start", headers={"Authorization": f"Bearer {token}"}, json={"date": str(day)}
    )
    assert started.status_code == 200, started.text
    home = next(x for x in started.json()["stops"] if x["child_id"] == child["id"] and x["kind"] == "pickup")
    during = next(x for x in council.get("parent", url).json() if x["session"] == "AM")
    assert during["status"] == "on its way" and during["expected"] == home["expected"] is not None
    assert not {"lat", "lon", "stops", "vehicle"} & set(during), "a family sees its own stop, not where the vehicle is"

    other = council.get("parent2", "/me/children").json()[0]
    assert council.get("parent", f"/me/children/{other['id']}/on-the-way?date={day}").status_code == 404
    assert council.client.put("/me/live-texts", headers=council.auth("parent"), json={"on": False}).json() == {"on": False}


def test_a_school_sees_its_arriving_run_as_it_goes_and_only_its_own_pupils(council, clock):
    day = DAY + dt.timedelta(days=21)  # a Tuesday of its own
    sheet = next(r for r in council.get("driver", f"/me/runs?date={day}").json() if r["session"] == "AM")
    rider = next(s for s in sheet["stops"] if s["kind"] == "pickup")
    with council.factory() as db:
        school = db.get_one(m.Child, rider["child_id"]).school_id
        others = {s["child_id"] for s in sheet["stops"]} - {
            c.id for c in db.scalars(select(m.Child).where(m.Child.school_id == school))
        }
        other_names = {db.get_one(m.Child, c).first_name for c in others}
    url = f"/runs/{sheet['id']}"
    clock.set(dt.datetime.combine(day, dt.time.fromisoformat(sheet["leaves_depot"])))
    assert council.post("driver", f"{url}/start", json={"date": str(day)}).status_code == 200
    tap = {"child_id": rider["child_id"], "outcome": "picked_up", "at": clock.at.isoformat()}
    assert council.post("driver", f"{url}/taps", json={"date": str(day), "taps": [tap]}).status_code == 200
    now = {r["run_id"]: r for r in council.get("planner", f"/schools/{school}/live?date={day}").json()}[sheet["id"]]
    assert now["status"] == "on its way" and now["expected"] is not None
    assert rider["first_name"] in now["on_board"]
    assert not (set(now["on_board"]) & other_names - {rider["first_name"]}), "another school's pupils are not the school's to see"
    assert council.get("school", f"/schools/{council.ids['school2']}/live?date={day}").status_code == 404
    assert council.get("parent", f"/schools/{school}/live?date={day}").status_code == 404
