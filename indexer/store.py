"""The index database: schema, migrations and the only SQL for documents and passages.

A plain SQLite file (WAL) that `datasette` or `sqlite-utils` can browse. A paper is
replaced in one transaction, so a search running at the same time sees the old
paper or the new one, never half of either.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.acronyms import paper_vocabulary
from indexer.migrations import Migration, apply_migrations
from indexer.model import DocumentMeta, IndexedPaper, Passage
from indexer.transactions import execute_script, transaction

if TYPE_CHECKING:
    import sqlite_utils

TOKENIZER = "porter unicode61 remove_diacritics 2"


def _m001_documents_and_passages(conn: sqlite3.Connection) -> None:
    execute_script(
        conn,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            title TEXT,
            type TEXT NOT NULL DEFAULT 'other',
            committee TEXT,
            meeting_date TEXT,
            author TEXT,
            contact TEXT,
            classification TEXT NOT NULL DEFAULT 'unrestricted',
            url TEXT,
            page_count INTEGER,
            passage_count INTEGER NOT NULL DEFAULT 0,
            indexed_at TEXT NOT NULL
        );
        CREATE INDEX documents_committee ON documents(committee);
        CREATE INDEX documents_meeting_date ON documents(meeting_date);
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL,
            para TEXT,
            heading TEXT,
            page INTEGER,
            kind TEXT NOT NULL DEFAULT 'prose',
            context TEXT,
            text TEXT NOT NULL,
            title TEXT
        );
        CREATE INDEX passages_document ON passages(document_id, seq);
        """,
    )
    conn.execute(
        "CREATE VIRTUAL TABLE passages_fts USING fts5("
        "text, heading, title, content='passages', content_rowid='id', "
        f"tokenize='{TOKENIZER}')"
    )
    execute_script(
        conn,
        """
        CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text, heading, title)
            VALUES (new.id, new.text, new.heading, new.title);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text, heading, title)
            VALUES ('delete', old.id, old.text, old.heading, old.title);
        END;
        CREATE TRIGGER passages_au AFTER UPDATE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text, heading, title)
            VALUES ('delete', old.id, old.text, old.heading, old.title);
            INSERT INTO passages_fts(rowid, text, heading, title)
            VALUES (new.id, new.text, new.heading, new.title);
        END;
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
        """,
    )


def _m002_index_runs_and_failures(conn: sqlite3.Connection) -> None:
    execute_script(
        conn,
        """
        CREATE TABLE index_failures (
            source TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            failed_at TEXT NOT NULL
        );
        CREATE TABLE index_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            indexed INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        );
        """,
    )


def _m003_fts_filled_per_paper(conn: sqlite3.Connection) -> None:
    """A paper's passages go into the FTS index in one statement (see `replace_document`):
    three times faster than a trigger firing once per passage."""
    conn.execute("DROP TRIGGER passages_ai")


def _m004_classification_reasons(conn: sqlite3.Connection) -> None:
    """Why each paper is exempt (the marking or sidecar that said so), and which failed
    papers were withdrawn from search, so `stats` can show an admin both."""
    conn.execute("ALTER TABLE documents ADD COLUMN classification_reason TEXT")
    conn.execute("ALTER TABLE index_failures ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0")


def _m005_acronyms(conn: sqlite3.Connection) -> None:
    """Acronyms each paper defines and its committee's initials, learnt at index time and
    looked up when a member types one; filled here from the papers already indexed."""
    execute_script(
        conn,
        """
        CREATE TABLE acronyms (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            acronym TEXT NOT NULL,
            expansion TEXT NOT NULL,
            learnt TEXT NOT NULL
        );
        CREATE INDEX acronyms_acronym ON acronyms(acronym);
        CREATE INDEX acronyms_document ON acronyms(document_id);
        """,
    )
    for document_id, committee in conn.execute("SELECT id, committee FROM documents").fetchall():
        texts = [
            r[0]
            for r in conn.execute("SELECT text FROM passages WHERE document_id = ?", (document_id,))
        ]
        _insert_acronyms(conn, document_id, committee, texts)


