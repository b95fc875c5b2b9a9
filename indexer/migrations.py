"""Small named migrations applied when a database is opened (the simonw/llm habit).

Each module that owns tables keeps its own ordered list of (name, function); the
names are recorded in `_migrations`, so applying a list again is a no-op and a
new migration is picked up by every existing database on its next open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from indexer.transactions import transaction

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def apply_migrations(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names.

    Several processes may open a database at once (the HTTP server's workers booting):
    each migration is checked again once its transaction holds the write lock, so one
    applied by another process meanwhile is skipped rather than applied twice."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, migrate in migrations:
        if name in done:
            continue
        with transaction(conn):
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                continue
            migrate(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied
