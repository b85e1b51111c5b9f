"""A run driven from the driver's phone in a real browser: started, its position sent with the
driver's consent (Playwright's geolocation), a stop tapped while the phone has no signal and sent
when it has, a no-show, the finish; the family who opted in told once it is near."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.conftest import until
from tests.web.conftest import shot, sign_in
from tests.web.test_accessibility import _violations
from transport import models as m
from transport.day.today import Whose, runs_on
from transport.db import transaction

DAY = MONDAY + dt.timedelta(days=22)  # a Tuesday no other test uses


@pytest.fixture
def on_the_day(monkeypatch):
    """The council's clock (pages and service) at a time on DAY, moved by the test."""
    import api.pages.web

    class Clock:
        at = dt.datetime.combine(DAY, dt.time(6, 0))

        def __call__(self, settings):
            return self.at

    clock = Clock()
    monkeypatch.setattr(api.pages.web, "now", clock)
    return clock


def test_a_driver_drives_a_run_from_the_phone_on_a_poor_signal(site, browser, on_the_day):
    with transaction(site.factory) as db:
        run = next(r for r in runs_on(db, DAY, Whose(driver_id=site.ids["driver"])) if r.session == "AM")
        pickups = [s for s in run.stops if s.kind == "pickup"]
        first, last = pickups[0], pickups[-1]
        assert first.child.id != last.child.id, "the test needs a run with two children"
        for g in db.get_one(m.Child, first.child.id).guardians:
            g.live_texts = True
        near = {"latitude": first.point[0] + 0.005, "longitude": first.point[1]}
    planned = dt.datetime.combine(DAY, first.planned)
    on_the_day.at = planned - dt.timedelta(minutes=3)

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=site.url,
        locale="en-GB",
        timezone_id="Europe/London",
        geolocation=near,
        permissions=["geolocation"],
    )
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.install(time=on_the_day.at.replace(tzinfo=ZoneInfo("Europe/London")))
    try:
        sign_in(page, site, "driver")
        page.goto("/web/crew")
        section = page.locator("section.run", has=page.locator(f'[data-run="{run.id}"]'))
        section.get_by_role("button", name="Start the run").click()
        section.get_by_text("Under way since").wait_for()

        # With the driver's consent, where the vehicle is goes at once (then every 30 s).
        page.get_by_label(re.compile("Send where the vehicle is")).check()

        def sent() -> bool:
            with site.factory() as db:
                return bool(db.scalars(select(m.Position).where(m.Position.run_id == run.id, m.Position.date == DAY)).all())

        assert until(sent), page.locator(".queue").inner_text()
        with site.factory() as db:
            soon = db.scalars(select(m.Message).where(m.Message.template == "vehicle_soon", m.Message.about_date == DAY)).all()
        assert soon and all(first.child.first_name in t.body for t in soon)

        # No signal: the tap waits on the phone, with its own time, and goes when it can.
        context.set_offline(True)
        section.get_by_role("button", name=f"Picked up {first.child.first_name}").click()
        page.get_by_text(re.compile("waiting for a signal")).wait_for()
        with site.factory() as db:
            assert not db.scalars(select(m.StopEvent).where(m.StopEvent.run_id == run.id, m.StopEvent.date == DAY)).all()
        context.set_offline(False)
        section.locator("li.done", has_text=first.child.first_name).first.wait_for()
        assert _violations(page) == []  # the run under way, its tap buttons, meets WCAG AA
        shot(page, "crew-run-under-way")

        section.get_by_role("button", name=f"{last.child.first_name} not at the pickup").click()
        section.locator("li.done", has_text="Not at the pickup").wait_for()
        section.get_by_role("button", name="Finish the run").click()
        section.get_by_text("Finished at").wait_for()
    finally:
        context.close()

    with site.factory() as db:
        events = {
            e.child_id: e for e in db.scalars(select(m.StopEvent).where(m.StopEvent.run_id == run.id, m.StopEvent.date == DAY))
        }
        told = db.scalars(select(m.Message).where(m.Message.template == "no_show_parent", m.Message.about_date == DAY)).all()
    assert events[first.child.id].outcome == "picked_up" and events[last.child.id].outcome == "no_show"
    assert events[first.child.id].at.date() == DAY
    assert told and all(last.child.first_name in t.body for t in told)