def _insert_acronyms(
    conn: sqlite3.Connection, document_id: int, committee: str | None, texts: Iterable[str]
) -> None:
    conn.executemany(
        "INSERT INTO acronyms (document_id, acronym, expansion, learnt) VALUES (?, ?, ?, ?)",
        [(document_id, *row) for row in paper_vocabulary(committee, texts)],
    )


def _m006_library_paths(conn: sqlite3.Connection) -> None:
    """Where each paper sits in the library an admin indexed (`DocumentMeta.library_path`).
    Papers indexed before are filed on the next run that finds them (`file_unfiled`)."""
    conn.execute("ALTER TABLE documents ADD COLUMN library_path TEXT")


MIGRATIONS: list[Migration] = [
    ("m001_documents_and_passages", _m001_documents_and_passages),
    ("m002_index_runs_and_failures", _m002_index_runs_and_failures),
    ("m003_fts_filled_per_paper", _m003_fts_filled_per_paper),
    ("m004_classification_reasons", _m004_classification_reasons),
    ("m005_acronyms", _m005_acronyms),
    ("m006_library_paths", _m006_library_paths),
]

FILL_FTS = (
    "INSERT INTO passages_fts(rowid, text, heading, title) "
    "SELECT id, text, heading, title FROM passages"
)


def connect(path: str | os.PathLike, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (creating if need be) the index in WAL mode with every migration applied."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=30, check_same_thread=check_same_thread
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    apply_migrations(conn, MIGRATIONS)
    return conn


def open_database(path: str | os.PathLike) -> sqlite_utils.Database:
    """The same database wrapped by sqlite-utils, for browsing-style reads and tests."""
    import sqlite_utils  # imported here: `ask` never browses, and should not pay for it

    return sqlite_utils.Database(connect(path))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredDocument:
    """A row of `documents`, as callers outside the store see it."""

    id: int
    source: str
    content_hash: str
    meta: DocumentMeta
    page_count: int | None
    passage_count: int
    indexed_at: str


DOCUMENT_META_COLUMNS = (
    "title, type, committee, meeting_date, author, contact, classification, source, url, "
    "library_path"
)


def document_meta(row: sqlite3.Row | tuple) -> DocumentMeta:
    """A paper's metadata from a row whose columns are DOCUMENT_META_COLUMNS, in that order
    (a `documents` row by name, or a tuple slice of a join)."""
    if isinstance(row, sqlite3.Row):
        names = [c.strip() for c in DOCUMENT_META_COLUMNS.split(",")]
        row = tuple(row[name] for name in names)
    (
        title,
        type_,
        committee,
        meeting_date,
        author,
        contact,
        classification,
        source,
        url,
        library,
    ) = row
    return DocumentMeta(
        title=title,
        type=type_,
        committee=committee,
        date=meeting_date,
        author=author,
        contact=contact,
        classification=classification,
        source=source,
        url=url,
        library_path=library or "",
    )


def _document_from_row(row: sqlite3.Row) -> StoredDocument:
    meta = document_meta(row)
    meta.classification_reason = row["classification_reason"]
    return StoredDocument(
        id=row["id"],
        source=row["source"],
        content_hash=row["content_hash"],
        meta=meta,
        page_count=row["page_count"],
        passage_count=row["passage_count"],
        indexed_at=row["indexed_at"],
    )


def replace_document(conn: sqlite3.Connection, paper: IndexedPaper) -> int:
    """Put `paper` in place of any earlier version of the same source, atomically."""
    meta = paper.meta
    with transaction(conn):
        old = conn.execute("SELECT id FROM documents WHERE source = ?", (meta.source,)).fetchone()
        if old is not None:
            conn.execute("DELETE FROM passages WHERE document_id = ?", (old["id"],))
            conn.execute("DELETE FROM documents WHERE id = ?", (old["id"],))
        cursor = conn.execute(
            """INSERT INTO documents (source, content_hash, title, type, committee, meeting_date,
                   author, contact, classification, url, page_count, passage_count, indexed_at,
                   classification_reason, library_path)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                meta.source,
                paper.content_hash,
                meta.title,
                meta.type,
                meta.committee,
                meta.date,
                meta.author,
                meta.contact,
                meta.classification,
                meta.url,
                paper.page_count,
                len(paper.passages),
                now_iso(),
                meta.classification_reason,
                meta.library_path or None,
            ),
        )
        document_id = cursor.lastrowid
        conn.executemany(
            """INSERT INTO passages (document_id, seq, para, heading, page, kind, context, text,
                   title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    document_id,
                    seq,
                    p.para,
                    p.heading,
                    p.page,
                    p.kind,
                    p.context,
                    p.text,
                    meta.title,
                )
                for seq, p in enumerate(paper.passages)
            ],
        )
        conn.execute(FILL_FTS + " WHERE document_id = ?", (document_id,))
        _insert_acronyms(conn, document_id, meta.committee, (p.text for p in paper.passages))
        conn.execute("DELETE FROM index_failures WHERE source = ?", (meta.source,))
    return document_id


