"""Which travel-time provider a council uses, from its settings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from transport.settings import Settings
from transport.travel.areas import Areas
from transport.travel.cache import CachedTravel
from transport.travel.osrm import OSRM
from transport.travel.provider import Point, TravelError, TravelTimeProvider
from transport.travel.straight_line import StraightLine
from transport.travel.valhalla import Valhalla

ENGINES = {"osrm": OSRM, "valhalla": Valhalla}


def provider_from_settings(
    settings: Settings, factory: sessionmaker[Session] | None = None, places: Sequence[Point] = ()
) -> TravelTimeProvider:
    """The straight-line model (town and country told apart by the council's `places`), or a road
    engine whose answers are cached in the database when a `factory` is given."""
    kind = settings.travel_engine.lower().replace("-", "_")
    if kind == "straight_line":
        return StraightLine(settings.road_factor, Areas.of(places) if places else None)
    if kind not in ENGINES:
        raise TravelError(f"TRAVEL_ENGINE={settings.travel_engine!r} is not known: use straight_line, osrm or valhalla")
    engine = ENGINES[kind](
        settings.travel_engine_url,
        settings.travel_profile,
        block=settings.travel_block,
        at_once=settings.travel_requests_at_once,
        timeout=settings.travel_timeout_seconds,
        retries=settings.travel_retries,
    )
    return CachedTravel(engine, factory) if settings.travel_cache and factory is not None else engine
