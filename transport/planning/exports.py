"""A stored plan as files a planner can open: run sheets and timetables (CSV), summary (JSON), map (HTML)."""

from __future__ import annotations

import base64
import csv
import json
from functools import cache
from pathlib import Path

import folium
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from xstatic.pkg import jquery, leaflet

from transport import models as m
from transport.clock import seconds
from transport.errors import NotFound
from transport.planning.safe_cells import map_text
from transport.planning.safe_cells import row as safe_row

COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
DAY_ORDER = {d: i for i, d in enumerate(m.WEEKDAYS)}


def _runs(db: Session, plan_id: int) -> list[m.PlanRun]:
    runs = db.scalars(
        select(m.PlanRun)
        .where(m.PlanRun.plan_id == plan_id)
        .options(*m.run_whole(), selectinload(m.PlanRun.vehicle).selectinload(m.FleetVehicle.operator))
    ).all()
    return sorted(runs, key=lambda r: (DAY_ORDER[r.weekday], r.session, r.leave_depot, r.vehicle.ref))


def _hhmm(t) -> str:
    return t.strftime("%H:%M")


def export_plan(db: Session, plan_id: int, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    plan = db.get(m.Plan, plan_id)
    if plan is None:
        raise NotFound(f"there is no plan {plan_id}")
    runs = _runs(db, plan_id)
    paths = [
        _run_sheets(runs, out / "run_sheets.csv"),
        _timetable(runs, out / "child_timetable.csv", (plan.summary or {}).get("ride_distribution", {}).get("counted_from")),
        _summary(plan, out / "plan_summary.json"),
        _map(db, runs, plan_id, out / "routes_map.html"),
    ]
    continuity = (plan.summary or {}).get("continuity")
    if continuity:
        paths.append(_changes(continuity, out / "changes.csv"))
    hires = _spot_hires(db, plan_id)
    if hires:
        paths.append(_spot_hire_sheet(hires, out / "spot_hire.csv"))
    return paths


def _spot_hires(db: Session, plan_id: int) -> list[m.SpotHire]:
    hires = db.scalars(
        select(m.SpotHire)
        .where(m.SpotHire.plan_id == plan_id)
        .options(selectinload(m.SpotHire.rate).selectinload(m.SpotHireRate.operator))
    ).all()
    return sorted(hires, key=lambda h: (DAY_ORDER[h.weekday], h.session, h.leave_base, h.id))


def _spot_hire_sheet(hires: list[m.SpotHire], path: Path) -> Path:
    """What to book: one row per hired run, with the children on it in order and the PA's training."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "weekday",
                "session",
                "rate",
                "operator",
                "area",
                "kind",
                "seats",
                "wheelchair_spaces",
                "pa",
                "leave_base",
                "return_base",
                "miles",
                "cost",
                "children",
                "stops",
            ]
        )
        for h in hires:
            pa = "none" if h.pa_skills is None else ("PA trained in " + ", ".join(h.pa_skills) if h.pa_skills else "PA")
            children = list(dict.fromkeys(s["child"] for s in h.stops))
            stops = "; ".join(
                f"{s['planned']} {'pick up' if s['kind'] == 'pickup' else 'set down'} {s['child']} at {s['place']}"
                for s in h.stops
            )
            w.writerow(
                safe_row(
                    [
                        h.weekday,
                        h.session,
                        h.rate.ref,
                        h.rate.operator.name if h.rate.operator else "",
                        h.rate.area,
                        h.rate.kind,
                        h.rate.seats,
                        h.rate.wheelchairs,
                        pa,
                        _hhmm(h.leave_base),
                        _hhmm(h.return_base),
                        h.miles,
                        h.cost,
                        ";".join(children),
                        stops,
                    ]
                )
            )
    return path


def _run_sheets(runs: list[m.PlanRun], path: Path) -> Path:
    """One row per stop, in run order; first names only, as a crew's sheet should be."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "weekday",
                "session",
                "run",
                "vehicle",
                "registration",
                "operator",
                "layout",
                "driver",
                "pa",
                "leave_depot",
                "stop",
                "time",
                "action",
                "child_first_name",
                "child_id",
                "place",
                "return_depot",
            ]
        )
        for r in runs:
            for s in r.stops:
                w.writerow(
                    safe_row(
                        [
                            r.weekday,
                            r.session,
                            r.id,
                            r.vehicle.ref,
                            r.vehicle.registration,
                            r.vehicle.operator.name,
                            r.layout,
                            r.driver.first_name if r.driver else "",
                            r.assistant.first_name if r.assistant else "",
                            _hhmm(r.leave_depot),
                            s.seq,
                            _hhmm(s.planned),
                            "pick up" if s.kind == "pickup" else "set down",
                            s.child.first_name,
                            s.child.ref,
                            s.place,
                            _hhmm(r.return_depot),
                        ]
                    )
                )
    return path


