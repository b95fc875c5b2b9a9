"""An indexing run killed with SIGKILL half-way leaves a sound database and no workers.

A power cut or an out-of-memory kill gives no chance to clean up: every paper must
be in the index whole or not at all, what was indexed before must still be found,
and the next run must simply finish the job. Nor may the worker processes reading
papers for it sleep on forever (~50 MB each): they go when their parent goes.
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
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pdfs import report_pdf, text_pdf

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc"
)

LARGE_BATCH = 80
KILL_AFTER = 5  # papers of the large batch committed before the kill
WORKERS_GONE_WITHIN = 5.0  # seconds

# Index with two worker processes whatever the machine's core count.
INDEX_WITH_TWO_WORKERS = (
    "import sys; from indexer import store; from indexer.run import index_paths; "
    "index_paths(store.connect(sys.argv[1]), [sys.argv[2]], workers=2)"
)

Process = tuple[int, int]  # (pid, start time): a pid the system reuses is another process


def process_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name: [state, ppid, ...], or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children(parent: int) -> set[Process]:
    """The processes whose parent is `parent`."""
    found = set()
    for entry in Path("/proc").iterdir():
        fields = process_stat(int(entry.name)) if entry.name.isdigit() else None
        if fields and int(fields[1]) == parent:
            found.add((int(entry.name), int(fields[19])))
    return found


def still_running(process: Process) -> bool:
    """Not gone, and not a zombie (dead, waiting only for whoever adopted it to reap it)."""
    fields = process_stat(process[0])
    return fields is not None and int(fields[19]) == process[1] and fields[0] not in "ZX"


def left_running(processes: set[Process], within: float = WORKERS_GONE_WITHIN) -> set[Process]:
    """Those of `processes` still running after waiting up to `within` seconds for them."""
    deadline = time.monotonic() + within
    while (running := {p for p in processes if still_running(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], what: str) -> None:
    """SIGKILL `process` as soon as `ready()`; it must still be running by then."""
    deadline = time.monotonic() + 120
    while not ready():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


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
    workers: set[Process] = set()

    def committed_enough() -> bool:
        if Path("/proc/self/stat").exists():
            workers.update(children(process.pid))
        return count(db, "SELECT COUNT(*) FROM documents") >= 2 + KILL_AFTER

    try:
        kill_when(process, committed_enough, "the large batch never got going")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert left_running(workers) == set(), "workers outlived the killed run"

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


@needs_proc
def test_sigkill_leaves_no_worker_process_behind(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    large = large_batch(tmp_path / "large")
    process = subprocess.Popen(
        [sys.executable, "-c", INDEX_WITH_TWO_WORKERS, str(db), str(large)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    workers: set[Process] = set()

    def reading() -> bool:
        workers.update(children(process.pid))
        return len(workers) == 2 and count_if_exists(db, "SELECT COUNT(*) FROM documents") > 0

    try:
        kill_when(process, reading, "no worker processes started")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()

    assert left_running(workers) == set()


@needs_proc
def test_a_worker_watches_for_its_parent_where_the_kernel_does_not(tmp_path: Path) -> None:
    """The fallback on its own: a process that only polls its parent (no death signal
    asked of the kernel) still ends when that parent is killed."""
    script = (
        "import os, sys, time\n"
        "from indexer.workers import _watch_parent\n"
        "parent = os.getpid()\n"
        "if os.fork() == 0:\n"
        "    _watch_parent(parent)\n"
        "print('ready', flush=True)\n"
        "time.sleep(120)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    try:
        assert process.stdout.readline() == b"ready\n"
        watcher = children(process.pid)
        assert len(watcher) == 1
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()

    assert left_running(watcher) == set()


def count_if_exists(db: Path, sql: str) -> int:
    """`count`, or 0 while the run has not yet made its tables."""
    try:
        return count(db, sql)
    except sqlite3.OperationalError:
        return 0
