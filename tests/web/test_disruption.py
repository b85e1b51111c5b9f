"""A planner handles a breakdown in the browser: marks the vehicle off the road, proposes the
cover, reads who moves, confirms; the page counts the texts the confirmation queued, the runs
that do not go are empty on the day, and a cover is not listed among the week's plans."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

import api.pages.disruption
from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from tests.web.test_accessibility import _violations
from transport import models as m
from transport.day.today import runs_on

DAY = MONDAY + dt.timedelta(days=31)  # a Thursday no other web test uses


def test_a_planner_covers_a_breakdown_from_the_page(site, new_page, monkeypatch):
    monkeypatch.setattr(api.pages.disruption, "today", lambda request: DAY - dt.timedelta(days=1))
    with site.factory() as db:
        busiest = max((r for r in runs_on(db, DAY) if r.stops), key=lambda r: len(r.children()))
        vehicle, registration = busiest.run.vehicle_id, busiest.run.vehicle.registration
        hit = {r.id for r in runs_on(db, DAY) if r.run.vehicle_id == vehicle and r.stops}
        moved = {(c.first_name, c.last_name) for r in runs_on(db, DAY) if r.id in hit for c in r.children()}
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    page.get_by_role("link", name="Disruption").click()
    page.get_by_label("Show the day").fill(DAY.isoformat())
    page.get_by_role("button", name="Show").click()
    assert "Nobody and nothing is marked unavailable" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Propose the cover").count() == 0

    page.get_by_label("Vehicle, driver or PA").select_option(f"vehicle:{vehicle}")
    page.get_by_label("Why").fill("broken down")
    page.get_by_role("button", name="Mark unavailable").click()
    assert f"Vehicle {registration} marked unavailable" in page.get_by_role("status").inner_text()
    marks = page.locator("#marks + table").inner_text()
    assert registration in marks and "broken down" in marks

    page.get_by_role("button", name="Propose the cover").click()
    cover = page.locator("section[aria-labelledby^=cover-]")
    assert "Proposed, not yet confirmed" in cover.inner_text()
    table = cover.locator("table").inner_text()
    assert all(f"{first} {last}" in table for first, last in moved), "every child of the broken-down vehicle is listed"
    assert f"Vehicle {registration}" in cover.locator("ul").first.inner_text()
    assert _violations(page) == [], "the proposal's page meets WCAG AA"
    shot(page, "planner-disruption")
    with site.factory() as db:
        before = db.scalar(select(func.count()).select_from(m.Message).where(m.Message.about_date == DAY))

    page.get_by_role("button", name="Confirm the cover").click()
    said = page.get_by_role("status").inner_text()
    with site.factory() as db:
        texts = db.scalar(select(func.count()).select_from(m.Message).where(m.Message.about_date == DAY)) - before
        after = {r.id: r for r in runs_on(db, DAY)}
        cover_id = db.scalar(select(m.Plan.id).where(m.Plan.status == "cover", m.Plan.starts_on == DAY))
    assert texts > 0 and f"The cover is confirmed. {texts} texts" in said
    assert "Confirmed" in page.locator("section[aria-labelledby^=cover-]").inner_text()
    assert page.get_by_role("button", name="Confirm the cover").count() == 0
    assert all(after[i].stops == [] for i in hit)

    page.get_by_role("link", name="Plans").click()
    assert f"Plan {cover_id}" not in page.locator("main").inner_text(), "a day's cover is not a week's plan"
