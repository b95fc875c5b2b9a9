"""Words as the index splits them: lower case, letters and digits, accents removed (pure).

Why here: the indexer (learning acronyms) and the answer engine (reading questions and
passages) must split text the same way, and the engine already depends on the indexer.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words with diacritics removed: letters and digits, as the index splits them."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = fold_marks(lowered)
    return tuple(WORD.findall(lowered))


def fold_marks(text: str) -> str:
    """'café' -> 'cafe': members rarely type the accents the papers print."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))
