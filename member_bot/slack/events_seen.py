"""The Slack events already handled, kept in SQLite so a restart doesn't answer twice.

Slack re-sends an event when it thinks we missed it (a slow ack, a restart); each
event carries an `event_id`. The first delivery *claims* it (one INSERT OR IGNORE,
so two threads or processes can't both win) and marks it *done* once the answer is
posted. A re-delivery of a done event, or of one claimed moments ago, is dropped; a
re-delivery of an event claimed long ago and never done (the process died between
claim and answer) is taken over and answered, so a crash costs a delay, not the answer.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from indexer.migrations import Migration, apply_migrations
from indexer.transactions import transaction

KEEP_DAYS = 7  # Slack retries within minutes; a week is ample
STALE_CLAIM_SECONDS = 60  # a claim this old and not done is taken to have died
CLAIM_BUSY_MS = 1000  # the claim is on Slack's 3-second ack path: never wait long for a lock

CLAIMED = "claimed"
DONE = "done"


def _m001_events_seen(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS slack_events_seen "
        "(event_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS slack_events_seen_at ON slack_events_seen(seen_at)")


def _m002_claim_state(conn: sqlite3.Connection) -> None:
    """Claimed vs done; `seen_at` becomes the time of the latest claim."""
    conn.execute(f"ALTER TABLE slack_events_seen ADD COLUMN state TEXT NOT NULL DEFAULT '{DONE}'")


MIGRATIONS: list[Migration] = [
    ("slack_events_m001_seen", _m001_events_seen),
    ("slack_events_m002_claim_state", _m002_claim_state),
]


def ensure_tables(conn: sqlite3.Connection) -> None:
    apply_migrations(conn, MIGRATIONS)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def claim(
    conn: sqlite3.Connection,
    event_id: str,
    now: datetime | None = None,
    *,
    stale_after: float = STALE_CLAIM_SECONDS,
    busy_ms: int = CLAIM_BUSY_MS,
) -> bool:
    """True when this delivery should handle `event_id`: the first one, or a retry of an
    event whose claim is older than `stale_after` seconds and was never marked done.

    Raises sqlite3.OperationalError if the database stays locked for `busy_ms`.
    """
    moment = now or datetime.now(timezone.utc)
    at = _iso(moment)
    previous = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    try:
        with transaction(conn):
            cursor = conn.execute(
                "INSERT OR IGNORE INTO slack_events_seen (event_id, seen_at, state) "
                "VALUES (?, ?, ?)",
                (event_id, at, CLAIMED),
            )
            if cursor.rowcount == 1:
                return True
            cutoff = _iso(moment - timedelta(seconds=stale_after))
            cursor = conn.execute(
                "UPDATE slack_events_seen SET seen_at = ? "
                "WHERE event_id = ? AND state = ? AND seen_at <= ?",
                (at, event_id, CLAIMED, cutoff),
            )
            return cursor.rowcount == 1
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(previous)}")


def first_time(conn: sqlite3.Connection, event_id: str, now: datetime | None = None) -> bool:
    """True the first time `event_id` is seen (and remember it); False for a re-delivery."""
    return claim(conn, event_id, now)


def mark_done(conn: sqlite3.Connection, event_id: str) -> None:
    """The event was answered: no re-delivery, however late, is handled again."""
    with transaction(conn):
        conn.execute("UPDATE slack_events_seen SET state = ? WHERE event_id = ?", (DONE, event_id))


def state_of(conn: sqlite3.Connection, event_id: str) -> str | None:
    row = conn.execute(
        "SELECT state FROM slack_events_seen WHERE event_id = ?", (event_id,)
    ).fetchone()
    return row[0] if row else None


def forget_older_than(conn: sqlite3.Connection, days: int = KEEP_DAYS) -> int:
    """Drop ids older than `days` (Slack never retries that late); returns how many."""
    cutoff = _iso(datetime.now(timezone.utc) - timedelta(days=days))
    with transaction(conn):
        cursor = conn.execute("DELETE FROM slack_events_seen WHERE seen_at < ?", (cutoff,))
    return cursor.rowcount
