"""Travel times and distances between places: the straight-line model, road engines, a cache."""

from transport.travel.areas import Areas
from transport.travel.choose import provider_from_settings
from transport.travel.provider import Matrix, Point, TravelError, TravelTimeProvider
from transport.travel.straight_line import StraightLine

__all__ = ["Areas", "Matrix", "Point", "TravelError", "TravelTimeProvider", "StraightLine", "provider_from_settings"]
