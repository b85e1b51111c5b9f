"""Every text the service sends, in plain English: first names, days and times only.

Never a surname, a need, a health or medical word: a text can be read over a shoulder or on a
locked screen. Each template fits in two SMS segments (a test holds every one of them to it).
"""

from __future__ import annotations

import datetime as dt

from transport.notify.sms import fit

SESSION_WORDS = {"AM": "morning", "PM": "afternoon", "both": "morning and afternoon"}


def day(date: dt.date) -> str:
    """Tue 3 Mar"""
    return f"{date:%a} {date.day} {date:%b}"


def clock(t: dt.time) -> str:
    return f"{t:%H:%M}"


def absence_for_crew(first_name: str, date: dt.date, session: str) -> str:
    return f"No pickup for {first_name} on {day(date)}, {SESSION_WORDS[session]}. Your run sheet is updated."


def absence_for_school(first_name: str, date: dt.date, session: str) -> str:
    return f"{first_name} will not travel on {day(date)}, {SESSION_WORDS[session]}: reported absent by a parent."


def absence_confirmed(first_name: str, first: dt.date, last: dt.date, session: str) -> str:
    when = day(first) if first == last else f"{day(first)} to {day(last)}"
    return f"Thank you. {first_name} is marked absent {when}, {SESSION_WORDS[session]}. The driver and school have been told."


def absence_cancelled(first_name: str, date: dt.date, session: str) -> str:
    return f"{first_name} will travel after all on {day(date)}, {SESSION_WORDS[session]}. Pickup as usual."


def change_for_parent(first_name: str, date: dt.date, times: str, vehicle: str, crew: str) -> str:
    """`times` as the family's page says them (day/journey_times.py): "picked up from school at 15:05, home by 15:28"."""
    return f"From {day(date)}, {first_name} is {times}, vehicle {vehicle}, with {crew}."


def change_for_crew(date: dt.date, session: str, leave: dt.time, first_pickup: dt.time) -> str:
    return (
        f"Your {SESSION_WORDS[session]} run from {day(date)} has changed: leave {clock(leave)}, "
        f"first pickup {clock(first_pickup)}. Please check your run sheet."
    )


# A publish's texts: one a person, whatever it changes for them (day/publish_texts.py).

NO_TRANSPORT_WHERE = {"AM": "to school", "PM": "home from school", "both": "to or from school"}


def no_transport(first_name: str, date: dt.date, session: str, weekdays: list[str] | None = None) -> str:
    return f"{first_name} has no transport {NO_TRANSPORT_WHERE[session]}{_on(weekdays)} from {day(date)}."


def call_officer(name: str | None, phone: str) -> str:
    return f"Call {name} on {phone}." if name and phone else "Please call your transport officer."


def new_journey(first_name: str, date: dt.date, weekdays: list[str] | None, times: str, vehicle: str | None, crew: str) -> str:
    """ "Sam from Mon 12 Oct: picked up at 07:42, at school by 08:30, vehicle AB12 CDE with driver Alex." """
    with_vehicle = f", vehicle {vehicle} with {crew}" if vehicle else ""
    return f"{first_name}{_on(weekdays)} from {day(date)}: {times}{with_vehicle}."


DAYS = {"mon": "Mondays", "tue": "Tuesdays", "wed": "Wednesdays", "thu": "Thursdays", "fri": "Fridays"}


def _on(weekdays: list[str] | None) -> str:
    """ " on Mondays and Thursdays", or nothing for every day."""
    if not weekdays:
        return ""
    names = [DAYS[d] for d in weekdays]
    return " on " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])


def family_changes(first_names: list[str], date: dt.date) -> str:
    """When a family's changes are too many for a text."""
    return f"Transport changes for {_names(first_names, 60)} from {day(date)}. Please see your transport page."


