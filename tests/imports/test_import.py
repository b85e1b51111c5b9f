"""Importing the council's files: right records, all or nothing, the same twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.imports.council import TINY, edited, write_csv, write_xlsx
from transport import models as m
from transport.imports import ImportFailed, RowError, import_folder
from transport.imports.writer import Writer


def snapshot(factory) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed import changed nothing."""
    with factory() as db:
        return {t.name: sorted(map(tuple, db.execute(t.select()).all()), key=repr) for t in m.Base.metadata.sorted_tables}


def one(session, model, ref):
    return session.scalars(select(model).where(model.ref == ref)).one()


def test_good_files_import_the_right_records(factory, tmp_path):
    report = import_folder(factory, write_csv(tmp_path))
    assert {k: (c.created, c.updated, c.unchanged) for k, c in report.counts.items()} == {
        "officers": (1, 0, 0),
        "schools": (2, 0, 0),
        "operators": (1, 0, 0),
        "vehicles": (2, 0, 0),
        "drivers": (2, 0, 0),
        "assistants": (2, 0, 0),
        "children": (6, 0, 0),
        "child_addresses": (1, 0, 0),
        "guardians": (3, 0, 0),
        "spot_hire": (2, 0, 0),
    }
    assert "children.csv" in str(report) and "6 new" in str(report)
    with factory() as s:
        wav, taxi = one(s, m.SpotHireRate, "R-WAV"), one(s, m.SpotHireRate, "R-TAXI")
        assert (wav.operator.ref, wav.kind, wav.seats, wav.wheelchairs, wav.pa_cost_per_run) == ("OP1", "wav", 3, 1, 45.0)
        assert wav.pa_skills == ["epilepsy_medication", "wheelchair_restraint"]
        assert (taxi.operator, taxi.wheelchairs, taxi.pa_cost_per_run, taxi.pa_skills) == (None, 0, None, [])
        assert (taxi.available_from, taxi.available_to) == (dt.time(7, 0), dt.time(17, 0))
        officer = one(s, m.Officer, "OF1")
        assert (officer.phone, officer.email) == ("+441632960001", "priya@council.example")
        assert (one(s, m.School, "S1").email, one(s, m.School, "S2").email) == ("office@orwell.sch.example", None)
        c1 = one(s, m.Child, "C1")
        assert (c1.school.ref, c1.needs_pa, c1.pa_skills, c1.officer.name) == ("S1", True, ["epilepsy_medication"], "Priya Raman")
        assert c1.care_notes == "Rescue medication in red bag." and c1.travel_days == ["mon", "tue", "wed", "thu", "fri"]
        assert [o.ref for o in c1.avoid] == ["C3"]
        c3 = one(s, m.Child, "C3")
        assert [o.ref for o in c3.avoid] == ["C1"], "must-not-travel-with goes both ways"
        assert c3.travel_alone and c3.travel_days == ["mon", "wed", "fri"]
        c2 = one(s, m.Child, "C2")
        assert (c2.wheelchair, c2.boarding_minutes, c2.sibling_group, c2.needs_pa) == (True, 5, "SMITH", False)
        assert c1.sibling_group == "SMITH"
        c4 = one(s, m.Child, "C4")
        assert [(a.weekday, a.session, a.postcode, a.lat, a.lon) for a in c4.addresses] == [
            ("fri", "PM", "IP12 1GG", 52.104, 1.337)
        ]
        assert c4.boarding_minutes == 2 and c4.max_journey_minutes == 40 and c4.officer is None
        c5 = one(s, m.Child, "C5")
        assert (c5.needs_pa, c5.pa_skills) == (True, ["autism", "behaviour"]), "PA skills imply needs_pa"
        assert one(s, m.Child, "C6").travel_days == ["mon", "tue"]
        school = one(s, m.School, "S1")
        assert (school.postcode, school.phase, school.lat, school.lon) == ("IP4 1AB", "special", 52.0567, 1.1482)
        assert [(b.weekday, b.start, b.end) for b in school.bells] == [
            ("fri", dt.time(9), dt.time(13, 30)),
            ("mon", dt.time(9), dt.time(15)),
            ("thu", dt.time(9), dt.time(15)),
            ("tue", dt.time(9), dt.time(15)),
            ("wed", dt.time(9), dt.time(15)),
        ]
        s2 = one(s, m.School, "S2")
        assert (s2.arrival_window_minutes, s2.pickup_window_minutes) == (10, 15)
        assert s2.bell("wed").start == dt.time(8, 45)
        v1 = one(s, m.FleetVehicle, "V1")
        assert [lay.name for lay in v1.layouts] == ["16+0", "14+1"]
        assert (v1.operator.ref, v1.kind, v1.fixed_cost, v1.cost_per_mile) == ("OP1", "minibus", 55.0, 3.2)
        assert (v1.available_from, v1.available_to, v1.days) == (
            dt.time(6, 30),
            dt.time(18, 30),
            ["mon", "tue", "wed", "thu", "fri"],
        )
        v2 = one(s, m.FleetVehicle, "V2")
        assert v2.available_from == dt.time(7, 0) and v2.days == ["mon", "tue", "wed"]
        d1 = one(s, m.Driver, "D1")
        assert (d1.vehicle.ref, d1.operator.ref, d1.dbs_expiry) == ("V1", "OP1", dt.date(2027, 5, 1))
        d2 = one(s, m.Driver, "D2")
        assert d2.phone == "+447700900002" and d2.vehicle is None
        pa1 = one(s, m.PassengerAssistant, "PA1")
        assert (pa1.phone, pa1.employer, pa1.cost_per_run, pa1.vehicle) == ("+447700900003", "council", 25.0, None)
        assert [(k.skill, k.expires) for k in pa1.skills] == [
            ("autism", dt.date(2027, 7, 31)),
            ("epilepsy_medication", dt.date(2027, 1, 31)),
        ]
        assert pa1.skills_on(dt.date(2027, 3, 1)) == frozenset({"autism"})
        pa2 = one(s, m.PassengerAssistant, "PA2")
        assert (pa2.employer, pa2.cost_per_run, pa2.vehicle.ref) == ("OP1", 22.5, "V1")
        g1 = one(s, m.Guardian, "G1")
        assert sorted(c.ref for c in g1.children) == ["C1", "C2"] and g1.share_contact and g1.primary_contact
        assert g1.phone == "+447700900010" and g1.sms_consent is True
        g2 = one(s, m.Guardian, "G2")
        assert g2.sms_consent is False and g2.primary_contact is False
        assert s.query(m.GeocodeCache).count() == 0, "every row had coordinates: nothing looked up"


