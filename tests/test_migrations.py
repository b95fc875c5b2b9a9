"""Migrations applied by several processes opening one database at the same moment, as
the HTTP server's workers do when they boot."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

from indexer.migrations import apply_migrations


def _slow_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    time.sleep(0.5)  # long enough for the other process to read `done` meanwhile


MIGRATIONS = [("m001_notes", _slow_table)]


def _open_and_migrate(path: str, ready, failures) -> None:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    ready.wait()
    try:
        apply_migrations(conn, MIGRATIONS)
    except sqlite3.Error as error:
        failures.put(repr(error))


def test_two_processes_opening_a_new_database_at_once_both_start(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    apply_migrations(conn, [])  # an existing database: the bookkeeping table is there
    conn.close()
    context = multiprocessing.get_context("fork")
    ready, failures = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_open_and_migrate, args=(path, ready, failures)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0, 0]
    assert failures.empty(), failures.get()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM _migrations").fetchall() == [("m001_notes",)]
