"""The planner's board on a map: each run under way where its crew's phone last put it, late
ones in red. (The planner sees vehicles; families never do.)"""

from __future__ import annotations

import folium

from transport.day.eta import minutes
from transport.day.live import LiveRun
from transport.planning.exports import map_text, use_assets

LATE, ON_TIME, HEARD_NOTHING = "#b00020", "#1d5e20", "#6b6b6b"


def board_map(runs: list[LiveRun], assets: dict[str, str] | None = None) -> folium.Map:
    placed = [r for r in runs if r.position is not None]
    stops = [s.stop.point for r in runs for s in r.stops if s.stop.point]
    points = [(r.position.lat, r.position.lon) for r in placed if r.position] or stops
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)) if points else (52.2, 1.0)
    fmap = use_assets(folium.Map(location=centre, zoom_start=10, tiles="OpenStreetMap"), assets)
    for r in placed:
        assert r.position is not None
        late = minutes(r.late)
        colour = LATE if late > 0 else ON_TIME
        heard = f", heard {r.heard_at:%H:%M}" if r.heard_at else ""
        label = f"{r.run.run.vehicle.registration} {r.run.session}: " + (f"{late} min late" if late else "on time") + heard
        folium.CircleMarker((r.position.lat, r.position.lon), radius=7, color=colour, fill=True, tooltip=map_text(label)).add_to(
            fmap
        )
    return fmap