def test_excel_files_import_the_same_records(factory, tmp_path):
    def cells(column, text):
        if column.endswith(("_time", "_start", "_end")) or column.startswith("available"):
            return dt.time.fromisoformat(text)
        if column == "dbs_expiry":
            return dt.datetime.fromisoformat(text)
        if column in ("lat", "lon", "depot_lat", "depot_lon", "fixed_cost", "cost_per_mile", "cost_per_run"):
            return float(text)
        if column in ("boarding_minutes", "max_journey_minutes", "arrival_window_minutes"):
            return int(text)
        if column == "phone" and text.replace(" ", "").isdigit():
            return int(text.replace(" ", ""))  # what Excel does to a phone number: the leading 0 is gone
        return text

    import_folder(factory, write_csv(tmp_path / "csv"))
    from_csv = snapshot(factory)
    report = import_folder(factory, write_xlsx(tmp_path / "xlsx", convert=cells))
    assert all(c.created == c.updated == 0 for c in report.counts.values())
    assert report.counts["children"].unchanged == 6
    assert "children.xlsx" in str(report)
    assert snapshot(factory) == from_csv


def test_excel_file_alone_imports_into_an_empty_database(factory, tmp_path):
    import_folder(factory, write_xlsx(tmp_path, convert=lambda c, t: dt.time.fromisoformat(t) if c.endswith("_time") else t))
    with factory() as s:
        assert one(s, m.School, "S2").bell("mon").end == dt.time(15, 15)
        assert s.query(m.Child).count() == 6