def _timetable(runs: list[m.PlanRun], path: Path, counted_from: str | None = None) -> Path:
    """One row per child and session: when they are collected, when they arrive, how long they ride
    (from the start of boarding where the plan's summary counts rides so, else from leaving)."""
    rows: list[tuple[str, str, str, str, str, str, str, str, int]] = []
    for r in runs:
        boarded: dict[int, m.PlanStop] = {}
        for s in r.stops:
            if s.kind == "pickup":
                boarded[s.child_id] = s
                continue
            up = boarded[s.child_id]
            ride = seconds(s.planned) - seconds(up.planned)
            if counted_from != "boarding":
                ride -= s.child.boarding_minutes * 60
            rows.append(
                (
                    s.child.ref,
                    s.child.first_name,
                    s.child.last_name,
                    r.weekday,
                    r.session,
                    r.vehicle.ref,
                    _hhmm(up.planned),
                    _hhmm(s.planned),
                    round(ride / 60),
                )
            )
    rows.sort(key=lambda row: (row[0], DAY_ORDER[row[3]], row[4]))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["child_id", "first_name", "last_name", "weekday", "session", "vehicle", "pickup", "dropoff", "ride_minutes"])
        w.writerows(safe_row(r) for r in rows)
    return path


def _changes(continuity: dict, path: Path) -> Path:
    """Each child and session whose vehicle or PA differs from the previous plan: who to tell."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["child_id", "name", "session", "vehicle_before", "pa_before", "vehicle_now", "pa_now"])
        for c in continuity["changes"]:
            w.writerow(
                safe_row(
                    [
                        c["child"],
                        c["name"],
                        c["session"],
                        c["vehicle_before"],
                        c["pa_before"] or "",
                        c["vehicle_now"] or "not placed",
                        c["pa_now"] or "",
                    ]
                )
            )
    return path


def _summary(plan: m.Plan, path: Path) -> Path:
    body = {
        "plan": plan.id,
        "name": plan.name,
        "status": plan.status,
        "starts_on": plan.starts_on.isoformat(),
        **(plan.summary or {}),
    }
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


def _map(db: Session, runs: list[m.PlanRun], plan_id: int, path: Path) -> Path:
    routes_map(db, plan_id, runs).save(str(path))
    return path


ASSET_FILES = {
    "leaflet": (Path(leaflet.BASE_DIR) / "leaflet.js", "text/javascript"),
    "jquery": (Path(jquery.BASE_DIR) / "jquery.min.js", "text/javascript"),  # folium's popups are made with it
    "leaflet_css": (Path(leaflet.BASE_DIR) / "leaflet.css", "text/css"),
}
"""What a map loads, by folium's names, from the XStatic packages (the planner's page serves the
same files itself). No icon fonts or Bootstrap: the map draws without them."""


@cache
def embedded_assets() -> dict[str, str]:
    """The map's scripts and styles as data: addresses (from the XStatic packages), so that a
    routes_map.html opened from disk or sent by email draws its routes with no internet. Only the
    background tiles need a connection; without one the routes show on grey."""
    return {
        name: f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        for name, (path, kind) in ASSET_FILES.items()
    }


def use_assets(fmap: folium.Map, assets: dict[str, str] | None) -> folium.Map:
    """The map's scripts and styles from `assets` (by the names in ASSET_FILES), or embedded."""
    where = assets or embedded_assets()
    fmap.default_js = [(name, where[name]) for name, (_, kind) in ASSET_FILES.items() if kind == "text/javascript"]
    fmap.default_css = [(name, where[name]) for name, (_, kind) in ASSET_FILES.items() if kind == "text/css"]
    return fmap


def routes_map(
    db: Session, plan_id: int, runs: list[m.PlanRun] | None = None, assets: dict[str, str] | None = None
) -> folium.Map:
    """A plan's runs on a map (the demo's file and the planner's page): each weekday's session
    is a layer, Monday morning shows first; unplaced children are red circles. `assets`: where the
    scripts and styles are (by the names in ASSET_FILES); embedded in the file unless given."""
    runs = _runs(db, plan_id) if runs is None else runs
    points = [(s.lat, s.lon) for r in runs for s in r.stops]
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)) if points else (52.2, 1.0)
    fmap = use_assets(folium.Map(location=centre, zoom_start=10, tiles="OpenStreetMap"), assets)
    layers: dict[str, folium.FeatureGroup] = {}
    for i, r in enumerate(runs):
        key = f"{r.weekday.title()} {r.session}"
        if key not in layers:
            layers[key] = folium.FeatureGroup(name=key, show=not layers)
        layer = layers[key]
        colour = COLOURS[i % len(COLOURS)]
        path_points = [(s.lat, s.lon) for s in r.stops]
        folium.PolyLine(
            path_points,
            color=colour,
            weight=3,
            opacity=0.8,
            tooltip=map_text(f"{r.vehicle.ref} {key}: {len(r.stops) // 2} children"),
        ).add_to(layer)
        for s in r.stops:
            action = "pick up" if s.kind == "pickup" else "set down"
            folium.CircleMarker(
                (s.lat, s.lon),
                radius=4,
                color=colour,
                fill=True,
                popup=folium.Popup(map_text(f"{_hhmm(s.planned)} {action} {s.child.first_name} ({r.vehicle.ref})")),
            ).add_to(layer)
    unplaced = db.scalars(
        select(m.PlanUnplaced).where(m.PlanUnplaced.plan_id == plan_id).options(selectinload(m.PlanUnplaced.child))
    ).all()
    if unplaced:
        missing = folium.FeatureGroup(name="Not placed", show=True)
        for u in unplaced:
            folium.CircleMarker(
                (u.child.lat, u.child.lon),
                radius=8,
                color="#b00020",
                fill=True,
                fill_opacity=0.9,
                popup=folium.Popup(
                    map_text(f"{u.child.first_name} {u.child.last_name}, {u.weekday} {u.session}: " + "; ".join(u.reasons))
                ),
            ).add_to(missing)
        layers["Not placed"] = missing
    for layer in layers.values():
        layer.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap
