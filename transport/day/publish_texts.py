"""What a publish tells, and to whom: at most one text a person, about what changes for them.

Made from the comparison of the new plan with the one it replaces (`day/compare.py`): a parent
gets one text for all their children's changes (and plainly, with the officer to call, a child
left with no transport); a driver or PA one text for their week's runs that change; a school one
digest. Nothing about a day gone, and nothing for a move of fewer than RETIME_TEXT_MINUTES (the
pages show it). The confirmation page, the API's preview and the publish itself all count from
`what_publishing_tells`, so the numbers a planner confirms are the texts queued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import first_on, seconds
from transport.day.compare import Comparison, RunKey, Trip, TripChange, compare, shape
from transport.day.journey_times import apart, time_at_school
from transport.day.today import plan_for, school_side
from transport.notify import templates
from transport.notify.sms import first_fitting
from transport.phones import for_people

TOLD = ("parent", "driver", "pa", "school")
"""Whom a publish tells (the transport office is told of the live day's no-shows, never of a publish)."""


@dataclass(frozen=True)
class Text:
    """One text a publish will queue."""

    role: str
    ref: str
    to: str | None
    template: str
    body: str
    key: str
    about: dt.date
    child_id: int | None = None
    consent: bool = True
    email: str | None = None
    """An email to this address instead of a text (a school with an address on record)."""
    subject: str | None = None


@dataclass
class Publication:
    """What publishing a plan tells: the texts, and the journeys behind them."""

    against: m.Plan | None
    diff: Comparison
    texts: list[Text] = field(default_factory=list)
    told: list[TripChange] = field(default_factory=list)
    """Journeys that change and are texted."""
    shown_only: list[TripChange] = field(default_factory=list)
    """Moves of fewer than RETIME_TEXT_MINUTES: on the pages, not texted."""
    past: list[TripChange] = field(default_factory=list)
    """Changes on days gone: never texted."""
    over: bool = False
    """Every day of the plan's week has passed: nobody is texted."""

    def people(self) -> dict[str, int]:
        """Distinct people told, by role (each is one text)."""
        return {role: len({t.ref for t in self.texts if t.role == role}) for role in TOLD}

    @property
    def journeys(self) -> int:
        """Journeys that change, texted or not."""
        return len(self.diff.trips)


def what_publishing_tells(db: Session, plan: m.Plan, today: dt.date, retime_minutes: int) -> Publication:
    """Against the plan in force for the plan's week (what families and crews have had until now)."""
    return tell(db, plan, plan_for(db, plan.starts_on), today, retime_minutes)


def tell(db: Session, plan: m.Plan, before: m.Plan | None, today: dt.date, retime_minutes: int) -> Publication:
    """Each change sorted: on a day gone, a few minutes only, or told; then the texts."""
    diff = compare(db, plan, before)
    out = Publication(before, diff)
    on = _dates(plan.starts_on)
    out.over = max(on.values()) < today
    small = dt.timedelta(minutes=retime_minutes)
    for c in diff.trips:
        if on[c.weekday] < today:
            out.past.append(c)
        elif c.after is None and not c.stranded:
            continue  # no longer travels then: the records changed, and the office told the family
        elif c.before is not None and c.after is not None and _only_retimed(c.before, c.after, small):
            out.shown_only.append(c)
        else:
            out.told.append(c)
    children = {c.id: c for c in _children(db, {c.child_id for c in out.told})}
    out.texts += _to_parents(plan, out.told, children, on)
    out.texts += _to_crews(plan, diff, on, today, small)
    out.texts += _to_schools(plan, out.told, children, diff.new_runs, on, small)
    return out


def _dates(starts_on: dt.date) -> dict[str, dt.date]:
    return {d: first_on(starts_on, d) for d in m.WEEKDAYS}


def _only_retimed(before: Trip, after: Trip, small: dt.timedelta) -> bool:
    same = (before.vehicle, before.driver, before.pa) == (after.vehicle, after.driver, after.pa)
    return same and before.times.moved_by(after.times) < small


def _children(db: Session, ids: Iterable[int]) -> list[m.Child]:
    return [db.get_one(m.Child, i) for i in sorted(ids)]


# Parents: one text for all their children.


def _to_parents(plan: m.Plan, told: list[TripChange], children: dict[int, m.Child], on: dict[str, dt.date]) -> list[Text]:
    by_child: dict[int, list[TripChange]] = {}
    for c in told:
        by_child.setdefault(c.child_id, []).append(c)
    families: dict[int, tuple[m.Guardian, list[m.Child]]] = {}
    for child_id in by_child:
        for g in children[child_id].guardians:
            families.setdefault(g.id, (g, []))[1].append(children[child_id])
    out = []
    for g, kids in families.values():
        kids.sort(key=lambda k: k.id)
        changes = [c for k in kids for c in by_child[k.id]]
        stranded = any(c.stranded for c in changes)
        out.append(
            Text(
                "parent",
                g.ref,
                g.phone,
                "no_transport" if stranded else "change_parent",
                _family_text(kids, by_child, on),
                f"publish:{plan.id}:parent:{g.ref}",
                min(on[c.weekday] for c in changes),
                kids[0].id,
                g.sms_consent,
            )
        )
    return out


def _family_text(kids: list[m.Child], by_child: dict[int, list[TripChange]], on: dict[str, dt.date]) -> str:
    lost, full, short = [], [], []
    officer = None
    for child in kids:
        changes = by_child[child.id]
        stranded = [c for c in changes if c.stranded]
        if stranded:
            sessions = {c.session for c in stranded}
            first = min((c.weekday for c in stranded), key=m.WEEKDAYS.index)
            some = _some_days(child, list({c.weekday for c in stranded}), first)
            lost.append(
                templates.no_transport(child.first_name, on[first], "both" if len(sessions) == 2 else sessions.pop(), some)
            )
            officer = officer or child.officer
        groups: dict[Trip, list[str]] = {}  # the same new journey on several days: said once
        for c in changes:
            if c.after is not None:
                groups.setdefault(c.after, []).append(c.weekday)
        for trip, weekdays in sorted(groups.items(), key=lambda g: (g[0].times.session, min(map(m.WEEKDAYS.index, g[1])))):
            first = min(weekdays, key=m.WEEKDAYS.index)
            some = _some_days(child, weekdays, first)
            full.append(
                templates.new_journey(
                    child.first_name, on[first], some, trip.times.words(), trip.vehicle, templates.crew(trip.driver, trip.pa)
                )
            )
            short.append(templates.new_journey(child.first_name, on[first], some, trip.times.words(), None, ""))
    call = (
        [templates.call_officer(officer.name if officer else None, for_people(officer.phone) if officer else "")] if lost else []
    )
    first_day = min(on[c.weekday] for k in kids for c in by_child[k.id])
    return first_fitting(
        " ".join(lost + full + call),
        " ".join(lost + short + call),
        " ".join(lost + [templates.family_changes([k.first_name for k in kids], first_day)] + call),
    )


def _some_days(child: m.Child, weekdays: list[str], first: str) -> list[str] | None:
    """The weekdays, when the change is not on every day the child travels from the first on."""
    rest = [d for d in m.WEEKDAYS[m.WEEKDAYS.index(first) :] if d in child.travel_days]
    return None if set(rest) <= set(weekdays) else sorted(weekdays, key=m.WEEKDAYS.index)


# Drivers and PAs: one text for their week's runs that change.

CrewMember = m.Driver | m.PassengerAssistant


def _to_crews(plan: m.Plan, diff: Comparison, on: dict[str, dt.date], today: dt.date, small: dt.timedelta) -> list[Text]:
    old, new = _crew_runs(diff.old_runs), _crew_runs(diff.new_runs)
    people = {**{k: p for k, (p, _) in old.items()}, **{k: p for k, (p, _) in new.items()}}
    out = []
    for (role, person_id), person in sorted(people.items(), key=lambda x: x[0]):
        was = old.get((role, person_id), (person, {}))[1]
        now = new.get((role, person_id), (person, {}))[1]
        slots = []
        for slot in sorted(set(was) | set(now), key=lambda s: (m.WEEKDAYS.index(s[0]), s[1])):
            a, b = was.get(slot), now.get(slot)
            if on[slot[0]] < today or (a is not None and b is not None and _run_unchanged(a, b, small)):
                continue
            slots.append((slot, b))
        if not slots:
            continue
        first = on[slots[0][0][0]]
        long = templates.crew_week(
            first, [templates.crew_slot(wd, s, run.leave_depot if run else None) for (wd, s), run in slots]
        )
        days = [templates.crew_slot(wd, s, None if run is None else run.leave_depot) for (wd, s), run in slots[:3]]
        short = templates.crew_week(first, days + [f"and {len(slots) - 3} more"] if len(slots) > 3 else days)
        out.append(
            Text(
                role,
                person.ref,
                person.phone,
                "change_crew",
                first_fitting(long, short),
                f"publish:{plan.id}:{role}:{person.ref}",
                first,
            )
        )
    return out


def _crew_runs(runs: dict[RunKey, m.PlanRun]) -> dict[tuple[str, int], tuple[CrewMember, dict[tuple[str, str], m.PlanRun]]]:
    """(role, person id) to the person and their runs by (weekday, session)."""
    out: dict = {}
    for (weekday, session, _), run in runs.items():
        for role, person in (("driver", run.driver), ("pa", run.assistant)):
            if person is not None:
                out.setdefault((role, person.id), (person, {}))[1][(weekday, session)] = run
    return out


def _run_unchanged(a: m.PlanRun, b: m.PlanRun, small: dt.timedelta) -> bool:
    """The same vehicle and stops in the same order, no time moved by `small` or more."""
    (va, la, sa), (vb, lb, sb) = shape(a), shape(b)
    if va != vb or [x[:2] for x in sa] != [x[:2] for x in sb]:
        return False
    pairs = [(la, lb)] + [(x[2], y[2]) for x, y in zip(sa, sb, strict=True)]
    # A time not moved at all is unchanged, even where any move is told (RETIME_TEXT_MINUTES=0).
    return all(x == y or abs(seconds(x) - seconds(y)) < small.total_seconds() for x, y in pairs)


# Schools: one digest.


@dataclass(frozen=True)
class PupilLine:
    """A pupil whose journey changes, as the school's manifest shows it."""

    child_id: int
    first_name: str
    session: str
    at: dt.time | None
    """The vehicle's time at the school; None: no transport."""


@dataclass(frozen=True)
class SchoolDigest:
    """A school's changes in one publish: the text, or (whole) an email."""

    first_day: dt.date
    journeys: int
    lines: list[PupilLine]

    @property
    def pupils(self) -> int:
        return len({x.child_id for x in self.lines})

    def parts(self, most: int | None = None) -> list[str]:
        """The lines as sentences: no transport first, then arrivals and departures by time (at
        most `most` lines, then how many more): "Arriving: 08:28 Ali, Jo; 08:31 Mia." """
        shown = self.lines if most is None else self.lines[:most]
        out = []
        stranded = list(dict.fromkeys((x.child_id, x.first_name) for x in shown if x.at is None))
        if stranded:
            out.append(f"No transport: {', '.join(name for _, name in stranded)}.")
        for title, session in (("Arriving", "AM"), ("Leaving", "PM")):
            at: dict[dt.time, list[str]] = {}
            for x in shown:
                if x.at is not None and x.session == session:
                    at.setdefault(x.at, []).append(x.first_name)
            if at:
                out.append(f"{title}: " + "; ".join(f"{t:%H:%M} {', '.join(names)}" for t, names in sorted(at.items())) + ".")
        if len(shown) < len(self.lines):
            out.append(f"And {len(self.lines) - len(shown)} more on the manifest.")
        return out

    def text(self) -> str:
        """As many names as two segments hold."""
        candidates = [
            templates.school_digest(self.first_day, self.journeys, self.pupils, self.parts(n))
            for n in range(len(self.lines), -1, -1)
        ]
        return first_fitting(*candidates)

    def whole(self) -> str:
        """Every line, one to a line, for an email."""
        head, *lines = [templates.school_digest(self.first_day, self.journeys, self.pupils, []), *self.parts()]
        return "\n\n".join([head, "\n".join(lines), "Your manifest shows every run and pupil, day by day."])

    def subject(self) -> str:
        return templates.school_digest_subject(self.first_day)


def to_school(
    told: list[TripChange], children: dict[int, m.Child], runs: dict[RunKey, m.PlanRun], on: dict[str, dt.date]
) -> SchoolDigest:
    """One school's digest, from its pupils' changes that are texted: each pupil once a session,
    with the time of their vehicle at the school on the first day it changes."""
    by_vehicle = {(r.weekday, r.session, r.vehicle.registration): r for r in runs.values()}
    first: dict[tuple[int, str], TripChange] = {}
    for c in sorted(told, key=lambda c: on[c.weekday]):
        first.setdefault((c.child_id, c.session), c)
    lines = []
    for (child_id, session), c in first.items():
        child = children[child_id]
        at = None
        if c.after is not None:
            run = by_vehicle[(c.weekday, c.session, c.after.vehicle)]
            kind = school_side(session)
            at = time_at_school(s for s in run.stops if s.kind == kind and s.child.school_id == child.school_id)
        lines.append(PupilLine(child.id, child.first_name, session, at))
    lines.sort(key=lambda x: (x.at is not None, x.session, x.at or dt.time(), x.first_name))
    return SchoolDigest(min(on[c.weekday] for c in told), len(told), lines)


def _for_the_school(c: TripChange, small: dt.timedelta) -> bool:
    """A change the school sees: a pupil with no transport, or on another vehicle, or at the school
    at another time (a pickup at home earlier is the family's, not the school's)."""
    if c.before is None or c.after is None:
        return True
    return c.before.vehicle != c.after.vehicle or apart(c.before.times.at_school, c.after.times.at_school) >= small


def _to_schools(plan: m.Plan, told: list[TripChange], children: dict[int, m.Child], runs, on, small: dt.timedelta) -> list[Text]:
    by_school: dict[int, list[TripChange]] = {}
    for c in (c for c in told if _for_the_school(c, small)):
        by_school.setdefault(children[c.child_id].school_id, []).append(c)
    out = []
    for changes in by_school.values():
        school = children[changes[0].child_id].school
        digest = to_school(changes, children, runs, on)
        key = f"publish:{plan.id}:school:{school.ref}"
        if school.email:  # every pupil's line, not as many as two texts hold
            whole = digest.whole()
            out.append(
                Text(
                    "school",
                    school.ref,
                    None,
                    "digest_school_email",
                    whole,
                    key,
                    digest.first_day,
                    email=school.email,
                    subject=digest.subject(),
                )
            )
        else:
            out.append(Text("school", school.ref, school.phone, "digest_school", digest.text(), key, digest.first_day))
    return out
