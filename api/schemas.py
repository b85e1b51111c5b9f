"""What the API says, as pydantic models (they make the OpenAPI document and its examples)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

T = TypeVar("T")
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="A record's id")]
"""A database id: anything else is a 422, not a query that overflows the database's integer."""
Clock = Annotated[dt.time, PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json")]
"""A time as people read it (07:51): plans keep seconds, a timetable does not need them."""


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="How many there are in all")
    offset: int
    limit: int


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SchoolOut(Out):
    id: int
    ref: str = Field(examples=["SCH01"])
    name: str = Field(examples=["Thomas Wolsey Ormiston Academy"])
    phase: str = Field(examples=["special"])
    postcode: str


class ChildOut(Out):
    id: int
    ref: str = Field(examples=["C0001"])
    first_name: str
    last_name: str
    school_id: int
    postcode: str
    travel_days: list[str]
    wheelchair: bool
    needs_pa: bool
    pa_skills: list[str]
    travel_alone: bool
    max_journey_minutes: int | None


class GuardianOut(Out):
    id: int
    ref: str
    first_name: str
    last_name: str
    phone: str
    sms_consent: bool
    primary_contact: bool
    share_contact: bool
    child_ids: list[int]


class VehicleOut(Out):
    id: int
    ref: str
    registration: str = Field(examples=["AB12 CDE"])
    kind: str
    operator: str
    layouts: list[str] = Field(examples=[["14+1", "16+0"]])
    days: list[str]


class Me(BaseModel):
    name: str
    role: str
    link_id: int | None = Field(description="The school, guardian, driver or PA this account belongs to")


class ImportOut(BaseModel):
    files: dict[str, str]
    counts: dict[str, dict[str, int]]
    report: str


class PlanRequest(BaseModel):
    starts_on: dt.date = Field(examples=["2026-09-07"], description="The Monday the plan starts")
    seconds: float | None = Field(None, gt=0, le=600, description="Optimiser time per part (default: the SOLVE_SECONDS setting)")
    previous: Id | None = Field(
        None, description="Plan whose vehicles and crews children keep where the cost allows (default: the published plan)"
    )
    fresh: bool = Field(False, description="Keep nobody's vehicle or crew")


class ReasonOut(BaseModel):
    code: str = Field(examples=["short_pa"], description="what stands in the way, for programs (see docs/planning.md)")
    text: str
    data: dict = Field(default_factory=dict, description="the figures behind the text: area, times, counts, skills")


class UnplacedOut(BaseModel):
    child_id: int
    first_name: str
    weekday: str
    session: str
    reasons: list[str]
    details: list[ReasonOut] = []


class SpotHireOut(BaseModel):
    """A run hired at the council's spot-hire rates for children its own fleet cannot take."""

    weekday: str
    session: str
    rate: str
    operator: str | None
    area: str
    kind: str
    pa_skills: list[str] | None = Field(description="the training the agency PA needs; null: no PA")
    leave_base: Clock
    return_base: Clock
    miles: float
    cost: float
    children: list[str] = Field(description="the council's child IDs, in pickup order")
    reasons: dict[str, list[ReasonOut]] = Field(description="child ID -> why the council's own fleet could not take them")


class PlanOut(BaseModel):
    id: int
    name: str
    starts_on: dt.date
    status: Literal["queued", "running", "draft", "failed", "published"]
    progress: float = Field(description="0 to 1")
    stage: str | None = Field(None, examples=["mon AM: part 3"])
    error: str | None = None
    created_at: dt.datetime
    published_at: dt.datetime | None = None
    summary: dict | None = None
    unplaced: list[UnplacedOut] = []
    spot_hires: list[SpotHireOut] = []


class PublishPreviewOut(BaseModel):
    """What publishing a draft would text: distinct people of each kind (one text each)."""

    plan_id: int
    against: int | None = Field(description="The plan in force that it replaces (none: the first publish)")
    journeys_changed: int = Field(description="Journeys whose vehicle, crew or times change, or that lose transport")
    journeys_texted: int
    journeys_shown_only: int = Field(description="Moves under RETIME_TEXT_MINUTES: on the pages, not texted")
    journeys_past: int = Field(description="Changes on days gone: never texted")
    week_over: bool = Field(description="Every day of the week has passed: publishing texts nobody")
    parents: int
    drivers: int
    pas: int
    schools: int
    texts: int


class StopOut(BaseModel):
    kind: Literal["pickup", "dropoff"]
    child_id: int
    first_name: str
    place: str
    planned: Clock
    absent: bool
    moved_in: bool


class RunOut(BaseModel):
    id: int
    date: dt.date
    session: str
    vehicle: str = Field(description="Registration")
    driver: str | None = Field(None, description="First name")
    pa: str | None = Field(None, description="First name")
    leaves_depot: Clock
    changes: list[str]
    stops: list[StopOut]


