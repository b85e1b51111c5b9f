"""Parents' texts as they are really written, and what the service makes of them."""

from __future__ import annotations

import datetime as dt

import pytest

from transport.notify.inbound import read

TUE = dt.date(2026, 3, 3)  # a Tuesday
ONE = ["Sam"]
TWO = ["Sam", "Ali"]

TABLE = [
    ("ABSENT", ONE, ("absent", "Sam", TUE, "both")),
    ("absent tomorrow", ONE, ("absent", "Sam", TUE + dt.timedelta(days=1), "both")),
    ("Sam absent Monday PM", TWO, ("absent", "Sam", TUE + dt.timedelta(days=6), "PM")),
    ("sam is off sick today", TWO, ("absent", "Sam", TUE, "both")),
    ("Ali won't be in on Friday morning", TWO, ("absent", "Ali", TUE + dt.timedelta(days=3), "AM")),
    (
        "Hi, Sam has a hospital appointment on 5/3 so no pickup in the morning please",
        TWO,
        ("absent", "Sam", dt.date(2026, 3, 5), "AM"),
    ),
    ("Not coming today, poorly", ONE, ("absent", "Sam", TUE, "both")),
    ("no pick up this afternoon thanks", ONE, ("absent", "Sam", TUE, "PM")),
    ("absent tomorrow", TWO, ("which_child", None, None, None)),
    ("Sam and Ali absent today", TWO, ("which_child", None, None, None)),
    ("Sam absent Monday or Tuesday", TWO, ("which_day", "Sam", None, None)),
    ("absent 31/2", ONE, ("which_day", "Sam", None, None)),
    ("STOP", TWO, ("stop", None, None, None)),
    ("Stop", ONE, ("stop", None, None, None)),
    ("UNSUBSCRIBE", ONE, ("stop", None, None, None)),
    ("START", ONE, ("start", None, None, None)),
    ("What time is the bus coming?", ONE, ("unknown", None, None, None)),
    ("Please stop the driver playing loud music", ONE, ("unknown", None, None, None)),
    ("", ONE, ("unknown", None, None, None)),
]


@pytest.mark.parametrize("text,children,expected", TABLE, ids=[t for t, *_ in TABLE])
def test_a_parents_text_is_read_as_they_meant_it(text, children, expected):
    got = read(text, children, TUE)
    assert (got.kind, got.child, got.date, got.session) == expected
