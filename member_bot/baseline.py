"""Plain FTS5 BM25, the yardstick: every word of the question ORed, bm25 order, no declining.

This is what a first version of the bot did; `member-bot eval` and the benchmark
report it beside the engine in the same run, over the same passages.
"""

from __future__ import annotations

import sqlite3

from indexer.store import DOCUMENT_META_COLUMNS, document_meta
from member_bot.answer_model import Answer, QuotedPassage
from member_bot.glossary import words_of

PAPER_COLUMNS = ", ".join(f"d.{c.strip()}" for c in DOCUMENT_META_COLUMNS.split(","))


def bm25_match(question: str) -> str | None:
    """`"w1" OR "w2" OR …` of the question's words (safe: letters and digits only)."""
    words = list(dict.fromkeys(words_of(question)))[:64]
    return " OR ".join(f'"{w}"' for w in words) if words else None


def bm25_answer(
    conn: sqlite3.Connection, question: str, *, top: int = 3, include_exempt: bool = False
) -> Answer:
    match = bm25_match(question)
    if match is None:
        return Answer(question=question, answered=False, followup_suggested=True)
    rows = conn.execute(
        f"""SELECT p.id, p.text, p.para, p.heading, p.page, p.kind, bm25(passages_fts) AS rank,
                  {PAPER_COLUMNS}
           FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
           JOIN documents d ON d.id = p.document_id
           WHERE passages_fts MATCH ? AND (? OR d.classification != 'exempt')
           ORDER BY rank LIMIT ?""",
        (match, include_exempt, top),
    ).fetchall()
    passages = [
        QuotedPassage(
            passage_id=r[0],
            quote=r[1][:600],
            text=r[1],
            para=r[2],
            heading=r[3],
            page=r[4],
            score=-r[6],
            kind=r[5],
            document=document_meta(tuple(r)[7:]),
        )
        for r in rows
    ]
    return Answer(
        question=question,
        answered=bool(passages),
        followup_suggested=not passages,
        passages=passages,
    )
