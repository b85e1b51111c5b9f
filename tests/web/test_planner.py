"""A planner plans a week in the browser, watches it, reads who publishing changes, and publishes."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from transport import models as m
from transport.db import transaction


def test_a_planner_plans_and_publishes(site, new_page):
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    week = MONDAY + dt.timedelta(days=56)
    page.get_by_label("Monday the plan starts").fill(week.isoformat())
    page.get_by_label("Seconds the optimiser may spend").fill("0.2")
    shot(page, "planner-home")
    page.get_by_role("button", name="Start planning").click()
    page.wait_for_url("**/web/planner/plans/*")
    plan_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("progress").count() == 1  # the progress indicator while it runs
    publish = page.get_by_role("button", name=f"Publish plan {plan_id}")
    publish.wait_for(timeout=240_000)  # the page polls and shows the result when planning ends
    assert page.locator("progress").count() == 0
    assert page.locator("#status").inner_text() == "draft"
    figures = page.locator("dl.figures").inner_text()
    assert "Journeys placed" in figures and "Cost a week" in figures
    with transaction(site.factory) as db:
        plan = db.get(m.Plan, plan_id)
        unplaced = [(u.child.first_name, u.reasons) for u in plan.unplaced]
        distinct = len({(u.child_id, tuple(u.reasons)) for u in plan.unplaced})
        placed = plan.summary["journeys_placed"]
        spot = plan.summary["spot_hire"]
    assert f"{placed} of" in figures
    table = page.locator("#unplaced + table, #unplaced + p").inner_text()
    for name, reasons in unplaced:  # each child not placed is listed with the reasons
        assert name in table and reasons[0] in table
    # A row per child and reason, not per journey: a child left out all week is one row.
    assert page.locator("#unplaced + table tbody tr").count() == distinct <= len(unplaced)
    if spot["journeys"]:  # what to procure, and who rides on the hires and why
        procure = page.locator("#procure ~ ul").first.inner_text()
        assert all(b["text"] in procure for b in spot["procure"])
        riders = page.locator("#procure ~ table").first.inner_text()
        assert all(c["name"] in riders and c["reasons"][0] in riders for c in spot["children"])
    changes = page.locator("#told").inner_text()
    assert "journeys change" in changes and "in force now" in changes
    page.locator("iframe.map").scroll_into_view_if_needed()  # the map loads when it comes into view
    page.frame_locator("iframe.map").locator(".folium-map").wait_for(state="attached")  # drawn, though tiles are offline
    shot(page, "planner-plan")

    publish.click()  # to the confirmation, which counts the people it will text
    page.wait_for_url(re.compile(rf"/web/planner/plans/{plan_id}/publish\??$"))
    counts = page.locator("#people-told").inner_text()
    shot(page, "planner-publish")
    page.get_by_role("button", name=f"Confirm: publish plan {plan_id}").click()
    assert f"Plan {plan_id} is published" in page.get_by_role("status").inner_text()
    assert page.locator("#status").inner_text() == "published"
    assert page.get_by_role("button", name=f"Publish plan {plan_id}").count() == 0
    with transaction(site.factory) as db:
        assert db.get(m.Plan, plan_id).status == "published"
        told = db.scalars(select(m.Message).where(m.Message.idempotency_key.like(f"publish:{plan_id}:%"))).all()
    # The confirmation's counts are the people texted: distinct people of each kind, one text each.
    for role, label in (("parent", "Parents"), ("driver", "Drivers"), ("pa", "PAs"), ("school", "Schools")):
        refs = [x.recipient_ref for x in told if x.recipient_role == role]
        assert len(refs) == len(set(refs))
        assert f"{label}\n{len(refs)}" in counts, (label, counts)


def test_the_map_draws_every_run_of_the_plan(site, new_page):
    with transaction(site.factory) as db:
        plan = db.query(m.Plan).filter(m.Plan.status == "published").order_by(m.Plan.id).first()
        runs = len(plan.runs)
        monday_mornings = sum(r.weekday == "mon" and r.session == "AM" for r in plan.runs)
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    answer = page.goto(f"/web/planner/plans/{plan.id}/map")
    assert answer.status == 200
    assert page.content().count("L.polyline(") == runs
    # Drawn in the browser with no internet (the test refuses every other address): Leaflet and
    # jQuery come from the app, so Monday morning's layer is drawn (a line and circles a run).
    page.locator("path.leaflet-interactive").first.wait_for()
    assert page.locator("path.leaflet-interactive").count() > monday_mornings > 0


def test_a_bad_week_is_refused_in_plain_words(site, new_page):
    page = new_page()
    sign_in(page, site, "planner")
    tuesday = MONDAY + dt.timedelta(days=1)
    page.get_by_label("Monday the plan starts").fill(tuesday.isoformat())
    page.get_by_role("button", name="Start planning").click()
    assert "A plan starts on a Monday" in page.get_by_role("alert").inner_text()


def test_a_name_that_is_code_stays_text_on_the_map(site, new_page):
    """A first name from an import such as `<img src=x onerror=...>` is shown, never run; the
    map's own scripts still draw it (its CSP lets run exactly what folium rendered)."""
    hostile = "<img src=x onerror=window.__xss=1>${window.__xss=2}"
    with transaction(site.factory) as db:
        plan = db.query(m.Plan).filter(m.Plan.status == "published").order_by(m.Plan.id).first()
        run = next(r for r in plan.runs if r.weekday == "mon" and r.session == "AM" and r.stops)
        child = run.stops[0].child
        before, child.first_name = child.first_name, hostile
    try:
        page = new_page(1280, 900)
        sign_in(page, site, "planner")
        answer = page.goto(f"/web/planner/plans/{plan.id}/map")
        assert "'sha256-" in answer.headers["content-security-policy"]
        assert answer.headers["x-frame-options"] == "SAMEORIGIN"
        page.locator("path.leaflet-interactive").first.wait_for()
        assert page.evaluate("window.__xss") is None
        assert hostile not in page.content() and "&lt;img src=x onerror=window.__xss=1&gt;" in page.content()
    finally:
        with transaction(site.factory) as db:
            db.get(m.Child, child.id).first_name = before


def test_the_confirmation_says_when_a_week_is_over(site, new_page):
    """A draft for a week gone: the confirmation counts nobody and says why (and meets WCAG AA)."""
    from tests.day.plans import copy_plan
    from tests.web.test_accessibility import _violations

    with transaction(site.factory) as db:
        plan = db.query(m.Plan).filter(m.Plan.status == "published").order_by(m.Plan.id).first()
        draft = copy_plan(db, plan, MONDAY - dt.timedelta(weeks=5)).id
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    page.goto(f"/web/planner/plans/{draft}")
    page.get_by_role("button", name=f"Publish plan {draft}").click()
    assert "No texts: this week is over." in page.locator("#told").inner_text()
    assert page.locator("#people-told dd").all_inner_texts() == ["0", "0", "0", "0"]
    assert page.get_by_role("button", name=f"Confirm: publish plan {draft}").count() == 1
    assert _violations(page) == []
    shot(page, "planner-publish-week-over")
