"""Text made safe for the files a planner opens: spreadsheet cells and the map's popups.

A name comes from the council's import and could be anything: `=HYPERLINK(...)` runs as a
formula when a CSV is opened in Excel, `<img onerror=...>` as a script in a browser.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP's list)."""


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading ' stops a formula. Numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: Sequence[object]) -> list[object]:
    return [cell(v) for v in values]


def map_text(value: str) -> str:
    """Text for a folium popup or tooltip. folium puts it raw inside a JavaScript template
    literal that jQuery then parses as HTML: besides HTML's own characters, `$` (a `${...}`
    would run), the backslash (`\\x3c` would become `<`) and the backtick must not reach it."""
    html = str(escape(value))
    return html.replace("\\", "&#92;").replace("$", "&#36;").replace("`", "&#96;")
