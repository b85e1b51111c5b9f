"""Personal travel budgets and mileage allowances in the browser: a planner costs the published
plan's places (waiting for the job), reads the table and downloads it, and offers an allowance
to a family; the parent reads it in plain words and accepts, and the child is off that day's
runs; the parent claims a week (a day absent cannot be claimed: a claim for it, posted around
the form, is refused with the reason and nothing saved); the planner approves it, and the finance
export has it at the system's amount."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import delete, select

import api.pages.budgets
import api.pages.parents
from api.pages.web import long_day
from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from tests.web.test_accessibility import _violations
from transport import models as m
from transport.accounts import add_user
from transport.budgets.allowance import mileage
from transport.budgets.claims import week_form
from transport.budgets.costs import PlaceCost, costs_of
from transport.budgets.offers import terms
from transport.day.today import runs_on
from transport.db import transaction
from transport.planning.safe_cells import cell

WEEK = MONDAY + dt.timedelta(days=49)
"""The Monday of a week no other web test uses (test_planner's own plan starts a week later)."""
WEDNESDAY, FRIDAY = WEEK + dt.timedelta(days=2), WEEK + dt.timedelta(days=4)


def _plan_id(site) -> int:
    with site.factory() as db:
        return db.scalar(select(m.Plan.id).where(m.Plan.status == "published").order_by(m.Plan.id))


def _money(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


def _pick(db, plan_id: int, taken: set[int]) -> PlaceCost:
    """A child an allowance is cheaper for, with a name of their own, travelling every day of WEEK
    both ways, of a family none of the site's parents' accounts belongs to."""
    costs = costs_of(db, plan_id)[1]
    names = [(c.child.first_name, c.child.last_name) for c in costs]
    on = {}
    for r in runs_on(db, WEEK):
        for c in r.children():
            on.setdefault(c.id, set()).add(r.run.session)
    for c in costs:
        family = {g.id for g in c.child.guardians}
        if (
            c.cheaper == "allowance"
            and names.count((c.child.first_name, c.child.last_name)) == 1
            and len(c.child.travel_days) == 5
            and on.get(c.child.id) == {"AM", "PM"}
            and not family & taken
        ):
            return c
    raise AssertionError("no child of the council suits the test")


@pytest.fixture
def records(site):
    """What the test makes, taken away afterwards: the offer (the child back on the runs), its
    claims, the absence and the parent's account."""
    made: dict = {}
    with transaction(site.factory) as db:
        db.execute(delete(m.Costing).where(m.Costing.plan_id == _plan_id(site)))
    yield made
    with transaction(site.factory) as db:
        if "child" in made:
            offers = db.scalars(select(m.Offer).where(m.Offer.child_id == made["child"])).all()
            db.execute(delete(m.Claim).where(m.Claim.offer_id.in_([o.id for o in offers])))  # their days cascade
            for offer in offers:  # by the session, so that the day's runs kept are read again with the child
                db.delete(offer)
            db.execute(delete(m.Absence).where(m.Absence.child_id == made["child"], m.Absence.date == WEDNESDAY))
        if "user" in made:
            db.execute(delete(m.User).where(m.User.name == made["user"]))
    site.tokens.pop("budget_parent", None)


def test_a_planner_offers_an_allowance_and_the_family_claims_it(site, new_page, records, monkeypatch):
    monkeypatch.setattr(api.pages.budgets, "COSTING_SECONDS", 0.01)
    plan_id = _plan_id(site)
    planner = new_page(1280, 900)
    sign_in(planner, site, "planner")
    planner.goto(f"/web/planner/plans/{plan_id}")
    planner.get_by_role("link", name="What each child's place costs").click()
    planner.get_by_role("button", name="Work out what each place costs").click()
    planner.wait_for_load_state()
    assert planner.locator("#working progress").count() == 1 or planner.locator("#cost-table").count() == 1
    planner.locator("#cost-table").wait_for(timeout=60_000)  # the page polls and shows the table when it ends
    planner.wait_for_load_state()  # the page it reloaded, whole
    assert planner.locator("progress").count() == 0

    with site.factory() as db:
        costing, costs = costs_of(db, plan_id)
        assert costing.status == "done"
        parents = {site.ids["parent"], site.ids["parent2"]}
        taken = {g.id for p in parents for c in db.get(m.Guardian, p).children for g in c.guardians}
        chosen = _pick(db, plan_id, taken)
        child_id, guardian = chosen.child.id, min(chosen.child.guardians, key=lambda g: g.id)
        name, first = f"{chosen.child.first_name} {chosen.child.last_name}", chosen.child.first_name
        records["child"] = child_id
    rows = planner.locator("#cost-table tbody tr")
    assert rows.count() == len(costs)
    savings = [_money(t) for t in planner.locator("#cost-table tbody tr td:nth-child(9)").all_inner_texts()]
    assert savings == sorted(savings, reverse=True), "the biggest saving first"
    totals = planner.locator("#totals td").all_inner_texts()
    assert _money(totals[2]) == pytest.approx(sum(c.place_per_week for c in costs), abs=0.01)
    row = planner.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))
    assert "A mileage allowance" in row.inner_text() and f"£{chosen.place_per_week:,.2f}" in row.inner_text()
    assert _violations(planner) == [], "the costs page meets WCAG AA"
    shot(planner, "planner-costs")

    with planner.expect_download() as download:
        planner.get_by_role("link", name="Download the table (CSV)").click()
    assert download.value.suggested_filename == f"place-costs-plan-{plan_id}.csv"
    table = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(table) == len(costs)
    assert sum(float(r["place_per_week"]) for r in table) == pytest.approx(_money(totals[2]), abs=0.01)
    assert sum(float(r["allowance_per_week"]) for r in table) == pytest.approx(_money(totals[4]), abs=0.01)
    assert sum(float(r["saving_per_year"]) for r in table) == pytest.approx(_money(totals[7]), abs=0.01)
    assert sum(int(r["journeys_a_week"]) for r in table) == int(totals[1])
    by_ref = {r["child_id"]: r for r in table}
    for c in costs:  # each row is costs_of's
        r = by_ref[c.child.ref]
        assert float(r["place_per_week"]) == pytest.approx(c.place_per_week, abs=0.005)
        assert float(r["allowance_per_week"]) == pytest.approx(c.allowance_per_week, abs=0.005)
        assert float(r["road_miles"]) == pytest.approx(c.miles, abs=0.005)
        assert r["cheaper"] == c.cheaper and (r["first_name"], r["last_name"]) == (
            cell(c.child.first_name),
            cell(c.child.last_name),
        )

    planner.get_by_label(f"Offer to {name}'s family").select_option("allowance")
    planner.get_by_label(f"First day for {name}").fill(WEEK.isoformat())
    planner.get_by_role("button", name=f"Offer it to {name}'s family").click()
    planner.wait_for_url("**/web/planner/offers")
    assert f"{name}'s family is offered a mileage allowance from {long_day(WEEK)}" in planner.get_by_role("status").inner_text()
    with site.factory() as db:
        offer = db.scalar(select(m.Offer).where(m.Offer.child_id == child_id, m.Offer.status == "offered"))
        words, offer_id = terms(offer).words, offer.id
        assert child_id in {c.id for r in runs_on(db, WEEK) for c in r.children()}
    offer_row = planner.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))
    assert words in offer_row.inner_text() and "Waiting for the family's answer" in offer_row.inner_text()
    assert _violations(planner) == [], "the offers page meets WCAG AA"

    # Another family's answer is refused as not there.
    other = new_page()
    sign_in(other, site, "parent2")
    csrf = other.locator("input[name=csrf]").first.get_attribute("value")
    assert other.request.post(f"/web/parent/offers/{offer_id}/answer", form={"csrf": csrf, "answer": "accept"}).status == 404

    with transaction(site.factory) as db:
        records["user"] = f"{guardian.first_name} {guardian.last_name} (budgets test)"
        site.tokens["budget_parent"] = add_user(db, "parent", records["user"], guardian.ref)
    parent = new_page()
    sign_in(parent, site, "budget_parent")
    assert f"The council has made you an offer for {first}'s journeys to school." in parent.locator("main").inner_text()
    parent.get_by_role("link", name="Read it and answer").click()
    section = parent.get_by_role("region", name="The council offers you a mileage allowance")
    assert words in section.inner_text()
    assert f"If you accept, {first}'s place on the council's vehicle ends from {long_day(WEEK)}" in section.inner_text()
    assert parent.locator("main > *").nth(1).inner_text() == section.inner_text(), "the offer comes first"
    assert _violations(parent) == []
    shot(parent, "parent-offer")
    parent.get_by_role("button", name="Accept").click()
    assert f"From {long_day(WEEK)} you take {first} to school yourselves" in parent.get_by_role("status").inner_text()
    with site.factory() as db:
        assert db.get(m.Offer, offer_id).status == "accepted"
        assert child_id not in {c.id for r in runs_on(db, WEEK) for c in r.children()}, "off the day's runs"
        assert child_id in {c.id for r in runs_on(db, WEEK - dt.timedelta(days=7)) for c in r.children()}, "on them before"
        db.add(m.Absence(child_id=child_id, date=WEDNESDAY, session="both", channel="phone", reported_by="office"))
        db.commit()
        days = week_form(db, db.get(m.Offer, offer_id), WEEK, FRIDAY)
        offer = db.get(m.Offer, offer_id)
        miles, pence = offer.miles, offer.pence_per_mile
    claimable = [d for d in days if not d.why_not]
    theirs = {"csrf": csrf, "week": WEEK.isoformat(), f"trips-{claimable[0].date.isoformat()}": "1"}
    assert other.request.post(f"/web/parent/offers/{offer_id}/claims", form=theirs).status == 404, "nor claim on it"
    assert [d.why_not for d in days if d.date == WEDNESDAY] == [f"{first} was absent"]

    monkeypatch.setattr(api.pages.parents, "today", lambda request: FRIDAY)
    parent.goto(f"/web/parent/children/{child_id}")  # this week's claim by default
    form = parent.locator("form[action$='/claims']")
    wednesday = form.get_by_role("row", name=re.compile(WEDNESDAY.strftime("%A %-d %B")))
    assert f"Cannot be claimed: {first} was absent" in wednesday.inner_text()
    assert form.locator(f"input[name=trips-{WEDNESDAY.isoformat()}]").count() == 0
    shot(parent, "parent-claim")

    # A claim for the absent day, posted around the form, is refused with the reason; nothing is saved.
    csrf = parent.locator("input[name=csrf]").first.get_attribute("value")
    fields = {f"trips-{d.date.isoformat()}": str(d.most) for d in claimable}
    posted = {"csrf": csrf, "week": WEEK.isoformat(), **fields, f"trips-{WEDNESDAY.isoformat()}": "2"}
    refused = parent.request.post(f"/web/parent/offers/{offer_id}/claims", form=posted)
    assert refused.status == 422 and f"{WEDNESDAY:%a %-d %b}: {first} was absent" in refused.text()
    with site.factory() as db:
        assert db.scalars(select(m.Claim).where(m.Claim.offer_id == offer_id)).all() == []

    # In the browser: more trips than a day allows (the field's max taken off) is refused at the top of the form.
    day = claimable[0].date.isoformat()
    parent.locator(f"#trips-{day}").evaluate("f => f.removeAttribute('max')")
    parent.locator(f"#trips-{day}").fill("9")
    parent.get_by_role("button", name="Send the claim").click()
    alert = parent.locator("#claim-error")
    assert f"9 trips, but the allowance pays up to {claimable[0].most} that day" in alert.inner_text()
    # the reasons are met first: the browser focuses them as the page opens (autofocus, applied after it renders)
    parent.wait_for_function("() => document.activeElement && document.activeElement.id === 'claim-error'")
    assert parent.locator(f"#trips-{day}").input_value() == "9", "what was typed is kept"
    assert _violations(parent) == [], "the claim form and its reasons meet WCAG AA"
    with site.factory() as db:
        assert db.scalars(select(m.Claim).where(m.Claim.offer_id == offer_id)).all() == []

    parent.locator(f"#trips-{day}").fill(str(claimable[0].most))
    parent.get_by_role("button", name="Send the claim").click()
    expected = round(sum(mileage(miles, d.most, pence) for d in claimable), 2)
    trips = sum(d.most for d in claimable)
    assert f"is sent: £{expected:,.2f} for {trips} single trips" in parent.get_by_role("status").inner_text()
    with site.factory() as db:
        claim = db.scalar(select(m.Claim).where(m.Claim.offer_id == offer_id))
        assert claim.status == "submitted" and claim.amount == pytest.approx(expected)
        assert WEDNESDAY not in {d.date for d in claim.days}
        claim_id = claim.id

    planner.goto("/web/planner/offers")
    waiting = planner.locator("#claims + table").inner_text()
    assert name in waiting and f"£{expected:,.2f}" in waiting
    planner.get_by_label("Why refuse it").fill("Thursday was a school trip: the school took the children")
    planner.get_by_role("button", name=f"Refuse {name}'s claim for the week of {long_day(WEEK)}").click()
    assert "The family reads why on their page." in planner.get_by_role("status").inner_text()
    parent.goto(f"/web/parent/children/{child_id}")  # the family reads why, and may send the week again
    sent = parent.locator("#claims-sent + ul").inner_text()
    assert "refused: Thursday was a school trip: the school took the children" in sent
    thursday = WEEK + dt.timedelta(days=3)
    if parent.locator(f"#trips-{thursday.isoformat()}").count():
        parent.locator(f"#trips-{thursday.isoformat()}").fill("0")
    again = [d for d in claimable if d.date != thursday]
    expected, trips = round(sum(mileage(miles, d.most, pence) for d in again), 2), sum(d.most for d in again)
    parent.get_by_role("button", name="Send the claim").click()
    assert f"is sent: £{expected:,.2f} for {trips} single trips" in parent.get_by_role("status").inner_text()
    with site.factory() as db:
        claim = db.scalar(select(m.Claim).where(m.Claim.offer_id == offer_id))
        assert claim.status == "submitted" and claim.amount == pytest.approx(expected)
        claim_id = claim.id

    planner.goto("/web/planner/offers")
    planner.get_by_role("button", name=f"Approve {name}'s claim for the week of {long_day(WEEK)}").click()
    assert f"Approved: £{expected:,.2f} for {name}" in planner.get_by_role("status").inner_text()
    assert "No claims are waiting." in planner.locator("main").inner_text()
    answer = planner.request.get("/web/planner/claims.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="approved-claims.csv"'
    export = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(answer.text()))}
    row_ = export[str(claim_id)]
    assert row_["amount"] == f"{expected:.2f}" and row_["trips"] == str(trips) and row_["week_of"] == WEEK.isoformat()
    assert row_["payee_id"] == guardian.ref and row_["child"] == name

    parent.goto(f"/web/parent/children/{child_id}")
    assert f"You have claimed the week of {long_day(WEEK)}: £{expected:,.2f}, approved" in parent.locator("main").inner_text()
    parent.get_by_label("Show the week of").fill((WEEK - dt.timedelta(days=7)).isoformat())
    parent.get_by_role("button", name="Show the week").click()
    assert "No day of this week can be claimed." in parent.locator("main").inner_text()
    assert "before the allowance starts" in parent.locator("form[action$='/claims']").inner_text()
    parent.get_by_label("Show the week of").fill((WEEK + dt.timedelta(days=7)).isoformat())  # a week to come
    parent.get_by_role("button", name="Show the week").click()
    assert "A claim is for this week or one of the last" in parent.get_by_role("alert").inner_text()
    assert f"You have claimed the week of {long_day(WEEK)}" in parent.locator("main").inner_text(), "this week's instead"


