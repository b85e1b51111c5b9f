"""Reading the council's files (CSV or Excel) into the database: all of it or none of it."""

from transport.imports.errors import ImportFailed, RowError
from transport.imports.loader import ImportReport, import_folder

__all__ = ["ImportFailed", "ImportReport", "RowError", "import_folder"]
