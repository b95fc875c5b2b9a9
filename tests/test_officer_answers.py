"""Officers' answers become searchable papers that the next member's question finds."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from indexer import store
from indexer.model import DOCUMENT_TYPES
from indexer.run import index_paths
from member_bot.followups import Followup, FollowupError
from member_bot.followups_store import FollowupStore
from member_bot.officer_answers import paper_for_answer, source_for
from member_bot.search import answer_question

QUESTION = "When will Ashford Gateway library reopen after the refurbishment?"
ANSWER = (
    "Ashford Gateway library reopens to the public on Monday 14 April 2025; the "
    "refurbishment finished two weeks early and within its budget of £1.2m."
)


def answered(**changes) -> Followup:
    fields = dict(
        id=7,
        question=QUESTION,
        member_id="U_MEMBER",
        channel_id="C1",
        thread_ts="1.1",
        offered=[],
        status="answered",
        created_at="2025-02-24T09:00:00+00:00",
        due_date="2025-03-10",
        answered_by="U_OFFICER",
        answer=ANSWER,
        answered_at="2025-03-03T15:20:00+00:00",
    )
    fields.update(changes)
    return Followup(**fields)


def test_the_paper_for_an_answer() -> None:
    paper = paper_for_answer(answered())
    meta = paper.meta
    assert meta.title == "Officer answer to a member, 3 March 2025"
    assert (meta.type, meta.source, meta.date) == ("officer_answer", "followup:7", "2025-03-03")
    assert (meta.committee, meta.url, meta.classification) == (None, None, "unrestricted")
    # A bare Slack user ID means nothing to a reader: never shown as author or contact.
    assert (meta.author, meta.contact) == (None, None)
    assert meta.type in DOCUMENT_TYPES
    [passage] = paper.passages
    assert passage.text == ANSWER  # verbatim: the only thing a member is shown as fact
    assert passage.heading == QUESTION
    assert passage.kind == "officer_answer"
    named = paper_for_answer(answered(), author="Sarah Hammond, Head of Libraries")
    assert named.meta.author == "Sarah Hammond, Head of Libraries"
    assert named.content_hash != paper.content_hash


def test_the_date_is_the_councils_day() -> None:
    late_in_summer = answered(answered_at="2025-06-30T23:30:00+00:00")  # 00:30 BST on 1 July
    assert paper_for_answer(late_in_summer).meta.title.endswith(", 1 July 2025")
    late_in_winter = answered(answered_at="2025-01-31T23:30:00+00:00")  # GMT: still 31 Jan
    assert paper_for_answer(late_in_winter).meta.date == "2025-01-31"


def test_no_answer_no_paper() -> None:
    with pytest.raises(FollowupError, match="#7 has no answer"):
        paper_for_answer(answered(answer=None, answered_at=None, status="open"))


def answer_one(db: Path, **answer_options) -> int:
    queue = FollowupStore(
        store.connect(db),
        clock=lambda: datetime(2025, 3, 3, 15, 20, tzinfo=timezone.utc),
    )
    followup, _ = queue.create(
        question=QUESTION,
        member_id="U_MEMBER",
        channel_id="C1",
        thread_ts="1.1",
        offered=[],
        request_key="C1:1.1",
    )
    queue.answer(followup.id, "U_OFFICER", ANSWER, **answer_options)
    return followup.id


def test_an_answer_is_found_by_full_text_search(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    followup_id = answer_one(db, author="Sarah Hammond")
    conn = sqlite3.connect(db)
    rows = conn.execute(
        """SELECT p.text, p.heading, p.kind, d.title, d.type, d.source, d.author, d.meeting_date
           FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
           JOIN documents d ON d.id = p.document_id
           WHERE passages_fts MATCH 'library AND reopen'"""
    ).fetchall()
    assert rows == [
        (
            ANSWER,
            QUESTION,
            "officer_answer",
            "Officer answer to a member, 3 March 2025",
            "officer_answer",
            source_for(followup_id),
            "Sarah Hammond",
            "2025-03-03",
        )
    ]
    # the question's words find it too (they are the heading), stemmed: "refurbishing"
    assert conn.execute(
        "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'refurbishing'"
    ).fetchone() == (1,)
    # the member's identity is not in the index
    for table in ("documents", "passages"):
        row = conn.execute(f"SELECT * FROM {table}").fetchone()
        assert not any("U_MEMBER" in str(value) for value in row)


def test_the_next_member_gets_the_officers_answer_and_reindexing_keeps_it(
    tmp_path: Path, corpus: Path
) -> None:
    db = tmp_path / "bot.db"
    conn = store.connect(db)
    index_paths(conn, [corpus])
    answer_one(db)
    index_paths(conn, [corpus], prune=True, full=True)  # /reindex must not drop answers
    answer = answer_question(conn, "when does the ashford library reopen?")
    texts = [p.text for p in answer.passages]
    assert ANSWER in texts
    best = answer.passages[texts.index(ANSWER)]
    assert best.kind == "officer_answer"
    assert best.document.type == "officer_answer"
    assert best.document.title == "Officer answer to a member, 3 March 2025"


def test_closing_an_answered_followup_keeps_its_answer_searchable(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    followup_id = answer_one(db)
    FollowupStore(store.connect(db)).close(followup_id, "U_OFFICER", "answered")
    conn = sqlite3.connect(db)
    assert conn.execute(
        "SELECT COUNT(*) FROM documents WHERE source = ?", (source_for(followup_id),)
    ).fetchone() == (1,)
