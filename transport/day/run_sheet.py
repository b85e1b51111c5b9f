"""A driver's or PA's run sheet for a date: their own runs only, and each child's care notes
for today's and tomorrow's runs (a crew is briefed the evening before), every read recorded, and
the numbers the council's contact rule lets them call (transport/day/contacts.py). The API and the
crew's web page both read it from here, so care notes and numbers show nowhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day.contacts import RunContacts, for_run
from transport.day.today import DayRun, Whose, runs_on
from transport.settings import Settings

CARE_NOTES_DAYS_AHEAD = 1
"""Care notes show for today's and tomorrow's runs, never for a day gone."""


@dataclass(frozen=True)
class Sheet:
    run: DayRun
    briefing: bool
    """Whether the care notes are shown (the run is today or tomorrow)."""
    contacts: RunContacts
    """The numbers the contact rule lets this crew member call on this run."""

    def care_notes(self, child: m.Child) -> str | None:
        return child.care_notes if self.briefing else None


def crews_runs(db: Session, settings: Settings, who: Caller, date: dt.date, today: dt.date, reads: list[object]) -> list[Sheet]:
    """The caller's runs on a date (as driver or as PA). Each read of a care note shown is added
    to `reads`, for the caller to store before the sheet is shown."""
    briefing = today <= date <= today + dt.timedelta(days=CARE_NOTES_DAYS_AHEAD)
    if who.role not in ("driver", "pa") or who.link_id is None:
        return []
    whose = Whose(driver_id=who.link_id) if who.role == "driver" else Whose(assistant_id=who.link_id)
    sheets = []
    for run in runs_on(db, date, whose, kept=True):
        crew = run.driver if who.role == "driver" else run.assistant if who.role == "pa" else None
        if crew is None or crew.id != who.link_id:
            continue
        for child in run.children() if briefing else ():
            if child.care_notes:
                reads.append(m.CareNoteRead(user_id=who.user_id, child_id=child.id, run_id=run.id, date=date))
        sheets.append(Sheet(run, briefing, for_run(db, settings, who.role, run, date, today)))
    return sheets
