"""The main job end to end, through the `transport` command, on a small generated council."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from transport import models as m
from transport.bench.samplegen import generate
from transport.db import make_engine, session_factory


def transport(*args: str, database: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "transport.cli", *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    root = tmp_path_factory.mktemp("main")
    generate(root / "council", children=40, seed=11)
    database = f"sqlite:///{root / 'council.sqlite'}"
    imported = transport("import", str(root / "council"), database=database)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    planned = transport("plan", "--starts-on", "2026-09-07", "--seconds", "1", "--out", str(root / "out"), database=database)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    return root, database, planned.stdout


def test_summary_is_printed_for_a_planner(planned):
    _, _, out = planned
    for words in ("Plan summary", "Journeys placed", "One vehicle per child", "Cost per week", "Longest journey", "Saving"):
        assert words in out


def test_outputs_are_written_and_agree_with_the_database(planned):
    root, database, _ = planned
    summary = json.loads((root / "out" / "plan_summary.json").read_text())
    with (root / "out" / "run_sheets.csv").open() as f:
        sheet = list(csv.DictReader(f))
    with (root / "out" / "child_timetable.csv").open() as f:
        timetable = list(csv.DictReader(f))
    html = (root / "out" / "routes_map.html").read_text()
    factory = session_factory(make_engine(database))
    with factory() as s:
        plan = s.scalars(select(m.Plan)).one()
        stops = s.scalar(select(func.count(m.PlanStop.id)))
        runs = s.scalar(select(func.count(m.PlanRun.id)))
        unplaced = s.scalar(select(func.count(m.PlanUnplaced.id)))
        hired = sum(len({stop["child"] for stop in h.stops}) for h in s.scalars(select(m.SpotHire)))
    assert plan.status == "draft" and summary["plan"] == plan.id
    assert {k: v for k, v in summary.items() if k in plan.summary} == plan.summary
    assert summary["children"] == 40
    assert summary["journeys_placed"] * 2 == stops == len(sheet)
    assert summary["runs_per_week"] == runs
    assert summary["journeys_placed"] + hired + unplaced == summary["journeys_per_week"]
    assert (summary["journeys_spot_hired"], summary["journeys_not_covered"]) == (hired, unplaced)
    assert (root / "out" / "spot_hire.csv").exists() == bool(hired)
    assert len(timetable) == summary["journeys_placed"]
    assert summary["journey_times"]["within_limit"] == summary["journeys_placed"]
    assert summary["cost_per_week"] < summary["one_vehicle_per_child"]["cost_per_week"]
    assert "leaflet" in html.lower() and "Mon AM" in html  # a layer per weekday and session


def test_run_sheets_carry_first_names_only(planned):
    root, database, _ = planned
    factory = session_factory(make_engine(database))
    with factory() as s:
        children = {c.ref: c for c in s.scalars(select(m.Child))}
    with (root / "out" / "run_sheets.csv").open() as f:
        rows = list(csv.DictReader(f))
    text = (root / "out" / "run_sheets.csv").read_text()
    for row in rows:
        child = children[row["child_id"]]
        assert row["child_first_name"] == child.first_name
        assert f"{child.first_name} {child.last_name}" not in text
    assert not any(c.care_notes and c.care_notes in text for c in children.values())


def test_a_bad_import_names_the_row_and_changes_nothing(planned, tmp_path):
    root, database, _ = planned
    bad = tmp_path / "bad"
    generate(bad, children=40, seed=11)
    lines = (bad / "children.csv").read_text().splitlines()
    lines[5] = lines[5].replace(",SCH", ",NOSUCH", 1)
    (bad / "children.csv").write_text("\n".join(lines) + "\n")
    before = (root / "council.sqlite").read_bytes()
    result = transport("import", str(bad), database=database)
    assert result.returncode == 1
    assert "Nothing was imported" in result.stdout
    assert "children.csv, row 6, school_id:" in result.stdout
    assert (root / "council.sqlite").read_bytes() == before


def test_settings_that_are_not_right_are_named_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTACT_RULES", '[{"from": "cleaner", "to": "office", "how": ["phone"], "when": ["always"]}]')
    monkeypatch.setenv("TRANSPORT_OFFICE_PHONE", "12")
    answer = transport("db", "upgrade", database=f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert answer.returncode == 2
    assert "The settings are not right (2)" in answer.stdout
    assert "CONTACT_RULES, item 1 'from': Input should be 'office'" in answer.stdout
    assert "TRANSPORT_OFFICE_PHONE: Value error, '12' is not a phone number" in answer.stdout
    assert "Traceback" not in answer.stdout + answer.stderr
    assert not (tmp_path / "x.sqlite").exists()  # nothing was done with settings not right
