"""Travel times and distances between places."""

from transport.travel.provider import Matrix, Point, TravelTimeProvider
from transport.travel.straight_line import StraightLine

__all__ = ["Matrix", "Point", "TravelTimeProvider", "StraightLine"]