def remove_documents(conn: sqlite3.Connection, sources: Iterable[str]) -> int:
    """Remove papers (and their passages) by source; returns how many were removed."""
    removed = 0
    with transaction(conn):
        for source in sources:
            row = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
            if row is None:
                continue
            conn.execute("DELETE FROM passages WHERE document_id = ?", (row["id"],))
            conn.execute("DELETE FROM documents WHERE id = ?", (row["id"],))
            removed += 1
        for source in sources:
            conn.execute("DELETE FROM index_failures WHERE source = ?", (source,))
    return removed


def known_hashes(conn: sqlite3.Connection) -> dict[str, str]:
    """source -> content hash of every stored paper (one query, for the unchanged check)."""
    return {
        r["source"]: r["content_hash"]
        for r in conn.execute("SELECT source, content_hash FROM documents")
    }


def file_unfiled(conn: sqlite3.Connection, library_paths: dict[str, str]) -> int:
    """Give papers stored before library paths were recorded theirs (source -> path), in
    one transaction; a paper already filed keeps its path. Returns how many were filed."""
    with transaction(conn):
        before = conn.total_changes
        conn.executemany(
            "UPDATE documents SET library_path = ? WHERE source = ? AND library_path IS NULL",
            [(path, source) for source, path in library_paths.items()],
        )
        return conn.total_changes - before


def record_failure(conn: sqlite3.Connection, source: str, reason: str) -> None:
    """Remember why a file failed, for `stats` and the admins; the old version stays indexed."""
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO index_failures (source, reason, failed_at) VALUES (?, ?, ?)",
            (source, reason, now_iso()),
        )


def withdraw_document(
    conn: sqlite3.Connection, source: str, reason: str, *, failure_key: str | None = None
) -> bool:
    """Take a paper out of search and remember why (under `failure_key`, if the failure is
    named otherwise), in one transaction: a sidecar that cannot be trusted may have been
    marking it exempt. True if a version was indexed."""
    with transaction(conn):
        row = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
        if row is not None:
            conn.execute("DELETE FROM passages WHERE document_id = ?", (row["id"],))
            conn.execute("DELETE FROM documents WHERE id = ?", (row["id"],))
        conn.execute(
            "INSERT OR REPLACE INTO index_failures (source, reason, failed_at, withdrawn) "
            "VALUES (?, ?, ?, 1)",
            (failure_key or source, reason, now_iso()),
        )
    return row is not None


def forget_failures(conn: sqlite3.Connection, sources: Iterable[str]) -> None:
    """Drop failures that no longer hold (fixed since, or the file is gone) from `stats`."""
    with transaction(conn):
        conn.executemany(
            "DELETE FROM index_failures WHERE source = ?", [(source,) for source in sources]
        )


