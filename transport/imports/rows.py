"""One pydantic model per file of the contract in data/sample/README.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from transport.imports.fields import (
    WEEKDAYS,
    Choice,
    Clock,
    Day,
    Email,
    Layouts,
    Phone,
    Postcode,
    Refs,
    Session,
    SkillNames,
    Skills,
    Weekday,
    Weekdays,
    YesNo,
)

# Text cells, no longer than the database columns they go to.
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
LongName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Address = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Registration = Annotated[str, StringConstraints(min_length=1, max_length=20)]
Lat = float | None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _both_or_neither(row: BaseModel, lat: str, lon: str) -> None:
    if (getattr(row, lat) is None) != (getattr(row, lon) is None):
        blank = lat if getattr(row, lat) is None else lon
        raise ValueError(f"{blank}: is blank; give both {lat} and {lon}, or neither (then the address is looked up)")
    if getattr(row, lat) is not None:
        if not -90 <= getattr(row, lat) <= 90:
            raise ValueError(f"{lat}: {getattr(row, lat)} is not a latitude")
        if not -180 <= getattr(row, lon) <= 180:
            raise ValueError(f"{lon}: {getattr(row, lon)} is not a longitude")


class OfficerRow(Row):
    officer_id: Id
    name: LongName
    phone: Phone
    email: LongName | None = None


class SchoolRow(Row):
    school_id: Id
    name: LongName
    phase: Annotated[Literal["primary", "secondary", "special", "post16"], Choice]
    address: Address
    postcode: Postcode
    phone: Phone | None = None
    email: Email | None = None
    lat: Lat = None
    lon: Lat = None
    start_time: Clock
    end_time: Clock
    mon_start: Clock | None = None
    tue_start: Clock | None = None
    wed_start: Clock | None = None
    thu_start: Clock | None = None
    fri_start: Clock | None = None
    mon_end: Clock | None = None
    tue_end: Clock | None = None
    wed_end: Clock | None = None
    thu_end: Clock | None = None
    fri_end: Clock | None = None
    arrival_window_minutes: int = Field(15, ge=0, le=120)
    pickup_window_minutes: int = Field(15, ge=0, le=120)
    max_journey_minutes: int | None = Field(None, gt=0, le=240)

    @model_validator(mode="after")
    def _check(self) -> SchoolRow:
        _both_or_neither(self, "lat", "lon")
        for day, start, end in self.bells():
            if end <= start:
                raise ValueError(f"end_time: on {day} the afternoon bell {end:%H:%M} is not after the morning bell {start:%H:%M}")
        return self

    def bells(self) -> list[tuple[str, dt.time, dt.time]]:
        return [(d, getattr(self, f"{d}_start") or self.start_time, getattr(self, f"{d}_end") or self.end_time) for d in WEEKDAYS]


class ChildRow(Row):
    child_id: Id
    first_name: Name
    last_name: Name
    school_id: Id
    address: Address
    postcode: Postcode
    lat: Lat = None
    lon: Lat = None
    travel_days: Weekdays = list(WEEKDAYS)
    wheelchair: YesNo = False
    needs_pa: YesNo = False
    pa_skills: SkillNames = []
    travel_alone: YesNo = False
    boarding_minutes: int | None = Field(None, ge=0, le=30)
    max_journey_minutes: int | None = Field(None, gt=0, le=240)
    must_not_travel_with: Refs = []
    sibling_group: Id | None = None
    care_notes: str | None = None
    officer_id: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> ChildRow:
        _both_or_neither(self, "lat", "lon")
        if self.child_id in self.must_not_travel_with:
            raise ValueError("must_not_travel_with: a child cannot be listed as not travelling with themself")
        return self


class ChildAddressRow(Row):
    child_id: Id
    weekday: Weekday
    session: Session = "both"
    address: Address
    postcode: Postcode
    lat: Lat = None
    lon: Lat = None

    @model_validator(mode="after")
    def _check(self) -> ChildAddressRow:
        _both_or_neither(self, "lat", "lon")
        return self


class GuardianRow(Row):
    guardian_id: Id
    first_name: Name
    last_name: Name
    phone: Phone
    children: Refs = Field(min_length=1)
    sms_consent: YesNo = True
    primary_contact: YesNo = False
    share_contact: YesNo = False


class OperatorRow(Row):
    operator_id: Id
    name: LongName
    phone: Phone
    email: LongName | None = None


class VehicleRow(Row):
    vehicle_id: Id
    operator_id: Id
    registration: Registration
    kind: Annotated[Literal["car", "mpv", "wav", "minibus"], Choice]
    layouts: Layouts
    depot_address: Address
    depot_postcode: Postcode
    depot_lat: Lat = None
    depot_lon: Lat = None
    fixed_cost: float = Field(ge=0)
    cost_per_mile: float = Field(ge=0)
    available_from: Clock = dt.time(6, 30)
    available_to: Clock = dt.time(18, 30)
    days: Weekdays = list(WEEKDAYS)

    @model_validator(mode="after")
    def _check(self) -> VehicleRow:
        _both_or_neither(self, "depot_lat", "depot_lon")
        if self.available_to <= self.available_from:
            raise ValueError("available_to: must be after available_from")
        return self


class DriverRow(Row):
    driver_id: Id
    operator_id: Id
    vehicle_id: Id | None = None
    first_name: Name
    last_name: Name
    phone: Phone
    dbs_expiry: Day


class AssistantRow(Row):
    assistant_id: Id
    employer: Id
    first_name: Name
    last_name: Name
    phone: Phone
    skills: Skills = []
    dbs_expiry: Day
    address: Address
    postcode: Postcode
    lat: Lat = None
    lon: Lat = None
    cost_per_run: float = Field(25.0, ge=0)
    vehicle_id: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> AssistantRow:
        _both_or_neither(self, "lat", "lon")
        return self


class SpotHireRow(Row):
    """A rate for a vehicle (and, if the operator brings one, an agency PA) hired for one run."""

    rate_id: Id
    operator_id: Id | None = None
    area: Name
    kind: Annotated[Literal["car", "mpv", "wav", "minibus"], Choice]
    seats: int = Field(ge=0, le=60)
    wheelchair_spaces: int = Field(0, ge=0, le=10)
    base_address: Address
    base_postcode: Postcode
    base_lat: Lat = None
    base_lon: Lat = None
    fixed_cost: float = Field(ge=0)
    cost_per_mile: float = Field(ge=0)
    pa_cost_per_run: float | None = Field(None, ge=0)
    pa_skills: SkillNames = []
    available_from: Clock = dt.time(6, 30)
    available_to: Clock = dt.time(18, 30)

    @model_validator(mode="after")
    def _check(self) -> SpotHireRow:
        _both_or_neither(self, "base_lat", "base_lon")
        if self.seats + self.wheelchair_spaces == 0:
            raise ValueError("seats: a vehicle needs at least one seat or wheelchair space")
        if self.pa_skills and self.pa_cost_per_run is None:
            raise ValueError("pa_skills: give pa_cost_per_run too, or leave pa_skills blank (no agency PA)")
        if self.pa_cost_per_run is not None and self.seats < 2:
            raise ValueError("seats: an agency PA takes a seat, so a vehicle with a PA needs at least 2 seats")
        if self.available_to <= self.available_from:
            raise ValueError("available_to: must be after available_from")
        return self


# File name -> (row model, ID column), in the order files are imported.
FILES: dict[str, tuple[type[Row], str]] = {
    "officers": (OfficerRow, "officer_id"),
    "schools": (SchoolRow, "school_id"),
    "operators": (OperatorRow, "operator_id"),
    "vehicles": (VehicleRow, "vehicle_id"),
    "drivers": (DriverRow, "driver_id"),
    "assistants": (AssistantRow, "assistant_id"),
    "children": (ChildRow, "child_id"),
    "child_addresses": (ChildAddressRow, "child_id"),
    "guardians": (GuardianRow, "guardian_id"),
    "spot_hire": (SpotHireRow, "rate_id"),
}
