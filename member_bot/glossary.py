"""Acronyms and renamed terms, so "LAC" finds "children in care" and the other way round.

The vocabulary is data, not code: `member_bot/data/glossary.tsv` ships with the
package and an admin adds their council's own terms in a file of the same shape
(named by `MEMBER_BOT_GLOSSARY` or passed in). Each line is a group of equivalent
terms; a term found in a question is searched together with every other member of
every group it belongs to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from indexer.words import words_of

ENV_VAR = "MEMBER_BOT_GLOSSARY"


class GlossaryError(Exception):
    """A glossary file that cannot be read; the message names the file and line."""


@dataclass
class Glossary:
    """Equivalent phrases (as word tuples), looked up by the phrase a member typed."""

    groups: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    _index: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)

    def add_group(self, terms: Iterable[str]) -> None:
        phrases = tuple(dict.fromkeys(w for w in (words_of(t) for t in terms) if w))
        if len(phrases) < 2:
            return
        self.groups.append(phrases)
        for phrase in phrases:
            self._index.setdefault(phrase, set()).update(p for p in phrases if p != phrase)

    @property
    def longest(self) -> int:
        return max((len(p) for p in self._index), default=1)

    def alternatives(self, phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
        """Every other phrase that means the same as `phrase` (empty when it is not listed)."""
        return sorted(self._index.get(phrase, ()))

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self._index


def parse_glossary(
    text: str, *, origin: str = "glossary", into: Glossary | None = None
) -> Glossary:
    """Read TAB-separated groups (one per line, # comments) into a Glossary (pure)."""
    glossary = into if into is not None else Glossary()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        terms = [t.strip() for t in line.split("\t") if t.strip()]
        if len(terms) < 2:
            raise GlossaryError(
                f"{origin}, line {number}: expected a term and at least one expansion "
                "separated by TABs"
            )
        glossary.add_group(terms)
    return glossary


def load_glossary(extra: str | os.PathLike | None = None) -> Glossary:
    """The bundled glossary plus an admin's file (`extra`, else $MEMBER_BOT_GLOSSARY)."""
    extra_path = extra if extra is not None else os.environ.get(ENV_VAR) or None
    return _load(str(extra_path) if extra_path else None)


@lru_cache(maxsize=8)
def _load(extra_path: str | None) -> Glossary:
    bundled = resources.files("member_bot").joinpath("data/glossary.tsv").read_text("utf-8")
    glossary = parse_glossary(bundled, origin="member_bot/data/glossary.tsv")
    if extra_path:
        path = Path(extra_path)
        try:
            text = path.read_text("utf-8")
        except OSError as error:
            raise GlossaryError(f"cannot read glossary {path}: {error.strerror}") from error
        parse_glossary(text, origin=str(path), into=glossary)
    return glossary
