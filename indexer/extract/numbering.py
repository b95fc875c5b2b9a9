"""List numbers as a reader sees them (HTML <ol> and Word numbering render them, not the text)."""

from __future__ import annotations

import re

# A paragraph that is only a number ("87.", "(b)", "2.3"): a layout table put it in a
# cell of its own, and it belongs at the start of the next paragraph.
LABEL_ONLY = re.compile(r"^\(?(\d{1,3}([./]\d{1,3})*|[a-z]|[ivx]{1,5})[.)]?$", re.IGNORECASE)

ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (as browsers and Word count past z)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters or str(number)


def to_roman(number: int) -> str:
    if number <= 0:
        return str(number)
    result = ""
    for value, letters in ROMAN:
        while number >= value:
            result += letters
            number -= value
    return result


def format_number(number: int, style: str) -> str:
    """`style` is an HTML list type ("1", "a", "A", "i", "I")."""
    if style in ("a", "A"):
        text = to_letters(number)
        return text.upper() if style == "A" else text
    if style in ("i", "I"):
        text = to_roman(number)
        return text.upper() if style == "I" else text
    return str(number)
