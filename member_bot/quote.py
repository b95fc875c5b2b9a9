"""Cut the part of a passage shown to a member: verbatim sentences, "…" where text is left out.

Pure: text and the weights of the words that matter in, quote out. Every piece of a
quote is a substring of the passage exactly as the paper has it; only the "…"
between pieces is ours, so a quote can never put words in an officer's mouth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from indexer.words import WORD

MAX_QUOTE = 600
ELLIPSIS = "…"
# A sentence ends at . ! ? or ; followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'“‘(\[A-Z0-9•\-–])|\n\s*")


Stemmer = Callable[[list[str]], list[str]]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in reading order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _word_hits(text: str, weights: Mapping[str, float], stem: Stemmer) -> list[tuple[int, float]]:
    """(offset, weight) of every word of `text` whose stem the question asked for."""
    matches = list(WORD.finditer(text))
    stems = stem([m.group().lower() for m in matches])
    return [(m.start(), weights[s]) for m, s in zip(matches, stems, strict=True) if s in weights]


def _window(text: str, start: int, end: int, hits: list[tuple[int, float]], limit: int):
    """The densest window of at most `limit` chars inside one long sentence."""
    if end - start <= limit:
        return start, end
    best, best_score = start, -1.0
    for offset, _ in hits or [(start, 0.0)]:
        lo = max(start, min(offset - limit // 4, end - limit))
        score = sum(w for o, w in hits if lo <= o < lo + limit - 20)
        if score > best_score:
            best, best_score = lo, score
    lo, hi = best, min(end, best + limit)
    if lo > start:  # start on a word boundary
        space = text.find(" ", lo, hi)
        lo = space + 1 if 0 <= space < lo + 40 else lo
    if hi < end:
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo + limit // 2 else hi
    while hi > lo and text[hi - 1] in " ,;:":
        hi -= 1
    return lo, hi


def cut_quote(
    text: str, weights: Mapping[str, float], stem: Stemmer, *, limit: int = MAX_QUOTE
) -> str:
    """The whole passage when it fits; otherwise its best-matching sentences, in order.

    `weights` maps the index's stems of the question's words to how much each matters
    (rarer words weigh more). Pieces not adjacent in the paper are joined by " … ".
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    spans = sentence_spans(text)
    hits = _word_hits(text, weights, stem)
    scored = []
    for index, (s, e) in enumerate(spans):
        seen: dict[int, float] = {}
        for offset, weight in hits:
            if s <= offset < e:
                seen[offset] = weight
        distinct = sum(set(seen.values()))
        scored.append((distinct, -index, s, e))
    budget = limit - 4  # room for the leading/trailing ellipses
    chosen: list[tuple[int, int]] = []
    used = 0
    for score, _neg, s, e in sorted(scored, reverse=True):
        if chosen and score <= 0:
            break
        length = e - s
        if not chosen and length > budget:
            s, e = _window(text, s, e, hits, budget)
            chosen.append((s, e))
            break
        if used + length + 3 > budget:
            continue
        chosen.append((s, e))
        used += length + 3
    chosen.sort()
    pieces: list[str] = []
    last_end = 0
    for i, (s, e) in enumerate(chosen):
        gap = text[last_end:s]
        if i == 0:
            if s > 0:
                pieces.append(ELLIPSIS + " ")
        elif gap.strip():
            pieces.append(" " + ELLIPSIS + " ")
        else:
            pieces.append(gap)
        pieces.append(text[s:e])
        last_end = e
    if last_end < len(text) and text[last_end:].strip():
        pieces.append(" " + ELLIPSIS)
    return "".join(pieces)


def quote_pieces(quote: str) -> list[str]:
    """The verbatim pieces of a quote (what a test checks against the passage text)."""
    return [p.strip() for p in quote.split(ELLIPSIS) if p.strip()]
