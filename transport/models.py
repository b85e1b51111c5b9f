"""The data model (SQLAlchemy 2.x, typed). Names follow the domain words in DESIGN.md.

Every council-owned record carries `ref`, the council's own ID, which imports match on.
Clock times (bells, planned stop times) are `datetime.time`; weekdays are `mon`..`fri`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    relationship,
    selectinload,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SESSIONS = ("AM", "PM")

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Officer(Base):
    """A named council transport officer: the person a family contacts."""

    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))


class School(Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(20))
    """The school office's mobile for transport texts (absences, arrivals that change)."""
    email: Mapped[str | None] = mapped_column(String(200))
    """The school office's email: sign-in codes (and digests) go here before the phone."""
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    arrival_window_minutes: Mapped[int] = mapped_column(Integer, default=15)
    pickup_window_minutes: Mapped[int] = mapped_column(Integer, default=15)
    max_journey_minutes: Mapped[int | None] = mapped_column(Integer)

    bells: Mapped[list[SchoolBell]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="SchoolBell.weekday"
    )
    children: Mapped[list[Child]] = relationship(back_populates="school")

    def bell(self, weekday: str) -> SchoolBell | None:
        return next((b for b in self.bells if b.weekday == weekday), None)


class SchoolBell(Base):
    """A school's morning (start) and afternoon (end) bell on one weekday."""

    __tablename__ = "school_bells"
    __table_args__ = (UniqueConstraint("school_id", "weekday"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    weekday: Mapped[str] = mapped_column(String(3))
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)
    school: Mapped[School] = relationship(back_populates="bells")


child_avoid = Table(
    "child_avoid",
    Base.metadata,
    Column("child_id", ForeignKey("children.id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", ForeignKey("children.id", ondelete="CASCADE"), primary_key=True),
)

guardianship = Table(
    "guardianships",
    Base.metadata,
    Column("guardian_id", ForeignKey("guardians.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("children.id", ondelete="CASCADE"), primary_key=True),
)


class Child(Base):
    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(10))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    travel_days: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(WEEKDAYS))
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_pa: Mapped[bool] = mapped_column(Boolean, default=False)
    pa_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    travel_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    boarding_minutes: Mapped[int] = mapped_column(Integer, default=2)
    max_journey_minutes: Mapped[int | None] = mapped_column(Integer)
    sibling_group: Mapped[str | None] = mapped_column(String(64))
    care_notes: Mapped[str | None] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))

    school: Mapped[School] = relationship(back_populates="children")
    officer: Mapped[Officer | None] = relationship()
    addresses: Mapped[list[ChildAddress]] = relationship(back_populates="child", cascade="all, delete-orphan")
    avoid: Mapped[list[Child]] = relationship(
        secondary=child_avoid,
        primaryjoin=lambda: Child.id == child_avoid.c.child_id,
        secondaryjoin=lambda: Child.id == child_avoid.c.other_id,
    )
    guardians: Mapped[list[Guardian]] = relationship(secondary=guardianship, back_populates="children")


