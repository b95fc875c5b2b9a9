"""Acronyms the papers themselves define, and the initials of each body's own name (pure).

Why: every council has its own ("TWBC", "LCCC", "the Local Transport Plan (LTP)") and
no shipped glossary can list them all. A paper that writes "Tunbridge Wells Borough
Council (TWBC)" teaches the bot what a member means by "TWBC"; a committee called
"Joint Policing Committee" is what "JPC" means in that council's papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from member_bot.glossary import words_of

SMALL_WORDS = frozenset({"of", "and", "for", "the", "&", "on", "in", "to", "at"})
MAX_LETTERS = 8


def looks_like_acronym(typed: str) -> bool:
    """Two to eight letters, as a member types an acronym ("twbc", "LTP")."""
    return 2 <= len(typed) <= MAX_LETTERS and typed.isalpha()


def initials(words: Iterable[str]) -> tuple[str, str]:
    """Initials of every word, and of the words that are not small ones."""
    words = [w for w in words if w]
    return (
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w not in SMALL_WORDS),
    )


def defined_in(text: str, acronym: str) -> list[tuple[str, ...]]:
    """Expansions `text` gives for `acronym`: "Full Name (ACRO)" or "ACRO (Full Name)".

    The expansion is the run of words just before (or inside) the brackets whose
    initials spell the acronym, small words ("of", "and") allowed between.
    """
    found: list[tuple[str, ...]] = []
    letters = acronym.lower()
    pattern = re.compile(r"\(\s*(?:the\s+)?" + re.escape(acronym) + r"s?\s*\)", re.IGNORECASE)
    for m in pattern.finditer(text):
        before = words_of(text[max(0, m.start() - 160) : m.start()])
        for size in range(len(letters), min(len(before), len(letters) * 2 + 2) + 1):
            phrase = before[-size:]
            if phrase[0] in SMALL_WORDS:
                continue
            if letters in initials(phrase):
                found.append(tuple(phrase))
                break
    after = re.compile(re.escape(acronym) + r"\s*\(([^)]{3,120})\)", re.IGNORECASE)
    for m in after.finditer(text):
        phrase = words_of(m.group(1))
        if phrase and letters in initials(phrase):
            found.append(phrase)
    return found


def named_as(acronym: str, names: Iterable[str]) -> list[tuple[str, ...]]:
    """Body and committee names whose initials spell the acronym ("JPC", "LCCC")."""
    letters = acronym.lower()
    return [tuple(words_of(name)) for name in names if letters in initials(words_of(name))]