def test_importing_the_same_files_again_changes_nothing(factory, tmp_path):
    folder = write_csv(tmp_path)
    import_folder(factory, folder)
    before = snapshot(factory)
    report = import_folder(factory, folder)
    assert snapshot(factory) == before
    assert all(c.created == 0 and c.updated == 0 and c.removed == 0 for c in report.counts.values())
    assert sum(c.unchanged for c in report.counts.values()) == sum(len(rows) for rows in TINY.values())


def test_an_edited_row_updates_only_that_record(factory, tmp_path):
    import_folder(factory, write_csv(tmp_path / "a"))
    before = snapshot(factory)
    report = import_folder(factory, write_csv(tmp_path / "b", edited("children", 3, postcode="IP12 4FG")))
    assert (report.counts["children"].updated, report.counts["children"].unchanged) == (1, 5)
    assert all(c.updated == c.created == 0 for k, c in report.counts.items() if k != "children")
    after = snapshot(factory)
    changed = {t for t in after if after[t] != before[t]}
    assert changed == {"children", "records_version"}  # the count every process's kept days are read by
    [(old, new)] = [(b, a) for b, a in zip(before["children"], after["children"]) if b != a]
    assert old[1] == new[1] == "C4" and "IP12 4FG" in new and "IP12 4FF" in old


def test_collections_are_replaced_only_when_they_differ(factory, tmp_path):
    import_folder(factory, write_csv(tmp_path / "a"))
    tables = edited("vehicles", 0, layouts="16+0;12+2")
    tables["assistants"][0]["skills"] = "autism:2028-07-31"
    tables["schools"][1]["wed_end"] = "14:00"
    tables["guardians"][0]["children"] = "C1"
    tables["children"][0]["must_not_travel_with"] = "C6"
    tables["child_addresses"] = [
        {**tables["child_addresses"][0], "postcode": "IP12 1GH"},
        {
            "child_id": "C6",
            "weekday": "tue",
            "session": "am",
            "address": "1 Elm Road, Ipswich",
            "postcode": "IP4 3AA",
            "lat": "52.06",
            "lon": "1.2",
        },
    ]
    report = import_folder(factory, write_csv(tmp_path / "b", tables))
    counts = {k: (c.created, c.updated, c.unchanged) for k, c in report.counts.items()}
    assert counts["vehicles"] == (0, 1, 1) and counts["assistants"] == (0, 1, 1) and counts["schools"] == (0, 1, 1)
    assert counts["guardians"] == (0, 1, 2) and counts["child_addresses"] == (1, 1, 0)
    assert counts["children"] == (0, 3, 3), "C1 changed its pairs, C3 lost C1, C6 gained C1"
    with factory() as s:
        assert [lay.name for lay in one(s, m.FleetVehicle, "V1").layouts] == ["16+0", "12+2"]
        assert [(k.skill, k.expires) for k in one(s, m.PassengerAssistant, "PA1").skills] == [("autism", dt.date(2028, 7, 31))]
        assert one(s, m.School, "S2").bell("wed").end == dt.time(14) and one(s, m.School, "S2").bell("thu").end == dt.time(15, 15)
        assert [c.ref for c in one(s, m.Guardian, "G1").children] == ["C1"]
        assert [c.ref for c in one(s, m.Child, "C2").guardians] == []
        assert {c: [o.ref for o in one(s, m.Child, c).avoid] for c in ("C1", "C3", "C6")} == {
            "C1": ["C6"],
            "C3": [],
            "C6": ["C1"],
        }
        assert [(a.weekday, a.session) for a in one(s, m.Child, "C6").addresses] == [("tue", "AM")]
    # A child address the file no longer has is removed, and said so.
    tables["child_addresses"] = tables["child_addresses"][1:]
    report = import_folder(factory, write_csv(tmp_path / "c", tables))
    assert (report.counts["child_addresses"].unchanged, report.counts["child_addresses"].removed) == (1, 1)
    assert "1 removed" in str(report)
    with factory() as s:
        assert one(s, m.Child, "C4").addresses == [] and s.query(m.ChildAddress).count() == 1