def test_a_costing_that_failed_says_why_and_can_be_asked_again(site, new_page):
    plan_id = _plan_id(site)
    with transaction(site.factory) as db:
        db.execute(delete(m.Costing).where(m.Costing.plan_id == plan_id))
        db.add(m.Costing(plan_id=plan_id, made_by="Pat Planner", status="failed", error="the road engine did not answer"))
    try:
        page = new_page()
        sign_in(page, site, "planner")
        page.goto(f"/web/planner/plans/{plan_id}/costs")
        assert "Working out the costs failed: the road engine did not answer" in page.get_by_role("alert").inner_text()
        assert page.get_by_role("button", name="Work out what each place costs").count() == 1
        assert page.locator("#cost-table").count() == 0
        assert page.request.get(f"/web/planner/plans/{plan_id}/costs.csv").status == 409
        assert page.request.get(f"/web/planner/plans/{plan_id}/costs/progress").json()["status"] == "failed"
        csrf = page.locator("input[name=csrf]").first.get_attribute("value")
        for child in ("9223372036854775808", "x"):  # a child id no database holds is refused plainly, not a server error
            form = {"csrf": csrf, "child_id": child, "kind": "allowance", "starts_on": WEEK.isoformat()}
            assert page.request.post("/web/planner/offers", form=form).status == 422
        other = new_page()
        sign_in(other, site, "parent")
        assert other.goto(f"/web/planner/plans/{plan_id}/costs").status == 403
        assert other.goto("/web/planner/offers").status == 403
    finally:
        with transaction(site.factory) as db:
            db.execute(delete(m.Costing).where(m.Costing.plan_id == plan_id))


