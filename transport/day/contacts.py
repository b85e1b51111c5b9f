"""Who may contact whom: the council's rule table (CONTACT_RULES, transport/settings.py) in plain
English, and the numbers it lets each person see. The run sheet, the contacts page and the API all
ask `for_run`, `for_family` or `for_office` here, so no page can show a number the rule does not allow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day.today import DayRun, Whose, runs_on
from transport.phones import for_people
from transport.settings import ContactRole, ContactRule, Settings

ROLE_WORDS = {
    "office": "the transport office",
    "parent": "a parent or carer",
    "school": "the school office",
    "driver": "the driver",
    "pa": "the passenger assistant (PA)",
}
HOW_WORDS = {"phone": "phone", "text": "text", "in person": "speak in person to"}
WHEN_WORDS = {
    "always": "at any time",
    "at handover": "at handover (when the child is picked up or set down)",
    "on a care-note instruction": "when the child's care note says to",
    "on the day of travel": "on the day of travel",
    "if both opted in": "if both have agreed to share their numbers",
}
ROLE_OF_ACCOUNT = {"planner": "office", "parent": "parent", "school": "school", "driver": "driver", "pa": "pa"}
"""An account's role to the role the rule table speaks of (planners are the transport office)."""
BRIEFING_DAYS = 1
"""A crew sees the families' numbers for today's and tomorrow's runs (briefed the evening before,
as with care notes), never for a day gone."""


def sentence(rule: ContactRule) -> str:
    """One rule in plain English: "The driver may phone the transport office at any time."."""
    how = " or ".join(HOW_WORDS[h] for h in rule.how)
    whom = (
        "another parent or carer whose child travels on the same vehicle"
        if rule.to == "parent" == rule.caller
        else ROLE_WORDS[rule.to]
    )
    when = ", or ".join(WHEN_WORDS[w] for w in rule.when)
    alone = ", only on a run with no PA on board" if rule.without_pa else ""
    text = f"{ROLE_WORDS[rule.caller]} may {how} {whom} {when}{alone}."
    return text[0].upper() + text[1:]


def rules_from(settings: Settings, role: str) -> list[ContactRule]:
    """The rules for someone of this role (an account's role or the table's)."""
    caller = ROLE_OF_ACCOUNT.get(role, role)
    return [r for r in settings.contact_rules if r.caller == caller]


@dataclass(frozen=True)
class Contact:
    """A number someone may call, and when the rule lets them."""

    to: ContactRole
    """The role answering: office, parent, school, driver, pa."""
    name: str
    phone: str
    """As held (E.164): the link's number."""
    rule: ContactRule | None
    """The rule that allows it (None: the office's own number, shown to a planner)."""
    child_id: int | None = None
    """The child this number is about (a parent's number: their child)."""

    @property
    def shown(self) -> str:
        return for_people(self.phone)

    @property
    def when(self) -> str:
        """Short, for beside the number: "at handover, or if the care note says"."""
        short = {
            "always": "any time",
            "on a care-note instruction": "if the care note says",
            "if both opted in": "you both agreed",
        }
        return ", or ".join(short.get(w, w) for w in self.rule.when) if self.rule else ""


@dataclass(frozen=True)
class RunContacts:
    """The numbers a driver or PA may see for one run."""

    office: list[Contact] = field(default_factory=list)
    schools: list[Contact] = field(default_factory=list)
    parents: dict[int, list[Contact]] = field(default_factory=dict)
    """Child id to their parents' and carers' numbers, main contact first."""
    crew: list[Contact] = field(default_factory=list)

    def of_child(self, child_id: int) -> list[Contact]:
        return self.parents.get(child_id, [])

    def all(self) -> list[Contact]:
        return [*self.office, *self.schools, *(c for cs in self.parents.values() for c in cs), *self.crew]


def _open(rule: ContactRule, date: dt.date, today: dt.date, has_pa: bool) -> bool:
    """Whether a rule lets a crew member have the number on this run's sheet now."""
    if rule.without_pa and has_pa:
        return False
    if "always" in rule.when:
        return True
    if "on the day of travel" in rule.when and date == today:
        return True
    briefing = today <= date <= today + dt.timedelta(days=BRIEFING_DAYS)
    return briefing and bool({"at handover", "on a care-note instruction"} & set(rule.when))


def for_run(db: Session, settings: Settings, role: str, run: DayRun, date: dt.date, today: dt.date) -> RunContacts:
    """The numbers the rule lets this run's driver or PA see on its sheet, and nothing more."""
    rules = {r.to: r for r in rules_from(settings, role) if _open(r, date, today, run.assistant is not None)}
    children = run.children()
    ids = [c.id for c in children]
    out = RunContacts()
    if "office" in rules:
        out.office.extend(office(db, settings, rules["office"], ids))
    if "school" in rules:
        schools = db.scalars(select(m.School).where(m.School.id.in_({c.school_id for c in children})).order_by(m.School.name))
        out.schools.extend(Contact("school", f"{s.name} office", s.phone, rules["school"]) for s in schools if s.phone)
    if "parent" in rules:  # an absent child has no handover: their parents' numbers are not needed
        names = {c.id: c.first_name for c in children}
        on_board = list(dict.fromkeys(s.child.id for s in run.stops if not s.absent))
        for child_id, g in _guardians(db, on_board):
            main = " (main contact)" if g.primary_contact else ""
            out.parents.setdefault(child_id, []).append(
                Contact(
                    "parent", f"{g.first_name}, {names[child_id]}'s parent or carer{main}", g.phone, rules["parent"], child_id
                )
            )
    # The other crew member of the run, where a council allows driver to PA or PA to driver.
    mate_role: ContactRole = "pa" if ROLE_OF_ACCOUNT.get(role) == "driver" else "driver"
    mate = run.assistant if mate_role == "pa" else run.driver
    if mate_role in rules and mate is not None:
        label = "PA" if mate_role == "pa" else "driver"
        out.crew.append(Contact(mate_role, f"{mate.first_name}, {label}", mate.phone, rules[mate_role]))
    return out


