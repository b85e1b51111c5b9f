"""What goes wrong in a council's files, said so a person can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

from transport.errors import Invalid


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    row: int
    """Row number as a spreadsheet shows it: the header is row 1; 0 means the whole file."""
    column: str
    """The column at fault; empty when the problem is the whole row or file."""
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.reason}"


class ImportFailed(Invalid):
    """Nothing was imported; every problem found is in `errors`."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} problem(s) in the files; nothing was imported")
