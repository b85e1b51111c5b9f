"""Importing the council's files: right records, all or nothing, the same twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.imports.council import TINY, edited, write_csv, write_xlsx
from transport import models as m
from transport.imports import ImportFailed, import_folder


def snapshot(factory) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed import changed nothing."""
    with factory() as session:
        return {
            t.name: sorted(map(tuple, session.execute(t.select()).all()), key=repr)
            for t in m.Base.metadata.sorted_tables
        }


def test_good_files_import_the_right_records(factory, tmp_path):
    report = import_folder(factory, write_csv(tmp_path))
    assert report.counts["children"].created == 4
    with factory() as s:
        c1 = s.scalars(select(m.Child).where(m.Child.ref == "C1")).one()
        assert (c1.school.ref, c1.needs_pa, c1.pa_skills, c1.officer.name) == ("S1", True, ["epilepsy_medication"], "Priya Raman")
        assert [o.ref for o in c1.avoid] == ["C3"]
        c3 = s.scalars(select(m.Child).where(m.Child.ref == "C3")).one()
        assert [o.ref for o in c3.avoid] == ["C1"], "must-not-travel-with goes both ways"
        assert c3.travel_alone and c3.travel_days == ["mon", "wed", "fri"]
        c2 = s.scalars(select(m.Child).where(m.Child.ref == "C2")).one()
        assert (c2.wheelchair, c2.boarding_minutes, c2.sibling_group) == (True, 5, "SMITH")
        c4 = s.scalars(select(m.Child).where(m.Child.ref == "C4")).one()
        assert [(a.weekday, a.session, a.postcode) for a in c4.addresses] == [("fri", "PM", "IP12 1GG")]
        assert c4.boarding_minutes == 2 and c4.max_journey_minutes == 40
        school = s.scalars(select(m.School).where(m.School.ref == "S1")).one()
        assert school.postcode == "IP4 1AB"
        assert school.bell("fri").end == dt.time(13, 30) and school.bell("mon").end == dt.time(15, 0)
        v1 = s.scalars(select(m.Vehicle).where(m.Vehicle.ref == "V1")).one()
        assert [lay.name for lay in v1.layouts] == ["16+0", "14+1"]
        v2 = s.scalars(select(m.Vehicle).where(m.Vehicle.ref == "V2")).one()
        assert v2.available_from == dt.time(7, 0) and v2.days == ["mon", "tue", "wed"]
        d2 = s.scalars(select(m.Driver).where(m.Driver.ref == "D2")).one()
        assert d2.phone == "+447700900002" and d2.vehicle is None
        pa1 = s.scalars(select(m.Assistant).where(m.Assistant.ref == "PA1")).one()
        assert pa1.phone == "+447700900003"
        assert [(k.skill, k.expires) for k in pa1.skills] == [("autism", dt.date(2027, 7, 31)), ("epilepsy_medication", dt.date(2027, 1, 31))]
        assert pa1.skills_on(dt.date(2027, 3, 1)) == frozenset({"autism"})
        g1 = s.scalars(select(m.Guardian).where(m.Guardian.ref == "G1")).one()
        assert sorted(c.ref for c in g1.children) == ["C1", "C2"] and g1.share_contact
        g2 = s.scalars(select(m.Guardian).where(m.Guardian.ref == "G2")).one()
        assert g2.sms_consent is False


def test_excel_files_import_the_same_records(factory, tmp_path):
    def cells(column, text):
        if column.endswith(("_time", "_start", "_end")) or column.startswith("available"):
            return dt.time.fromisoformat(text)
        if column == "dbs_expiry":
            return dt.datetime.fromisoformat(text)
        if column in ("lat", "lon", "depot_lat", "depot_lon", "fixed_cost", "cost_per_mile", "boarding_minutes"):
            return float(text)
        return text

    import_folder(factory, write_csv(tmp_path / "csv"))
    from_csv = snapshot(factory)
    assert import_folder(factory, write_xlsx(tmp_path / "xlsx", convert=cells)).counts["children"].unchanged == 4
    assert snapshot(factory) == from_csv


def test_importing_the_same_files_again_changes_nothing(factory, tmp_path):
    folder = write_csv(tmp_path)
    import_folder(factory, folder)
    before = snapshot(factory)
    report = import_folder(factory, folder)
    assert snapshot(factory) == before
    assert all(c.created == 0 and c.updated == 0 for c in report.counts.values())


