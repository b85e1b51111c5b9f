"""Every template: plain English, at most two segments, first names only, no need or health word."""

from __future__ import annotations

import datetime as dt
import inspect
import re

import pytest

from transport.notify import templates as t
from transport.notify.sms import segments

LONG = "Maximilianoalexander"  # a long first name
DATE = dt.date(2026, 9, 30)
AT = dt.time(7, 45)
FORBIDDEN = re.compile(
    r"\b(wheelchair|autis\w*|epilep\w*|seizure\w*|medic\w*|diabet\w*|tracheostomy|behaviour\w*|health|"
    r"needs?|SEN|SEND|disab\w*|condition|diagnos\w*|care notes?|insulin|oxygen)\b",
    re.IGNORECASE,
)
SURNAME = "Featherstonehaugh"

EXAMPLES = {
    "absence_for_crew": (LONG, DATE, "both"),
    "absence_for_school": (LONG, DATE, "both"),
    "absence_confirmed": (LONG, DATE, DATE + dt.timedelta(days=30), "both"),
    "absence_cancelled": (LONG, DATE, "both"),
    "change_for_parent": (
        LONG,
        DATE,
        "picked up from school at 15:05, home by 15:28",
        "AB12 CDE",
        f"driver {LONG} and PA {LONG}",
    ),
    "no_transport": (LONG, DATE, "both", ["mon", "tue", "thu"]),
    "call_officer": (f"{LONG} {SURNAME[:3]}", "01632 960001"),
    "new_journey": (
        LONG,
        DATE,
        ["mon", "tue", "thu"],
        "picked up from school at 15:05, home by 15:28",
        "AB12 CDE",
        f"driver {LONG} and PA {LONG}",
    ),
    "family_changes": ([LONG] * 4, DATE),
    "crew_slot": ("mon", "PM", AT),
    "crew_week": (DATE, [t.crew_slot("mon", "PM", AT), t.crew_slot("tue", "AM", None)] * 3),
    "school_digest": (DATE, 40, 12, [f"Arriving: 08:28 {LONG}, {LONG}; 08:31 {LONG}."]),
    "change_for_crew": (DATE, "PM", AT, AT),
    "change_for_school": (DATE, "AM", "AB12 CDE", AT, [LONG] * 12),
    "delay": ("AB12 CDE", 45, LONG, AT, "drop-off"),
    "run_sheet": (DATE, "AM", AT, [(AT, LONG)] * 16),
    "delay_for_school": ("AB12 CDE", 45, AT, [LONG] * 12),
    "crew_stood_down": (DATE, "both", "AB12 CDE", DATE + dt.timedelta(days=60)),
    "asked_which_child": ([LONG] * 6,),
    "asked_which_day": (),
    "not_understood": (),
    "stopped": (),
    "started": (),
    "unknown_sender": (),
    "vehicle_soon": (LONG, 5, "PM"),
    "running_late": (LONG, 45, AT, "AM"),
    "no_show_parent": (LONG, AT, f"{LONG} {LONG}, transport officer", "01632 960001"),
    "no_show_office": (LONG, AT, "AB12 CDE"),
    "school_digest_subject": (DATE,),
    "sign_in_code": ("North Yorkshire Council", "123456", 10),
    "cover_for_parent": (LONG, DATE, "picked up from school at 15:05, home by 15:28", "AB12 CDE", f"driver {LONG} and PA {LONG}"),
    "cover_run_off": (DATE, "PM", "AB12 CDE"),
    "cover_for_school": (DATE, "AM", [LONG] * 12, "have no transport yet: the transport office is arranging it"),
    "retimed": (LONG, DATE, "pickup", AT, dt.time(7, 58)),
    "offer_made": (LONG,),
    "offer_accepted": (LONG, DATE),
    "own_travel_for_crew": (LONG, DATE),
    "own_travel_for_school": (LONG, DATE),
    "absence_refused": (f"{LONG * 5} does not travel on any school day from Mon 7 Sep 2026 to Fri 11 Sep 2026",),
}


def test_every_template_has_an_example():
    public = {
        name for name, f in inspect.getmembers(t, inspect.isfunction) if f.__module__ == t.__name__ and not name.startswith("_")
    }
    assert public - {"day", "clock", "long_day", "crew"} == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_template_fits_two_segments_and_says_nothing_sensitive(name):
    text = getattr(t, name)(*EXAMPLES[name])
    assert segments(text) <= 2, (len(text), text)
    assert not FORBIDDEN.search(text), text
    assert SURNAME not in text
    assert text.strip() and text[0].isupper()
    assert not re.search(r"\{|\}|None", text)  # every blank filled in


def test_a_long_run_sheet_is_cut_with_a_pointer_to_the_rest():
    text = t.run_sheet(DATE, "AM", AT, [(AT, LONG)] * 16)
    assert "more (see run sheet)" in text
    assert t.run_sheet(DATE, "AM", AT, [(AT, "Sam")]) == "Wed 30 Sep morning: leave 07:45. 07:45 Sam."


def test_the_forbidden_words_are_caught():
    assert FORBIDDEN.search("Sam needs his epilepsy medication")
    assert not FORBIDDEN.search("No pickup for Sam on Tue 3 Mar, morning.")


@pytest.mark.parametrize("reason", ["that day has passed", "x" * 400, "Zoë " * 60, "a " * 300])
def test_a_refusal_says_why_within_two_segments(reason):
    text = t.absence_refused(reason)
    assert segments(text) <= 2, (len(text), text)
    assert text.startswith("Sorry, we could not record that absence: ") and text.endswith("Please call your transport officer.")
    if len(reason) < 30:
        assert reason in text


def test_a_crew_is_named_by_first_names_or_as_the_driver():
    assert t.crew("Alex", "Jo") == "driver Alex and PA Jo"
    assert t.crew("Alex", None) == "driver Alex"
    assert t.crew(None, "Jo") == "PA Jo"
    assert t.crew(None, None) == "the driver"
