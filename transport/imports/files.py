"""Reading one of the council's tables from CSV or Excel into rows of text.

Cells come out as the text the contract expects whatever the spreadsheet made of them: an Excel
time cell is `HH:MM`, a date cell `YYYY-MM-DD`, a whole number has no `.0`. (A phone number that
Excel turned into a number has lost its leading 0; UK numbers are still read right from the rest.)
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile, ZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from transport.imports.errors import ImportFailed, RowError

SUFFIXES = (".csv", ".xlsx")
EXCEL_EPOCHS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1))
# What one file may hold: a county's 5,000 children fit many times over, while a file made to tie
# up the service (a 50 MB CSV, an xlsx that unpacks to gigabytes) is refused before it is read.
MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024


class TooLarge(ValueError):
    """A file over one of the limits above: the reason, said for a person."""


@dataclass
class Table:
    file: str
    rows: list[tuple[int, dict[str, str]]]
    """(row number, column -> text); blank cells are absent, blank rows are skipped."""


def table_files(folder: Path) -> list[Path]:
    """The spreadsheet-like files in `folder` (not Excel's `~$` lock files, not hidden files)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in (*SUFFIXES, ".xls") and not p.name.startswith(("~$", "."))
    )


def read_table(folder: Path, name: str, columns: list[str], required: set[str]) -> Table | None:
    """The table `name` from `folder` as name.csv or name.xlsx, or None if neither is there."""
    found = [p for p in table_files(folder) if p.stem.lower() == name and p.suffix.lower() in SUFFIXES]
    if not found:
        return None
    if len(found) > 1:
        raise ImportFailed([RowError(found[0].name, 0, "", f"both {found[0].name} and {found[1].name} are present; keep one")])
    path = found[0]
    try:
        raw: list[list[str | None]] = _read_csv(path) if path.suffix.lower() == ".csv" else _read_xlsx(path)
    except TooLarge as error:
        raise ImportFailed([RowError(path.name, 0, "", str(error))]) from None
    except UnicodeDecodeError:
        raise ImportFailed([RowError(path.name, 0, "", "is not UTF-8 text; save it as 'CSV UTF-8' or as .xlsx")]) from None
    except (csv.Error, OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as error:
        raise ImportFailed([RowError(path.name, 0, "", f"cannot be read ({error})")]) from None
    if not raw:
        return Table(path.name, [])
    header = [(h or "").strip().lower() for h in raw[0]]
    body = raw[1:]
    # A column with neither a heading nor any value (Excel leaves these about) is no column at all.
    used = [i for i, h in enumerate(header) if h or any(_text(r, i) for r in body)]
    errors = [
        RowError(
            path.name, 1, header[i] or f"column {i + 1}", "is not a known column" if header[i] else "has values but no heading"
        )
        for i in used
        if header[i] not in columns
    ]
    errors += [RowError(path.name, 1, c, "required column is missing") for c in sorted(required - set(header))]
    errors += [RowError(path.name, 1, header[i], "appears twice") for i in used if header[i] and header[i] in header[:i]]
    for number, values in enumerate(body, start=2):
        errors += [
            RowError(path.name, number, f"column {i + 1}", "has a value but no heading")
            for i in range(len(header), len(values))
            if _text(values, i)
        ]
    if errors:
        raise ImportFailed(errors)
    rows = []
    for number, values in enumerate(body, start=2):
        cells = {header[i]: _text(values, i) for i in used if _text(values, i)}
        if cells:
            rows.append((number, cells))
    return Table(path.name, rows)


def _text(values: Sequence[str | None], i: int) -> str:
    return (values[i] or "").strip() if i < len(values) else ""


def _read_csv(path: Path) -> list[list[str | None]]:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise TooLarge(f"is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB; split it, or save it as .xlsx")
    with path.open(newline="", encoding="utf-8-sig") as f:
        return [[str(v) for v in row] for row in _capped(csv.reader(f))]


def _read_xlsx(path: Path) -> list[list[str | None]]:
    with ZipFile(path) as z:  # the sizes its parts unpack to, before any is unpacked
        if sum(i.file_size for i in z.infolist()) > MAX_XLSX_UNPACKED_BYTES:
            raise TooLarge(
                f"unpacks to more than {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB "
                "(pictures or comments?); save only the table, as a new workbook or as CSV"
            )
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # Read-only mode trusts the sheet's <dimension>, which some programs write wrong (rows
        # beyond it were silently dropped): read every row there is instead.
        sheet.reset_dimensions()
        return [[cell_text(v) for v in row] for row in _capped(sheet.iter_rows(values_only=True))]
    finally:
        book.close()


def _capped(rows: Iterable[Iterable[object]]) -> Iterator[list[object]]:
    """The rows, refused as soon as there are more (with a value) or wider than a table can be."""
    filled = 0
    for row in rows:
        values = list(row)
        if len(values) > MAX_COLUMNS:
            if any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                raise TooLarge(f"has more than {MAX_COLUMNS} columns")
            values = values[:MAX_COLUMNS]
        if any(v not in (None, "") for v in values):
            filled += 1
            if filled > MAX_ROWS + 1:  # the header row and MAX_ROWS rows
                raise TooLarge(f"has more than {MAX_ROWS:,} rows; import it in parts")
        yield values


def cell_text(value: object) -> str | None:
    """An Excel cell as the text the contract expects: times HH:MM, dates YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.date() in EXCEL_EPOCHS:  # a time of day that Excel keeps as a date-time on day 0
            return value.strftime("%H:%M")
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
