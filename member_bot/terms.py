"""Words as the index sees them: porter stems, document frequencies and typo repair.

Stems come from SQLite's own FTS5 tokenizer (the one the index was built with, run on
an in-memory table), so the engine's scoring can never disagree with what MATCH
finds. Document frequencies come from `passages_vocab` (fts5vocab), which is how the
query planner knows which words are rare before it runs anything expensive.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from indexer.store import TOKENIZER

_lock = threading.Lock()
_cache: dict[str, str] = {}
_CACHE_LIMIT = 500_000
_conn: sqlite3.Connection | None = None


def _tokenizer_db() -> sqlite3.Connection:
    global _conn
    if _conn is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZER}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        _conn = conn
    return _conn


def stem_all(words: Iterable[str]) -> list[str]:
    """The index's token for each word (lower-case letters/digits in, porter stem out)."""
    words = list(words)
    missing = list(dict.fromkeys(w for w in words if w not in _cache))
    if missing:
        with _lock:
            conn = _tokenizer_db()
            conn.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (" ".join(missing),))
            tokens = [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]
            conn.execute("DELETE FROM t")
            if len(_cache) > _CACHE_LIMIT:
                _cache.clear()
            if len(tokens) == len(missing):
                _cache.update(zip(missing, tokens, strict=True))
            else:  # a word the tokenizer splits differently: take each on its own
                for word in missing:
                    conn.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (word,))
                    got = [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]
                    conn.execute("DELETE FROM t")
                    _cache[word] = got[0] if got else word
    return [_cache.get(w, w) for w in words]


def passage_total(conn: sqlite3.Connection) -> int:
    """How many passages the index holds (max id: O(1), close enough for IDF)."""
    row = conn.execute("SELECT max(id) FROM passages").fetchone()
    return int(row[0] or 0)


_df_cache: dict[tuple[int, int], dict[str, int]] = {}


def document_frequencies(conn: sqlite3.Connection, stems: Iterable[str]) -> dict[str, int]:
    """Passages containing each stem, from fts5vocab, cached until the index grows.

    fts5vocab counts by reading the term's whole doclist (milliseconds for a common
    word at a million passages), so counts are kept per connection and index size.
    """
    key = (id(conn), passage_total(conn))
    cache = _df_cache.get(key)
    if cache is None:
        if len(_df_cache) > 64:
            _df_cache.clear()
        cache = _df_cache[key] = {}
    out: dict[str, int] = {}
    for stem in dict.fromkeys(stems):
        if stem not in cache:
            row = conn.execute("SELECT doc FROM passages_vocab WHERE term = ?", (stem,))
            found = row.fetchone()
            if len(cache) > 200_000:
                cache.clear()
            cache[stem] = int(found[0]) if found else 0
        out[stem] = cache[stem]
    return out


def _vocabulary_range(conn: sqlite3.Connection, prefix: str, limit: int) -> list[str]:
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return [
        r[0]
        for r in conn.execute(
            "SELECT term FROM passages_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, upper, limit),
        )
    ]


_SOUNDS = (("ph", "f"), ("ck", "k"), ("ce", "se"), ("ci", "si"), ("cy", "sy"))


def sound_key(word: str) -> str:
    """A spelling's sound, roughly: soft c as s, ph as f, doubled letters as one.

    The misspellings members make most ("presept", "aprove", "seashels") spell the
    sound of the word, so they share this key with the word they meant.
    """
    key = word.lower()
    for written, sound in _SOUNDS:
        key = key.replace(written, sound)
    return "".join(ch for i, ch in enumerate(key) if i == 0 or ch != key[i - 1])


def nearest_terms(
    conn: sqlite3.Connection, stem: str, *, cutoff: float = 82.0, limit: int = 3
) -> list[str]:
    """Indexed terms closest to a misspelt one ("saftguard" -> "safeguard"), best first.

    fts5vocab reads a term's whole doclist to count it, so only small ranges of the
    vocabulary are scanned: terms sharing the first three letters (or those letters with
    the 2nd and 3rd swapped), and only if that finds nothing, the first two letters.
    """
    if len(stem) < 4 or not stem.isalpha():
        return []

    def best(terms: list[str]) -> list[str]:
        close = [t for t in terms if abs(len(t) - len(stem)) <= 2]
        found = process.extract(stem, close, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        terms = [term for term, _score, _index in found]
        if len(stem) >= 5:  # one slip of a key in a longer word: "grean" is "green"
            slips = process.extract(
                stem, close, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=limit
            )
            terms = list(dict.fromkeys(terms + [term for term, _d, _i in slips]))[:limit]
        # "presept" is as close to "present" as to "precept"; the one that sounds the
        # same is the word the member meant.
        alike = [t for t in terms if sound_key(t) == sound_key(stem)]
        return alike or terms

    prefixes = dict.fromkeys((stem[:3], stem[0] + stem[2] + stem[1]))
    found = best([t for p in prefixes for t in _vocabulary_range(conn, p, 5_000)])
    return found or best(_vocabulary_range(conn, stem[:2], 3_000))