def crew_slot(weekday: str, session: str, leave: dt.time | None) -> str:
    when = f"{weekday.title()} {SESSION_WORDS[session]}"
    return f"{when}, leave the depot at {clock(leave)}" if leave else f"{when}, not needed"


def crew_week(date: dt.date, slots: list[str]) -> str:
    return f"Your runs change from {day(date)}: {'; '.join(slots)}. Please check your run sheet."


def school_digest(date: dt.date, journeys: int, pupils: int, parts: list[str]) -> str:
    head = f"Transport changes from {day(date)}: {journeys} journey{'s' if journeys != 1 else ''} of {pupils} pupil{'s' if pupils != 1 else ''}."
    return " ".join([head, *parts])


def school_digest_subject(date: dt.date) -> str:
    return f"School transport: your pupils' changes from {day(date)}"


def crew_stood_down(date: dt.date, session: str, vehicle: str, until: dt.date | None) -> str:
    period = f"on {day(date)}" if until == date else f"from {day(date)}" + (f" to {day(until)}" if until else "")
    return f"You are not needed on vehicle {vehicle}'s {SESSION_WORDS[session]} run {period}. Thank you."


def change_for_school(date: dt.date, session: str, vehicle: str, at: dt.time, first_names: list[str]) -> str:
    verb = "arrives" if session == "AM" else "leaves"
    return f"From {day(date)}, vehicle {vehicle} {verb} at {clock(at)} with {_names(first_names, 60)}."


def cover_for_parent(first_name: str, date: dt.date, times: str, vehicle: str, crew: str) -> str:
    """A child on another vehicle for one day, as their own cannot run (a breakdown, sickness)."""
    return (
        f"On {day(date)} only, {first_name}'s usual vehicle cannot run: {first_name} is {times}, vehicle {vehicle}, with {crew}."
    )


def cover_run_off(date: dt.date, session: str, vehicle: str) -> str:
    return f"Vehicle {vehicle}'s {SESSION_WORDS[session]} run on {day(date)} does not go: its children are covered. Please call the office if unsure."


def cover_for_school(date: dt.date, session: str, first_names: list[str], how: str) -> str:
    """`how`: "arrive on vehicle AB12 CDE at 08:40", "have no transport yet: the office is arranging it"."""
    return f"{day(date)} {SESSION_WORDS[session]}: {_names(first_names, 60)} {how} (their usual vehicle cannot run)."


def retimed(first_name: str, date: dt.date, what: str, now: dt.time, was: dt.time) -> str:
    """A stop moved by the day's absences (another child not travelling): never says whose."""
    return f"{first_name}'s {what} time on {day(date)} has changed: now about {clock(now)}, not {clock(was)}."


def offer_made(first_name: str) -> str:
    return f"We have made you an offer for {first_name}'s journeys to school. Please see your transport page to accept or decline it."


def offer_accepted(first_name: str, date: dt.date) -> str:
    return (
        f"Thank you. From {day(date)} you take {first_name} to school yourselves, and {first_name}'s place on the vehicle ends."
    )


def own_travel_for_crew(first_name: str, date: dt.date) -> str:
    return f"From {day(date)}, {first_name} no longer travels with you: the family takes {first_name} to school. Your run sheet is updated."


def own_travel_for_school(first_name: str, date: dt.date) -> str:
    return (
        f"From {day(date)}, {first_name}'s family takes {first_name} to and from school: no council vehicle brings {first_name}."
    )


def crew(driver: str | None, pa: str | None) -> str:
    """ "driver Alex and PA Jo", from their first names; "the driver" when neither is known."""
    return " and ".join(p for p in (f"driver {driver}" if driver else "", f"PA {pa}" if pa else "") if p) or "the driver"


def long_day(date: dt.date) -> str:
    """ "Monday 12 October 2026", for a page (a text says "Mon 12 Oct")."""
    return f"{date:%A} {date.day} {date:%B %Y}"


