"""The exported routes_map.html opened from disk in a real browser with no network at all: it
carries its own scripts, so the routes are drawn (only the background tiles are missing)."""

from __future__ import annotations

from transport import models as m
from transport.db import transaction
from transport.planning.exports import export_plan


def test_the_exported_map_draws_offline(site, browser, tmp_path):
    with transaction(site.factory) as db:
        plan = db.query(m.Plan).order_by(m.Plan.id).first()
        monday_mornings = sum(r.weekday == "mon" and r.session == "AM" for r in plan.runs)
        export_plan(db, plan.id, tmp_path)
    html = (tmp_path / "routes_map.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in html and "code.jquery.com" not in html
    context = browser.new_context(offline=True)
    asked: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            asked.append(route.request.url),
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort(),
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto((tmp_path / "routes_map.html").as_uri())
    page.locator("path.leaflet-interactive").first.wait_for()
    assert page.locator("path.leaflet-interactive").count() > monday_mornings > 0
    assert not [u for u in asked if u.startswith("http") and "tile.openstreetmap.org" not in u]  # only tiles
    context.close()
