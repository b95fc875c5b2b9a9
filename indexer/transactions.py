"""Explicit transactions: connections run in autocommit mode and write inside these."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error, so readers see all or nothing.

    IMMEDIATE takes the write lock up front: two writers queue on busy_timeout
    instead of failing half-way through with SQLITE_BUSY.
    """
    if conn.in_transaction:  # nested use joins the outer transaction
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the current transaction.

    `executescript` would COMMIT first, which breaks the all-or-nothing promise of a
    migration; this splits on complete statements (triggers' inner `;` included).
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)
