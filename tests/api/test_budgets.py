"""Travel budgets through the API: the plan's places costed as a job, an allowance offered and
accepted by the family (the child off their runs from its first day; their crews and school told),
a week claimed (an absent day refused with the reason, nothing kept), approved and exported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

import api.routers.budgets
from tests.api.conftest import MONDAY
from transport import models as m
from transport.accounts import add_user
from transport.day.today import runs_on
from transport.db import transaction

FIRST = MONDAY + dt.timedelta(days=119)  # a Monday far beyond every other test's days


def _costed(council) -> dict:
    started = council.post("planner", f"/plans/{council.plan_id}/costs")
    assert started.status_code == 202, started.text
    deadline = time.monotonic() + 120
    while True:
        got = council.get("planner", f"/plans/{council.plan_id}/costs").json()
        if got["status"] in ("done", "failed"):
            return got
        assert time.monotonic() < deadline, "the costing did not finish"
        time.sleep(0.3)


def test_each_place_is_costed_against_the_allowance_and_exported(council):
    assert council.get("school", f"/plans/{council.plan_id}/costs").status_code == 403
    costing = _costed(council)
    assert costing["status"] == "done", costing["error"]
    children = costing["children"]
    with council.factory() as db:
        carried = {s.child_id for r in db.scalars(select(m.PlanRun).where(m.PlanRun.plan_id == council.plan_id)) for s in r.stops}
        hired = {s["child"] for h in db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == council.plan_id)) for s in h.stops}
        carried |= set(db.scalars(select(m.Child.id).where(m.Child.ref.in_(hired))))
    assert {c["child_id"] for c in children} == carried
    savings = [c["saving_per_year"] for c in children]
    assert savings == sorted(savings, reverse=True), "the biggest saving first"
    assert costing["place_per_week"] == round(sum(c["place_per_week"] for c in children), 2)
    for c in children:
        best = min(c["place_per_week"], c["allowance_per_week"], c["ptb_per_week"] or float("inf"))
        assert {"place": c["place_per_week"], "allowance": c["allowance_per_week"], "ptb": c["ptb_per_week"]}[
            c["cheaper"]
        ] == best
    exported = council.get("planner", f"/plans/{council.plan_id}/costs.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(children)
    assert round(sum(float(r["place_per_week"]) for r in rows), 2) == costing["place_per_week"]


def _family(council) -> tuple[m.Child, str, str]:
    """A child on the plan whose guardian has no account yet, and a parent's token for them."""
    with transaction(council.factory) as db:
        taken = {council.ids[k] for k in ("parent", "parent2")}
        runs = runs_on(db, FIRST)
        child = next(
            s.child for r in runs for s in r.stops if not {g.id for g in s.child.guardians} & taken and s.child.guardians
        )
        guardian = min(child.guardians, key=lambda g: g.id)
        return child, child.school.ref, add_user(db, "parent", guardian.first_name, guardian.ref)


def test_an_allowance_offered_accepted_claimed_and_paid(council, monkeypatch):
    child, school, token = _family(council)
    council.tokens["offered"] = token
    made = council.post("planner", "/offers", json={"child_id": child.id, "kind": "allowance", "starts_on": str(FIRST)})
    assert made.status_code == 201, made.text
    offer = made.json()
    assert offer["status"] == "offered" and offer["pence_per_mile"] == 45 and offer["miles"] > 0
    assert "mileage allowance" in offer["words"] and child.first_name in offer["words"]
    again = council.post("planner", "/offers", json={"child_id": child.id, "kind": "ptb", "starts_on": str(FIRST)})
    assert again.status_code == 409, "one open offer a child"
    assert council.post("parent", f"/offers/{offer['id']}/accept").status_code == 404, "another family's offer"
    mine = council.get("offered", "/offers").json()
    assert [o["id"] for o in mine] == [offer["id"]] and mine[0]["place_per_week"] is None

    with council.factory() as db:  # every weekday's runs the child is on (the crews differ by day)
        week = [FIRST + dt.timedelta(days=k) for k in range(5)]
        before = [r for d in week for r in runs_on(db, d) if any(s.child.id == child.id for s in r.stops)]
        crews = {p.ref for r in before for p in (r.driver, r.assistant) if p is not None}
        sent = db.scalar(select(func.count()).select_from(m.Message))
    accepted = council.post("offered", f"/offers/{offer['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["texts"] > 0
    with council.factory() as db:
        after = runs_on(db, FIRST)
        assert not any(s.child.id == child.id for r in after for s in r.stops), "off every run from the first day"
        assert any(s.child.id == child.id for r in runs_on(db, FIRST - dt.timedelta(days=7)) for s in r.stops)
        told = db.scalars(select(m.Message).order_by(m.Message.id).offset(sent)).all()
    assert {t.recipient_ref for t in told if t.recipient_role in ("driver", "pa")} == crews
    assert {t.recipient_ref for t in told if t.recipient_role == "school"} == {school}
    assert all(t.child_id == child.id for t in told)

    # The week after the first: today is its Friday. Tuesday the child was away all day.
    week = FIRST + dt.timedelta(days=7)
    monkeypatch.setattr(
        api.routers.budgets, "now", lambda settings: dt.datetime.combine(week + dt.timedelta(days=4), dt.time(17))
    )
    with transaction(council.factory) as db:
        db.add(m.Absence(child_id=child.id, date=week + dt.timedelta(days=1), session="both", channel="web", reported_by="them"))
    form = council.get("offered", f"/offers/{offer['id']}/claim-form?week_of={week}").json()
    assert [d["date"] for d in form] == [str(week + dt.timedelta(days=k)) for k in range(5)]
    tuesday = form[1]
    assert tuesday["why_not"] == f"{child.first_name} was absent" and tuesday["trips"] == 0
    open_days = [d for d in form if not d["why_not"]]
    assert open_days and all(d["trips"] == 4 for d in open_days)

    sent_days = [{"date": d["date"], "trips": d["trips"]} for d in open_days]
    refused = council.post(
        "offered",
        "/claims",
        json={"offer_id": offer["id"], "week_of": str(week), "days": [*sent_days, {"date": tuesday["date"], "trips": 4}]},
    )
    assert refused.status_code == 422
    assert any("was absent" in e for e in refused.json()["errors"])
    assert council.get("offered", "/claims").json() == [], "a refused claim keeps nothing"

    claimed = council.post("offered", "/claims", json={"offer_id": offer["id"], "week_of": str(week), "days": sent_days})
    assert claimed.status_code == 201, claimed.text
    claim = claimed.json()
    pence = [Decimal(str(offer["miles"])) * 45 * d["trips"] for d in sent_days]
    pounds = [float((p / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) for p in pence]
    assert [d["amount"] for d in claim["days"]] == pounds
    assert claim["amount"] == round(sum(pounds), 2)
    assert council.post("offered", f"/claims/{claim['id']}/decision", json={"decision": "approved"}).status_code == 403
    assert council.post("planner", f"/claims/{claim['id']}/decision", json={"decision": "refused"}).status_code == 422
    approved = council.post("planner", f"/claims/{claim['id']}/decision", json={"decision": "approved"})
    assert approved.json()["status"] == "approved"
    rows = list(csv.DictReader(io.StringIO(council.get("planner", "/claims.csv").text)))
    assert [(r["claim_id"], r["child_id"], r["amount"]) for r in rows] == [
        (str(claim["id"]), child.ref, f"{claim['amount']:.2f}")
    ]
