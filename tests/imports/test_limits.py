"""A council's file is read in full (whatever an xlsx's <dimension> claims) and within limits: a
file made to tie up the service is refused at once, named, and nothing is imported."""

from __future__ import annotations

import re
import time
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.imports.council import TINY, write_csv, write_xlsx
from transport import models as m
from transport.imports import ImportFailed, files, import_folder


def _rewrite(path, member: str, change) -> None:
    """The xlsx with one of its parts changed (as another program might have written it)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _children(factory) -> int:
    with factory() as db:
        return db.scalar(select(func.count()).select_from(m.Child))


def test_an_xlsx_is_read_in_full_whatever_its_dimension_says(factory, tmp_path):
    folder = write_xlsx(tmp_path)
    _rewrite(
        folder / "children.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', x),
    )
    with zipfile.ZipFile(folder / "children.xlsx") as z:
        assert b'<dimension ref="A1:B2"' in z.read("xl/worksheets/sheet1.xml")
    import_folder(factory, folder)
    assert _children(factory) == len(TINY["children"]) > 1


def _refused(factory, folder, expected: str) -> None:
    started = time.monotonic()
    with pytest.raises(ImportFailed) as raised:
        import_folder(factory, folder)
    assert time.monotonic() - started < 10
    assert any(expected in str(e) for e in raised.value.errors), raised.value.errors
    assert _children(factory) == 0


def test_too_many_rows_are_refused_naming_the_file(factory, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", len(TINY["children"]) - 1)
    _refused(factory, write_csv(tmp_path / "csv", TINY), f"children.csv: has more than {len(TINY['children']) - 1} rows")
    _refused(factory, write_xlsx(tmp_path / "xlsx", TINY), "children.xlsx: has more than")


def test_too_many_columns_are_refused(factory, tmp_path):
    folder = write_csv(tmp_path, TINY)
    path = folder / "officers.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line + "," * files.MAX_COLUMNS + "x" for line in lines) + "\n")
    _refused(factory, folder, f"officers.csv: has more than {files.MAX_COLUMNS} columns")


def test_a_csv_over_its_size_is_refused_before_it_is_read(factory, tmp_path, monkeypatch):
    folder = write_csv(tmp_path, TINY)
    monkeypatch.setattr(files, "MAX_CSV_BYTES", (folder / "children.csv").stat().st_size - 1)
    _refused(factory, folder, "children.csv: is larger than")


def test_an_xlsx_that_unpacks_too_large_is_refused_before_it_is_unpacked(factory, tmp_path, monkeypatch):
    """The probe's 413 KB file with a 400 MB comment, smaller: a part that unpacks past the limit."""
    folder = write_xlsx(tmp_path)
    monkeypatch.setattr(files, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)
    with zipfile.ZipFile(folder / "children.xlsx", "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/comments1.xml", b"<comments>" + b"a" * 2 * 1024 * 1024 + b"</comments>")
    assert (folder / "children.xlsx").stat().st_size < 100 * 1024
    _refused(factory, folder, "children.xlsx: unpacks to more than 1 MB")


def test_blank_styled_rows_do_not_count(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["officer_id", "name"])
    sheet.append(["OF1", "Ann"])
    for row in range(3, 50):
        sheet.cell(row=row, column=1).number_format = "0.00"  # formatted, but empty
    book.save(tmp_path / "officers.xlsx")
    table = files.read_table(tmp_path, "officers", ["officer_id", "name"], {"officer_id"})
    assert table is not None and [cells for _, cells in table.rows] == [{"officer_id": "OF1", "name": "Ann"}]
