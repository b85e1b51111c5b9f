"""The council's cell formats, as pydantic types: each says plainly what is wrong with a value."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BeforeValidator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
"""An email address as far as it can be checked without sending to it: a name, @, a domain with a dot."""
# Ofcom's ranges reserved for drama and tests: accepted so sample data and tests never text a real person.
DRAMA = ("+447700900", "+441632960", "+442079460", "+441134960", "+441154960", "+441174960", "+441914980")


def _yes_no(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"{value!r} is not yes or no")
    return value


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _time(value: object) -> object:
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::00)?", value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"{value!r} is not a time like 08:45")
        return dt.time(int(match[1]), int(match[2]))
    return value


def _date(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise ValueError(f"{value!r} is not a date like 2027-07-31")
    return value


DAY_NAMES = {
    "mon": "mon",
    "monday": "mon",
    "tue": "tue",
    "tues": "tue",
    "tuesday": "tue",
    "wed": "wed",
    "weds": "wed",
    "wednesday": "wed",
    "thu": "thu",
    "thur": "thu",
    "thurs": "thu",
    "thursday": "thu",
    "fri": "fri",
    "friday": "fri",
}


def _weekday(value: str) -> str:
    day = DAY_NAMES.get(value.strip().lower())
    if day is None:
        raise ValueError(f"{value!r} is not a school weekday (mon, tue, wed, thu, fri)")
    return day


def _weekdays(values: list[str]) -> list[str]:
    days = {_weekday(v) for v in values}
    return [d for d in WEEKDAYS if d in days]


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _session(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().lower()
        return {"am": "AM", "pm": "PM", "both": "both"}.get(text, value)
    return value


def _postcode(value: str) -> str:
    text = re.sub(r"\s+", "", value.upper())
    if not POSTCODE.match(text):
        raise ValueError(f"{value!r} is not a UK postcode")
    return f"{text[:-3]} {text[-3:]}"


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(f"{value!r} is not a phone number") from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reserved = phonenumbers.is_possible_number(number) and e164.startswith(DRAMA)
    if not (phonenumbers.is_valid_number(number) or reserved):
        raise ValueError(f"{value!r} is not a valid phone number")
    return e164


def _email(value: str) -> str:
    text = value.strip()
    if len(text) > 200 or not EMAIL.match(text):
        raise ValueError(f"{value!r} is not an email address")
    return text


def _layouts(values: list[str]) -> list[tuple[int, int]]:
    layouts = []
    for v in values:
        match = re.fullmatch(r"(\d+)\s*\+\s*(\d+)", v)
        if not match or int(match[1]) + int(match[2]) == 0:
            raise ValueError(f"{v!r} is not a layout like 16+0 or 14+1 (seats + wheelchair spaces)")
        layouts.append((int(match[1]), int(match[2])))
    return layouts


def _skills(values: list[str]) -> list[tuple[str, dt.date]]:
    skills = []
    for v in values:
        name, _, expiry = v.partition(":")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,49}", name.strip().lower()) or not expiry:
            raise ValueError(f"{v!r} is not a skill with its expiry, like autism:2027-07-31")
        try:
            skills.append((name.strip().lower(), dt.date.fromisoformat(expiry.strip())))
        except ValueError:
            raise ValueError(f"{v!r}: the expiry {expiry!r} is not a date like 2027-07-31") from None
    return skills


def _skill_names(values: list[str]) -> list[str]:
    names = [v.lower() for v in values]
    for n in names:
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,49}", n):
            raise ValueError(f"{n!r} is not a skill name like epilepsy_medication")
    return sorted(set(names))


Choice = BeforeValidator(_lower)
"""Put before a Literal of lower-case words: `Special` is read as `special`."""
Session = Annotated[Literal["AM", "PM", "both"], BeforeValidator(_session)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
Clock = Annotated[dt.time, BeforeValidator(_time)]
Day = Annotated[dt.date, BeforeValidator(_date)]
Refs = Annotated[list[str], BeforeValidator(_split)]
Weekday = Annotated[str, AfterValidator(_weekday)]
Weekdays = Annotated[list[str], BeforeValidator(_split), AfterValidator(_weekdays)]
Postcode = Annotated[str, AfterValidator(_postcode)]
Phone = Annotated[str, AfterValidator(_phone)]
Email = Annotated[str, AfterValidator(_email)]
Layouts = Annotated[list[str], BeforeValidator(_split), AfterValidator(_layouts)]
Skills = Annotated[list[str], BeforeValidator(_split), AfterValidator(_skills)]
SkillNames = Annotated[list[str], BeforeValidator(_split), AfterValidator(_skill_names)]
