"""One paper, one failure: a bug met in one paper, a symlink loop or a folder the indexer
may not read is reported by path, the rest of the batch is indexed, `--prune` keeps what
it could not see, and `stats` lists only the failures that still hold.

Real files, real SQLite databases and the real `member-bot` command throughout. Folder
permissions do not bind root (CI runs as root), so the unreadable-folder tests run the
indexer in a process without root's power to bypass them.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.extract import extract
from indexer.segment import segment
from member_bot.cli import main
from tests.pdfs import report_pdf, truncated_pdf

ZERO_NUMBERED = """Cabinet report: Street lighting

0. This report is for information only and asks for no decision.

1. The council replaced 2,000 street lights with LED lanterns during 2024.

2. Energy used by street lighting fell by 40 per cent over the year.
"""

# A real paper that meets a real bug: YAML reads this front-matter date as a date and
# datetime refuses month 13. Whatever fixes that bug, this test needs another paper that
# meets a bug in some stage, to show the bug stays that paper's alone.
BAD_FRONT_MATTER_DATE = """---
title: Parking review
date: 2025-13-45
---

1. The committee reviewed the charges for residents' parking permits.
"""


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def index(*args: str) -> tuple[int, dict]:
    code, out = cli("index", *args, "--json")
    return code, json.loads(out)


def stats_failures(db: Path) -> list[tuple[str, str]]:
    code, out = cli("stats", "--db", str(db), "--json")
    assert code == 0
    return [(f["path"], f["reason"]) for f in json.loads(out)["failures"]]


def sources(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(Path(r[0]).name for r in conn.execute("SELECT source FROM documents"))
    finally:
        conn.close()


def good_papers(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    report_pdf(folder / "libraries.pdf", "library opening hours")
    (folder / "allotments.txt").write_text(
        "1. The committee agreed the allotment rents for 2025.\n\n"
        "2. Officers will consult plot holders on water charges.\n"
    )
    return folder


def test_a_paragraph_numbered_zero_is_its_own_point(tmp_path: Path) -> None:
    """The segmenter used to raise ValueError on `0.` (int('') of the stripped number)."""
    (tmp_path / "lighting.txt").write_text(ZERO_NUMBERED)
    passages = segment(extract(tmp_path / "lighting.txt"))
    assert [(p.para, p.text) for p in passages if p.para] == [
        ("0", "This report is for information only and asks for no decision."),
        ("1", "The council replaced 2,000 street lights with LED lanterns during 2024."),
        ("2", "Energy used by street lighting fell by 40 per cent over the year."),
    ]


def test_a_bug_in_one_paper_fails_it_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = good_papers(tmp_path / "papers")
    (folder / "lighting.txt").write_text(ZERO_NUMBERED)
    crasher = folder / "parking.md"
    crasher.write_text(BAD_FRONT_MATTER_DATE)
    db = tmp_path / "index.db"

    with caplog.at_level(logging.ERROR, logger="indexer.run"):
        code, summary = index(str(folder), "--db", str(db))

    assert code == 1
    reason = "internal error in reading: ValueError: month must be in 1..12"
    assert summary == {
        "indexed": 3,
        "unchanged": 0,
        "removed": 0,
        "failed": [{"path": str(crasher), "reason": reason}],
    }
    assert sources(db) == ["allotments.txt", "libraries.pdf", "lighting.txt"]
    assert stats_failures(db) == [(str(crasher), reason)]
    [record] = [r for r in caplog.records if r.name == "indexer.run"]
    assert str(crasher) in record.getMessage()
    assert "Traceback (most recent call last)" in record.getMessage()
    assert "ValueError: month must be in 1..12" in record.getMessage()


def test_symlink_loops_and_broken_links_fail_alone(tmp_path: Path) -> None:
    folder = good_papers(tmp_path / "papers")
    (folder / "lighting.txt").write_text(ZERO_NUMBERED)
    (folder / "loop.pdf").symlink_to("loop.pdf")  # a link to itself
    (folder / "ping.pdf").symlink_to("pong.pdf")  # two links to each other
    (folder / "pong.pdf").symlink_to("ping.pdf")
    (folder / "broken.pdf").symlink_to("missing.pdf")
    nested = folder / "archive" / "2024"
    nested.mkdir(parents=True)
    (nested / "back-to-archive").symlink_to(folder / "archive")  # a folder loop
    (nested / "minutes.txt").write_text("1. The minutes of the last meeting were agreed.\n")
    db = tmp_path / "index.db"

    code, summary = index(str(folder), "--db", str(db))

    assert code == 1
    itself = "symlink loop: the link points back to itself"
    expected = [
        (str(nested / "back-to-archive"), "symlink loop: the link leads back to a folder above it"),
        (str(folder / "broken.pdf"), "broken symlink: what it points to does not exist"),
        (str(folder / "loop.pdf"), itself),
        (str(folder / "ping.pdf"), itself),
        (str(folder / "pong.pdf"), itself),
    ]
    assert [(f["path"], f["reason"]) for f in summary["failed"]] == expected
    assert summary["indexed"] == 4
    assert sources(db) == ["allotments.txt", "libraries.pdf", "lighting.txt", "minutes.txt"]
    assert stats_failures(db) == sorted(expected)


def test_a_fixed_failure_leaves_stats(tmp_path: Path) -> None:
    """A paper that turned bad and was then put back exactly as it was is 'unchanged',
    so nothing re-indexes it; its failure must go all the same."""
    folder = good_papers(tmp_path / "papers")
    db = tmp_path / "index.db"
    assert index(str(folder), "--db", str(db))[0] == 0
    paper = folder / "libraries.pdf"
    original = paper.read_bytes()
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(original)
    truncated_pdf(copy, paper)
    assert index(str(folder), "--db", str(db))[0] == 1
    assert [path for path, _ in stats_failures(db)] == [str(paper)]

    paper.write_bytes(original)
    code, summary = index(str(folder), "--db", str(db))

    assert (code, summary["unchanged"], summary["failed"]) == (0, 2, [])
    assert stats_failures(db) == []


def test_a_failure_whose_file_is_gone_leaves_stats(tmp_path: Path) -> None:
    """Without --prune too: there is nothing left for an admin to fix."""
    folder = good_papers(tmp_path / "papers")
    (folder / "agenda.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word file")
    (folder / "notes.pdf").write_text("Not a PDF at all.\n")
    (folder / "loop.pdf").symlink_to("loop.pdf")
    db = tmp_path / "index.db"
    assert index(str(folder), "--db", str(db))[0] == 1
    assert len(stats_failures(db)) == 3

    for name in ("agenda.doc", "notes.pdf", "loop.pdf"):
        (folder / name).unlink()
    code, summary = index(str(folder), "--db", str(db))

    assert (code, summary["failed"]) == (0, [])
    assert stats_failures(db) == []


# --- folders the indexer may not read -------------------------------------------------


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2  # from <linux/capability.h>
PR_CAPBSET_DROP = 24  # from <linux/prctl.h>


class Unprivileged:
    """Runs `member-bot` in a fresh process that file permissions bind.

    Root ignores permissions only through two capabilities, so as root the process is
    started without them (dropped from its bounding set before exec, as `setpriv
    --bounding-set=-dac_override,-dac_read_search` would): a folder with mode 000 is then
    as closed to it as to anyone. Otherwise permissions bind us already.
    """

    def __init__(self, drop_capabilities: bool):
        self.drop_capabilities = drop_capabilities

    def member_bot(self, *args: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr) of `member-bot ARGS`."""
        command = [sys.executable, "-c", "from member_bot.cli import main; main()", *args]
        done = self._run(command)
        return done.returncode, done.stdout, done.stderr

    def can_list(self, folder: Path) -> bool:
        done = self._run([sys.executable, "-c", f"import os; os.listdir({str(folder)!r})"])
        return done.returncode == 0

    def _run(self, command: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=drop_permission_bypass if self.drop_capabilities else None,
        )