def office(
    db: Session,
    settings: Settings,
    rule: ContactRule | None,
    child_ids: Iterable[int] | None = None,
    school_id: int | None = None,
) -> list[Contact]:
    """The transport office's number; where the council has set none, the named officers of these
    children, or of a school's pupils (of every child: neither given), answer for it."""
    if settings.transport_office_phone:
        return [Contact("office", "Transport office", settings.transport_office_phone, rule)]
    query = select(m.Officer).order_by(m.Officer.name)
    if child_ids is not None:
        query = query.where(m.Officer.id.in_(select(m.Child.officer_id).where(m.Child.id.in_(list(child_ids)))))
    if school_id is not None:
        query = query.where(m.Officer.id.in_(select(m.Child.officer_id).where(m.Child.school_id == school_id)))
    return [Contact("office", f"{o.name}, transport officer", o.phone, rule) for o in db.scalars(query)]


def _guardians(db: Session, child_ids: list[int]) -> list[tuple[int, m.Guardian]]:
    """(child id, guardian) for these children, each child's main contact first. Read here, not
    from the child: the day's kept runs hold no guardians (transport/day/today.py)."""
    if not child_ids:
        return []
    rows = db.execute(
        select(m.guardianship.c.child_id, m.Guardian)
        .join(m.Guardian, m.Guardian.id == m.guardianship.c.guardian_id)
        .where(m.guardianship.c.child_id.in_(child_ids))
        .order_by(m.guardianship.c.child_id, m.Guardian.primary_contact.desc(), m.Guardian.id)
    ).all()
    return [(child_id, g) for child_id, g in rows if g.phone]


def _week_from(date: dt.date) -> list[dt.date]:
    """The five school days from a date (a weekend's: the week after it)."""
    days = [date + dt.timedelta(days=k) for k in range(7)]
    return [d for d in days if d.weekday() < 5]


def for_family(db: Session, settings: Settings, guardian: m.Guardian, date: dt.date) -> list[Contact]:
    """The numbers a parent may see: the office (or their children's named officers), the schools
    if the council allows it, and the parents of children who share a vehicle with theirs in the
    school week from this date, only if both opted in."""
    rules = {r.to: r for r in rules_from(settings, "parent")}
    mine = sorted(c.id for c in guardian.children)
    out = office(db, settings, rules["office"], mine) if "office" in rules else []
    if "school" in rules:
        schools = {c.school for c in guardian.children}
        out += [
            Contact("school", f"{s.name} office", s.phone, rules["school"])
            for s in sorted(schools, key=lambda s: s.name)
            if s.phone
        ]
    return out + co_travellers(db, settings, guardian, mine, _week_from(date))


def co_travellers(
    db: Session, settings: Settings, guardian: m.Guardian, child_ids: Iterable[int], days: Iterable[dt.date]
) -> list[Contact]:
    """The parents of children who share a vehicle with these children of a guardian's on these
    days, where the rule allows it and both opted in (`share_contact`); none otherwise."""
    rule = next((r for r in rules_from(settings, "parent") if r.to == "parent"), None)
    mine = frozenset(child_ids)
    if rule is None or not guardian.share_contact or not mine:
        return []
    runs = [r for day in days for r in runs_on(db, day, Whose(child_ids=mine), kept=True)]
    names = {c.id: c.first_name for r in runs if any(c.id in mine for c in r.children()) for c in r.children()}
    seen: set[int] = {guardian.id}
    out = []
    for child_id, g in _guardians(db, sorted(set(names) - mine)):
        if g.share_contact and g.id not in seen:
            seen.add(g.id)
            out.append(Contact("parent", f"{g.first_name}, {names[child_id]}'s parent or carer", g.phone, rule, child_id))
    return out


def for_office(db: Session, settings: Settings, role: str, school_id: int | None = None) -> list[Contact]:
    """The transport office's number for a school (its pupils' officers, if none is set), a crew
    member, or a planner (every officer, if none is set: a planner is the office)."""
    rule = next((r for r in rules_from(settings, role) if r.to == "office"), None)
    if role == "school" and school_id is None:
        return []
    return office(db, settings, rule, school_id=school_id)


def for_caller(db: Session, settings: Settings, who: Caller, date: dt.date) -> list[Contact]:
    """The numbers a person may see beside any one run (the contacts page, `/me/contacts`)."""
    if who.role == "parent":
        guardian = db.get(m.Guardian, who.link_id) if who.link_id is not None else None
        return for_family(db, settings, guardian, date) if guardian is not None else []
    return for_office(db, settings, who.role, who.link_id if who.role == "school" else None)