def test_a_partial_import_keeps_must_not_travel_with_both_ways(factory, tmp_path):
    import_folder(factory, write_csv(tmp_path / "a"))
    # Only C3's row: it no longer names anyone, C1 (named it from its own row before) is not in the file.
    only_c3 = {"children": [dict(TINY["children"][2])]}
    import_folder(factory, write_csv(tmp_path / "b", only_c3))
    with factory() as s:
        assert one(s, m.Child, "C3").avoid == [] and one(s, m.Child, "C1").avoid == []
    only_c3["children"][0]["must_not_travel_with"] = "C5"
    import_folder(factory, write_csv(tmp_path / "c", only_c3))
    with factory() as s:
        assert [o.ref for o in one(s, m.Child, "C5").avoid] == ["C3"]
        assert [o.ref for o in one(s, m.Child, "C3").avoid] == ["C5"]


def test_files_may_refer_to_records_already_in_the_database(factory, tmp_path):
    import_folder(factory, write_csv(tmp_path / "a"))
    new_child = {**TINY["children"][3], "child_id": "C7", "must_not_travel_with": "C2"}
    report = import_folder(
        factory,
        write_csv(
            tmp_path / "b",
            {
                "children": [new_child],
                "guardians": [{**TINY["guardians"][2], "guardian_id": "G4", "children": "C7;C4"}],
            },
        ),
    )
    assert report.counts["children"].created == 1 and report.counts["guardians"].created == 1
    with factory() as s:
        assert [o.ref for o in one(s, m.Child, "C2").avoid] == ["C7"]
        assert sorted(c.ref for c in one(s, m.Guardian, "G4").children) == ["C4", "C7"]


BAD_ROWS = [
    # (file, row index, changes, column, words in the reason)
    ("guardians", 0, {"phone": "0770 12"}, "phone", "'0770 12' is not a valid phone number"),
    ("officers", 0, {"phone": "not a phone"}, "phone", "is not a phone number"),
    ("schools", 1, {"email": "office at deben"}, "email", "'office at deben' is not an email address"),
    ("children", 1, {"postcode": "XX1"}, "postcode", "'XX1' is not a UK postcode"),
    ("children", 2, {"school_id": "S9"}, "school_id", "'S9' is not a known school"),
    ("children", 0, {"officer_id": "OF9"}, "officer_id", "'OF9' is not a known officer"),
    ("children", 0, {"must_not_travel_with": "C99"}, "must_not_travel_with", "'C99' is not a known child"),
    ("children", 0, {"must_not_travel_with": "C1"}, "must_not_travel_with", "cannot be listed as not travelling with themself"),
    ("children", 5, {"travel_days": "mon;sat"}, "travel_days", "'sat' is not a school weekday"),
    ("children", 4, {"boarding_minutes": "two"}, "boarding_minutes", "'two' should be a whole number"),
    ("guardians", 1, {"children": "C3;C77"}, "children", "'C77' is not a known child"),
    ("child_addresses", 0, {"child_id": "C42"}, "child_id", "'C42' is not a known child"),
    ("child_addresses", 0, {"session": "evening"}, "session", "should be 'AM', 'PM' or 'both'"),
    ("schools", 0, {"start_time": "9am"}, "start_time", "'9am' is not a time like 08:45"),
    ("schools", 0, {"fri_end": "25:00"}, "fri_end", "'25:00' is not a time like 08:45"),
    ("schools", 1, {"end_time": "08:00"}, "end_time", "not after the morning bell"),
    ("schools", 1, {"phase": "nursery"}, "phase", "should be 'primary', 'secondary', 'special' or 'post16'"),
    ("vehicles", 0, {"layouts": "16 seats"}, "layouts", "'16 seats' is not a layout like 16+0"),
    ("vehicles", 1, {"kind": "bus"}, "kind", "should be 'car', 'mpv', 'wav' or 'minibus'"),
    ("vehicles", 1, {"operator_id": "OP2"}, "operator_id", "'OP2' is not a known operator"),
    ("vehicles", 0, {"depot_lat": "95"}, "depot_lat", "95.0 is not a latitude"),
    ("vehicles", 0, {"fixed_cost": "lots"}, "fixed_cost", "'lots' should be a number"),
    ("children", 1, {"wheelchair": "maybe"}, "wheelchair", "'maybe' is not yes or no"),
    ("children", 3, {"lon": ""}, "lon", "is blank; give both lat and lon"),
    ("assistants", 0, {"skills": "autism:31/07/2027"}, "skills", "the expiry '31/07/2027' is not a date"),
    ("assistants", 0, {"skills": "autism"}, "skills", "'autism' is not a skill with its expiry"),
    ("assistants", 1, {"employer": "OP7"}, "employer", "'OP7' is not a known operator (or 'council')"),
    ("assistants", 1, {"vehicle_id": "V3"}, "vehicle_id", "'V3' is not a known vehicle"),
    ("drivers", 0, {"dbs_expiry": ""}, "dbs_expiry", "is required"),
    ("drivers", 0, {"dbs_expiry": "2027-02-30"}, "dbs_expiry", "'2027-02-30' is not a date like 2027-07-31"),
    ("drivers", 0, {"vehicle_id": "V9"}, "vehicle_id", "'V9' is not a known vehicle"),
    ("drivers", 1, {"driver_id": "D1"}, "driver_id", "'D1' is already used on row 2"),
    ("drivers", 1, {"first_name": "x" * 101}, "first_name", "should have at most 100 characters"),
    ("child_addresses", 0, {"session": "both"}, "session", "already has a fri address for that session on row 2"),
    ("spot_hire", 0, {"operator_id": "OP9"}, "operator_id", "'OP9' is not a known operator"),
    ("spot_hire", 1, {"kind": "coach"}, "kind", "should be 'car', 'mpv', 'wav' or 'minibus'"),
    ("spot_hire", 1, {"seats": "0"}, "seats", "needs at least one seat or wheelchair space"),
    ("spot_hire", 1, {"pa_skills": "autism"}, "pa_skills", "give pa_cost_per_run too"),
    ("spot_hire", 0, {"pa_skills": "first aid"}, "pa_skills", "'first aid' is not a skill name"),
    ("spot_hire", 0, {"fixed_cost": "-5"}, "fixed_cost", "should be greater than or equal to 0"),
    ("spot_hire", 1, {"base_lat": ""}, "base_lat", "is blank; give both base_lat and base_lon"),
    ("spot_hire", 1, {"available_to": "06:00"}, "available_to", "must be after available_from"),
    ("spot_hire", 1, {"rate_id": "R-WAV"}, "rate_id", "'R-WAV' is already used on row 2"),
]