def delay(vehicle: str, minutes: int, first_name: str, expected: dt.time, what: str = "pickup") -> str:
    return (
        f"Vehicle {vehicle} is running about {minutes} minutes late. "
        f"{first_name}'s expected {what} time is now {clock(expected)}. Sorry for the wait."
    )


def delay_for_school(vehicle: str, minutes: int, expected: dt.time, first_names: list[str]) -> str:
    return (
        f"Vehicle {vehicle} is running about {minutes} minutes late, now expected at {clock(expected)} "
        f"with {_names(first_names, 80)}."
    )


def run_sheet(date: dt.date, session: str, leave: dt.time, stops: list[tuple[dt.time, str]]) -> str:
    """The next day's run for a driver or PA: leave time, then pickups in order (as many as fit)."""
    head = f"{day(date)} {SESSION_WORDS[session]}: leave {clock(leave)}. "
    listed = ", ".join(f"{clock(t)} {name}" for t, name in stops)
    if len(head) + len(listed) > 290:
        room = 290 - len(head) - 40
        shown: list[str] = []
        for t, name in stops:
            item = f"{clock(t)} {name}"
            if sum(len(x) + 2 for x in shown) + len(item) > room:
                break
            shown.append(item)
        listed = ", ".join(shown) + f" and {len(stops) - len(shown)} more (see run sheet)"
    return head + listed + "."


def asked_which_child(first_names: list[str]) -> str:
    return f'Which child is absent? Please reply with a name ({_names(first_names, 80)}) and the day, e.g. "{first_names[0]} absent Monday".'


def asked_which_day() -> str:
    return 'Sorry, which day? Please reply e.g. "absent today", "absent tomorrow" or "absent Monday PM".'


def not_understood() -> str:
    return 'Sorry, we did not understand. To report an absence reply e.g. "absent tomorrow". To stop texts reply STOP.'


def stopped() -> str:
    return "You will get no more texts from school transport. Reply START to have them again."


def started() -> str:
    return "You will get texts from school transport again. Reply STOP to end them."


def absence_refused(reason: str) -> str:
    """An absence texted in that cannot be recorded, and why (the domain's sentence, cut to fit)."""
    return fit(f"Sorry, we could not record that absence: {reason}", ". Please call your transport officer.")


def unknown_sender() -> str:
    return "Sorry, we do not have this number. Please call your transport officer."


def vehicle_soon(first_name: str, minutes: int, session: str) -> str:
    about = f"about {minutes} minute{'' if minutes == 1 else 's'}"
    where = f"{about} away" if session == "AM" else f"{about} from home"
    return f"{first_name}'s vehicle is {where}."


def running_late(first_name: str, minutes: int, expected: dt.time, session: str) -> str:
    what = "pickup" if session == "AM" else "home"
    return (
        f"{first_name}'s vehicle is running about {minutes} minutes late: {what} now about {clock(expected)}. Sorry for the wait."
    )


def no_show_parent(first_name: str, planned: dt.time, office: str, phone: str) -> str:
    return (
        f"{first_name} was not at the pickup at {clock(planned)} today, so the vehicle has gone on. "
        f"If {first_name} is to travel after all, call {office} on {phone}."
    )


def no_show_office(first_name: str, planned: dt.time, vehicle: str) -> str:
    return f"Not at the pickup: {first_name}, {clock(planned)} today, vehicle {vehicle}. The parents have been texted."


def sign_in_code(council: str, code: str, minutes: int, medium: str = "text") -> str:
    """A one-time sign-in code (texted, or emailed to a school): nothing but the code."""
    service = f"{council} school transport" if council else "school transport"
    return f"Your sign-in code for {service} is {code}. It works for {minutes} minutes. If you did not ask for it, ignore this {medium}."


def _names(names: list[str], limit: int) -> str:
    text = ", ".join(names)
    return text if len(text) <= limit else text[: limit - 5].rsplit(", ", 1)[0] + " etc."
