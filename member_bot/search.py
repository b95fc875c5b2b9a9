"""The answer engine: member's text -> safe FTS query -> candidates -> rerank -> Answer.

INTERIM: a plain BM25 lookup so the CLI and Slack can be wired; issue 4 replaces
the internals (query planning, glossary, rerank, quotes, confidence) behind the
same `answer_question` signature.
"""

from __future__ import annotations

import re
import sqlite3

from indexer.model import DocumentMeta
from member_bot.answer_model import Answer, QuotedPassage


def answer_question(
    conn: sqlite3.Connection,
    question: str,
    *,
    top: int = 3,
    include_exempt: bool = False,
    context: str | None = None,
) -> Answer:
    """Answer `question` from the index; `context` is an earlier question in the same thread."""
    words = re.findall(r"\w+", question.lower())
    if not words:
        return Answer(question=question, answered=False, followup_suggested=True)
    match = " OR ".join(f'"{w}"' for w in words[:50])
    rows = conn.execute(
        """SELECT p.id, p.text, p.para, p.heading, p.page, p.kind, bm25(passages_fts) AS rank,
                  d.title, d.type, d.committee, d.meeting_date, d.author, d.contact,
                  d.classification, d.source, d.url
           FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
           JOIN documents d ON d.id = p.document_id
           WHERE passages_fts MATCH ? AND (? OR d.classification != 'exempt')
           ORDER BY rank LIMIT ?""",
        (match, include_exempt, top),
    ).fetchall()
    passages = [
        QuotedPassage(
            passage_id=r["id"],
            quote=r["text"][:600],
            text=r["text"],
            para=r["para"],
            heading=r["heading"],
            page=r["page"],
            score=-r["rank"],
            kind=r["kind"],
            document=DocumentMeta(
                title=r["title"],
                type=r["type"],
                committee=r["committee"],
                date=r["meeting_date"],
                author=r["author"],
                contact=r["contact"],
                classification=r["classification"],
                source=r["source"],
                url=r["url"],
            ),
        )
        for r in rows
    ]
    answered = bool(passages)
    return Answer(
        question=question, answered=answered, followup_suggested=not answered, passages=passages
    )