@pytest.mark.parametrize(
    "name, row, changes, column, reason", BAD_ROWS, ids=[f"{b[0]}-{b[3]}-{i}" for i, b in enumerate(BAD_ROWS)]
)
def test_a_bad_row_is_named_and_nothing_is_imported(factory, tmp_path, name, row, changes, column, reason):
    import_folder(factory, write_csv(tmp_path / "first"))
    before = snapshot(factory)
    tables = edited(name, row, **changes)
    if name == "child_addresses" and changes == {"session": "both"}:  # a second row for the same day
        tables["child_addresses"].insert(0, dict(TINY["child_addresses"][0]))
        row = 1
    # A good change elsewhere in the same import must not land either.
    tables["officers"][0]["name"] = "Someone Else"
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path / "second", tables))
    errors = failed.value.errors
    assert [(e.file, e.row, e.column) for e in errors] == [(f"{name}.csv", row + 2, column)], errors
    assert reason in errors[0].reason
    assert "value_error" not in errors[0].reason and "Input should" not in errors[0].reason
    assert str(errors[0]) == f"{name}.csv, row {row + 2}, {column}: {errors[0].reason}"
    assert snapshot(factory) == before


def test_a_driver_fixed_to_another_operators_vehicle_is_refused(factory, tmp_path):
    tables = edited("drivers", 0)
    tables["operators"].append({"operator_id": "OP2", "name": "Deben Cars", "phone": "01632 960099"})
    tables["drivers"][0]["operator_id"] = "OP2"
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables))
    assert [str(e) for e in failed.value.errors] == [
        "drivers.csv, row 2, vehicle_id: 'V1' belongs to operator 'OP1', not to the driver's operator 'OP2'"
    ]


def _unknown_column(folder):
    tables = edited("children", 0)
    tables["children"] = [{**r, "Favourite_Colour": "blue"} for r in tables["children"]]
    write_csv(folder, tables)


def _missing_column(folder):
    tables = edited("operators", 0)
    tables["operators"] = [{k: v for k, v in r.items() if k != "phone"} for r in tables["operators"]]
    write_csv(folder, tables)


