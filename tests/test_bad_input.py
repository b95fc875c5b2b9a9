"""Bad files in a batch: each is named with a plain reason, the rest indexes, and the index
built before stays searchable (checked on the real SQLite file with FTS MATCH)."""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from member_bot.cli import main
from tests.pdfs import (
    corrupt_pdf,
    encrypted_pdf,
    image_only_pdf,
    long_pdf,
    report_pdf,
    truncated_pdf,
)


def index(folder: Path, db: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(
        main, ["index", str(folder), "--db", str(db), "--json"], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


def matches(db: Path, query: str) -> list[tuple[str, str]]:
    """(source, passage text) of every passage the FTS index finds for `query`."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT d.source, p.text FROM passages_fts "
            "JOIN passages p ON p.id = passages_fts.rowid "
            "JOIN documents d ON d.id = p.document_id "
            "WHERE passages_fts MATCH ? ORDER BY p.id",
            (query,),
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of good papers, already indexed once: (folder, database)."""
    folder = tmp_path / "papers"
    folder.mkdir()
    report_pdf(folder / "libraries.pdf", "library opening hours")
    report_pdf(folder / "gritting.pdf", "winter gritting routes")
    (folder / "allotments.txt").write_text(
        "1. The committee agreed the allotment rents for 2025.\n\n"
        "2. Officers will consult plot holders on water charges.\n"
    )
    db = tmp_path / "index.db"
    code, summary = index(folder, db)
    assert code == 0, summary
    assert summary["indexed"] == 3
    return folder, db


def _corrupt(folder: Path, scratch: Path) -> Path:
    return corrupt_pdf(report_pdf(scratch / "source.pdf"), folder / "corrupt.pdf")


def _truncated(folder: Path, scratch: Path) -> Path:
    return truncated_pdf(report_pdf(scratch / "source.pdf"), folder / "truncated.pdf")


def _encrypted(folder: Path, scratch: Path) -> Path:
    return encrypted_pdf(report_pdf(scratch / "source.pdf"), folder / "locked.pdf")


def _zero_bytes(folder: Path, scratch: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


def _image_only(folder: Path, scratch: Path) -> Path:
    return image_only_pdf(folder / "scanned.pdf")


def _web_page_named_pdf(folder: Path, scratch: Path) -> Path:
    path = folder / "agenda.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Error</title></head>"
        "<body><h1>The document could not be found</h1></body></html>"
    )
    return path


def _text_named_pdf(folder: Path, scratch: Path) -> Path:
    path = folder / "notes.pdf"
    path.write_text("Notes of the informal briefing, not for publication.\n")
    return path


def _docx_not_a_zip(folder: Path, scratch: Path) -> Path:
    path = folder / "report.docx"
    path.write_text("Plain text saved under a Word name.")
    return path


def _docx_zip_without_word(folder: Path, scratch: Path) -> Path:
    path = folder / "appendix.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return path


BAD_FILES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "corrupt": (
        _corrupt,
        "corrupt PDF (pypdf cannot read its structure; download or save it again)",
    ),
    "truncated": (
        _truncated,
        "truncated PDF (the file ends before its end-of-file marker; download it again)",
    ),
    "password-protected": (_encrypted, "encrypted (no password)"),
    "zero-byte": (_zero_bytes, "empty file (0 bytes)"),
    "image-only": (
        _image_only,
        "no text layer: OCR is not supported (scanned or image-only PDF)",
    ),
    "web page named .pdf": (
        _web_page_named_pdf,
        "not a PDF (it is a web page, perhaps a failed download)",
    ),
    "text named .pdf": (_text_named_pdf, "not a PDF (the file does not start with %PDF-)"),
    "docx that is not a zip": (
        _docx_not_a_zip,
        "not a Word document (the file is not a .docx package)",
    ),
    "zip that is not a docx": (
        _docx_zip_without_word,
        "not a Word document (a zip file without Word content)",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_is_reported_and_the_rest_indexes(
    kind: str, indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, db = indexed
    make, reason = BAD_FILES[kind]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    bad = make(folder, scratch)
    report_pdf(folder / "parking.pdf", "residents parking permits")

    code, summary = index(folder, db)

    assert code == 1
    assert summary == {
        "indexed": 1,
        "unchanged": 3,
        "removed": 0,
        "failed": [{"path": str(bad), "reason": reason}],
    }
    assert matches(db, "parking permits")  # the good file in the same batch
    assert matches(db, "gritting")  # papers indexed before
    assert matches(db, "allotment rents")
    assert matches(db, "library opening")


def test_file_turned_bad_keeps_its_earlier_version_searchable(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    """An interrupted re-download over a good paper must not take it out of the index."""
    folder, db = indexed
    before = matches(db, "gritting")
    good = folder / "gritting.pdf"
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(good.read_bytes())
    truncated_pdf(copy, good)

    code, summary = index(folder, db)

    assert code == 1
    assert summary["failed"] == [
        {
            "path": str(good),
            "reason": "truncated PDF (the file ends before its end-of-file marker; "
            "download it again)",
        }
    ]
    assert matches(db, "gritting") == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT reason FROM index_failures").fetchall() == [
        ("truncated PDF (the file ends before its end-of-file marker; download it again)",)
    ]


def test_every_bad_kind_in_one_batch_fails_alone(indexed: tuple[Path, Path], tmp_path: Path):
    folder, db = indexed
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    expected = []
    for number, (make, reason) in enumerate(BAD_FILES.values()):
        sub = folder / f"batch-{number}"
        sub.mkdir()
        expected.append({"path": str(make(sub, scratch)), "reason": reason})
    report_pdf(folder / "parking.pdf", "residents parking permits")

    code, summary = index(folder, db)

    assert code == 1
    assert summary["indexed"] == 1
    assert sorted(summary["failed"], key=lambda f: f["path"]) == sorted(
        expected, key=lambda f: f["path"]
    )
    assert matches(db, "parking permits") and matches(db, "gritting")


def test_thousand_page_pdf_indexes_in_reasonable_time(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, db = indexed
    long_pdf(folder / "schedule.pdf", 1000)

    started = time.perf_counter()
    code, summary = index(folder, db)
    elapsed = time.perf_counter() - started

    assert code == 0, summary["failed"]
    assert summary["indexed"] == 1
    assert elapsed < 60, f"1,000 pages took {elapsed:.1f}s"
    conn = sqlite3.connect(db)
    page_count, passages = conn.execute(
        "SELECT page_count, passage_count FROM documents WHERE source = ?",
        (str((folder / "schedule.pdf").resolve()),),
    ).fetchone()
    assert page_count == 1000
    assert passages >= 1000
    last = matches(db, '"schedule entry 1000"')
    assert len(last) == 1
    assert "Schedule entry 1000: the programme for Ashford Central ward" in last[0][1]
    pages = conn.execute(
        "SELECT page FROM passages WHERE text LIKE 'Schedule entry 1000:%'"
    ).fetchall()
    assert pages == [(1000,)]
    assert matches(db, "gritting")
