"""Reading one of the council's tables from CSV or Excel into rows of text."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from transport.imports.errors import ImportFailed, RowError


@dataclass
class Table:
    file: str
    rows: list[tuple[int, dict[str, str]]]
    """(row number, column -> text); blank cells are absent."""


def read_table(folder: Path, name: str, columns: list[str], required: set[str]) -> Table | None:
    """The table `name` from `folder` as name.csv or name.xlsx, or None if neither is there."""
    found = [p for p in (folder / f"{name}.csv", folder / f"{name}.xlsx") if p.exists()]
    if not found:
        return None
    if len(found) > 1:
        raise ImportFailed([RowError(found[0].name, 1, "-", f"both {name}.csv and {name}.xlsx are present; keep one")])
    path = found[0]
    try:
        raw = _read_csv(path) if path.suffix == ".csv" else _read_xlsx(path)
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as error:
        raise ImportFailed([RowError(path.name, 1, "-", f"cannot be read: {error}")])
    if not raw:
        return Table(path.name, [])
    header = [(h or "").strip().lower() for h in raw[0]]
    errors = [
        RowError(path.name, 1, h or f"column {i + 1}", "is not a known column" + (" (a heading is missing)" if not h else ""))
        for i, h in enumerate(header) if h not in columns
    ]
    errors += [RowError(path.name, 1, c, "required column is missing") for c in sorted(required - set(header))]
    errors += [RowError(path.name, 1, h, "appears twice") for i, h in enumerate(header) if h and h in header[:i]]
    if errors:
        raise ImportFailed(errors)
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {h: v.strip() for h, v in zip(header, values) if v is not None and v.strip() != ""}
        if cells:
            rows.append((number, cells))
    return Table(path.name, rows)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [row for row in csv.reader(f)]


def _read_xlsx(path: Path) -> list[list[str | None]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str | None:
    """Excel cells as the text the contract expects: times HH:MM, dates YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