def _both_csv_and_xlsx(folder):
    write_csv(folder)
    write_xlsx(folder, {"schools": TINY["schools"]})


def _misspelt_file(folder):
    write_csv(folder)
    (folder / "guardians.csv").rename(folder / "gaurdians.csv")


def _value_without_heading(folder):
    write_csv(folder)
    path = folder / "operators.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[1] + ",surprise"]) + "\n")


def _unnamed_xlsx_column(folder):
    write_csv(folder)
    (folder / "officers.csv").unlink()
    book = Workbook()
    book.active.append(["officer_id", "NAME", None, "phone"])
    book.active.append(["OF1", "Priya Raman", "oops", "01632 960001"])
    book.save(folder / "officers.xlsx")


BAD_FILES = [
    (_unknown_column, ["children.csv, row 1, favourite_colour: is not a known column"]),
    (_missing_column, ["operators.csv, row 1, phone: required column is missing"]),
    (_both_csv_and_xlsx, ["schools.csv: both schools.csv and schools.xlsx are present; keep one"]),
    (
        _misspelt_file,
        [
            "gaurdians.csv: is not one of the council's files (officers, schools, operators, vehicles, "
            "drivers, assistants, children, child_addresses, guardians, spot_hire)"
        ],
    ),
    (_value_without_heading, ["operators.csv, row 2, column 4: has a value but no heading"]),
    (_unnamed_xlsx_column, ["officers.xlsx, row 1, column 3: has values but no heading"]),
]


@pytest.mark.parametrize("make, expected", BAD_FILES, ids=[b[0].__name__.strip("_") for b in BAD_FILES])
def test_a_bad_file_is_named_and_nothing_is_imported(factory, tmp_path, make, expected):
    import_folder(factory, write_csv(tmp_path / "first"))
    before = snapshot(factory)
    make(tmp_path / "second")
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, tmp_path / "second")
    assert [str(e) for e in failed.value.errors] == expected
    assert snapshot(factory) == before


def test_headers_are_case_insensitive_and_blank_rows_are_skipped(factory, tmp_path):
    write_csv(tmp_path)
    path = tmp_path / "operators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\ufeff" + lines[0].upper() + "\n,,,\n" + lines[1] + "\n\n", encoding="utf-8")  # with a BOM
    report = import_folder(factory, tmp_path)
    assert report.counts["operators"].created == 1


def test_every_bad_row_in_every_file_is_reported_at_once(factory, tmp_path):
    tables = edited("children", 0, postcode="nope")
    tables["guardians"][2]["phone"] = "12"
    tables["vehicles"][1]["layouts"] = "x"
    tables["children"][4]["school_id"] = "S404"
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path, tables))
    assert [(e.file, e.row, e.column) for e in failed.value.errors] == [
        ("children.csv", 2, "postcode"),
        ("children.csv", 6, "school_id"),
        ("guardians.csv", 4, "phone"),
        ("vehicles.csv", 3, "layouts"),
    ]
    assert str(failed.value) == "4 problem(s) in the files; nothing was imported"
    assert snapshot(factory)["children"] == []


def test_an_empty_folder_says_what_files_it_wants(factory, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, tmp_path)
    [error] = failed.value.errors
    assert "no council files found" in str(error) and "children" in str(error)


def test_a_database_failure_while_writing_leaves_nothing(factory, tmp_path, monkeypatch):
    write_guardians = Writer._guardians

    def fail_after_writing(self, rows):
        write_guardians(self, rows)
        self.db.flush()  # everything else is in the transaction by now
        raise OperationalError("INSERT ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Writer, "_guardians", fail_after_writing)
    before = snapshot(factory)
    with pytest.raises(ImportFailed) as failed:
        import_folder(factory, write_csv(tmp_path))
    assert [str(e) for e in failed.value.errors] == ["database: refused the import, so nothing was written: disk I/O error"]
    assert snapshot(factory) == before


def test_row_error_reads_as_file_row_column_reason():
    assert str(RowError("children.csv", 7, "postcode", "'XX1' is not a UK postcode")) == (
        "children.csv, row 7, postcode: 'XX1' is not a UK postcode"
    )
