"""From the council's records to one session's demand: journeys, vehicles and assistants.

Places are numbered council-wide by a PlaceBook; a part of the problem is later given its own
matrix (see assemble.py), so a county's full matrix is never built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from transport import models as m
from transport.clock import first_on, seconds
from transport.optimizer import Assistant, Journey, Layout, Vehicle, Window
from transport.optimizer.problem import SEATS, WHEELCHAIRS
from transport.settings import Settings
from transport.travel import Point

MILE_M = 1609.344


@dataclass
class PlaceBook:
    """Numbers each distinct place once, and remembers what it is called."""

    points: list[Point] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    _index: dict[tuple[float, float], int] = field(default_factory=dict)

    def add(self, lat: float, lon: float, label: str) -> int:
        key = (round(lat, 6), round(lon, 6))
        if key not in self._index:
            self._index[key] = len(self.points)
            self.points.append(Point(lat, lon))
            self.labels.append(label)
        return self._index[key]


@dataclass
class SessionDemand:
    weekday: str
    session: str
    journeys: list[Journey]
    vehicles: list[Vehicle]
    assistants: list[Assistant]

    def same_problem(self, other: SessionDemand) -> bool:
        """The same problem on another day: solve it once and use it on both."""
        return (self.journeys, self.vehicles, self.assistants) == (
            other.journeys,
            other.vehicles,
            other.assistants,
        )


def max_journey_minutes(child: m.Child, settings: Settings) -> int:
    if child.max_journey_minutes:
        return child.max_journey_minutes
    if child.school.max_journey_minutes:
        return child.school.max_journey_minutes
    return {
        "primary": settings.max_journey_primary,
        "secondary": settings.max_journey_secondary,
        "special": settings.max_journey_special,
        "post16": settings.max_journey_post16,
    }[child.school.phase]


def home_for(child: m.Child, weekday: str, session: str) -> tuple[float, float, str]:
    for alt in child.addresses:
        if alt.weekday == weekday and alt.session in (session, "both"):
            return alt.lat, alt.lon, f"{alt.address}, {alt.postcode}"
    return child.lat, child.lon, f"{child.address}, {child.postcode}"


class DemandBuilder:
    """Turns records into optimiser inputs for any weekday and session."""

    def __init__(
        self,
        children: list[m.Child],
        vehicles: list[m.FleetVehicle],
        assistants: list[m.PassengerAssistant],
        settings: Settings,
        on_date: dt.date,
        leaving: dict[int, dt.date] | None = None,
    ) -> None:
        self.children = children
        self.leaving = leaving or {}
        """Child id to the day their family takes them to school themselves from (an accepted offer)."""
        self.vehicle_records = vehicles
        self.assistant_records = assistants
        self.settings = settings
        self.on_date = on_date
        self.places = PlaceBook()

    def session(self, weekday: str, session: str) -> SessionDemand:
        date = first_on(self.on_date, weekday)
        journeys = [
            self.journey(c, weekday, session)
            for c in self.children
            if weekday in c.travel_days and c.school.bell(weekday) and not self.leaving.get(c.id, dt.date.max) <= date
        ]
        vehicles = [self.vehicle(v) for v in self.vehicle_records if weekday in v.days]
        assistants = [self.assistant(a) for a in self.assistant_records if a.dbs_expiry >= self.on_date]
        assistant_ids = {a.id for a in assistants}
        vehicles = [v if v.assistant is None or v.assistant in assistant_ids else replace(v, assistant=None) for v in vehicles]
        return SessionDemand(weekday, session, journeys, vehicles, assistants)

    def journey(self, child: m.Child, weekday: str, session: str) -> Journey:
        school = child.school
        bell = school.bell(weekday)
        assert bell is not None
        lat, lon, label = home_for(child, weekday, session)
        home = self.places.add(lat, lon, label)
        school_place = self.places.add(school.lat, school.lon, school.name)
        limit = max_journey_minutes(child, self.settings) * 60.0
        board = child.boarding_minutes * 60.0
        if session == "AM":
            arrive_by = seconds(bell.start)
            earliest_arrival = arrive_by - school.arrival_window_minutes * 60.0
            pickup, dropoff = home, school_place
            dropoff_window = Window(earliest_arrival, arrive_by)
            # Loose on the far side: the ride limit and the drive bind it in the solver.
            pickup_window = Window(earliest_arrival - limit - board, arrive_by - board)
        else:
            leave_from = seconds(bell.end)
            latest_leave = leave_from + school.pickup_window_minutes * 60.0
            pickup, dropoff = school_place, home
            pickup_window = Window(leave_from, latest_leave)
            dropoff_window = Window(leave_from + board, latest_leave + board + limit)
        return Journey(
            id=child.ref,
            pickup=pickup,
            dropoff=dropoff,
            pickup_window=pickup_window,
            dropoff_window=dropoff_window,
            max_ride=limit,
            pickup_service=board,
            dropoff_service=board,
            load={WHEELCHAIRS: 1, SEATS: 0} if child.wheelchair else {SEATS: 1},
            needs_assistant=child.needs_pa or bool(child.pa_skills),
            skills=frozenset(child.pa_skills),
            travel_alone=child.travel_alone,
            avoid=frozenset(o.ref for o in child.avoid),
            group=child.sibling_group or None,
        )

    def vehicle(self, v: m.FleetVehicle) -> Vehicle:
        depot = self.places.add(v.depot_lat, v.depot_lon, f"{v.operator.name} depot")
        pinned = next((a.ref for a in self.assistant_records if a.vehicle_id == v.id), None)
        driver = next((d.ref for d in v.drivers), None)
        return Vehicle(
            id=v.ref,
            start=depot,
            end=depot,
            layouts=tuple(Layout(lay.name, {SEATS: lay.seats, WHEELCHAIRS: lay.wheelchairs}) for lay in v.layouts),
            available=Window(seconds(v.available_from), seconds(v.available_to)),
            fixed_cost=v.fixed_cost,
            cost_per_metre=v.cost_per_mile / MILE_M,
            driver=driver,
            assistant=pinned,
        )

    def assistant(self, a: m.PassengerAssistant) -> Assistant:
        home = self.places.add(a.lat, a.lon, "assistant's home")
        return Assistant(id=a.ref, skills=a.skills_on(self.on_date), home=home, cost_per_run=a.cost_per_run)
