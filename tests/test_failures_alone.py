"""One paper, one failure: a bug met in one paper, a symlink loop or a folder the indexer
may not read is reported by path, the rest of the batch is indexed, `--prune` keeps what
it could not see, and `stats` lists only the failures that still hold.

Real files, real SQLite databases and the real `member-bot` command throughout. Folder
permissions do not bind root (CI runs as root), so the unreadable-folder tests run the
indexer as the unprivileged user `nobody` on a tree that user owns.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import shutil
import sqlite3
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


class Unprivileged:
    """Runs `member-bot` as a user that file permissions bind, on a tree that user owns.

    As root, each command runs in a forked child that drops to `nobody` first. (A fresh
    process cannot simply be started as `nobody`: this Python may live under /root, which
    `nobody` may not enter.) Anything the child imports must already be imported here.
    """

    def __init__(self, root: Path, user: pwd.struct_passwd | None):
        self.root = root
        self.user = user

    def member_bot(self, *args: str) -> tuple[int, str, str]:
        """(exit status, stdout, stderr) of `member-bot ARGS` run as the user."""
        return tuple(self._as_user(_run_member_bot, list(args)))

    def can_list(self, folder: Path) -> bool:
        return self._as_user(_can_list, str(folder))

    def give_away(self) -> None:
        """Hand the tree to the user (as root); a no-op when we already are that user."""
        if self.user is None:
            return
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, self.user.pw_uid, self.user.pw_gid, follow_symlinks=False)

    def _as_user(self, work: Callable[[Any], Any], argument: Any) -> Any:
        """`work(argument)` in a forked child running as the user; its JSON result."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                os.close(read)
                if self.user is not None:
                    os.setgroups([])
                    os.setgid(self.user.pw_gid)
                    os.setuid(self.user.pw_uid)
                with os.fdopen(write, "w") as pipe:
                    pipe.write(json.dumps(work(argument)))
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            payload = pipe.read()
        os.waitpid(pid, 0)
        assert payload, "the child running as the user died before answering"
        return json.loads(payload)


def _run_member_bot(args: list[str]) -> list:
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return [-1, result.stdout, "".join(traceback.format_exception(result.exception))]
    return [result.exit_code, result.stdout, result.stderr]


def _can_list(folder: str) -> bool:
    try:
        os.listdir(folder)
    except PermissionError:
        return False
    return True


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[Unprivileged]:
    """As root: a tree under a fresh /tmp folder owned by `nobody`, who runs the indexer
    (pytest's own tmp_path is private to root). Otherwise: tmp_path, as ourselves."""
    warm_up(tmp_path / "warm-up")
    if os.geteuid() != 0:
        yield Unprivileged(tmp_path, None)
        return
    try:
        user = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no 'nobody' user to drop to")
    root = Path(tempfile.mkdtemp(prefix="member-bot-unreadable-"))
    root.chmod(0o755)
    try:
        yield Unprivileged(root, user)
    finally:
        for path in [root, *root.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(root)


def warm_up(folder: Path) -> None:
    """Index a PDF and a text file here first, so every module the indexer imports on
    first use is loaded before a child drops to a user who could not read it."""
    good_papers(folder)
    code, _ = index(str(folder), "--db", str(folder / "warm-up.db"))
    assert code == 0
    assert cli("stats", "--db", str(folder / "warm-up.db"), "--json")[0] == 0


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
    kind: str, unprivileged: Unprivileged
) -> None:
    mode, reported, reason = LOCKED_FOLDERS[kind]
    papers = good_papers(unprivileged.root / "papers")
    locked = papers / "locked"
    locked.mkdir()
    (locked / "minutes.txt").write_text("1. The committee agreed the verge-cutting contract.\n")
    (papers / "gone.txt").write_text("1. Officers reported on the bus shelter repairs.\n")
    db = unprivileged.root / "index.db"
    unprivileged.give_away()
    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["indexed"] == 4

    (papers / "gone.txt").unlink()
    report_pdf(papers / "parking.pdf", "residents parking permits")
    unprivileged.give_away()
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
    unprivileged.give_away()  # root's reads above may have left WAL files behind
    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["failed"] == []
    assert stats_failures(db) == []  # the folder is readable again: its failure is gone


def test_an_unreadable_file_fails_alone(unprivileged: Unprivileged) -> None:
    papers = good_papers(unprivileged.root / "papers")
    secret = papers / "secret.txt"
    secret.write_text("1. Terms of the land sale were agreed.\n")
    db = unprivileged.root / "index.db"
    unprivileged.give_away()
    secret.chmod(0o000)

    code, out, err = unprivileged.member_bot("index", str(papers), "--db", str(db), "--json")

    assert code == 1, err
    summary = json.loads(out)
    assert summary["failed"] == [
        {"path": str(secret), "reason": "cannot read file (Permission denied)"}
    ]
    assert summary["indexed"] == 2
    assert stats_failures(db) == [(str(secret), "cannot read file (Permission denied)")]