def test_the_planners_board_shows_the_late_run_first_and_the_map_its_vehicle(site, new_page, on_the_day):
    day = DAY + dt.timedelta(days=7)
    with transaction(site.factory) as db:
        runs = [r for r in runs_on(db, day) if r.session == "AM"]
        late = max(runs, key=lambda r: r.starts)  # the last to leave: others are overdue, it is late
        first = next(s for s in late.stops if s.kind == "pickup")
        db.add(
            m.RunDay(
                run_id=late.id,
                date=day,
                started_at=dt.datetime.combine(day, late.starts),
                heard_at=dt.datetime.combine(day, late.starts),
                lat=first.point[0] + 0.2,
                lon=first.point[1],
            )
        )
    on_the_day.at = dt.datetime.combine(day, first.planned)
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    page.goto(f"/web/planner/today?date={day}")
    rows = page.locator("table.board tbody tr")
    assert late.run.vehicle.registration in rows.first.inner_text()
    assert "min" in rows.first.inner_text()
    assert page.locator("tr.overdue").count() >= 1, "runs that should have left by now and have not are flagged"
    shot(page, "planner-board")
    page.goto(f"/web/planner/today/map?date={day}")
    assert late.run.vehicle.registration in page.content()


def test_a_parent_opts_in_to_texts_on_the_day_and_sees_the_expected_time(site, new_page, on_the_day):
    day = DAY + dt.timedelta(days=14)
    with transaction(site.factory) as db:
        run = next(r for r in runs_on(db, day, Whose(child_ids=frozenset({site.ids["child"]}))) if r.session == "AM")
        db.add(m.RunDay(run_id=run.id, date=day, started_at=dt.datetime.combine(day, run.starts)))
        name = db.get_one(m.Child, site.ids["child"]).first_name
    on_the_day.at = dt.datetime.combine(day, run.starts)
    page = new_page()
    sign_in(page, site, "parent")
    page.get_by_role("button", name="Text me when the vehicle is near or late").click()
    page.get_by_text("we will text you when the vehicle is a few minutes away").wait_for()
    with site.factory() as db:
        assert db.get_one(m.Guardian, site.ids["parent"]).live_texts
    assert re.search(r"pickup now expected at \d\d:\d\d", page.locator(".on-the-way").first.inner_text())
    assert name in page.inner_text("main")
    page.get_by_role("button", name="Stop these texts").click()
    page.get_by_text("no texts on the day").wait_for()
    with site.factory() as db:
        assert not db.get_one(m.Guardian, site.ids["parent"]).live_texts


def test_the_schools_manifest_shows_an_arriving_run_as_it_goes(site, new_page, on_the_day):
    day = DAY + dt.timedelta(days=1)
    with transaction(site.factory) as db:
        run = next(r for r in runs_on(db, day) if r.session == "AM" and len({s.child.id for s in r.stops}) >= 2)
        school = run.stops[-1].child.school_id
        ours = [s for s in run.stops if s.kind == "pickup" and s.child.school_id == school]
        rode, missed = ours[0], ours[-1]
        start = dt.datetime.combine(day, run.starts)
        db.add(m.RunDay(run_id=run.id, date=day, started_at=start, heard_at=start, lat=rode.point[0], lon=rode.point[1]))
        db.add(
            m.StopEvent(run_id=run.id, date=day, child_id=rode.child.id, kind="pickup", outcome="picked_up", at=start, by="test")
        )
        if missed.child.id != rode.child.id:
            db.add(
                m.StopEvent(
                    run_id=run.id, date=day, child_id=missed.child.id, kind="pickup", outcome="no_show", at=start, by="test"
                )
            )
    on_the_day.at = start + dt.timedelta(minutes=5)
    page = new_page()
    sign_in(page, site, "planner")
    page.goto(f"/web/schools/{school}?date={day}")
    card = page.locator("section.run", has=page.locator(f"#run-{run.id}-arriving"))
    said = card.locator(".on-the-way").inner_text()
    assert re.search(r"On its way: expected at \d\d:\d\d", said), said
    assert f"On board: {rode.child.first_name}" in said
    if missed.child.id != rode.child.id:
        assert f"Not at the pickup: {missed.child.first_name}" in said
    # Set down at school: arrived.
    with transaction(site.factory) as db:
        db.add(
            m.StopEvent(
                run_id=run.id, date=day, child_id=rode.child.id, kind="dropoff", outcome="set_down", at=on_the_day.at, by="test"
            )
        )
    page.reload()
    assert f"Arrived at {on_the_day.at:%H:%M}" in card.locator(".on-the-way").inner_text()
    assert _violations(page) == []
    shot(page, "manifest-live")
