"""The Slack events already handled, kept in SQLite so a restart doesn't answer twice.

Slack re-sends an event when it thinks we missed it (a slow ack, a restart); each
event carries an `event_id`, and the first delivery to claim it wins. Claiming is
one INSERT OR IGNORE, so two threads (or two processes) can't both win.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from indexer.migrations import Migration, apply_migrations
from indexer.transactions import transaction

KEEP_DAYS = 7  # Slack retries within minutes; a week is ample


def _m001_events_seen(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS slack_events_seen "
        "(event_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS slack_events_seen_at ON slack_events_seen(seen_at)")


MIGRATIONS: list[Migration] = [("slack_events_m001_seen", _m001_events_seen)]


def ensure_tables(conn: sqlite3.Connection) -> None:
    apply_migrations(conn, MIGRATIONS)


def first_time(conn: sqlite3.Connection, event_id: str, now: datetime | None = None) -> bool:
    """True the first time `event_id` is seen (and remember it); False for a re-delivery."""
    at = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    with transaction(conn):
        cursor = conn.execute(
            "INSERT OR IGNORE INTO slack_events_seen (event_id, seen_at) VALUES (?, ?)",
            (event_id, at),
        )
    return cursor.rowcount == 1


def forget_older_than(conn: sqlite3.Connection, days: int = KEEP_DAYS) -> int:
    """Drop ids older than `days` (Slack never retries that late); returns how many."""
    cutoff = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    with transaction(conn):
        cursor = conn.execute("DELETE FROM slack_events_seen WHERE seen_at < ?", (cutoff,))
    return cursor.rowcount
