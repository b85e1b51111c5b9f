"""A driver's run sheet on a phone: their own runs only, times as 07:51."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from transport import models as m
from transport.day.today import runs_on
from transport.db import transaction


def test_a_driver_sees_their_own_run_sheet(site, new_page):
    with transaction(site.factory) as db:
        runs = runs_on(db, MONDAY)
        mine = [r for r in runs if r.driver and r.driver.id == site.ids["driver"]]
        others = [r for r in runs if r not in mine]
        mine_regs = {r.run.vehicle.registration for r in mine}
        other_regs = {r.run.vehicle.registration for r in others} - mine_regs
        first_stop = mine[0].stops[0]
        expected = f"{first_stop.planned:%H:%M}"
        name = first_stop.child.first_name
        surname = first_stop.child.last_name
    page = new_page()
    sign_in(page, site, "driver")
    assert page.url.endswith("/web/crew")
    page.goto(f"/web/crew?date={MONDAY.isoformat()}")
    text = page.inner_text("main")
    shot(page, "crew-run-sheet")
    assert all(reg in text for reg in mine_regs)
    assert not any(reg in text for reg in other_regs)
    first = page.locator("ol.stops li").first.inner_text()
    assert expected in first and name in first
    assert surname not in text  # first names only
    assert not re.search(r"\b\d\d:\d\d:\d\d\b", text)
    assert page.goto("/web/parent").status == 403
    with transaction(site.factory) as db:  # a future day: no care notes yet, none read
        assert not db.scalars(select(m.CareNoteRead).where(m.CareNoteRead.date == MONDAY)).all()
    assert "Care notes" not in text
