"""A tiny valid council, written as the council's files, for the import tests."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

TINY = {
    "officers": [
        {"officer_id": "OF1", "name": "Priya Raman", "phone": "01632 960001", "email": "priya@council.example"},
    ],
    "schools": [
        {
            "school_id": "S1",
            "name": "Orwell Special School",
            "phase": "special",
            "address": "1 School Lane, Ipswich",
            "postcode": "ip4 1ab",
            "email": "office@orwell.sch.example",
            "lat": "52.0567",
            "lon": "1.1482",
            "start_time": "09:00",
            "end_time": "15:00",
            "fri_end": "13:30",
        },
        {
            "school_id": "S2",
            "name": "Deben Primary",
            "phase": "primary",
            "address": "2 Church Road, Woodbridge",
            "postcode": "IP12 1AA",
            "lat": "52.0937",
            "lon": "1.3197",
            "start_time": "08:45",
            "end_time": "15:15",
            "arrival_window_minutes": "10",
        },
    ],
    "operators": [{"operator_id": "OP1", "name": "Orwell Private Hire", "phone": "01632 960002"}],
    "vehicles": [
        {
            "vehicle_id": "V1",
            "operator_id": "OP1",
            "registration": "AB12 CDE",
            "kind": "minibus",
            "layouts": "16+0;14+1",
            "depot_address": "3 Depot Way, Ipswich",
            "depot_postcode": "IP3 9AA",
            "depot_lat": "52.04",
            "depot_lon": "1.16",
            "fixed_cost": "55",
            "cost_per_mile": "3.20",
        },
        {
            "vehicle_id": "V2",
            "operator_id": "OP1",
            "registration": "XY70 ZZZ",
            "kind": "car",
            "layouts": "4+0",
            "depot_address": "3 Depot Way, Ipswich",
            "depot_postcode": "IP3 9AA",
            "depot_lat": "52.04",
            "depot_lon": "1.16",
            "fixed_cost": "15",
            "cost_per_mile": "1.80",
            "available_from": "07:00",
            "days": "mon;tue;wed",
        },
    ],
    "drivers": [
        {
            "driver_id": "D1",
            "operator_id": "OP1",
            "vehicle_id": "V1",
            "first_name": "Gary",
            "last_name": "Moss",
            "phone": "07700 900001",
            "dbs_expiry": "2027-05-01",
        },
        {
            "driver_id": "D2",
            "operator_id": "OP1",
            "first_name": "Dawn",
            "last_name": "Page",
            "phone": "+44 7700 900002",
            "dbs_expiry": "2027-06-01",
        },
    ],
    "assistants": [
        {
            "assistant_id": "PA1",
            "employer": "council",
            "first_name": "Helen",
            "last_name": "Cole",
            "phone": "07700900003",
            "skills": "autism:2027-07-31;epilepsy_medication:2027-01-31",
            "dbs_expiry": "2027-09-01",
            "address": "4 Oak Close, Ipswich",
            "postcode": "IP2 8BB",
            "lat": "52.03",
            "lon": "1.14",
        },
        {
            "assistant_id": "PA2",
            "employer": "OP1",
            "first_name": "Olu",
            "last_name": "Okafor",
            "phone": "07700 900004",
            "skills": "wheelchair_restraint:2027-03-31",
            "dbs_expiry": "2027-09-01",
            "address": "5 Holly Way, Ipswich",
            "postcode": "IP1 2CC",
            "lat": "52.07",
            "lon": "1.13",
            "cost_per_run": "22.50",
            "vehicle_id": "V1",
        },
    ],
    "children": [
        {
            "child_id": "C1",
            "first_name": "Sam",
            "last_name": "Smith",
            "school_id": "S1",
            "address": "6 Mill Road, Ipswich",
            "postcode": "IP4 2DD",
            "lat": "52.06",
            "lon": "1.17",
            "needs_pa": "yes",
            "pa_skills": "epilepsy_medication",
            "care_notes": "Rescue medication in red bag.",
            "officer_id": "OF1",
            "must_not_travel_with": "C3",
            "sibling_group": "SMITH",
        },
        {
            "child_id": "C2",
            "first_name": "Ava",
            "last_name": "Smith",
            "school_id": "S1",
            "address": "6 Mill Road, Ipswich",
            "postcode": "IP4 2DD",
            "lat": "52.06",
            "lon": "1.17",
            "sibling_group": "SMITH",
            "wheelchair": "y",
            "boarding_minutes": "5",
        },
        {
            "child_id": "C3",
            "first_name": "Leo",
            "last_name": "Khan",
            "school_id": "S1",
            "address": "7 High Street, Ipswich",
            "postcode": "IP1 3EE",
            "lat": "52.058",
            "lon": "1.151",
            "travel_alone": "true",
            "travel_days": "mon;wed;fri",
        },
        {
            "child_id": "C4",
            "first_name": "Mia",
            "last_name": "Nowak",
            "school_id": "S2",
            "address": "8 Park Drive, Woodbridge",
            "postcode": "IP12 4FF",
            "lat": "52.1",
            "lon": "1.31",
            "max_journey_minutes": "40",
        },
        {
            "child_id": "C5",
            "first_name": "Noah",
            "last_name": "Evans",
            "school_id": "S2",
            "address": "10 Quay Street, Woodbridge",
            "postcode": "IP12 1BX",
            "lat": "52.091",
            "lon": "1.322",
            "pa_skills": "autism;behaviour",
            "officer_id": "OF1",
        },
        {
            "child_id": "C6",
            "first_name": "Isla",
            "last_name": "Brown",
            "school_id": "S1",
            "address": "11 Bixley Road, Ipswich",
            "postcode": "IP3 8PD",
            "lat": "52.046",
            "lon": "1.197",
            "travel_days": "Monday;Tuesday",
        },
    ],
    "child_addresses": [
        {
            "child_id": "C4",
            "weekday": "fri",
            "session": "PM",
            "address": "9 Station Road, Melton",
            "postcode": "IP12 1GG",
            "lat": "52.104",
            "lon": "1.337",
        },
    ],
    "guardians": [
        {
            "guardian_id": "G1",
            "first_name": "Sarah",
            "last_name": "Smith",
            "phone": "07700 900010",
            "children": "C1;C2",
            "primary_contact": "yes",
            "share_contact": "yes",
        },
        {
            "guardian_id": "G2",
            "first_name": "Tariq",
            "last_name": "Khan",
            "phone": "07700 900011",
            "children": "C3",
            "sms_consent": "no",
        },
        {"guardian_id": "G3", "first_name": "Agnieszka", "last_name": "Nowak", "phone": "07700 900012", "children": "C4"},
    ],
    "spot_hire": [
        {
            "rate_id": "R-WAV",
            "operator_id": "OP1",
            "area": "Ipswich",
            "kind": "WAV",
            "seats": "3",
            "wheelchair_spaces": "1",
            "base_address": "9 Depot Road, Ipswich",
            "base_postcode": "IP3 9DD",
            "base_lat": "52.04",
            "base_lon": "1.17",
            "fixed_cost": "75",
            "cost_per_mile": "2.80",
            "pa_cost_per_run": "45",
            "pa_skills": "wheelchair_restraint;Epilepsy_Medication",
        },
        {
            "rate_id": "R-TAXI",
            "area": "Woodbridge",
            "kind": "car",
            "seats": "4",
            "base_address": "2 Station Road, Woodbridge",
            "base_postcode": "IP12 4AU",
            "base_lat": "52.09",
            "base_lon": "1.32",
            "fixed_cost": "40",
            "cost_per_mile": "2.10",
            "available_from": "07:00",
            "available_to": "17:00",
        },
    ],
}


def columns(rows: list[dict]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        seen += [k for k in row if k not in seen]
    return seen


def write_csv(folder: Path, tables: dict[str, list[dict]] = TINY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns(rows))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_xlsx(folder: Path, tables: dict[str, list[dict]] = TINY, convert=None) -> Path:
    """The same tables as Excel workbooks; `convert(column, text)` may turn text into real cells."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        book = Workbook()
        sheet = book.active
        header = columns(rows)
        sheet.append(header)
        for row in rows:
            sheet.append([convert(c, row.get(c)) if convert and row.get(c) else row.get(c) for c in header])
        book.save(folder / f"{name}.xlsx")
    return folder


def edited(name: str, row: int, **changes) -> dict[str, list[dict]]:
    """TINY with one row of one file changed (row counts from 0, the first data row)."""
    tables = {k: [dict(r) for r in v] for k, v in TINY.items()}
    tables[name][row].update(changes)
    return tables
