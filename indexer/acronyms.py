"""Acronyms a paper defines, and the initials of its committee's name (pure).

Why: every council has its own ("TWBC", "LCCC", "the Local Transport Plan (LTP)") and
no shipped glossary can list them all. A paper that writes "Tunbridge Wells Borough
Council (TWBC)" teaches the bot what a member means by "TWBC"; a committee called
"Joint Policing Committee" is what "JPC" means in that council's papers. They are
learnt once, when the paper is indexed, and looked up when a member types one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.words import words_of

SMALL_WORDS = frozenset({"of", "and", "for", "the", "&", "on", "in", "to", "at"})
MAX_LETTERS = 8
DEFINED, NAME = "defined", "name"
# "(TWBC)", "(the LTP)", "(DfT)", "(LACs)": two or more capitals, up to eight letters
_BRACKETED = re.compile(r"\(\s*(?:the\s+)?([A-Za-z][A-Za-z&]{1,8})\s*\)")
# "LTP (Local Transport Plan)"
_BEFORE_BRACKETS = re.compile(r"\b([A-Z][A-Za-z&]{1,7})\s*\([^)]{3,120}\)")


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


def looks_defined(token: str) -> str | None:
    """The acronym a bracketed token spells, if it is one ("LACs" -> "lac")."""
    if token.endswith("s") and sum(ch.isupper() for ch in token[:-1]) >= 2:
        token = token[:-1]
    capitals = sum(ch.isupper() for ch in token)
    if capitals < 2 or capitals < len(token) - 1 or not 2 <= len(token) <= MAX_LETTERS:
        return None
    return token.lower()


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


def definitions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every (acronym, expansion) a passage defines, in the order it defines them."""
    tokens = [m.group(1) for m in _BRACKETED.finditer(text)]
    tokens += [m.group(1) for m in _BEFORE_BRACKETS.finditer(text)]
    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for acronym in dict.fromkeys(filter(None, map(looks_defined, tokens))):
        for expansion in defined_in(text, acronym):
            if expansion != (acronym,):
                found.setdefault((acronym, expansion), None)
    return list(found)


def name_initials(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """A committee's or body's name under its initials ("JPC", "LCCC"), both ways of
    counting the small words."""
    words = words_of(name)
    spelt = {i for i in initials(words) if 2 <= len(i) <= MAX_LETTERS}
    return [(i, words) for i in sorted(spelt)] if len(words) >= 2 else []


def paper_vocabulary(committee: str | None, texts: Iterable[str]) -> list[tuple[str, str, str]]:
    """(acronym, expansion, how it was learnt) for one paper, each pair once."""
    rows: dict[tuple[str, str], str] = {}
    for text in texts:
        for acronym, expansion in definitions(text):
            rows.setdefault((acronym, " ".join(expansion)), DEFINED)
    for acronym, expansion in name_initials(committee or ""):
        rows.setdefault((acronym, " ".join(expansion)), NAME)
    return [(acronym, expansion, how) for (acronym, expansion), how in rows.items()]