def test_an_edited_row_updates_only_that_record(factory, tmp_path):
    import_folder(factory, write_csv(tmp_path / "a"))
    report = import_folder(factory, write_csv(tmp_path / "b", edited("children", 3, postcode="IP12 4FG")))
    assert (report.counts["children"].updated, report.counts["children"].unchanged) == (1, 3)
    with factory() as s:
        assert s.scalars(select(m.Child.postcode).where(m.Child.ref == "C4")).one() == "IP12 4FG"


BAD_ROWS = [
    # (file, row index, changes, column, words in the reason)
    ("guardians", 0, {"phone": "0770 12"}, "phone", "not a valid phone number"),
    ("children", 1, {"postcode": "XX1"}, "postcode", "'XX1' is not a UK postcode"),
    ("children", 2, {"school_id": "S9"}, "school_id", "'S9' is not a known school"),
    ("children", 0, {"must_not_travel_with": "C99"}, "must_not_travel_with", "'C99' is not a known child"),
    ("schools", 0, {"start_time": "9am"}, "start_time", "not a time like 08:45"),
    ("schools", 1, {"end_time": "08:00"}, "end_time", "not after the morning bell"),
    ("vehicles", 0, {"layouts": "16 seats"}, "layouts", "not a layout like 16+0"),
    ("vehicles", 1, {"kind": "bus"}, "kind", "should be 'car', 'mpv', 'wav' or 'minibus'"),
    ("children", 1, {"wheelchair": "maybe"}, "wheelchair", "'maybe' is not yes or no"),
    ("children", 3, {"lon": ""}, "lat", "give both lat and lon"),
    ("assistants", 0, {"skills": "autism:31/07/2027"}, "skills", "is not a date"),
    ("drivers", 0, {"dbs_expiry": ""}, "dbs_expiry", "is required"),
    ("drivers", 1, {"driver_id": "D1"}, "driver_id", "already used on row 2"),
    ("vehicles", 0, {"fixed_cost": "lots"}, "fixed_cost", "should be a number"),
    ("child_addresses", 0, {"weekday": "sat"}, "weekday", "not a school weekday"),
    ("assistants", 1, {"employer": "OP7"}, "employer", "'OP7' is not a known operator"),
]


@pytest.mark.parametrize("name, row, changes, column, reason", BAD_ROWS, ids=[f"{b[0]}-{b[3]}" for b in BAD_ROWS])
def test_a_bad_row_is_named_and_nothing_is_imported(factory, tmp_path, name, row, changes, column, reason):
    import_folder(factory, write_csv(tmp_path / "first"))
    before = snapshot(factory)
    tables = edited(name, row, **changes)
    # A good change elsewhere in the same import must not land either.
    tables["officers"][0]["name"] = "Someone Else"
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path / "second", tables))
    errors = failed.value.errors
    assert [(e.file, e.row, e.column) for e in errors] == [(f"{name}.csv", row + 2, column)]
    assert reason in errors[0].reason
    assert snapshot(factory) == before


def test_unknown_and_missing_columns_are_refused(factory, tmp_path):
    tables = {k: [dict(r) for r in v] for k, v in TINY.items()}
    tables["children"] = [{**r, "favourite_colour": "blue"} for r in tables["children"]]
    tables["operators"] = [{k: v for k, v in r.items() if k != "phone"} for r in tables["operators"]]
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables))
    assert [str(e) for e in failed.value.errors] == [
        "children.csv, row 1, favourite_colour: is not a known column",
        "operators.csv, row 1, phone: required column is missing",
    ]
    assert snapshot(factory)["children"] == []


def test_every_bad_row_in_every_file_is_reported_at_once(factory, tmp_path):
    tables = edited("children", 0, postcode="nope")
    tables["guardians"][2]["phone"] = "12"
    tables["vehicles"][1]["layouts"] = "x"
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables))
    assert sorted((e.file, e.row, e.column) for e in failed.value.errors) == [
        ("children.csv", 2, "postcode"), ("guardians.csv", 4, "phone"), ("vehicles.csv", 3, "layouts"),
    ]