def drop_permission_bypass() -> None:
    """In the child before exec: give up root's power to read and search any folder."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[Unprivileged]:
    """Runs the indexer so that permissions apply; tmp_path is made writable again after."""
    as_root = os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("running as root, and dropping root's capabilities needs Linux")
    runner = Unprivileged(drop_capabilities=as_root)
    try:
        runner.can_list(tmp_path)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"cannot start a process without root's permission bypass: {error}")
    yield runner
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


# mode of the locked folder -> what the indexer reports, relative to the papers folder
LOCKED_FOLDERS = {
    "no access at all": (0o000, "locked", "cannot read folder (Permission denied)"),
    "no read (cannot list)": (0o311, "locked", "cannot read folder (Permission denied)"),
    "no search (lists names only)": (
        0o644,
        "locked/minutes.txt",
        "cannot read file or folder (Permission denied)",
    ),
}


@pytest.mark.parametrize("kind", list(LOCKED_FOLDERS))
def test_an_unreadable_folder_fails_alone_and_prune_keeps_its_papers(
    kind: str, unprivileged: Unprivileged, tmp_path: Path
) -> None:
    mode, reported, reason = LOCKED_FOLDERS[kind]
    papers = good_papers(tmp_path / "papers")
    locked = papers / "locked"
    locked.mkdir()
    (locked / "minutes.txt").write_text("1. The committee agreed the verge-cutting contract.\n")
    (papers / "gone.txt").write_text("1. Officers reported on the bus shelter repairs.\n")
    db = tmp_path / "index.db"
    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")
    assert code == 0, out + err
    assert json.loads(out)["indexed"] == 4

    (papers / "gone.txt").unlink()
    report_pdf(papers / "parking.pdf", "residents parking permits")
    locked.chmod(mode)
    if unprivileged.can_list(locked) and not mode & 0o400:
        pytest.skip("folder permissions are not enforced for this user here")

    code, out, err = unprivileged.member_bot(
        "index", str(papers), "--db", str(db), "--prune", "--json"
    )

    assert code == 1, err
    summary = json.loads(out)
    assert summary["failed"] == [{"path": str(papers / reported), "reason": reason}]
    assert (summary["indexed"], summary["unchanged"], summary["removed"]) == (1, 2, 1)
    # Pruned: only the paper whose file is certainly gone; the unseen one stays searchable.
    assert sources(db) == ["allotments.txt", "libraries.pdf", "minutes.txt", "parking.pdf"]
    conn = sqlite3.connect(db)
    assert conn.execute(
        "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'verge'"
    ).fetchone() == (1,)
    conn.close()

    locked.chmod(0o755)
    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["failed"] == []
    assert stats_failures(db) == []  # the folder is readable again: its failure is gone


def test_an_unreadable_file_fails_alone(unprivileged: Unprivileged, tmp_path: Path) -> None:
    papers = good_papers(tmp_path / "papers")
    secret = papers / "secret.txt"
    secret.write_text("1. Terms of the land sale were agreed.\n")
    db = tmp_path / "index.db"
    secret.chmod(0o000)

    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")

    assert code == 1, err
    summary = json.loads(out)
    assert summary["failed"] == [
        {"path": str(secret), "reason": "cannot read file (Permission denied)"}
    ]
    assert summary["indexed"] == 2
    assert stats_failures(db) == [(str(secret), "cannot read file (Permission denied)")]
