"""An indexing run killed with SIGKILL half-way leaves a sound database.

A power cut or an out-of-memory kill gives no chance to clean up: every paper must
be in the index whole or not at all, what was indexed before must still be found,
and the next run must simply finish the job.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pdfs import report_pdf, text_pdf

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

LARGE_BATCH = 80
KILL_AFTER = 5  # papers of the large batch committed before the kill


def member_bot(*args: str) -> list[str]:
    """The installed `member-bot` command of this interpreter's environment."""
    script = Path(sys.executable).parent / "member-bot"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from member_bot.cli import main; main()", *args]


def count(db: Path, sql: str, *params) -> int:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def large_batch(folder: Path) -> Path:
    """Papers that take the indexer a moment each: ten full pages of numbered points."""
    folder.mkdir()
    pages = [
        [
            f"{page}.{point} The highways service will resurface road {page * 100 + point} "
            "in the ward during the year."
            for point in range(1, 41)
        ]
        for page in range(1, 11)
    ]
    template = text_pdf(folder.parent / "template.pdf", pages)
    for number in range(LARGE_BATCH):
        shutil.copy(template, folder / f"resurfacing-{number:03}.pdf")
    return folder


def test_sigkill_mid_run_leaves_the_index_sound(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    first = tmp_path / "first"
    first.mkdir()
    report_pdf(first / "libraries.pdf", "library opening hours")
    report_pdf(first / "gritting.pdf", "winter gritting routes")
    done = subprocess.run(
        member_bot("index", str(first), "--db", str(db), "--json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indexed"] == 2
    earlier = count(db, "SELECT COUNT(*) FROM passages")

    large = large_batch(tmp_path / "large")
    process = subprocess.Popen(
        member_bot("index", str(large), "--db", str(db), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while count(db, "SELECT COUNT(*) FROM documents") < 2 + KILL_AFTER:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the large batch never got going"
            time.sleep(0.02)
        assert process.poll() is None, "the run finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # FTS5's own check: its index agrees with the passages table, row for row.
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('integrity-check')")
    committed = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 2 + KILL_AFTER <= committed < 2 + LARGE_BATCH, "killed mid-run"
    # Every paper is there whole or not at all.
    assert conn.execute(
        "SELECT COUNT(*) FROM documents d WHERE passage_count != "
        "(SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id)"
    ).fetchone() == (0,)
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM passages WHERE document_id IN "
            "(SELECT id FROM documents WHERE source LIKE '%libraries.pdf' "
            "OR source LIKE '%gritting.pdf')"
        ).fetchone()[0]
        == earlier
    )
    for query in ("gritting", '"library opening hours"'):
        hits = conn.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (query,)
        ).fetchone()[0]
        assert hits > 0, query
    conn.close()

    rerun = subprocess.run(
        member_bot("index", str(first), str(large), "--db", str(db), "--json"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["failed"] == []
    assert summary["indexed"] == 2 + LARGE_BATCH - committed
    assert summary["unchanged"] == committed
    assert count(db, "SELECT COUNT(*) FROM documents") == 2 + LARGE_BATCH
    assert count(db, "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'resurface'") > 0
