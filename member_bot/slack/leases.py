"""A named lease in SQLite, so only one process at a time runs the outbox.

`serve --http` runs several gunicorn worker processes over one database; each has an
outbox, and only the lease holder sends, so a follow-up is never posted twice by two
workers racing each other. A holder that dies lets its lease lapse.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time

from indexer.migrations import Migration, apply_migrations
from indexer.transactions import transaction


def _m001_leases(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS slack_leases "
        "(name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires REAL NOT NULL)"
    )


MIGRATIONS: list[Migration] = [("slack_leases_m001_table", _m001_leases)]


def ensure_tables(conn: sqlite3.Connection) -> None:
    apply_migrations(conn, MIGRATIONS)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def hold(conn: sqlite3.Connection, name: str, holder: str, seconds: float) -> bool:
    """Take or renew the lease `name` for `seconds`; False while someone else holds it."""
    now = time.time()
    with transaction(conn):
        row = conn.execute(
            "SELECT holder, expires FROM slack_leases WHERE name = ?", (name,)
        ).fetchone()
        if row is not None and row[0] != holder and row[1] > now:
            return False
        conn.execute(
            "INSERT OR REPLACE INTO slack_leases (name, holder, expires) VALUES (?, ?, ?)",
            (name, holder, now + seconds),
        )
    return True
