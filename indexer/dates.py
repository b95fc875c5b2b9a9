"""Dates as council papers write them -> ISO yyyy-mm-dd (pure).

"19 January 2011", "Thursday, 30th January, 2025", "26TH JUNE, 2020", "30th-Jan-2025",
"January 29, 2018", "10.12.24" and "29/12/2019" (day first, as in the UK and Ireland).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"[\s,\-]+"

DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}{_SEP}(?:of\s+)?{_MONTH}{_SEP}{_YEAR}\b", re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
NUMERIC = re.compile(
    r"(?<![\d/.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)?\d\d)(?![\d/.])"
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, numeric: bool = True) -> list[tuple[int, str]]:
    """Every date in `text` as (position, ISO), in reading order."""
    found: list[tuple[int, str]] = []
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = MONTHS[match.group("month").lower()]
            iso = _iso(int(match.group("year")), month, int(match.group("day")))
            if iso:
                found.append((match.start(), iso))
    if numeric:
        taken = {position for position, _ in found}
        for match in NUMERIC.finditer(text):
            year = int(match.group("year"))
            year = year + 2000 if year < 100 else year
            iso = _iso(year, int(match.group("month")), int(match.group("day")))
            if iso and match.start() not in taken:
                found.append((match.start(), iso))
    return sorted(found)


def first_date(text: str, numeric: bool = True) -> str | None:
    """The first date written in `text`, as ISO."""
    found = find_dates(text, numeric)
    return found[0][1] if found else None


ISO_DATE = re.compile(r"\b((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)\b")


def iso_in(text: str) -> str | None:
    """An ISO-style date (2025-01-30, 2023/03/27) written in a path or front matter."""
    match = ISO_DATE.search(text)
    if not match:
        return None
    return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
