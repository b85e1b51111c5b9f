"""Configuration from the environment (or a .env file), with the embedded defaults."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import phonenumbers
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ContactRole = Literal["office", "parent", "school", "driver", "pa"]
"""Who a contact rule is about: the council's transport office (planners and named officers), a
parent or carer, the school office, a driver, a passenger assistant (PA)."""
ContactHow = Literal["phone", "text", "in person"]
ContactWhen = Literal["always", "at handover", "on a care-note instruction", "on the day of travel", "if both opted in"]


class ContactRule(BaseModel):
    """One line of the council's rule of who may contact whom, how and when (what the pages and
    the API show each person is worked out from these in transport/day/contacts.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    caller: ContactRole = Field(validation_alias=AliasChoices("from", "caller"), serialization_alias="from")
    to: ContactRole
    how: tuple[ContactHow, ...] = Field(min_length=1)
    when: tuple[ContactWhen, ...] = Field(min_length=1)
    without_pa: bool = False
    """Only on a run with no PA on board (a driver alone is the only adult to act on a care note)."""

    @model_validator(mode="after")
    def _makes_sense(self) -> ContactRule:
        pair = f"{self.caller} to {self.to}"
        opted = "if both opted in" in self.when
        if (self.caller, self.to) == ("parent", "parent") and self.when != ("if both opted in",):
            raise ValueError(
                'parent to parent must be exactly when: ["if both opted in"] (a parent\'s number is theirs to share)'
            )
        if opted and (self.caller, self.to) != ("parent", "parent"):
            raise ValueError(f'"if both opted in" is for parent to parent only, not {pair}')
        if self.caller == self.to and self.caller != "parent":
            raise ValueError(f"a rule from {self.caller} to {self.to} says nothing: a rule is between two different roles")
        on_run = {"at handover", "on a care-note instruction"} & set(self.when)
        if on_run and not (self.caller in ("driver", "pa") and self.to == "parent"):
            raise ValueError(f"{sorted(on_run)} is for a driver or PA to a parent only, not {pair}")
        if self.without_pa and self.caller != "driver":
            raise ValueError(f"without_pa is for the driver's rules only, not {pair}")
        return self


