"""Understanding a parent's text: STOP and START, and absences in plain words.

"ABSENT", "absent tomorrow", "Sam absent Monday PM", "sam is off sick today", "Ali won't be in
on Friday morning". Anything unclear gets a question back, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout"}
START_WORDS = {"start", "unstop", "yes", "optin"}
ABSENT = re.compile(
    r"\b(absent|absence|off|sick|ill|poorly|not (?:coming|going|travelling|traveling|in)|won'?t be|"
    r"will not be|no (?:pickup|pick up|transport)|staying (?:home|off)|at home|home today|appointment)\b"
)
DAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
MORNING = re.compile(r"\b(am|morning|mornings)\b")
AFTERNOON = re.compile(r"\b(pm|afternoon|afternoons|home time|after school)\b")


@dataclass(frozen=True)
class Reading:
    kind: str
    """absent, stop, start, which_child, which_day or unknown"""
    child: str | None = None
    """The first name, as the guardian's child is called."""
    date: dt.date | None = None
    session: str | None = None
    """AM, PM or both (None: as the council's rule says for a morning)"""


def read(text: str, children: list[str], today: dt.date) -> Reading:
    words = re.sub(r"[^a-z0-9'/ ]+", " ", text.lower()).split()
    if not words:
        return Reading("unknown")
    if words[0] in STOP_WORDS and len(words) <= 2:
        return Reading("stop")
    if words[0] in START_WORDS and len(words) <= 2:
        return Reading("start")
    plain = " ".join(words)
    if not ABSENT.search(plain):
        return Reading("unknown")
    named = [c for c in children if c.lower() in words]
    if len(named) == 1:
        child = named[0]
    elif len(children) == 1 and not named:
        child = children[0]
    else:
        return Reading("which_child")
    date = _day(words, today)
    if date is None:
        return Reading("which_day", child=child)
    morning, afternoon = bool(MORNING.search(plain)), bool(AFTERNOON.search(plain))
    session = "AM" if morning and not afternoon else "PM" if afternoon and not morning else "both"
    return Reading("absent", child=child, date=date, session=session)


def _day(words: list[str], today: dt.date) -> dt.date | None:
    said = [w for w in words if w in DAYS or w in ("today", "tomorrow", "tmrw", "tmw", "2day", "2moro")]
    dates = [w for w in words if re.fullmatch(r"\d{1,2}/\d{1,2}", w)]
    if len(said) + len(dates) > 1:
        return None  # two days in one text: ask rather than guess
    if dates:
        d, mth = (int(x) for x in dates[0].split("/"))
        try:
            day = dt.date(today.year, mth, d)
        except ValueError:
            return None
        return day if day >= today else day.replace(year=today.year + 1)
    if not said or said[0] in ("today", "2day"):
        return today
    if said[0] in ("tomorrow", "tmrw", "tmw", "2moro"):
        return today + dt.timedelta(days=1)
    ahead = (DAYS[said[0]] - today.weekday()) % 7
    return today + dt.timedelta(days=ahead)
