"""Import a folder of the council's files: all of it, or (if anything is wrong) none of it.

Three steps: read and validate every row of every file; check every reference and find missing
coordinates; only then write, in one transaction, matching rows by the council's own IDs so that
importing the same files twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.imports.errors import ImportFailed, RowError
from transport.imports.files import read_table, table_files
from transport.imports.geocode import GeocodeFailed, Geocoder
from transport.imports.rows import FILES, ChildAddressRow, DriverRow, Row, VehicleRow
from transport.imports.writer import Writer
from transport.settings import Settings, get_settings

Parsed = dict[str, list[tuple[int, Row]] | None]
"""Kind -> its valid rows (row number, row); None when the file could not be read."""

# Where each file's address and coordinates are.
LOCATED = {
    "schools": ("address", "postcode", "lat", "lon"),
    "children": ("address", "postcode", "lat", "lon"),
    "child_addresses": ("address", "postcode", "lat", "lon"),
    "vehicles": ("depot_address", "depot_postcode", "depot_lat", "depot_lon"),
    "assistants": ("address", "postcode", "lat", "lon"),
    "spot_hire": ("base_address", "base_postcode", "base_lat", "base_lon"),
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    """Only child_addresses: a child's other address that the file no longer has."""


@dataclass
class ImportReport:
    files: dict[str, str] = field(default_factory=dict)
    """Kind -> the file it came from."""
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    geocoded: int = 0

    def __str__(self) -> str:
        lines = [f"Imported {len(self.files)} file(s):"]
        for kind, name in self.files.items():
            c = self.counts[kind]
            lines.append(
                f"  {name:<22} {c.created:>5} new, {c.updated:>5} changed, {c.unchanged:>5} unchanged"
                + (f", {c.removed} removed" if c.removed else "")
            )
        if self.geocoded:
            lines.append(f"  {self.geocoded} address(es) looked up by the geocoder")
        return "\n".join(lines)


def import_folder(factory: sessionmaker[Session], folder: Path, settings: Settings | None = None) -> ImportReport:
    settings = settings or get_settings()
    folder = Path(folder)
    parsed, names, errors, ids = _parse(folder)
    errors += _strangers(folder)
    if not names and not errors:
        raise ImportFailed(
            [RowError(str(folder), 0, "", f"no council files found; expected some of {', '.join(FILES)} (.csv or .xlsx)")]
        )
    with factory() as db:
        errors += _check_references(db, parsed, names, ids)
        if errors:
            raise ImportFailed(errors)
        geocoder = Geocoder(db, settings)
        coordinates, errors = _locate(parsed, names, geocoder)
        if errors:
            raise ImportFailed(errors)
        remembered = [(e.query, e.lat, e.lon) for e in geocoder.new_entries()]
    report = ImportReport(files=names, geocoded=len(remembered))
    try:
        with transaction(factory) as db:
            Writer(db, settings, coordinates, report.counts).write(parsed)
            db.add_all(m.GeocodeCache(query=q, lat=lat, lon=lon) for q, lat, lon in remembered)
    except SQLAlchemyError as error:  # rolled back: nothing was written
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise ImportFailed([RowError("database", 0, "", f"refused the import, so nothing was written: {reason}")]) from error
    return report


def _strangers(folder: Path) -> list[RowError]:
    """Files that look like council files but are not one (a misspelt name must not be skipped quietly)."""
    errors = []
    for path in table_files(folder):
        if path.suffix.lower() == ".xls":
            errors.append(RowError(path.name, 0, "", "old Excel (.xls) files are not read; save it as .xlsx or .csv"))
        elif path.stem.lower() not in FILES:
            errors.append(RowError(path.name, 0, "", f"is not one of the council's files ({', '.join(FILES)})"))
    return errors


def _parse(folder: Path) -> tuple[Parsed, dict[str, str], list[RowError], dict[str, set[str]]]:
    """Every valid row of every file, the files' names, every error, and every ID in the files
    (bad rows' too, so a bad row does not also make every reference to it an error)."""
    parsed: Parsed = {}
    ids: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    errors: list[RowError] = []
    for kind, (model, id_column) in FILES.items():
        columns = list(model.model_fields)
        required = {n for n, f in model.model_fields.items() if f.is_required()}
        try:
            table = read_table(folder, kind, columns, required)
        except ImportFailed as failed:
            errors += failed.errors
            names[kind] = failed.errors[0].file
            parsed[kind] = None  # unreadable: its rows are not checked, nor references into it
            continue
        if table is None:
            continue
        names[kind] = table.file
        rows: list[tuple[int, Row]] = []
        seen: dict[object, int] = {}
        ids[kind] = {cells[id_column] for _, cells in table.rows if id_column in cells}
        for number, cells in table.rows:
            try:
                row = model(**cells)
            except ValidationError as invalid:
                errors += [_row_error(table.file, number, e) for e in invalid.errors()]
                continue
            if isinstance(row, ChildAddressRow):  # 'both' is AM and PM: one address per child, weekday and session
                sessions = ("AM", "PM") if row.session == "both" else (row.session,)
                keys: list[object] = [(row.child_id, row.weekday, s) for s in sessions]
                clash = f"this child already has a {row.weekday} address for that session on row"
                column = "session"
            else:
                keys = [getattr(row, id_column)]
                clash = f"{keys[0]!r} is already used on row"
                column = id_column
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None:
                errors.append(RowError(table.file, number, column, f"{clash} {earlier}"))
                continue
            seen.update((k, number) for k in keys)
            rows.append((number, row))
        parsed[kind] = rows
    return parsed, names, errors, ids