DEFAULT_CONTACT_RULES: tuple[ContactRule, ...] = tuple(
    ContactRule(caller=c, to=t, how=h, when=w, without_pa=alone)
    for c, t, h, w, alone in (
        # The office: every crew member and family can always reach it, and it can reach them.
        ("driver", "office", ("phone",), ("always",), False),
        ("pa", "office", ("phone",), ("always",), False),
        ("parent", "office", ("phone",), ("always",), False),
        ("school", "office", ("phone",), ("always",), False),
        ("office", "driver", ("phone", "text"), ("always",), False),
        ("office", "pa", ("phone", "text"), ("always",), False),
        ("office", "parent", ("phone", "text"), ("always",), False),
        ("office", "school", ("phone", "text"), ("always",), False),
        # The PA looks after the children: the family at the door, and whoever a care note names.
        ("pa", "parent", ("in person", "phone"), ("at handover", "on a care-note instruction"), False),
        # A driver with a PA on board keeps to driving (one voice to the family: the PA's); a driver
        # alone is the only adult there, so has the parents' numbers for the same reasons.
        ("driver", "parent", ("in person", "phone"), ("at handover", "on a care-note instruction"), True),
        ("pa", "school", ("phone",), ("on the day of travel",), False),
        ("driver", "school", ("phone",), ("on the day of travel",), False),
        ("parent", "parent", ("phone", "text"), ("if both opted in",), False),
    )
)
"""The defaults (README, "Who may contact whom"): anything not here is not allowed; parents do not
get a driver's or PA's number, and schools call the office, not the crew."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///var/transport.sqlite",
        description="SQLAlchemy URL; the embedded default is a SQLite file, "
        "a PostgreSQL URL (postgresql+psycopg://...) works unchanged.",
    )
    # Journey-time defaults (minutes) by school phase: the DfE 2014 guidance's best practice.
    max_journey_primary: int = 45
    max_journey_secondary: int = 75
    max_journey_special: int = 75
    max_journey_post16: int = 75
    default_boarding_minutes: int = 2
    wait_at_pickup_minutes: int = 3
    am_absence_cancels_pm: bool = True
    # A publish that only moves a child's or a run's times by less than this is shown on the
    # pages, not texted (a text for two minutes teaches people to ignore texts).
    retime_text_minutes: int = Field(5, ge=0)
    # Travel times: "straight_line" (embedded, offline), "osrm" or "valhalla" (a road engine
    # over HTTP at TRAVEL_ENGINE_URL; see the README's "Travel times").
    travel_engine: str = "straight_line"
    travel_engine_url: str = ""
    # The engine's vehicle profile: OSRM's profile name in the URL, Valhalla's costing.
    travel_profile: str = ""
    # Points per side of one matrix request: sources and targets are asked for in blocks this size
    # (OSRM's default --max-table-size is 100 points in all; Valhalla's max_matrix_location_pairs 2,500).
    travel_block: int = 50
    travel_requests_at_once: int = 2
    travel_timeout_seconds: float = 30.0
    travel_retries: int = 3
    # Matrices from a road engine are kept in the database by pairs of points; false asks every time.
    travel_cache: bool = True
    # Straight-line model: road miles per straight-line mile.
    road_factor: float = 1.25
    # Every drive takes this much longer in the session's traffic (1.0: as the model or engine says).
    am_peak_factor: float = 1.10
    pm_peak_factor: float = 1.05
    # Optimiser
    solve_seconds: float = 10.0
    # Pounds a re-plan may spend, per child and session, to keep a child's vehicle and PA.
    change_cost: float = 25.0
    # Pounds the council will pay to save an hour of children's time on board (summed over the
    # children: an hour for one child, or ten minutes for each of six). 0 plans for money alone.
    ride_cost_per_hour: float = Field(20.0, ge=0)
    # Pounds an hour more for each child's time on board past LONG_RIDE_MINUTES (counted from
    # boarding): long journeys cost more than their minutes, so the search shortens them first.
    long_ride_minutes: float = Field(60.0, gt=0)
    long_ride_cost_per_hour: float = Field(200.0, ge=0)
    # Where a child's journey starts for the journey limit and the summary: "boarding", from the
    # moment the child starts boarding (a wheelchair takes minutes, and the child is on board
    # during it), or "departure", from when the vehicle leaves the pickup.
    ride_from: Literal["boarding", "departure"] = "boarding"
    # Planning jobs: empty runs them in the service's own process; redis://... or amqp://...
    # sends them to Dramatiq workers (see transport/jobs/queue.py).
    job_broker_url: str = ""
    # The queue's name on the broker: councils (or test runs) sharing a broker each use their own.
    job_queue: str = "planning"
    # The council's time zone: when a run starts, what "today" is.
    timezone: str = "Europe/London"
    # Texts: the local gateway (a log file, nothing sent) unless a Twilio account is set.
    sms_log: str = "var/sms.log"
    # `transport serve` sends the outbox itself; false when dispatchers run on their own
    # (`transport notify run`, as many as wanted on PostgreSQL).
    sms_dispatch_in_service: bool = True
    # Most texts a dispatcher hands to the gateway each second (0: as fast as it answers). Twilio
    # queues at most 10 hours of a sender's messages: set this to the sender's rate (e.g. 1 for a
    # UK long code). Same-day texts (absences, delays, crew changes) still go first.
    sms_rate_per_second: float = Field(0.0, ge=0)
    # When drivers and PAs are texted the next school day's run sheet (the council's clock).
    run_sheet_time: str = "18:00"
    # The live day (transport/day/live.py): a parent who opted in is texted when the vehicle is
    # this many minutes away, and when it runs this many minutes late (again at each such step
    # later, not a stream). Positions are kept this many days past their own (0: today's only).
    soon_minutes: int = Field(5, ge=1)
    late_threshold_minutes: int = Field(10, ge=1)
    positions_kept_days: int = Field(0, ge=0)
    # The planner's board flags a run not started this many minutes after it should have.
    not_started_minutes: int = Field(10, ge=1)
    # A family's own journeys (transport/budgets/allowance.py, for the sources): pence a mile, the
    # single trips a school day paid for, and a personal travel budget a term in pounds (none: not offered).
    allowance_pence_per_mile: int = Field(45, ge=0)
    allowance_trips_per_day: int = Field(4, ge=1)
    ptb_per_term: float | None = Field(None, ge=0)
    # Seconds the optimiser takes to re-solve each run without one of its children, costing a place.
    place_cost_seconds: float = Field(0.02, gt=0, le=60)
    # Whose bank holidays close the schools (the holidays package's UK subdivisions).
    bank_holidays: Literal["ENG", "WLS", "SCT", "NIR"] = "ENG"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_base_url: str = ""
    sms_status_callback_url: str = ""
    # The public address Twilio posts to (https://transport.council.gov.uk), for checking signatures
    # behind a proxy; empty: the address the request arrived at.
    sms_webhook_base_url: str = ""
    # Web pages: the key that signs the sign-in cookie. Empty: a new random key each start (everyone
    # is signed out when the service restarts, and several processes cannot share sign-ins).
    # SESSION_SECRET, its earlier name, is still read.
    cookie_secret: str = Field("", validation_alias=AliasChoices("COOKIE_SECRET", "SESSION_SECRET"))
    # Send the sign-in cookie over HTTPS only (set true behind the council's TLS).
    cookie_secure: bool = Field(False, validation_alias=AliasChoices("COOKIE_SECURE", "SESSION_COOKIE_SECURE"))
    # The OpenAPI document (/openapi.json) and its pages (/docs, /redoc): on for development; a
    # council turns them off in production with API_DOCS=false (the API works the same).
    api_docs: bool = True
    # Uploads (POST /imports): the most a request's files may be, in megabytes.
    upload_max_mb: float = 20.0
    # Send Strict-Transport-Security on every answer, for a TLS proxy in front that does not pass
    # on the scheme (an answer to a request that came over HTTPS has it anyway).
    hsts: bool = False
    # Failed sign-ins and bad bearer tokens from one address before it is locked out for a while.
    sign_in_attempts: int = 10
    sign_in_lockout_minutes: int = 15
    # Sign-in by a one-time code (texted to a parent's, driver's or PA's number; emailed to a school):
    # how long a code works, wrong codes before the number is locked out, and for how long.
    sign_in_code_minutes: int = Field(10, ge=1)
    sign_in_code_attempts: int = Field(5, ge=1)
    sign_in_code_lockout_minutes: int = Field(15, ge=1)
    # New codes to one number or address: at most one each SIGN_IN_CODE_EVERY_SECONDS, and at most
    # SIGN_IN_CODES_PER_HOUR an hour (a person who lost a text asks again; a flood of texts is refused).
    sign_in_code_every_seconds: int = Field(60, ge=0)
    sign_in_codes_per_hour: int = Field(5, ge=1)
    # The council's name as the sign-in code's text and email say it ("... for Suffolk school
    # transport"); empty: "... for school transport".
    council_name: str = ""
    # Email (sign-in codes to schools, schools' digests): SMTP when SMTP_HOST is set, else each
    # email is written to EMAIL_LOG (one JSON line each) and nothing is sent.
    email_log: str = "var/email.log"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    # STARTTLS before signing in to the SMTP server (false only for a server on this machine).
    starttls: bool = Field(True, validation_alias=AliasChoices("STARTTLS", "SMTP_STARTTLS"))
    # Geocoding: any geocoder geopy knows by name (nominatim, photon, arcgis, ...), at its domain.
    geocoder: str = "nominatim"
    # Extra keyword arguments for the geocoder, as JSON (e.g. {"api_key": "..."}).
    geocoder_options: dict = {}
    geocoder_user_agent: str = "send-transport (council transport planning)"
    geocoder_domain: str = "nominatim.openstreetmap.org"
    geocoder_scheme: str = "https"
    geocoder_timeout_seconds: float = 10.0
    # Nominatim's usage policy: at most one request a second.
    geocoder_min_delay_seconds: float = 1.0

    # Who may contact whom (README, "Who may contact whom"): the whole table, as JSON, replaces the
    # defaults, e.g. CONTACT_RULES='[{"from": "driver", "to": "office", "how": ["phone"], "when": ["always"]}, ...]'.
    contact_rules: tuple[ContactRule, ...] = DEFAULT_CONTACT_RULES
    # The transport office's number, shown to every role and on every run sheet; empty: the named
    # officers of the children concerned are shown as the office instead.
    transport_office_phone: str = ""

    @field_validator("contact_rules")
    @classmethod
    def _whole_table(cls, rules: tuple[ContactRule, ...]) -> tuple[ContactRule, ...]:
        pairs = [(r.caller, r.to) for r in rules]
        twice = sorted({f"{a} to {b}" for a, b in pairs if pairs.count((a, b)) > 1})
        if twice:
            raise ValueError(f"each pair may have one rule; given twice: {', '.join(twice)}")
        # The office always: a crew or a family nobody can reach is the complaint this rule answers.
        for caller in ("driver", "pa", "parent", "school"):
            if not any(r.caller == caller and r.to == "office" and "always" in r.when for r in rules):
                raise ValueError(f"{caller} to office must be allowed always (everyone can always reach the transport office)")
        return rules

    @field_validator("transport_office_phone")
    @classmethod
    def _office_phone(cls, value: str) -> str:
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, "GB")
        except phonenumbers.NumberParseException:
            raise ValueError(f"{value!r} is not a phone number") from None
        if not phonenumbers.is_possible_number(number):
            raise ValueError(f"{value!r} is not a phone number")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def peak_factor(self, session: str) -> float:
        """How much longer drives take in this session (AM or PM) than the model or engine says."""
        return self.am_peak_factor if session == "AM" else self.pm_peak_factor


@lru_cache
def get_settings() -> Settings:
    return Settings()
