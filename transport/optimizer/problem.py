"""The optimiser's input: plain data, no ORM, no API.

Units: times are seconds (since midnight for clock times), distances are metres, money is pounds.
Places are indexes into the travel matrices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEATS = "seats"
WHEELCHAIRS = "wheelchairs"


@dataclass(frozen=True)
class Window:
    earliest: float
    latest: float

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError(f"window ends ({self.latest}) before it starts ({self.earliest})")

    def contains(self, t: float, tolerance: float = 1e-6) -> bool:
        return self.earliest - tolerance <= t <= self.latest + tolerance


@dataclass(frozen=True)
class Journey:
    """One child's one-way trip: picked up at one place, set down at another."""

    id: str
    pickup: int
    dropoff: int
    pickup_window: Window
    dropoff_window: Window
    max_ride: float
    """Longest allowed time from leaving the pickup to arriving at the drop-off."""
    pickup_service: float = 0.0
    dropoff_service: float = 0.0
    load: dict[str, int] = field(default_factory=lambda: {SEATS: 1})
    needs_assistant: bool = False
    skills: frozenset[str] = frozenset()
    """Skills the passenger assistant on board must hold (implies needs_assistant)."""
    travel_alone: bool = False
    """No other child on board at the same time, except the child's own siblings (same group)."""
    avoid: frozenset[str] = frozenset()
    """Ids of journeys that must never share a run with this one."""
    group: str | None = None
    """Journeys with the same group (siblings) must share a run."""
    previous_vehicle: str | None = None
    """The vehicle the child had in the plan being replaced, if any: keeping it (and the PA) is
    worth `Problem.change_cost` to the optimiser."""
    previous_assistant: str | None = None

    @property
    def requires_assistant(self) -> bool:
        return self.needs_assistant or bool(self.skills)


@dataclass(frozen=True)
class Layout:
    """One way a vehicle's seats can be arranged, e.g. 14 seats and 1 wheelchair space."""

    name: str
    capacity: dict[str, int]


@dataclass(frozen=True)
class Vehicle:
    id: str
    start: int
    end: int
    layouts: tuple[Layout, ...]
    available: Window
    fixed_cost: float
    """Pounds per run."""
    cost_per_metre: float
    max_duration: float | None = None
    """Longest allowed run, from leaving the depot to returning."""
    driver: str | None = None
    assistant: str | None = None
    """A passenger assistant the council has pinned to this vehicle."""


@dataclass(frozen=True)
class Assistant:
    """A passenger assistant in the pool; on board they take a seat."""

    id: str
    skills: frozenset[str]
    home: int
    cost_per_run: float = 0.0


@dataclass(frozen=True)
class Problem:
    journeys: tuple[Journey, ...]
    vehicles: tuple[Vehicle, ...]
    assistants: tuple[Assistant, ...]
    durations: list[list[float]]
    """durations[i][j]: seconds to drive from place i to place j."""
    distances: list[list[float]]
    """distances[i][j]: metres from place i to place j."""
    name: str = ""
    cost_per_hour: float = 0.36
    """Pounds per hour each vehicle is on the road: a tie-break towards shorter runs, not a wage."""
    change_cost: float = 0.0
    """Pounds it is worth paying to keep a child with their previous vehicle and PA: continuity
    matters to many children (autistic children above all), so a new plan moves a child only
    where that saves more than this."""
    ride_cost_per_hour: float = 0.0
    """Pounds it is worth paying to save an hour of children's time on board, summed over the
    children (an hour saved for one child, or ten minutes for each of six): the council's trade of
    money for shorter journeys. Zero counts money alone."""
    long_ride: float = 3600.0
    """Seconds of a ride, counted from the start of boarding, past which each further second
    costs `long_ride_cost_per_hour` too."""
    long_ride_cost_per_hour: float = 0.0
    """Pounds an hour on top of `ride_cost_per_hour` for each child's time on board past
    `long_ride`: a long journey is worse than two short ones (the council reports ask that the
    journeys of vulnerable children be limited), so the price rises with the ride. Only where
    the ride has a price."""
    wide_crews: bool = False
    """Offer each free PA on every vehicle that might carry a child needing their training, not only
    on the vehicles nearest their home (see crews.py): for small problems of children left over,
    where a spare PA must be able to reach any spare vehicle."""

    @property
    def places(self) -> int:
        return len(self.durations)

    def journey(self, journey_id: str) -> Journey:
        for j in self.journeys:
            if j.id == journey_id:
                return j
        raise KeyError(journey_id)
