"""The drive times the live day reckons with: the council's own travel model, as its plans were
made with (the straight-line model told town from country by the council's places), kept per
process until a record moves."""

from __future__ import annotations

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from transport import models as m
from transport.settings import Settings
from transport.travel.choose import provider_from_settings
from transport.travel.provider import Point, TravelTimeProvider
from transport.versions import Memo, versions

_KEPT = Memo(most=8)
_PLACES = union_all(
    select(m.Child.lat, m.Child.lon),
    select(m.School.lat, m.School.lon),
    select(m.FleetVehicle.depot_lat, m.FleetVehicle.depot_lon),
)


def travel_for(db: Session, settings: Settings) -> TravelTimeProvider:
    key = (db.get_bind(), versions(db).records, settings.travel_engine, settings.travel_engine_url, settings.road_factor)

    def make() -> TravelTimeProvider:
        places = [Point(lat, lon) for lat, lon in db.execute(_PLACES)]
        return provider_from_settings(settings, places=places)

    return _KEPT.get(key, make)
