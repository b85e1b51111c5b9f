"""Import a folder of the council's files: all of it, or (if anything is wrong) none of it.

Three steps: read and validate every row of every file; check every reference and find missing
coordinates; only then write, in one transaction, matching rows by the council's own IDs so that
importing the same files twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.imports.errors import ImportFailed, RowError
from transport.imports.files import read_table
from transport.imports.geocode import GeocodeFailed, Geocoder
from transport.imports.rows import FILES, Row
from transport.imports.writer import Writer
from transport.settings import Settings, get_settings

Parsed = dict[str, list[tuple[int, Row]]]

# Where each file's address and coordinates are.
LOCATED = {
    "schools": ("address", "postcode", "lat", "lon"),
    "children": ("address", "postcode", "lat", "lon"),
    "child_addresses": ("address", "postcode", "lat", "lon"),
    "vehicles": ("depot_address", "depot_postcode", "depot_lat", "depot_lon"),
    "assistants": ("address", "postcode", "lat", "lon"),
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


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
            lines.append(f"  {name:<22} {c.created:>5} new, {c.updated:>5} changed, {c.unchanged:>5} unchanged")
        if self.geocoded:
            lines.append(f"  {self.geocoded} address(es) looked up by the geocoder")
        return "\n".join(lines)


def import_folder(factory: sessionmaker[Session], folder: Path, settings: Settings | None = None) -> ImportReport:
    settings = settings or get_settings()
    parsed, names, errors, ids = _parse(Path(folder))
    if not names:
        raise ImportFailed([RowError(str(folder), 0, "-", "no council files found (see data/sample/README.md for their names)")])
    with factory() as session:
        errors += _check_references(session, parsed, names, ids)
        if errors:
            raise ImportFailed(errors)
        geocoder = Geocoder(session, settings)
        coordinates, errors = _locate(parsed, names, geocoder)
        if errors:
            raise ImportFailed(errors)
        remembered = [(e.query, e.lat, e.lon) for e in geocoder.new_entries()]
    report = ImportReport(files=names, geocoded=len(remembered))
    with transaction(factory) as session:
        Writer(session, settings, coordinates, report.counts).write(parsed)
        session.add_all(m.GeocodeCache(query=q, lat=lat, lon=lon) for q, lat, lon in remembered)
    return report


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
            if kind == "child_addresses":
                key: object = (row.child_id, row.weekday, row.session)
                clash = f"this child already has a {row.weekday} {row.session} address on row"
            else:
                key = getattr(row, id_column)
                clash = f"{key!r} is already used on row"
            if key in seen:
                errors.append(RowError(table.file, number, id_column, f"{clash} {seen[key]}"))
                continue
            seen[key] = number
            rows.append((number, row))
        parsed[kind] = rows
    return parsed, names, errors, ids


def _row_error(file: str, number: int, error: dict) -> RowError:
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


def _known(session: Session, parsed: Parsed, ids: dict[str, set[str]], kind: str, model: type) -> set[str] | None:
    if kind in parsed and parsed[kind] is None:
        return None
    return ids.get(kind, set()) | set(session.scalars(select(model.ref)))


def _check_references(session: Session, parsed: Parsed, names: dict[str, str], ids: dict[str, set[str]]) -> list[RowError]:
    officers = _known(session, parsed, ids, "officers", m.Officer)
    schools = _known(session, parsed, ids, "schools", m.School)
    operators = _known(session, parsed, ids, "operators", m.Operator)
    vehicles = _known(session, parsed, ids, "vehicles", m.Vehicle)
    children = _known(session, parsed, ids, "children", m.Child)
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
    ]
    errors: list[RowError] = []
    for kind, column, known, what in rules:
        if known is None:
            continue
        for number, row in parsed.get(kind) or []:
            value = getattr(row, column)
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None and ref not in known:
                    errors.append(RowError(names[kind], number, column, f"{ref!r} is not a known {what}"))
    return errors


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
                errors.append(RowError(names[kind], number, address, f"{where!r} could not be found; check it or add {lat} and {lon}"))
            else:
                coordinates[(kind, number)] = found
    return coordinates, errors
