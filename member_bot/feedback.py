"""Members' Helpful / Not helpful clicks as evaluation rows, so a council can re-fit the
answer scorer on its own members' questions (`member-bot feedback export`, then `train`).

A "Helpful" on an answer makes its first shown passage the labelled answer (`doc` is the
paper's path, `must` a run of its words). A "Not helpful" is a labelled miss: the row is
written as unanswerable, which teaches the scorer that what it showed does not answer
the question - right for a wrong `high` answer, and the member's word for the others.
Only passages that could be shown in a channel are kept with a question, so an exempt
paper's words never reach the export.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

MUST_WORDS = 10  # words of the shown passage kept as the row's `must`


@dataclass(frozen=True)
class Vote:
    """One member's click on one answer, with what the answer showed first."""

    question: str
    helpful: bool
    tier: str
    first_source: str | None  # the first shown passage's paper, if it is still indexed
    first_text: str | None


def votes(conn: sqlite3.Connection) -> list[Vote]:
    """Every click, oldest first, with the first offered passage as it is indexed now."""
    rows = conn.execute(
        """SELECT q.question, f.helpful, q.tier, q.offered
           FROM slack_feedback f JOIN slack_questions q ON q.id = f.question_id
           ORDER BY f.at, q.id"""
    ).fetchall()
    out = []
    for question, helpful, tier, offered in rows:
        shown = json.loads(offered or "[]")
        first = shown[0]["passage_id"] if shown else None
        found = conn.execute(
            "SELECT d.source, p.text FROM passages p JOIN documents d ON d.id = p.document_id"
            " WHERE p.id = ? AND d.classification != 'exempt'",
            (first,),
        ).fetchone()
        out.append(Vote(question, bool(helpful), tier or "", *(found if found else (None, None))))
    return out


def evaluation_rows(clicks: list[Vote]) -> list[dict]:
    """The clicks as rows of the question files `eval` and `train` read (pure).

    One row per question: where members disagree, "Not helpful" wins (fail closed).
    A "Helpful" whose passage is gone from the index is dropped, not guessed.
    """
    by_question: dict[str, Vote] = {}
    for vote in clicks:
        seen = by_question.get(vote.question)
        if seen is None or (seen.helpful and not vote.helpful):
            by_question[vote.question] = vote
    rows = []
    for question, vote in by_question.items():
        kind = f"feedback-{vote.tier or 'unknown'}"
        if not vote.helpful:
            rows.append({"q": question, "unanswerable": True, "kind": kind + "-not-helpful"})
        elif vote.first_source and vote.first_text:
            words = vote.first_text.split()[:MUST_WORDS]
            rows.append(
                {"q": question, "doc": vote.first_source, "must": " ".join(words), "kind": kind}
            )
    return rows
