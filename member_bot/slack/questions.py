"""Members' questions as the bot answered them: thread context, buttons, App Home, feedback.

Each answer's buttons carry only the id of a row here, so **Ask an officer** knows the
question, where it was asked and exactly what the bot offered, without squeezing it
into a 2,000-character button value. Only unrestricted passages are kept as
"offered", because the follow-up built from them is posted in the officers' channel.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from indexer.migrations import Migration, apply_migrations
from indexer.transactions import transaction
from member_bot.followups import OfferedPassage


def _m001_questions(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE IF NOT EXISTS slack_questions (
            id INTEGER PRIMARY KEY,
            member_id TEXT NOT NULL,
            channel_id TEXT,
            thread_ts TEXT,
            message_ts TEXT,
            question TEXT NOT NULL,
            context TEXT,
            via TEXT NOT NULL,
            answered INTEGER NOT NULL,
            offered TEXT NOT NULL DEFAULT '[]',
            asked_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS slack_questions_thread "
        "ON slack_questions(channel_id, thread_ts)"
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS slack_questions_member ON slack_questions(member_id, id)"
    )
    conn.execute(
        """CREATE TABLE IF NOT EXISTS slack_feedback (
            question_id INTEGER NOT NULL REFERENCES slack_questions(id),
            user_id TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (question_id, user_id)
        )"""
    )


def _m002_shown_exempt(conn: sqlite3.Connection) -> None:
    """Whether the answer showed an exempt passage: a follow-up on it is an exempt matter."""
    conn.execute("ALTER TABLE slack_questions ADD COLUMN shown_exempt INTEGER NOT NULL DEFAULT 0")


def _m003_tier(conn: sqlite3.Connection) -> None:
    """The scorer's tier for the answer, so members' Helpful / Not helpful clicks become
    labelled evaluation rows (`member-bot feedback export`)."""
    conn.execute("ALTER TABLE slack_questions ADD COLUMN tier TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Migration] = [
    ("slack_questions_m001_tables", _m001_questions),
    ("slack_questions_m002_shown_exempt", _m002_shown_exempt),
    ("slack_questions_m003_tier", _m003_tier),
]


@dataclass
class AskedQuestion:
    """One question and where its answer went (`thread_ts` is the thread replies go to)."""

    id: int
    member_id: str
    channel_id: str | None
    thread_ts: str | None
    message_ts: str | None
    question: str
    context: str | None
    via: str
    answered: bool
    asked_at: str
    offered: list[OfferedPassage] = field(default_factory=list)
    shown_exempt: bool = False


def ensure_tables(conn: sqlite3.Connection) -> None:
    apply_migrations(conn, MIGRATIONS)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(
    conn: sqlite3.Connection,
    *,
    member_id: str,
    channel_id: str | None,
    thread_ts: str | None,
    message_ts: str | None,
    question: str,
    context: str | None,
    via: str,
    answered: bool,
    offered: list[OfferedPassage],
    shown_exempt: bool = False,
    tier: str = "",
) -> int:
    with transaction(conn):
        cursor = conn.execute(
            """INSERT INTO slack_questions (member_id, channel_id, thread_ts, message_ts,
                   question, context, via, answered, offered, asked_at, shown_exempt, tier)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                member_id,
                channel_id,
                thread_ts,
                message_ts,
                question,
                context,
                via,
                int(answered),
                json.dumps([o.__dict__ for o in offered]),
                _now(),
                int(shown_exempt),
                tier,
            ),
        )
    return int(cursor.lastrowid)


def _load(row) -> AskedQuestion:
    (id_, member, channel, thread, message, question, context, via, answered, offered, at) = row[
        :11
    ]
    return AskedQuestion(
        id=id_,
        member_id=member,
        channel_id=channel,
        thread_ts=thread,
        message_ts=message,
        question=question,
        context=context,
        via=via,
        answered=bool(answered),
        asked_at=at,
        offered=[OfferedPassage(**o) for o in json.loads(offered or "[]")],
        shown_exempt=bool(row[11]) if len(row) > 11 else False,
    )


_COLUMNS = (
    "id, member_id, channel_id, thread_ts, message_ts, question, context, via, answered, "
    "offered, asked_at, shown_exempt"
)


def get(conn: sqlite3.Connection, question_id: int) -> AskedQuestion | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM slack_questions WHERE id = ?", (question_id,)
    ).fetchone()
    return _load(tuple(row)) if row else None


def earlier_in_thread(conn: sqlite3.Connection, channel_id: str, thread_ts: str) -> str | None:
    """The thread's first question: what "and what about adoption?" is a follow-up to."""
    row = conn.execute(
        "SELECT question FROM slack_questions WHERE channel_id = ? AND thread_ts = ? "
        "ORDER BY id LIMIT 1",
        (channel_id, thread_ts),
    ).fetchone()
    return row[0] if row else None


def last_in_conversation(
    conn: sqlite3.Connection, channel_id: str, member_id: str, within: timedelta
) -> str | None:
    """The member's last question in a DM, if recent: a DM is one running conversation."""
    since = (datetime.now(timezone.utc) - within).isoformat(timespec="seconds")
    row = conn.execute(
        "SELECT question FROM slack_questions WHERE channel_id = ? AND member_id = ? "
        "AND asked_at >= ? ORDER BY id DESC LIMIT 1",
        (channel_id, member_id, since),
    ).fetchone()
    return row[0] if row else None


def for_member(conn: sqlite3.Connection, member_id: str, limit: int = 10) -> list[AskedQuestion]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM slack_questions WHERE member_id = ? ORDER BY id DESC LIMIT ?",
        (member_id, limit),
    ).fetchall()
    return [_load(tuple(r)) for r in rows]


def set_feedback(conn: sqlite3.Connection, question_id: int, user_id: str, helpful: bool) -> None:
    """One vote per person per answer; a second press changes the vote."""
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO slack_feedback (question_id, user_id, helpful, at) "
            "VALUES (?, ?, ?, ?)",
            (question_id, user_id, int(helpful), _now()),
        )


def figures(conn: sqlite3.Connection) -> dict:
    """Questions asked, answered from the papers, and helpful votes (for /memberbot stats)."""
    asked, answered = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM slack_questions"
    ).fetchone()
    helpful, unhelpful = conn.execute(
        "SELECT COALESCE(SUM(helpful), 0), COALESCE(SUM(1 - helpful), 0) FROM slack_feedback"
    ).fetchone()
    return {"asked": asked, "answered": answered, "helpful": helpful, "not_helpful": unhelpful}


def set_thread(conn: sqlite3.Connection, question_id: int, channel_id: str, ts: str) -> None:
    """Where a shared answer was posted, so an officer's answer comes back to that thread."""
    with transaction(conn):
        conn.execute(
            "UPDATE slack_questions SET channel_id = ?, thread_ts = ?, message_ts = ? WHERE id = ?",
            (channel_id, ts, ts, question_id),
        )