def record_run(conn: sqlite3.Connection, started_at: str, counts: dict[str, int]) -> None:
    with transaction(conn):
        conn.execute(
            """INSERT INTO index_runs (started_at, finished_at, indexed, unchanged, removed, failed)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (
                started_at,
                now_iso(),
                counts.get("indexed", 0),
                counts.get("unchanged", 0),
                counts.get("removed", 0),
                counts.get("failed", 0),
            ),
        )


def get_document(conn: sqlite3.Connection, source_or_id: str | int) -> StoredDocument | None:
    """Find a paper by numeric id, exact source, or a unique tail of its source path."""
    text = str(source_or_id)
    row = None
    if text.isdigit():
        row = conn.execute("SELECT * FROM documents WHERE id = ?", (int(text),)).fetchone()
    if row is None:
        row = conn.execute("SELECT * FROM documents WHERE source = ?", (text,)).fetchone()
    if row is None:
        try:
            resolved = str(Path(text).resolve())
        except OSError:
            resolved = text
        row = conn.execute("SELECT * FROM documents WHERE source = ?", (resolved,)).fetchone()
    if row is None:
        rows = conn.execute(
            "SELECT * FROM documents WHERE source LIKE ? ESCAPE '\\' LIMIT 2",
            ("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return _document_from_row(row) if row is not None else None


def document_passages(conn: sqlite3.Connection, document_id: int) -> list[Passage]:
    """A paper's passages in reading order."""
    return [
        Passage(
            text=r["text"],
            para=r["para"],
            heading=r["heading"],
            page=r["page"],
            kind=r["kind"],
            context=r["context"],
        )
        for r in conn.execute(
            "SELECT * FROM passages WHERE document_id = ? ORDER BY seq", (document_id,)
        )
    ]


def all_documents(conn: sqlite3.Connection) -> list[StoredDocument]:
    return [_document_from_row(r) for r in conn.execute("SELECT * FROM documents ORDER BY id")]


def failures(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(source, reason, when) of every file whose latest attempt failed."""
    return [
        (r["source"], r["reason"], r["failed_at"])
        for r in conn.execute("SELECT * FROM index_failures ORDER BY source")
    ]


def last_run(conn: sqlite3.Connection) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM index_runs ORDER BY id DESC LIMIT 1").fetchone()


def paper_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def index_stats(conn: sqlite3.Connection) -> dict:
    """Papers and passages by type and committee, the last run, and failures (`stats`)."""

    def grouped(column: str) -> list[dict]:
        return [
            {"name": r[0], "papers": r[1], "passages": r[2] or 0}
            for r in conn.execute(
                f"SELECT {column}, COUNT(*), SUM(passage_count) FROM documents "
                f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column}"
            )
        ]

    run = last_run(conn)
    return {
        "papers": paper_count(conn),
        "passages": conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
        "exempt_papers": conn.execute(
            "SELECT COUNT(*) FROM documents WHERE classification = 'exempt'"
        ).fetchone()[0],
        "by_type": grouped("type"),
        "by_committee": grouped("committee"),
        "last_run": dict(run) if run else None,
        "failures": [
            {"path": path, "reason": reason, "failed_at": when}
            for path, reason, when in failures(conn)
        ],
        "exempt": exempt_papers(conn),
        "withdrawn": [
            {"path": r["source"], "reason": r["reason"], "failed_at": r["failed_at"]}
            for r in conn.execute(
                "SELECT * FROM index_failures WHERE withdrawn = 1 ORDER BY source"
            )
        ],
    }


def exempt_papers(conn: sqlite3.Connection) -> list[dict]:
    """Every exempt paper and why it was judged so, for an admin to check."""
    return [
        {
            "path": r["source"],
            "title": r["title"],
            "reason": r["classification_reason"] or "no reason recorded (indexed before reasons)",
        }
        for r in conn.execute(
            "SELECT source, title, classification_reason FROM documents "
            "WHERE classification = 'exempt' ORDER BY source"
        )
    ]
