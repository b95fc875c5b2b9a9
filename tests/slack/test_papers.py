"""Admins' papers: a re-upload replaces the earlier paper; /reindex finds new and drops gone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docx import Document

from indexer import store
from indexer.model import DocumentMeta
from indexer.run import index_paths, indexed_from, source_key
from tests.slack.conftest import ADMIN


def budget_docx(path: Path, figure: str) -> bytes:
    doc = Document()
    doc.add_paragraph("Committee: Cabinet")
    doc.add_paragraph("Minutes of the meeting held on 12 March 2025")
    doc.add_paragraph(f"5. The Cabinet agreed a highways maintenance budget of {figure}.")
    doc.save(path)
    return path.read_bytes()


def upload(bot, fake_slack, file_id: str, content: bytes, done: int, name="budget.docx"):
    url = fake_slack.add_file(file_id, content)
    files = [{"id": file_id, "name": name, "url_private_download": url}]
    bot.dm("", user=ADMIN, subtype="file_share", files=files)
    found = fake_slack.wait_for(
        "chat.postMessage", lambda c: "Uploaded papers" in c.text(), count=done
    )
    return found[-1].text()


def agenda_docx(path: Path, committee: str, item: str) -> bytes:
    doc = Document()
    doc.add_paragraph(f"Committee: {committee}")
    doc.add_paragraph("Agenda for the meeting on 4 June 2025")
    doc.add_paragraph(f"3. {item}")
    doc.save(path)
    return path.read_bytes()


def quotable(conn, words: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT d.source FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
            "JOIN documents d ON d.id = p.document_id WHERE passages_fts MATCH ?",
            (words,),
        )
    ]


def test_a_corrected_upload_replaces_the_earlier_paper_of_that_name(
    bot, fake_slack, tmp_path: Path, settings
):
    upload(bot, fake_slack, "F111", budget_docx(tmp_path / "a.docx", "£41.2 million"), 1)
    told = upload(bot, fake_slack, "F222", budget_docx(tmp_path / "b.docx", "£43.9 million"), 2)
    assert "replaced earlier `budget.docx`" in told
    conn = bot.bot.conn()
    assert quotable(conn, '"43.9"') and not quotable(conn, '"41.2"')
    saved = sorted(p.name for p in settings.uploads_path.iterdir())
    assert saved == ["budget.docx"]


def test_a_different_paper_with_the_same_file_name_is_kept_beside_the_first(
    bot, fake_slack, tmp_path: Path, settings
):
    first = agenda_docx(tmp_path / "a.docx", "Planning Committee", "The Orchard Way appeal.")
    second = agenda_docx(tmp_path / "b.docx", "Licensing Committee", "The Regal Cinema licence.")
    upload(bot, fake_slack, "F111", first, 1, name="Agenda.docx")
    told = upload(bot, fake_slack, "F222", second, 2, name="Agenda.docx")
    assert "replaced" not in told and "both are kept" in told and "Agenda-2.docx" in told
    conn = bot.bot.conn()
    assert quotable(conn, "Orchard") and quotable(conn, "Regal")
    assert sorted(p.name for p in settings.uploads_path.iterdir()) == [
        "Agenda-2.docx",
        "Agenda.docx",
    ]
    # The same bytes again change nothing; a corrected Licensing agenda replaces its own.
    again = upload(bot, fake_slack, "F333", second, 3, name="Agenda.docx")
    assert "replaced" not in again and "both are kept" not in again
    fixed = agenda_docx(tmp_path / "c.docx", "Licensing Committee", "The Regal Theatre licence.")
    told = upload(bot, fake_slack, "F444", fixed, 4, name="Agenda.docx")
    assert "replaced earlier `Agenda-2.docx`" in told
    assert quotable(conn, "Theatre") and not quotable(conn, "Cinema") and quotable(conn, "Orchard")
    assert len(list(settings.uploads_path.iterdir())) == 2


def test_the_lock_is_free_when_the_admin_is_told_the_upload_is_indexed(
    bot, fake_slack, tmp_path: Path
):
    """An admin who sends the next paper on reading "done" must not hear a re-index runs."""
    busy_when_told: list[bool] = []

    def post(body: dict) -> dict:
        if "Uploaded papers" in str(body.get("text")):
            busy_when_told.append(bot.bot.reindex_lock.locked())
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", post)
    upload(bot, fake_slack, "F111", budget_docx(tmp_path / "a.docx", "£41.2 million"), 1)
    told = upload(bot, fake_slack, "F222", budget_docx(tmp_path / "b.docx", "£43.9 million"), 2)
    assert busy_when_told == [False, False]
    assert "replaced earlier `budget.docx`" in told


def test_an_upload_saved_under_the_old_id_prefixed_name_is_superseded(
    bot, fake_slack, tmp_path: Path, settings
):
    settings.uploads_path.mkdir(parents=True)
    old = settings.uploads_path / "F0OLD123-budget.docx"
    old.write_bytes(budget_docx(tmp_path / "a.docx", "£41.2 million"))
    index_paths(bot.bot.conn(), [old])
    assert quotable(bot.bot.conn(), '"41.2"')
    upload(bot, fake_slack, "F222", budget_docx(tmp_path / "b.docx", "£43.9 million"), 1)
    assert not old.exists() and not quotable(bot.bot.conn(), '"41.2"')
    assert store.get_document(bot.bot.conn(), source_key(old)) is None


def test_reindex_without_a_papers_setting_finds_new_files_and_drops_deleted_ones(
    make_bot, fake_slack, settings, papers: Path
):
    bot = make_bot(dataclasses.replace(settings, papers=()))
    (papers / "new-note.txt").write_text(
        "Highways Committee\n\n1. The Committee noted 4,210 potholes repaired in Q3.\n",
        encoding="utf-8",
    )
    gone = papers / "property-disposal-exempt.txt"
    gone.unlink()
    (papers / "property-disposal-exempt.txt.json").unlink()
    bot.command("/reindex", "", user=ADMIN)
    [summary] = fake_slack.wait_for("chat.postEphemeral", timeout=20)
    assert "1 indexed" in summary.text() and "1 removed" in summary.text()
    assert store.get_document(bot.bot.conn(), source_key(gone)) is None
    assert quotable(bot.bot.conn(), "potholes")


def test_reindex_without_a_papers_setting_walks_the_folder_the_papers_were_indexed_from(
    make_bot, fake_slack, settings, tmp_path: Path
):
    """Papers filed by meeting (library/kent/cabinet/2025-01-30/...) were indexed from
    `library`: a re-index finds a paper in a new committee's folder too, and files it with
    the same folders a CLI run would."""
    bot = make_bot(dataclasses.replace(settings, papers=()))
    library = tmp_path / "library"
    meeting = library / "kent" / "cabinet" / "2025-01-30"
    meeting.mkdir(parents=True)
    (meeting / "budget-note.txt").write_text(
        "Cabinet\n\n1. The Cabinet noted a revenue overspend of £3.1 million.\n", encoding="utf-8"
    )
    assert not index_paths(bot.bot.conn(), [library]).failed
    planning = library / "kent" / "planning" / "2025-02-01"
    planning.mkdir(parents=True)
    (planning / "new-note.txt").write_text(
        "Planning Committee\n\n1. The Committee refused application 24/0777 for 12 homes.\n",
        encoding="utf-8",
    )
    bot.command("/reindex", "", user=ADMIN)
    [summary] = fake_slack.wait_for("chat.postEphemeral", timeout=20)
    assert "1 indexed" in summary.text(), summary.text()
    new = store.get_document(bot.bot.conn(), source_key(planning / "new-note.txt"))
    assert new is not None
    assert new.meta.library_path == "library/kent/planning/2025-02-01/new-note.txt"


def test_a_papers_folder_is_the_one_holding_it_when_its_library_path_cannot_tell() -> None:
    filed = DocumentMeta(source="/srv/library/kent/a.pdf", library_path="library/kent/a.pdf")
    assert indexed_from(filed) == Path("/srv/library")
    before = DocumentMeta(source="/srv/library/kent/a.pdf")  # indexed before library paths
    assert indexed_from(before) == Path("/srv/library/kent")
    linked = DocumentMeta(source="/data/kent/a.pdf", library_path="library/kent/a.pdf")
    assert indexed_from(linked) == Path("/data/kent")  # reached through a link: not /data