class ContactOut(BaseModel):
    """A number the council's contact rule lets the caller call, and how and when."""

    to: Literal["office", "parent", "school", "driver", "pa"]
    name: str = Field(description="Who answers, first names only: 'Transport office', 'Amina, Ibrahim's parent or carer'")
    phone: str = Field(description="E.164, for dialling")
    shown: str = Field(description="As people write it: 01632 960001")
    how: list[Literal["phone", "text", "in person"]]
    when: list[str] = Field(description="The rule's occasions: always, at handover, on a care-note instruction, ...")
    child_id: int | None = None


class ContactRuleOut(BaseModel):
    """One line of the council's rule of who may contact whom (CONTACT_RULES)."""

    model_config = ConfigDict(populate_by_name=True)

    caller: str = Field(serialization_alias="from", validation_alias="from")
    to: str
    how: list[str]
    when: list[str]
    without_pa: bool = Field(description="Only on a run with no PA on board")
    sentence: str = Field(description="The rule in plain English")


class SheetStop(StopOut):
    care_notes: str | None = Field(None, description="What the crew must know to keep this child safe; never sent by SMS")
    contacts: list[ContactOut] = Field(
        default_factory=list, description="This child's parents' numbers, where the contact rule lets the caller call them"
    )


class RunSheet(RunOut):
    # Narrows RunOut.stops (list is invariant); pydantic validates each stop as a SheetStop.
    stops: list[SheetStop]  # type: ignore[assignment]
    contacts: list[ContactOut] = Field(
        default_factory=list, description="The office (always) and whoever else the contact rule lets the caller call on this run"
    )


class ManifestChildOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # read from the domain's dataclasses, no copy

    child_id: int
    first_name: str
    last_name: str
    absent: bool


class ManifestRunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # read from the domain's dataclasses, no copy

    run_id: int
    session: str
    direction: Literal["arriving", "leaving"]
    vehicle: str
    driver: str | None
    pa: str | None
    planned: Clock = Field(description="When the vehicle is due at the school")
    changes: list[str]
    children: list[ManifestChildOut]


class NoTransportOut(BaseModel):
    """A journey a child is due to make and has no transport for (transport/day/without.py)."""

    model_config = ConfigDict(from_attributes=True)  # read from the domain's dataclasses, no copy

    child_id: int
    first_name: str
    last_name: str
    date: dt.date
    session: Literal["AM", "PM"]
    reason: Literal["not_placed", "spot_hire_pending", "no_plan", "not_in_plan"] = Field(
        description="not_placed: the plan could not place the child; spot_hire_pending: a vehicle is to be hired, not booked yet; "
        "no_plan: no plan is published for the week; not_in_plan: the plan in force has no journey for the child"
    )
    why: str = Field(
        description="The reason as a family or school may read it", examples=["Ivy could not be placed on a vehicle."]
    )
    call_name: str = Field(description="Who to call: the child's named officer, or the transport office")
    call_phone: str | None = Field(description="Their number (E.164)")
    text: str = Field(
        description="What the pages say",
        examples=[
            "No transport to school on Tuesday morning. Ivy could not be placed on a vehicle. Call Sam Officer on 01632 960001."
        ],
    )


class Manifest(BaseModel):
    school_id: int
    school: str
    date: dt.date
    runs: list[ManifestRunOut]
    no_transport: list[NoTransportOut] = Field(description="The school's pupils due to travel that day with no transport")


class OfficerOut(BaseModel):
    name: str
    phone: str
    email: str | None


class JourneyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # read from the domain's dataclasses, no copy

    session: str
    vehicle: str
    driver: str | None
    pa: str | None
    pickup: Clock
    dropoff: Clock
    absent: bool
    changes: list[str]


class Transport(BaseModel):
    child_id: int
    first_name: str
    date: dt.date
    journeys: list[JourneyOut]
    no_transport: list[NoTransportOut] = Field(description="The journeys due that day with no transport (none: all carried)")
    quiet: str | None = Field(
        description="With no journeys and none missing, why no transport is due that day",
        examples=["No transport on Saturday: there is no school at the weekend."],
    )
    officer: OfficerOut | None = Field(description="The named transport officer to contact")


class AbsenceIn(BaseModel):
    child_id: Id
    date: dt.date = Field(examples=["2026-09-08"])
    session: Literal["AM", "PM", "both"]
    end_date: dt.date | None = Field(None, description="Last day of a longer absence")
    pm_too: bool | None = Field(None, description="Does a morning absence cover the afternoon too? (default: the council's rule)")