def test_a_planner_withdraws_an_offer_not_yet_answered(site, new_page):
    child_id = site.ids["child2"]
    with transaction(site.factory) as db:
        offer = m.Offer(child_id=child_id, kind="ptb", starts_on=WEEK, ptb_per_term=900.0, made_by="Pat Planner")
        db.add(offer)
    try:
        page = new_page(1280, 900)
        sign_in(page, site, "planner")
        page.get_by_role("link", name="Offers and claims").click()
        with site.factory() as db:
            child = db.get(m.Child, child_id)
            name = f"{child.first_name} {child.last_name}"
        row = page.get_by_role("row", name=re.compile(rf"^{re.escape(name)}\b"))
        assert "A personal travel budget instead of" in row.inner_text() and "£900.00 a term" in row.inner_text()
        page.get_by_role("button", name=f"Withdraw the offer to {name}'s family").click()
        assert f"The offer to {name}'s family is withdrawn" in page.get_by_role("status").inner_text()
        assert page.get_by_role("button", name=f"Withdraw the offer to {name}'s family").count() == 0
        with site.factory() as db:
            assert db.get(m.Offer, offer.id).status == "withdrawn"
        family = new_page()
        sign_in(family, site, "parent2")
        family.goto(f"/web/parent/children/{child_id}")
        assert family.get_by_role("button", name="Accept").count() == 0, "a withdrawn offer is not shown"
        csrf = family.locator("input[name=csrf]").first.get_attribute("value")
        late = family.request.post(f"/web/parent/offers/{offer.id}/answer", form={"csrf": csrf, "answer": "accept"})
        assert late.status == 409 and "withdrawn already" in late.text()
    finally:
        with transaction(site.factory) as db:
            db.execute(delete(m.Offer).where(m.Offer.child_id == child_id))
