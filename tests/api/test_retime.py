"""Absences time a run again: the pickups before a skipped one in the morning are later, the
school keeps its time, and a family whose pickup moves past the threshold is told the new time
once (and told again when the absence is cancelled and it moves back)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.api.conftest import MONDAY
from transport import models as m

DAY = MONDAY + dt.timedelta(days=9)  # a Wednesday no other test uses


def _minutes(a: str, b: str) -> float:
    return (dt.datetime.fromisoformat(f"2000-01-01T{b}") - dt.datetime.fromisoformat(f"2000-01-01T{a}")).total_seconds() / 60


def _runs(council) -> dict[int, dict]:
    return {r["id"]: r for r in council.get("planner", f"/runs?date={DAY}").json() if r["session"] == "AM"}


def _retimed(council) -> list[m.Message]:
    with council.factory() as db:
        return list(db.scalars(select(m.Message).where(m.Message.template == "retimed", m.Message.about_date == DAY)))


def _guardians(council, child_id: int) -> tuple[set[str], set[str]]:
    """The child's guardians' refs: all of them, and those who agreed to texts."""
    with council.factory() as db:
        guardians = db.get_one(m.Child, child_id).guardians
        return {g.ref for g in guardians}, {g.ref for g in guardians if g.sms_consent}


def test_a_skipped_pickup_moves_only_the_pickups_before_it_and_a_big_move_is_told_once(council):
    before = _runs(council)
    candidates = [
        (run_id, k)
        for run_id, r in before.items()
        for k in range(1, len(r["stops"]))
        if r["stops"][k]["kind"] == "pickup"
        and r["stops"][k - 1]["kind"] == "pickup"
        and r["stops"][k - 1]["child_id"] != r["stops"][k]["child_id"]
    ]
    assert candidates, "the council has runs with two pickups in a row"
    told_big = 0
    for run_id, k in candidates:
        stops = before[run_id]["stops"]
        skipped, earlier = stops[k], stops[k - 1]
        made = council.post(
            "planner", "/absences", json={"child_id": skipped["child_id"], "date": str(DAY), "session": "AM", "pm_too": False}
        )
        assert made.status_code == 201, made.text
        after = _runs(council)
        now = {(s["child_id"], s["kind"]): s["planned"] for s in after[run_id]["stops"]}
        moved = _minutes(earlier["planned"], now[(earlier["child_id"], "pickup")])
        assert 0 <= moved <= _minutes(earlier["planned"], skipped["planned"])
        # From the skipped stop on, and every other run, as planned: the school keeps its time.
        assert [now[(s["child_id"], s["kind"])] for s in stops[k:]] == [s["planned"] for s in stops[k:]]
        assert {i: r for i, r in after.items() if i != run_id} == {i: r for i, r in before.items() if i != run_id}
        texts = _retimed(council)
        if moved >= council.settings.retime_text_minutes:
            told_big += 1
            every, agreed = _guardians(council, earlier["child_id"])
            assert texts and agreed
            assert agreed <= {t.recipient_ref for t in texts} <= every
            assert all(now[(earlier["child_id"], "pickup")][:5] in t.body for t in texts)
            assert all("not travelling" not in t.body and skipped["first_name"] not in t.body for t in texts)
        else:
            assert texts == []
        cancelled = council.delete("planner", f"/absences/{made.json()[0]['id']}")
        assert cancelled.status_code == 204
        assert _runs(council)[run_id]["stops"] == stops  # back as planned
        again = _retimed(council)
        if texts:
            assert len(again) == 2 * len(texts)  # told it moved back: once more, no more
            assert all(earlier["planned"][:5] in t.body for t in again if t not in texts)
        with council.factory() as db:  # the next candidate starts from the plan's own times
            for t in db.scalars(select(m.Message).where(m.Message.template == "retimed", m.Message.about_date == DAY)):
                db.delete(t)
            db.commit()
        if told_big:
            break
    assert told_big, "some skipped pickup saves the pickup before it more than the threshold"