class AbsenceOut(Out):
    id: int
    child_id: int
    date: dt.date
    session: str
    channel: str
    reported_by: str
    created_at: dt.datetime
    cancelled_at: dt.datetime | None


class MoveIn(BaseModel):
    child_id: Id
    to_run_id: Id
    starts_on: dt.date
    ends_on: dt.date | None = None
    pickup: dt.time | None = Field(None, description="New pickup time (default: as before)")
    dropoff: dt.time | None = None
    reason: str | None = None


class CrewIn(BaseModel):
    driver_id: Id | None = None
    pa_id: Id | None = None
    starts_on: dt.date
    ends_on: dt.date | None = None
    reason: str | None = None


class ChangeOut(Out):
    id: int
    kind: str
    run_id: int
    child_id: int | None
    to_run_id: int | None
    driver_id: int | None
    assistant_id: int | None
    starts_on: dt.date
    ends_on: dt.date | None


class MessageOut(Out):
    id: int
    channel: Literal["sms", "email"] = "sms"
    recipient_role: Literal["parent", "driver", "pa", "school", "office"]
    recipient_ref: str | None
    recipient_phone: str
    recipient_email: str | None = None
    subject: str | None = None
    child_id: int | None
    about_date: dt.date | None
    template: str
    body: str
    status: str = Field(description="queued, sending, sent, delivered, failed, undelivered or opted_out")
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None


class DelayIn(BaseModel):
    date: dt.date
    minutes: int = Field(ge=5, le=240, description="How late the vehicle is running")


class DelayOut(BaseModel):
    run_id: int
    told: int = Field(description="Texts queued: parents of the children still to travel, and the school")


class CoTraveller(BaseModel):
    first_name: str = Field(description="The other parent's first name")
    phone: str
    child_first_name: str


# The live day (transport/day/live.py): the crew's phone drives the run.


class RunStartIn(BaseModel):
    date: dt.date
    at: dt.datetime | None = Field(None, description="When it happened, by the phone's clock (none: now)")


class TapIn(BaseModel):
    child_id: Id
    outcome: Literal["picked_up", "set_down", "no_show"]
    at: dt.datetime = Field(description="When it happened, by the phone's clock (a tap queued offline keeps its time)")


class TapsIn(BaseModel):
    date: dt.date
    taps: list[TapIn] = Field(min_length=1, max_length=200)


