"""`member-bot index | show | stats` on real files and a real SQLite database."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import store
from indexer.model import DocumentMeta, IndexedPaper, Passage
from member_bot.cli import main
from tests.conftest import CORPUS

REPORT = "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report.txt"
MINUTES = "kcc-childrens-services-improvement-plan-minutes.txt"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    """A folder of papers we may edit: the bundled corpus, copied."""
    folder = tmp_path / "papers"
    shutil.copytree(CORPUS, folder)
    return folder


def index_json(*args: str) -> tuple[int, dict]:
    code, output = run("index", *args, "--json")
    return code, json.loads(output)


def test_index_reports_counts_and_skips_unchanged(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    code, summary = index_json(str(papers), "--db", str(db))
    assert code == 0
    assert summary == {"indexed": 2, "unchanged": 0, "removed": 0, "failed": []}
    code, summary = index_json(str(papers), "--db", str(db))
    assert summary == {"indexed": 0, "unchanged": 2, "removed": 0, "failed": []}


def test_changed_file_is_replaced_not_duplicated(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    report = papers / REPORT
    report.write_text(
        report.read_text(encoding="utf-8") + "\n\n6. (1) A late paragraph about adoption.\n"
    )
    code, summary = index_json(str(papers), "--db", str(db))
    assert (summary["indexed"], summary["unchanged"]) == (1, 1)
    conn = store.connect(db)
    sources = [r[0] for r in conn.execute("SELECT source FROM documents")]
    assert len(sources) == len(set(sources)) == 2
    hits = conn.execute(
        "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'late adoption'"
    ).fetchone()[0]
    assert hits == 1


def test_prune_removes_papers_whose_file_is_gone(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    (papers / MINUTES).unlink()
    code, summary = index_json(str(papers), "--db", str(db))
    assert summary["removed"] == 0  # without --prune the paper stays
    code, summary = index_json(str(papers), "--db", str(db), "--prune")
    assert summary["removed"] == 1
    conn = store.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH '\"1,600\"'"
        ).fetchone()[0]
        == 0
    )


def test_full_reindexes_unchanged_files(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    code, summary = index_json(str(papers), "--db", str(db), "--full")
    assert (summary["indexed"], summary["unchanged"]) == (2, 0)


def test_db_defaults_to_the_environment_variable(papers: Path, isolated_env: Path) -> None:
    code, summary = index_json(str(papers))
    assert summary["indexed"] == 2
    assert isolated_env.exists()


def test_failure_is_reported_and_exit_status_is_non_zero(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    (papers / "broken.pdf").write_bytes(b"this is not a pdf at all")
    code, summary = index_json(str(papers), "--db", str(db))
    assert code == 1
    assert summary["indexed"] == 2
    assert summary["failed"] == [
        {
            "path": str(papers / "broken.pdf"),
            "reason": "not a PDF (the file does not start with %PDF-)",
        }
    ]
    code, output = run("stats", "--db", str(db))
    assert "broken.pdf" in output and "not a PDF" in output


def test_plain_summary_names_failures(papers: Path, tmp_path: Path) -> None:
    (papers / "empty.pdf").write_bytes(b"")
    result = CliRunner().invoke(main, ["index", str(papers), "--db", str(tmp_path / "i.db")])
    assert result.exit_code == 1
    assert "2 indexed, 0 unchanged, 0 removed, 1 failed" in result.stdout
    assert "empty.pdf: empty file (0 bytes)" in result.stderr


def test_missing_path_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    code, summary = index_json(str(tmp_path / "nowhere"), "--db", str(tmp_path / "i.db"))
    assert code == 1
    assert summary["failed"][0]["reason"] == "no such file or folder"


def test_show_json_lists_passages_in_reading_order(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    code, output = run("show", "safeguarding-report", "--db", str(db), "--json")
    assert code == 0
    shown = json.loads(output)
    assert set(shown) == {"document", "passages"}
    assert {
        "title",
        "type",
        "committee",
        "date",
        "author",
        "classification",
        "source",
        "url",
    } <= set(shown["document"])
    assert shown["document"]["source"] == str((papers / REPORT).resolve())
    texts = [p["text"] for p in shown["passages"]]
    assert set(shown["passages"][0]) == {"para", "heading", "page", "text"}
    first = next(i for i, t in enumerate(texts) if "addresses the recommendations" in t)
    last = next(i for i, t in enumerate(texts) if "notes the report" in t)
    assert first < last


def test_show_unknown_paper_is_a_clear_error(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    result = CliRunner().invoke(main, ["show", "no-such-paper", "--db", str(db)])
    assert result.exit_code == 1
    assert "no indexed paper matches 'no-such-paper'" in result.output


def test_commands_on_a_missing_database_say_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "run `member-bot index PATH" in result.output


def test_stats_counts_papers_and_passages(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    index_json(str(papers), "--db", str(db))
    code, output = run("stats", "--db", str(db), "--json")
    figures = json.loads(output)
    conn = store.connect(db)
    assert figures["papers"] == 2
    assert figures["passages"] == conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0] > 10
    assert figures["last_run"]["indexed"] == 2
    assert sum(row["papers"] for row in figures["by_type"]) == 2


def test_json_sidecar_overrides_parsed_fields(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    (papers / (REPORT + ".json")).write_text(
        json.dumps({"url": "https://example.org/report.pdf", "committee": "Scrutiny Committee"})
    )
    index_json(str(papers), "--db", str(db))
    doc = store.get_document(store.connect(db), REPORT)
    assert doc.meta.url == "https://example.org/report.pdf"
    assert doc.meta.committee == "Scrutiny Committee"


def test_metadata_csv_overrides_and_editing_it_reindexes(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    csv_path = papers / "metadata.csv"
    csv_path.write_text(f"file,classification,date\n{REPORT},exempt,2011-01-20\n")
    index_json(str(papers), "--db", str(db))
    doc = store.get_document(store.connect(db), REPORT)
    assert (doc.meta.classification, doc.meta.date) == ("exempt", "2011-01-20")
    csv_path.write_text(f"file,classification\n{REPORT},unrestricted\n")
    code, summary = index_json(str(papers), "--db", str(db))
    assert summary["indexed"] == 1
    doc = store.get_document(store.connect(db), REPORT)
    assert doc.meta.classification == "unrestricted"


def test_broken_sidecar_fails_that_paper_only(papers: Path, tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    (papers / (REPORT + ".json")).write_text("{not json")
    code, summary = index_json(str(papers), "--db", str(db))
    assert code == 1 and summary["indexed"] == 1
    assert "is not valid JSON" in summary["failed"][0]["reason"]


def test_reader_sees_whole_old_or_whole_new_paper(tmp_path: Path) -> None:
    """A search during a re-index never sees half a paper (one transaction per paper)."""
    db = tmp_path / "i.db"
    writer = store.connect(db)

    def paper(n: int) -> IndexedPaper:
        passages = [Passage(text=f"version{n} passage {i} children") for i in range(n)]
        return IndexedPaper(DocumentMeta(source="/papers/a.pdf"), passages, f"h{n}")

    store.replace_document(writer, paper(50))
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        reader = sqlite3.connect(db)
        while not stop.is_set():
            seen.add(
                reader.execute(
                    "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'children'"
                ).fetchone()[0]
            )

    thread = threading.Thread(target=read)
    thread.start()
    for _ in range(40):
        store.replace_document(writer, paper(80))
        store.replace_document(writer, paper(50))
    stop.set()
    thread.join()
    assert seen <= {50, 80}
    assert writer.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrations_apply_once(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    store.connect(db).close()
    conn = store.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == sorted(set(names)) and "m001_documents_and_passages" in names
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_office_formats_we_cannot_read_are_named_not_skipped(papers: Path, tmp_path: Path) -> None:
    (papers / "old report.doc").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    code, summary = index_json(str(papers), "--db", str(tmp_path / "i.db"))
    assert code == 1 and summary["indexed"] == 2
    assert summary["failed"] == [
        {
            "path": str(papers / "old report.doc"),
            "reason": "unsupported format '.doc': save it as PDF or .docx and index it again",
        }
    ]


@pytest.mark.parametrize(
    "marking",
    ["Part II", "exempt (para 3)", "Exempt - paragraph 3", "not for publication", "private"],
)
def test_sidecar_exempt_wordings_are_exempt(papers: Path, tmp_path: Path, marking: str) -> None:
    db = tmp_path / "i.db"
    (papers / (REPORT + ".json")).write_text(json.dumps({"classification": marking}))
    index_json(str(papers), "--db", str(db))
    assert store.get_document(store.connect(db), REPORT).meta.classification == "exempt"


def test_sidecar_classification_that_says_neither_is_refused(papers: Path, tmp_path: Path) -> None:
    (papers / (REPORT + ".json")).write_text(json.dumps({"classification": "draft"}))
    code, summary = index_json(str(papers), "--db", str(tmp_path / "i.db"))
    assert code == 1
    assert (
        "classification 'draft' is neither exempt nor unrestricted"
        in (summary["failed"][0]["reason"])
    )


def test_a_paper_is_filed_by_its_path_in_the_library_named(papers: Path, tmp_path: Path) -> None:
    """Named as a folder or as a file, a paper is filed from the folder that was named (or
    that holds the file named), never by the folders above it on this machine."""
    nested = papers / "cabinet" / "2025-01-30"
    nested.mkdir(parents=True)
    shutil.move(papers / REPORT, nested / REPORT)
    db = tmp_path / "i.db"
    assert index_json(str(papers), "--db", str(db))[0] == 0
    conn = store.connect(db)
    filed = dict(conn.execute("SELECT source, library_path FROM documents").fetchall())
    assert filed == {
        str((nested / REPORT).resolve()): f"papers/cabinet/2025-01-30/{REPORT}",
        str((papers / MINUTES).resolve()): f"papers/{MINUTES}",
    }
    (papers / MINUTES).write_text((papers / MINUTES).read_text() + "\nA new line.\n")
    assert index_json(str(papers / MINUTES), "--db", str(db))[0] == 0
    row = conn.execute("SELECT library_path FROM documents WHERE source LIKE ?", (f"%{MINUTES}",))
    assert row.fetchone()[0] == f"papers/{MINUTES}"


def test_papers_indexed_before_library_paths_are_filed_by_the_next_run(
    papers: Path, tmp_path: Path
) -> None:
    """Unchanged papers are not read again, but one stored before library paths were
    recorded gets its path; one already filed keeps it, named from a deeper folder."""
    cabinet = papers / "cabinet"
    cabinet.mkdir()
    shutil.move(papers / REPORT, cabinet / REPORT)
    db = tmp_path / "i.db"
    assert index_json(str(papers), "--db", str(db))[0] == 0
    conn = store.connect(db)
    conn.execute("UPDATE documents SET library_path = NULL WHERE source LIKE ?", (f"%{MINUTES}",))
    code, summary = index_json(str(cabinet), str(papers / MINUTES), "--db", str(db))
    assert code == 0 and summary["unchanged"] == 2 and summary["indexed"] == 0
    filed = dict(conn.execute("SELECT source, library_path FROM documents").fetchall())
    assert filed == {
        str((cabinet / REPORT).resolve()): f"papers/cabinet/{REPORT}",
        str((papers / MINUTES).resolve()): f"papers/{MINUTES}",
    }


def test_a_paper_indexed_before_library_paths_reads_its_folders_from_its_source(
    tmp_path: Path,
) -> None:
    db = tmp_path / "i.db"
    conn = store.connect(db)
    paper = IndexedPaper(
        meta=DocumentMeta(source="/srv/kent/cabinet/a.pdf"),
        passages=[Passage(text="Some text.")],
        content_hash="x",
    )
    store.replace_document(conn, paper)
    (meta,) = [d.meta for d in store.all_documents(conn)]
    assert meta.library_path == "" and meta.filed_as == "/srv/kent/cabinet/a.pdf"
