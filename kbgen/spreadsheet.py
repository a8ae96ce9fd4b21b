"""Cells of every CSV kbgen writes for staff (`kbgen links`, `kbgen misses report --format csv`): the
text in them comes from editors and from visitors, and must stay text when opened in Excel, Sheets
or LibreOffice, never run as a formula (`=HYPERLINK(...)`, `=WEBSERVICE(...)`, DDE `@SUM|...`).

The one owner of that rule: both CSV writers call `spreadsheet_text` on every cell.
"""

from __future__ import annotations

# A cell starting with one of these (after any blanks) is a formula in Excel, Sheets or LibreOffice;
# the fullwidth forms are formulas too when typed through an East Asian input method.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_BLANKS = " \t\r\n\u00a0\u3000"


def spreadsheet_text(value: str) -> str:
    """`value` with a leading apostrophe when a spreadsheet would read it as a formula: the
    apostrophe marks a cell as text and is not shown."""
    if value.startswith(("\t", "\r")) or value.lstrip(_BLANKS).startswith(_FORMULA_START):
        return f"'{value}"
    return value