def _row_error(file: str, number: int, error: ErrorDetails) -> RowError:
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:
        column, _, reason = message.partition(": ")
        return RowError(file, number, column, reason)
    column = str(error["loc"][0])
    kind = error["type"]
    if kind == "missing":
        reason = "is required"
    elif kind == "extra_forbidden":
        reason = "is not a known column"
    elif kind == "value_error":
        reason = message
    elif kind in ("int_parsing", "int_from_float"):
        reason = f"{error['input']!r} should be a whole number"
    elif kind == "float_parsing":
        reason = f"{error['input']!r} should be a number"
    else:
        reason = f"{error['input']!r} " + message.replace("Input should be", "should be").replace("String should", "should")
    return RowError(file, number, column, reason)


def _known(db: Session, parsed: Parsed, ids: dict[str, set[str]], kind: str, model: type[Any]) -> set[str] | None:
    if kind in parsed and parsed[kind] is None:
        return None
    return ids.get(kind, set()) | set(db.scalars(select(model.ref)))


def _check_references(db: Session, parsed: Parsed, names: dict[str, str], ids: dict[str, set[str]]) -> list[RowError]:
    officers = _known(db, parsed, ids, "officers", m.Officer)
    schools = _known(db, parsed, ids, "schools", m.School)
    operators = _known(db, parsed, ids, "operators", m.Operator)
    vehicles = _known(db, parsed, ids, "vehicles", m.FleetVehicle)
    children = _known(db, parsed, ids, "children", m.Child)
    # file kind, column, the IDs it may name (None: optional), what they are
    rules = [
        ("vehicles", "operator_id", operators, "operator"),
        ("drivers", "operator_id", operators, "operator"),
        ("drivers", "vehicle_id", vehicles, "vehicle"),
        ("assistants", "vehicle_id", vehicles, "vehicle"),
        ("assistants", "employer", None if operators is None else operators | {"council"}, "operator (or 'council')"),
        ("children", "school_id", schools, "school"),
        ("children", "officer_id", officers, "officer"),
        ("children", "must_not_travel_with", children, "child"),
        ("child_addresses", "child_id", children, "child"),
        ("guardians", "children", children, "child"),
        ("spot_hire", "operator_id", operators, "operator"),
    ]
    errors: list[RowError] = _check_driver_vehicles(db, parsed, names)
    for kind, column, known, what in rules:
        if known is None:
            continue
        for number, row in parsed.get(kind) or []:
            value = getattr(row, column)
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None and ref not in known:
                    errors.append(RowError(names[kind], number, column, f"{ref!r} is not a known {what}"))
    return errors


def _check_driver_vehicles(db: Session, parsed: Parsed, names: dict[str, str]) -> list[RowError]:
    """A driver is fixed to a vehicle of their own operator."""
    if parsed.get("vehicles") is None and "vehicles" in parsed:
        return []
    owner = {v: o for v, o in db.execute(select(m.FleetVehicle.ref, m.Operator.ref).join(m.FleetVehicle.operator))}
    # FILES: the rows of vehicles are VehicleRows, of drivers DriverRows.
    vehicles = cast(list[tuple[int, VehicleRow]], parsed.get("vehicles") or [])
    drivers = cast(list[tuple[int, DriverRow]], parsed.get("drivers") or [])
    owner.update((r.vehicle_id, r.operator_id) for _, r in vehicles)
    return [
        RowError(
            names["drivers"],
            number,
            "vehicle_id",
            f"{r.vehicle_id!r} belongs to operator {owner[r.vehicle_id]!r}, not to the driver's operator {r.operator_id!r}",
        )
        for number, r in drivers
        if r.vehicle_id in owner and owner[r.vehicle_id] != r.operator_id
    ]


def _locate(parsed: Parsed, names: dict[str, str], geocoder: Geocoder):
    """Coordinates for every row that has an address, from the file or the geocoder."""
    coordinates: dict[tuple[str, int], tuple[float, float]] = {}
    errors: list[RowError] = []
    for kind, (address, postcode, lat, lon) in LOCATED.items():
        for number, row in parsed.get(kind) or []:
            if getattr(row, lat) is not None:
                coordinates[(kind, number)] = (getattr(row, lat), getattr(row, lon))
                continue
            where = f"{getattr(row, address)}, {getattr(row, postcode)}"
            try:
                found = geocoder.locate(getattr(row, address), getattr(row, postcode))
            except GeocodeFailed as failed:
                errors.append(RowError(names[kind], number, address, f"{where!r}: {failed}; add {lat} and {lon} or try later"))
                continue
            if found is None:
                errors.append(
                    RowError(names[kind], number, address, f"{where!r} could not be found; check it or add {lat} and {lon}")
                )
            else:
                coordinates[(kind, number)] = found
    return coordinates, errors