class ChildAddress(Base):
    """Where a child is picked up or set down on one weekday instead of home."""

    __tablename__ = "child_addresses"
    __table_args__ = (UniqueConstraint("child_id", "weekday", "session"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    weekday: Mapped[str] = mapped_column(String(3))
    session: Mapped[str] = mapped_column(String(4), default="both")
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(10))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    child: Mapped[Child] = relationship(back_populates="addresses")


class Guardian(Base):
    __tablename__ = "guardians"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=True)
    primary_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    share_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    live_texts: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Opted in to "about 5 minutes away" and "running late" texts on the day."""
    children: Mapped[list[Child]] = relationship(secondary=guardianship, back_populates="guardians")


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))


class FleetVehicle(Base):
    __tablename__ = "vehicles"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    registration: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    depot_address: Mapped[str] = mapped_column(String(300))
    depot_postcode: Mapped[str] = mapped_column(String(10))
    depot_lat: Mapped[float] = mapped_column(Float)
    depot_lon: Mapped[float] = mapped_column(Float)
    fixed_cost: Mapped[float] = mapped_column(Float)
    cost_per_mile: Mapped[float] = mapped_column(Float)
    available_from: Mapped[dt.time] = mapped_column(Time, default=dt.time(6, 30))
    available_to: Mapped[dt.time] = mapped_column(Time, default=dt.time(18, 30))
    days: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(WEEKDAYS))

    operator: Mapped[Operator] = relationship()
    layouts: Mapped[list[VehicleLayout]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="VehicleLayout.id"
    )
    drivers: Mapped[list[Driver]] = relationship(back_populates="vehicle")


class VehicleLayout(Base):
    """One seating arrangement of a vehicle, e.g. 14 seats and 1 wheelchair space."""

    __tablename__ = "vehicle_layouts"
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    seats: Mapped[int] = mapped_column(Integer)
    wheelchairs: Mapped[int] = mapped_column(Integer, default=0)
    vehicle: Mapped[FleetVehicle] = relationship(back_populates="layouts")

    @property
    def name(self) -> str:
        return f"{self.seats}+{self.wheelchairs}"


class Driver(Base):
    __tablename__ = "drivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    dbs_expiry: Mapped[dt.date] = mapped_column(Date)
    vehicle: Mapped[FleetVehicle | None] = relationship(back_populates="drivers")
    operator: Mapped[Operator] = relationship()


class PassengerAssistant(Base):
    """A passenger assistant (PA)."""

    __tablename__ = "assistants"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    employer: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    dbs_expiry: Mapped[dt.date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(10))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    cost_per_run: Mapped[float] = mapped_column(Float, default=25.0)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))

    skills: Mapped[list[AssistantSkill]] = relationship(
        back_populates="assistant", cascade="all, delete-orphan", order_by="AssistantSkill.skill"
    )
    vehicle: Mapped[FleetVehicle | None] = relationship()

    def skills_on(self, day: dt.date) -> frozenset[str]:
        """Skills whose training is still in date on `day`."""
        return frozenset(s.skill for s in self.skills if s.expires >= day)


class AssistantSkill(Base):
    __tablename__ = "assistant_skills"
    __table_args__ = (UniqueConstraint("assistant_id", "skill"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    skill: Mapped[str] = mapped_column(String(50))
    expires: Mapped[dt.date] = mapped_column(Date)
    assistant: Mapped[PassengerAssistant] = relationship(back_populates="skills")


class Plan(Base):
    """A week's pattern of AM and PM runs; draft until a planner publishes it. A day's cover for
    a disruption is a plan too (status proposed, then cover once confirmed; starts_on its date):
    the runs and hires that take the children whose vehicle or crew cannot work that day."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    summary: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(200))
    """What planning is doing now, for a planner watching its progress."""
    params: Mapped[dict | None] = mapped_column(JSON)
    """How planning was asked for (seconds, previous plan), so a queued job can be run again."""

    runs: Mapped[list[PlanRun]] = relationship(back_populates="plan", cascade="all, delete-orphan", order_by="PlanRun.id")
    unplaced: Mapped[list[PlanUnplaced]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanUnplaced.id"
    )
    spot_hires: Mapped[list[SpotHire]] = relationship(back_populates="plan", cascade="all, delete-orphan", order_by="SpotHire.id")


class PlanRun(Base):
    """One vehicle's AM or PM route on a weekday, with its crew."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_plan_id_weekday", "plan_id", "weekday"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[str] = mapped_column(String(3))
    session: Mapped[str] = mapped_column(String(2))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    layout: Mapped[str] = mapped_column(String(20))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    assistant_id: Mapped[int | None] = mapped_column(ForeignKey("assistants.id"), index=True)
    leave_depot: Mapped[dt.time] = mapped_column(Time)
    return_depot: Mapped[dt.time] = mapped_column(Time)
    miles: Mapped[float] = mapped_column(Float)
    cost: Mapped[float] = mapped_column(Float)

    plan: Mapped[Plan] = relationship(back_populates="runs")
    vehicle: Mapped[FleetVehicle] = relationship()
    driver: Mapped[Driver | None] = relationship()
    assistant: Mapped[PassengerAssistant | None] = relationship()
    stops: Mapped[list[PlanStop]] = relationship(back_populates="run", cascade="all, delete-orphan", order_by="PlanStop.seq")


class PlanStop(Base):
    """A child boarding (pickup) or leaving (dropoff) the vehicle, in run order."""

    __tablename__ = "stops"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    place: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    arrival: Mapped[dt.time] = mapped_column(Time)
    planned: Mapped[dt.time] = mapped_column(Time)
    """When boarding or setting down begins."""

    run: Mapped[PlanRun] = relationship(back_populates="stops")
    child: Mapped[Child] = relationship()


class PlanUnplaced(Base):
    """A child the plan could not place on a weekday's session, and why."""

    __tablename__ = "unplaced"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"))
    weekday: Mapped[str] = mapped_column(String(3))
    session: Mapped[str] = mapped_column(String(2))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    details: Mapped[list[dict] | None] = mapped_column(JSON)
    """The reasons for programs: each {code, text, data} (the figures behind the text)."""
    plan: Mapped[Plan] = relationship(back_populates="unplaced")
    child: Mapped[Child] = relationship()


