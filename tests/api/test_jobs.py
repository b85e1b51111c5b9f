"""Planning jobs: started at once, run in the background, survive a restart, never publish over each other."""

from __future__ import annotations

import datetime as dt
import time

from tests.api.conftest import MONDAY
from transport import models as m
from transport.db import transaction
from transport.jobs.plans import STOPPED, recover
from transport.jobs.runners import start_runner


def _wait(council, plan_id: int, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        plan = council.get("planner", f"/plans/{plan_id}").json()
        if plan["status"] not in ("queued", "running"):
            return plan
        time.sleep(0.5)
    raise AssertionError(f"plan {plan_id} still {plan['status']} after {seconds} s")


def test_a_plan_goes_from_request_to_published(council):
    week = MONDAY + dt.timedelta(days=28)
    started = time.monotonic()
    answer = council.post("planner", "/plans", json={"starts_on": str(week), "seconds": 0.2})
    assert answer.status_code == 202, answer.text
    assert time.monotonic() - started < 5  # answered at once, not after planning
    plan = answer.json()
    assert plan["status"] in ("queued", "running")
    again = council.post("planner", "/plans", json={"starts_on": str(week), "seconds": 0.2})
    assert again.status_code == 409  # one job per week at a time
    done = _wait(council, plan["id"])
    assert done["status"] == "draft", done
    assert done["progress"] == 1.0 and done["summary"]["journeys_placed"] > 0
    assert all(u["reasons"] for u in done["unplaced"])
    assert all([d["text"] for d in u["details"]] == u["reasons"] and u["details"][0]["code"] for u in done["unplaced"])
    spot = done["summary"]["spot_hire"]
    assert len(done["spot_hires"]) == spot["runs"]
    assert sum(len(h["children"]) for h in done["spot_hires"]) == spot["journeys"]
    assert all(set(h["reasons"]) == set(h["children"]) and all(h["reasons"].values()) for h in done["spot_hires"])
    published = council.post("planner", f"/plans/{plan['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert council.post("planner", f"/plans/{plan['id']}/publish").status_code == 409


def test_two_plans_for_one_week_cannot_publish_over_each_other(council):
    week = MONDAY + dt.timedelta(days=35)
    first = council.post("planner", "/plans", json={"starts_on": str(week), "seconds": 0.2}).json()
    _wait(council, first["id"])
    second = council.post("planner", "/plans", json={"starts_on": str(week), "seconds": 0.2}).json()
    _wait(council, second["id"])
    assert council.post("planner", f"/plans/{second['id']}/publish").status_code == 200
    stale = council.post("planner", f"/plans/{first['id']}/publish")
    assert stale.status_code == 409
    assert f"plan {second['id']}" in stale.json()["detail"]


def test_a_restart_marks_a_running_job_failed_and_runs_a_queued_one(council):
    with transaction(council.factory) as db:
        running = m.Plan(name="was running", starts_on=MONDAY + dt.timedelta(days=70), status="running", params={})
        queued = m.Plan(name="was queued", starts_on=MONDAY + dt.timedelta(days=77), status="queued", params={"seconds": 0.2})
        db.add_all([running, queued])
    runner = start_runner(council.factory, council.settings)  # what the service does as it starts
    try:
        failed = council.get("planner", f"/plans/{running.id}").json()
        assert failed["status"] == "failed" and failed["error"] == STOPPED
        assert _wait(council, queued.id)["status"] == "draft"
    finally:
        runner.close()
    assert recover(council.factory) == []


def test_a_plan_that_cannot_be_made_says_why(council):
    answer = council.post("planner", "/plans", json={"starts_on": str(MONDAY + dt.timedelta(days=42)), "previous": 999999})
    assert answer.status_code == 404
    assert "no plan 999999" in answer.json()["detail"]
