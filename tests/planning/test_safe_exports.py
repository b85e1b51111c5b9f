"""Names from a council's import that try to be code: the exported files keep them as text.
A CSV cell never starts a formula; the map's popups never run a script."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tests.conftest import fresh_engine
from transport.bench.samplegen import generate
from transport.clock import next_monday
from transport.db import session_factory
from transport.imports import import_folder
from transport.planning.exports import export_plan
from transport.planning.plan import Week
from transport.planning.safe_cells import cell, map_text
from transport.planning.week import plan_week
from transport.settings import Settings
from transport.travel import StraightLine

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://x.example","Click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "${alert(1)}",
    "\\x3cimg src=x onerror=alert(2)\\x3e",
    "`;alert(3);`",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    generate(tmp / "council", children=40, seed=5)
    path = tmp / "council" / "children.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows):
        r["first_name"] = HOSTILE[i % len(HOSTILE)]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    engine = fresh_engine("sqlite", tmp)
    factory = session_factory(engine)
    settings = Settings(database_url=str(engine.url), solve_seconds=0.3, sms_dispatch_in_service=False)
    import_folder(factory, tmp / "council", settings)
    plan_id = plan_week(factory, settings, Week(next_monday(dt.date.today()), seconds=0.3), StraightLine())
    with factory() as db:
        export_plan(db, plan_id, tmp / "out")
    yield tmp / "out"
    engine.dispose()


@pytest.mark.parametrize("name", ["run_sheets.csv", "child_timetable.csv"])
def test_no_csv_cell_starts_a_formula(exported, name):
    with (exported / name).open(newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    column = "child_first_name" if name == "run_sheets.csv" else "first_name"
    with (exported / name).open(newline="", encoding="utf-8") as f:
        names = {r[column] for r in csv.DictReader(f)}
    assert '\'=HYPERLINK("http://x.example","Click")' in names and "'-2+3" in names  # kept, as text
    assert "<img src=x onerror=alert(1)>" in names  # not a formula: as it was


def test_the_map_keeps_every_name_as_text(exported):
    html = (exported / "routes_map.html").read_text(encoding="utf-8")
    for hostile in (h for h in HOSTILE if set(h) & set("<>$`\\")):
        assert hostile not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#36;{alert(1)}" in html and "&#92;x3cimg" in html and "&#96;;alert(3);&#96;" in html


def test_cells_and_map_text():
    assert cell("=1+1") == "'=1+1" and cell("\tx") == "'\tx" and cell("Sam") == "Sam" and cell(-3) == -3
    assert map_text("<b>Ann & ${x}</b>") == "&lt;b&gt;Ann &amp; &#36;{x}&lt;/b&gt;"