class SpotHireRate(Base):
    """What an operator (or agency) charges for a vehicle the council does not have on contract,
    hired for a run when its own fleet cannot carry a child; optionally with an agency PA."""

    __tablename__ = "spot_hire_rates"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    area: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer)
    wheelchairs: Mapped[int] = mapped_column(Integer, default=0)
    base_address: Mapped[str] = mapped_column(String(300))
    base_postcode: Mapped[str] = mapped_column(String(10))
    base_lat: Mapped[float] = mapped_column(Float)
    base_lon: Mapped[float] = mapped_column(Float)
    fixed_cost: Mapped[float] = mapped_column(Float)
    cost_per_mile: Mapped[float] = mapped_column(Float)
    pa_cost_per_run: Mapped[float | None] = mapped_column(Float)
    """An agency PA's rate per run; None: this operator brings no PA."""
    pa_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    available_from: Mapped[dt.time] = mapped_column(Time, default=dt.time(6, 30))
    available_to: Mapped[dt.time] = mapped_column(Time, default=dt.time(18, 30))
    operator: Mapped[Operator | None] = relationship()


class SpotHire(Base):
    """One spot-hired run of a plan: what to procure, when, for which children, at about what cost."""

    __tablename__ = "spot_hires"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    rate_id: Mapped[int] = mapped_column(ForeignKey("spot_hire_rates.id"))
    weekday: Mapped[str] = mapped_column(String(3))
    session: Mapped[str] = mapped_column(String(2))
    pa_skills: Mapped[list[str] | None] = mapped_column(JSON)
    """The skills the agency PA must hold; None: no PA on this run."""
    leave_base: Mapped[dt.time] = mapped_column(Time)
    return_base: Mapped[dt.time] = mapped_column(Time)
    miles: Mapped[float] = mapped_column(Float)
    cost: Mapped[float] = mapped_column(Float)
    stops: Mapped[list[dict]] = mapped_column(JSON)
    """In order: {child (the council's ID), kind (pickup, dropoff), planned (HH:MM), place}."""
    reasons: Mapped[dict[str, list[dict]]] = mapped_column(JSON)
    """Child (the council's ID) -> why the council's own fleet could not take them ({code, text, data})."""
    plan: Mapped[Plan] = relationship(back_populates="spot_hires")
    rate: Mapped[SpotHireRate] = relationship()


