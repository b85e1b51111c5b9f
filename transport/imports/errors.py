"""What goes wrong in a council's files, said so a person can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    row: int
    """Row number as a spreadsheet shows it: the header is row 1."""
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, {self.column}: {self.reason}"


class ImportFailed(Exception):
    """Nothing was imported; every problem found is in `errors`."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors)
        super().__init__(f"{len(self.errors)} problem(s) in the files; nothing was imported")