class PositionIn(BaseModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    at: dt.datetime


class PositionsIn(BaseModel):
    date: dt.date
    positions: list[PositionIn] = Field(min_length=1, max_length=200, description="Oldest first; a phone offline sends its queue")


class LiveStopOut(BaseModel):
    child_id: int
    first_name: str
    kind: Literal["pickup", "dropoff"]
    planned: Clock
    absent: bool
    outcome: Literal["picked_up", "set_down", "no_show"] | None = Field(description="As tapped by the crew; null: not yet")
    done_at: dt.datetime | None
    expected: Clock | None = Field(description="When it is expected to begin, for a stop still to come on a run under way")
    late_minutes: int | None


class LiveOut(BaseModel):
    run_id: int
    date: dt.date
    session: Literal["AM", "PM"]
    vehicle: str
    status: Literal["not started", "on its way", "finished"]
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    heard_at: dt.datetime | None = Field(description="The crew's last tap or position")
    late_minutes: int = Field(description="How late its worst stop still to come is expected to be")
    told: int = Field(0, description="Texts this report queued (soon, late, no-show)")
    stops: list[LiveStopOut]


class BoardRunOut(BaseModel):
    run_id: int
    session: Literal["AM", "PM"]
    vehicle: str
    driver: str | None
    starts: Clock
    status: Literal["not started", "on its way", "finished"]
    late_minutes: int
    heard_at: dt.datetime | None
    not_started: bool = Field(description="Not started though it should have by the council's margin")
    lat: float | None
    lon: float | None


class LiveTextsIn(BaseModel):
    on: bool = Field(description='Texts on the day: "about 5 minutes away", and "running late" when it is')


class LiveTextsOut(BaseModel):
    on: bool


class OnTheWayOut(BaseModel):
    session: Literal["AM", "PM"]
    status: Literal["not started", "on its way", "finished"]
    kind: Literal["pickup", "dropoff"] = Field(
        description="The stop at home: the pickup in the morning, the set-down after school"
    )
    planned: Clock
    expected: Clock | None = Field(description="While the run is under way and the stop still to come")
    late_minutes: int | None
    outcome: Literal["picked_up", "set_down", "no_show"] | None
    done_at: dt.datetime | None


class SchoolRunNowOut(BaseModel):
    run_id: int
    status: Literal["not started", "on its way", "arrived", "left", "finished"]
    expected: Clock | None = Field(description="At the school, while the run is on its way")
    late_minutes: int | None
    done_at: dt.datetime | None = Field(description="When it arrived (morning) or left with the last pupil (afternoon)")
    on_board: list[str] = Field(description="First names of the school's pupils on board")
    not_there: list[str] = Field(description="First names of the school's pupils not at their pickup")


class UnavailableIn(BaseModel):
    """Exactly one of the three."""

    vehicle_id: Id | None = None
    driver_id: Id | None = None
    assistant_id: Id | None = None
    reason: str = Field("", max_length=500, examples=["broken down"])


class UnavailableOut(BaseModel):
    id: int
    date: dt.date
    what: str = Field(examples=["vehicle AB12 CDE"])
    reason: str
    made_by: str


class CoverChildOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    child_id: int
    first_name: str
    last_name: str
    session: Literal["AM", "PM"]
    was: str
    now: str
    how: Literal["vehicle", "hire", "none"]


class CoverOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    plan_id: int
    date: dt.date
    status: Literal["proposed", "cover"]
    swaps: list[str]
    off: list[str]
    children: list[CoverChildOut]
    cost: float


class CoverConfirmed(BaseModel):
    cover: CoverOut
    texts: int = Field(description="Texts and emails queued to the families, crews and schools it concerns")


class PlaceCostOut(BaseModel):
    child_id: int
    child_ref: str
    first_name: str
    last_name: str
    school: str
    journeys: int = Field(description="Journeys a week the plan carries the child")
    days: int = Field(description="School days a week they travel")
    place_per_week: float = Field(description="Pounds a week the plan saves without the child, their runs re-optimised")
    miles: float = Field(description="Road miles from home to school")
    allowance_per_week: float = Field(description="The council's mileage allowance for those days, pounds a week")
    ptb_per_week: float | None = Field(description="A personal travel budget, pounds a week (none: the council offers none)")
    cheaper: Literal["place", "allowance", "ptb"]
    saving_per_year: float = Field(description="What the cheaper option saves against the place, a school year (38 weeks)")


class CostingOut(BaseModel):
    plan_id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    error: str | None = None
    children: list[PlaceCostOut] = []
    place_per_week: float = Field(0.0, description="The places' costs added up")
    saving_per_year: float = Field(0.0, description="What the cheaper options would save a school year, added up")


class OfferIn(BaseModel):
    child_id: Id
    kind: Literal["allowance", "ptb"]
    starts_on: dt.date = Field(description="The first day the family takes the child; a day to come")
    pence_per_mile: int | None = Field(None, ge=0, le=500, description="An allowance's rate (default ALLOWANCE_PENCE_PER_MILE)")
    ptb_per_term: float | None = Field(None, ge=0, le=100_000, description="A PTB's amount a term (default PTB_PER_TERM)")


class OfferOut(BaseModel):
    id: int
    child_id: int
    first_name: str
    kind: Literal["allowance", "ptb"]
    starts_on: dt.date
    status: Literal["offered", "accepted", "declined", "withdrawn"]
    words: str = Field(description="The offer in plain English, as the family's page says it")
    per_day: float | None = Field(description="An allowance: the most a school day's trips pay, pounds")
    per_week: float
    pence_per_mile: int | None
    trips_per_day: int | None
    miles: float | None
    ptb_per_term: float | None
    place_per_week: float | None = Field(None, description="What the place cost when offered (planners only)")
    texts: int = Field(0, description="Texts queued by this answer (accepting tells the crews and the school)")


class ClaimFormDay(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    date: dt.date
    trips: int = Field(description="Pre-filled: the single trips the allowance pays that day")
    most: int
    why_not: str | None = Field(description="Why the day cannot be claimed; none: it can")
    amount: float


class ClaimDayIn(BaseModel):
    date: dt.date
    trips: int = Field(ge=0, le=20)


class ClaimIn(BaseModel):
    offer_id: Id
    week_of: dt.date = Field(description="The Monday of the week")
    days: list[ClaimDayIn] = Field(max_length=7)


class ClaimDayOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    date: dt.date
    trips: int
    miles: float
    amount: float


class ClaimOut(BaseModel):
    id: int
    offer_id: int
    child_id: int
    first_name: str
    week_of: dt.date
    status: Literal["submitted", "approved", "refused"]
    amount: float = Field(description="Pounds, worked out by the system: trips x miles x pence a mile")
    days: list[ClaimDayOut]
    refused_because: str | None


class DecisionIn(BaseModel):
    decision: Literal["approved", "refused"]
    reason: str = Field("", max_length=500, description="Why a claim is refused (needed then: the family reads it)")


class ClosureIn(BaseModel):
    school_id: Id | None = Field(None, description="None: every school")
    starts_on: dt.date
    ends_on: dt.date
    reason: str = Field(max_length=200)


class ClosureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    school_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    reason: str