class Absence(Base):
    __tablename__ = "absences"
    # One open report per child, date and session: a repeated report finds it instead of adding another.
    __table_args__ = (
        Index(
            "uq_absences_open",
            "child_id",
            "date",
            "session",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    session: Mapped[str] = mapped_column(String(4))
    """AM, PM or both."""
    channel: Mapped[str] = mapped_column(String(10))
    """web, sms or phone."""
    reported_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    child: Mapped[Child] = relationship()


class Message(Base):
    """One text (SMS) or email in the outbox."""

    __tablename__ = "messages"
    __table_args__ = (
        # Each status's texts in the order a dispatcher claims them. With next_attempt_at in
        # place of id, every claim sorted the whole outbox (37 ms on PostgreSQL behind a
        # publish's 50,000 notices).
        Index("ix_messages_claim", "status", "priority", "id"),
        Index("ix_messages_recipient", "recipient_role", "recipient_ref"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(5), default="sms", server_default="sms")
    """sms (to recipient_phone) or email (to recipient_email, with a subject)."""
    recipient_phone: Mapped[str] = mapped_column(String(20))
    recipient_email: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(200))
    recipient_role: Mapped[str] = mapped_column(String(10))
    """parent, driver, pa, school or office (the transport office, told of a no-show)."""
    recipient_ref: Mapped[str | None] = mapped_column(String(64))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"), index=True)
    about_date: Mapped[dt.date | None] = mapped_column(Date)
    template: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """0: same-day operations (absences, delays, crew changes), sent first; 1: everything else."""
    provider_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class User(Base):
    """An account: a planner, or a school, parent, driver or PA linked to their record."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    link_ref: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    """Disabled: its token and sign-ins open nothing until it is enabled again."""
    last_signed_in: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class TravelPoint(Base):
    """A place a road engine has been asked about, to the metre (lat and lon in 1e-5 degrees)."""

    __tablename__ = "travel_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    lat_e5: Mapped[int] = mapped_column(Integer)
    lon_e5: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("lat_e5", "lon_e5"),)


class TravelTime(Base):
    """A road engine's answer for one pair of places, so a re-plan does not ask again."""

    __tablename__ = "travel_times"
    engine: Mapped[str] = mapped_column(String(80), primary_key=True)
    """Which engine and profile answered (e.g. "Valhalla engine:auto")."""
    from_point: Mapped[int] = mapped_column(ForeignKey("travel_points.id"), primary_key=True)
    to_point: Mapped[int] = mapped_column(ForeignKey("travel_points.id"), primary_key=True)
    seconds: Mapped[float] = mapped_column(Float)
    metres: Mapped[float] = mapped_column(Float)


class GeocodeCache(Base):
    """Geocoder answers, so an address is looked up once."""

    __tablename__ = "geocode_cache"
    query: Mapped[str] = mapped_column(String(400), primary_key=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    """Both empty: the geocoder found nothing (cached too, so a bad row does not hammer it)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Change(Base):
    """A planner's change to the published runs from one date (to another, or open-ended):
    a child moved to another run, or a run's driver or PA replaced."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    """move (a child to another run), crew (a run's driver or PA), and a day's disruption's: cover
    (a child off their run onto one of the day's cover plan, or onto none: to_run_id empty) and
    off (the run does not go)."""
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id"))
    to_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    pickup: Mapped[dt.time | None] = mapped_column(Time)
    dropoff: Mapped[dt.time | None] = mapped_column(Time)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"))
    assistant_id: Mapped[int | None] = mapped_column(ForeignKey("assistants.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CareNoteRead(Base):
    """A crew member read a child's care notes on a run sheet: who, which child, when."""

    __tablename__ = "care_note_reads"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SignIn(Base):
    """A browser signed in, kept on the server: the cookie carries a random key whose SHA-256 is
    the id here, and signing out deletes the row, so a copied cookie opens nothing afterwards."""

    __tablename__ = "sign_ins"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FailedSignIn(Base):
    """A wrong sign-in key or bearer token, by the address it came from: too many lock it out.
    In the database, not in memory, so every process of the service counts the same tries."""

    __tablename__ = "failed_sign_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class SignInCode(Base):
    """A one-time sign-in code sent to a number or an email address the council holds: only its
    SHA-256 is kept; it works once, until `expires_at`, and too many wrong tries lock it out."""

    __tablename__ = "sign_in_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(200), index=True)
    """Where the code went: an E.164 number or a lower-cased email address."""
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    wrong_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class InboundText(Base):
    """A text Twilio delivered to us, by its MessageSid: one that comes again is acted on once."""

    __tablename__ = "inbound_texts"
    message_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RunDay(Base):
    """A run as it really went on a date: started, finished, and when its crew was last heard from."""

    __tablename__ = "run_days"
    __table_args__ = (UniqueConstraint("run_id", "date", name="run_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    heard_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    """The crew's last tap or position (council wall-clock time, as run times are)."""
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    """The vehicle's last known position (deleted with the day's positions)."""


class StopEvent(Base):
    """A crew's tap at a stop: picked up, set down, or not at the pickup (no show), at the
    phone's own time (a tap queued on a poor signal arrives later than it happened)."""

    __tablename__ = "stop_events"
    __table_args__ = (UniqueConstraint("run_id", "date", "child_id", "kind", name="stop_event"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    """pickup or dropoff: which of the child's stops."""
    outcome: Mapped[str] = mapped_column(String(12))
    """picked_up, set_down or no_show"""
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(200))


class Position(Base):
    """Where a started run's vehicle was, from the crew's phone: kept for the day only (a setting)."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class Unavailable(Base):
    """A vehicle, driver or PA who cannot work on a date (a breakdown, sickness): the day's cover
    re-plans the runs they were on (transport/planning/disruption.py). Exactly one of the three is set."""

    __tablename__ = "unavailable"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id", ondelete="CASCADE"))
    assistant_id: Mapped[int | None] = mapped_column(ForeignKey("assistants.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    vehicle: Mapped[FleetVehicle | None] = relationship()
    driver: Mapped[Driver | None] = relationship()
    assistant: Mapped[PassengerAssistant | None] = relationship()


class StopTime(Base):
    """A stop's time on a date moved by the day's absences (a run that skips a pickup goes later
    to those before it in the morning, earlier to those after it in the afternoon), and the time
    the family was last told, so that each move past the council's threshold is told once."""

    __tablename__ = "stop_times"
    __table_args__ = (UniqueConstraint("run_id", "date", "child_id", "kind", name="stop_time"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    planned: Mapped[dt.time] = mapped_column(Time)
    told: Mapped[dt.time | None] = mapped_column(Time)
    """The time last texted to the family (None: the plan's, as their run sheet and pages said)."""


class Costing(Base):
    """Working out what each child's place on a plan costs (transport/budgets/costs.py): a job of
    its own after planning, as it re-optimises every run once for each child on it."""

    __tablename__ = "costings"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    """queued, running, done or failed"""
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    costs: Mapped[list[PlaceCostRow]] = relationship(cascade="all, delete-orphan", order_by="PlaceCostRow.id")


class PlaceCostRow(Base):
    """One child's place on a plan, in pounds a week, against the council's allowance for them."""

    __tablename__ = "place_costs"
    __table_args__ = (UniqueConstraint("plan_id", "child_id", name="place_cost"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("costings.plan_id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    journeys: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    place_per_week: Mapped[float] = mapped_column(Float)
    miles: Mapped[float] = mapped_column(Float)
    allowance_per_week: Mapped[float] = mapped_column(Float)
    ptb_per_week: Mapped[float | None] = mapped_column(Float)
    child: Mapped[Child] = relationship()


class Offer(Base):
    """A family offered a mileage allowance or a personal travel budget (PTB) instead of a place:
    accepted, the child leaves the routing from `starts_on` (the day's runs and later plans)."""

    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    """allowance (pence a mile, claimed week by week) or ptb (an amount a term)"""
    starts_on: Mapped[dt.date] = mapped_column(Date)
    pence_per_mile: Mapped[int | None] = mapped_column(Integer)
    trips_per_day: Mapped[int | None] = mapped_column(Integer)
    miles: Mapped[float | None] = mapped_column(Float)
    """Road miles from home to school, each single trip (an allowance)."""
    ptb_per_term: Mapped[float | None] = mapped_column(Float)
    place_per_week: Mapped[float | None] = mapped_column(Float)
    """What the child's place cost when offered, for the planner's record."""
    status: Mapped[str] = mapped_column(String(10), default="offered")
    """offered, accepted, declined or withdrawn"""
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    answered_by: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    child: Mapped[Child] = relationship()


class Closure(Base):
    """Days a school is closed (an INSET day, a holiday): no journey to claim for. No school: every school."""

    __tablename__ = "closures"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    school: Mapped[School | None] = relationship()


class Claim(Base):
    """A week's journeys a family on a mileage allowance claims for; the amount is the system's."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("offer_id", "week_of", name="claim_week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    week_of: Mapped[dt.date] = mapped_column(Date)
    """The Monday of the week claimed."""
    amount: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default="submitted")
    """submitted, approved or refused"""
    made_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    refused_because: Mapped[str | None] = mapped_column(Text)
    offer: Mapped[Offer] = relationship()
    days: Mapped[list[ClaimDay]] = relationship(cascade="all, delete-orphan", order_by="ClaimDay.date")


class ClaimDay(Base):
    __tablename__ = "claim_days"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    trips: Mapped[int] = mapped_column(Integer)
    miles: Mapped[float] = mapped_column(Float)
    amount: Mapped[float] = mapped_column(Float)


def run_whole() -> tuple:
    """Loader options for runs read whole: stops with their children, the vehicle, driver and PA
    (a query for each, not one for every run)."""
    return (
        selectinload(PlanRun.stops).selectinload(PlanStop.child),
        selectinload(PlanRun.vehicle),
        selectinload(PlanRun.driver),
        selectinload(PlanRun.assistant),
    )


class RecordsVersion(Base):
    """Counts that writes move on, in the writer's own transaction, in whichever process (row 1:
    the records the day's runs show; 2: what picks a day's runs; 3: the accounts): what a service
    keeps between requests is read again when one has moved (transport/versions.py)."""

    __tablename__ = "records_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
