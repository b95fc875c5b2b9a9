"""`member-bot followups ...` driven through click on real database files, then reopened."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import store
from indexer.run import index_paths
from member_bot.cli import main
from member_bot.commands.followups import followups
from member_bot.followups import OfferedPassage
from member_bot.followups_store import FollowupStore
from tests.conftest import CORPUS

LONG_AGO = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)  # due 17 March 2025: overdue now


@pytest.fixture
def db(isolated_env: Path) -> Path:
    """The bot's database (MEMBER_BOT_DB) with three follow-ups, as Slack would have left it."""
    conn = store.connect(isolated_env)
    papers = isolated_env.parent / "papers"
    shutil.copytree(CORPUS, papers)
    index_paths(conn, [papers])
    [(passage_id,)] = conn.execute(
        "SELECT id FROM passages WHERE text LIKE '%just over 1,600%'"
    ).fetchall()
    queue = FollowupStore(conn, clock=lambda: LONG_AGO)
    offered = [
        OfferedPassage(passage_id, "just over 1,600", "Cabinet minutes, para 2(g)", "Jo Bloggs")
    ]
    queue.create(
        question="How many [children] are in care in Kent?",
        member_id="U_MEMBER",
        channel_id="C1",
        thread_ts="1.1",
        offered=offered,
        request_key="a",
    )
    queue.create(
        question="What is the adult social care overspend?",
        member_id="U_OTHER",
        channel_id=None,
        thread_ts=None,
        offered=[],
        request_key="b",
    )
    recent = FollowupStore(store.connect(isolated_env))  # today: not overdue
    recent.create(
        question="When does the library reopen?",
        member_id="U_MEMBER",
        channel_id="D1",
        thread_ts=None,
        offered=[],
        request_key="c",
    )
    return isolated_env


def invoke(*args: str, input: str | None = None):
    """Run the real command; a 160-column terminal so rich doesn't wrap the questions."""
    return CliRunner().invoke(
        main, ["followups", *args], input=input, env={"COLUMNS": "160"}, catch_exceptions=False
    )


def row(db: Path, followup_id: int) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return dict(conn.execute("SELECT * FROM followups WHERE id = ?", (followup_id,)).fetchone())


def test_list_shows_the_active_queue_with_overdue_marked(db: Path) -> None:
    result = invoke("list")
    assert result.exit_code == 0, result.output
    assert "How many [children] are in care in Kent?" in result.output  # not eaten as markup
    assert "When does the library reopen?" in result.output
    assert result.output.count("OVERDUE") == 2
    assert "3 follow-up(s), 2 overdue" in result.output


def test_list_json_and_filters(db: Path) -> None:
    invoke("answer", "2", "--officer", "Jane Smith", "--text", "About £4m.")
    every = json.loads(invoke("list", "--status", "all", "--json").output)
    assert [(f["id"], f["status"], f["overdue"]) for f in every] == [
        (1, "open", True),
        (2, "answered", False),
        (3, "open", False),
    ]
    assert every[0]["contact_officers"] == ["Jo Bloggs"]
    assert every[0]["due_date"] == "2025-03-17"
    overdue = json.loads(invoke("list", "--status", "overdue", "--json").output)
    assert [f["id"] for f in overdue] == [1]
    answered = json.loads(invoke("list", "--status", "answered", "--json").output)
    assert [f["id"] for f in answered] == [2]
    mine = json.loads(invoke("list", "--member", "U_MEMBER", "--json").output)
    assert [f["id"] for f in mine] == [1, 3]
    none = invoke("list", "--status", "closed")
    assert none.exit_code == 0 and "No closed follow-ups" in none.output


def test_show(db: Path) -> None:
    result = invoke("show", "1")
    assert result.exit_code == 0, result.output
    for expected in ("Follow-up #1", "open", "U_MEMBER", "2025-03-17 (OVERDUE)", "Jo Bloggs"):
        assert expected in result.output
    assert "Cabinet minutes, para 2(g)" in result.output
    assert "created" in result.output
    payload = json.loads(invoke("show", "1", "--json").output)
    assert payload["question"] == "How many [children] are in care in Kent?"
    assert payload["offered"][0]["quote"] == "just over 1,600"
    assert [e["action"] for e in payload["history"]] == ["created"]


def test_claim_then_answer_leaves_it_for_the_bot_to_deliver(db: Path) -> None:
    claimed = invoke("claim", "1", "--officer", "Jane Smith")
    assert claimed.exit_code == 0, claimed.output
    assert "claimed by Jane Smith" in claimed.output
    assert row(db, 1)["status"] == "claimed"

    answered = invoke("answer", "1", "--officer", "Jane Smith", "--text", "Just over 1,600.")
    assert answered.exit_code == 0, answered.output
    assert "Not delivered yet" in answered.output
    stored = row(db, 1)
    assert (stored["status"], stored["answered_by"], stored["answer"]) == (
        "answered",
        "Jane Smith",
        "Just over 1,600.",
    )
    assert stored["delivered_at"] is None
    queue = FollowupStore(store.connect(db))
    assert [f.id for f in queue.undelivered_answers()] == [1]
    assert [e.action for e in queue.get(1).history] == ["created", "claimed", "answered"]
    conn = sqlite3.connect(db)
    assert conn.execute(  # the officer's answer, beside the seed minutes that say it too
        "SELECT COUNT(*) FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN documents d ON d.id = p.document_id "
        "WHERE passages_fts MATCH '\"1,600\"' AND d.source = 'followup:1'"
    ).fetchone() == (1,)
    shown = invoke("show", "1")
    assert "not yet: the running bot will deliver it" in shown.output


def test_answer_from_a_file_and_from_stdin(db: Path, tmp_path: Path) -> None:
    answer_file = tmp_path / "answer.txt"
    answer_file.write_text("The overspend is £4.2m,\nas reported to Cabinet.\n", encoding="utf-8")
    result = invoke("answer", "2", "--officer", "Jane Smith", "--file", str(answer_file))
    assert result.exit_code == 0, result.output
    assert row(db, 2)["answer"] == "The overspend is £4.2m,\nas reported to Cabinet."
    piped = invoke("answer", "3", "--officer", "Jo Bloggs", "--file", "-", input="Monday.\n")
    assert piped.exit_code == 0, piped.output
    assert row(db, 3)["answer"] == "Monday."


def test_answer_needs_exactly_one_source_of_text(db: Path, tmp_path: Path) -> None:
    neither = invoke("answer", "1", "--officer", "Jane Smith")
    assert neither.exit_code == 2
    assert "exactly one of --text or --file" in neither.output
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    both = invoke("answer", "1", "--officer", "J", "--text", "x", "--file", str(tmp_path / "a.txt"))
    assert both.exit_code == 2
    empty = invoke("answer", "1", "--officer", "Jane Smith", "--text", "   ")
    assert empty.exit_code == 1 and "empty" in empty.output
    no_officer = invoke("answer", "1", "--text", "x")
    assert no_officer.exit_code == 2 and "--officer" in no_officer.output
    assert row(db, 1)["status"] == "open"


def test_officer_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMBER_BOT_OFFICER", "U_OFFICER_ENV")
    assert invoke("claim", "2").exit_code == 0
    assert row(db, 2)["claimed_by"] == "U_OFFICER_ENV"


def test_close_and_the_errors_a_person_can_act_on(db: Path) -> None:
    closed = invoke("close", "1", "--officer", "Jane Smith", "--reason", "duplicate of #3")
    assert closed.exit_code == 0, closed.output
    stored = row(db, 1)
    assert (stored["status"], stored["closed_by"], stored["close_reason"]) == (
        "closed",
        "Jane Smith",
        "duplicate of #3",
    )
    again = invoke("close", "1", "--officer", "Jane Smith")
    assert again.exit_code == 1
    assert "Error: follow-up #1 is already closed (by Jane Smith" in again.output
    late = invoke("answer", "1", "--officer", "Jo Bloggs", "--text", "Too late")
    assert late.exit_code == 1 and "can't be answered" in late.output
    missing = invoke("show", "42")
    assert missing.exit_code == 1
    assert "there is no follow-up #42" in missing.output
    assert "Traceback" not in again.output + late.output + missing.output


def test_no_database_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("list", "--db", str(tmp_path / "nowhere.db"))
    assert result.exit_code == 1
    assert "no database at" in result.output and "MEMBER_BOT_DB" in result.output
    assert not (tmp_path / "nowhere.db").exists()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("not sqlite " * 100, encoding="utf-8")
    result = invoke("list", "--db", str(junk))
    assert result.exit_code == 1
    assert "is not a member-bot database" in result.output


def test_every_command_is_documented() -> None:
    """`--help` says what each command does, and the answer command says who delivers."""
    for name, command in followups.commands.items():
        assert command.help and command.help.strip(), name
        result = CliRunner().invoke(main, ["followups", name, "--help"])
        assert result.exit_code == 0
    help_text = CliRunner().invoke(main, ["followups", "answer", "--help"]).output
    assert "NOT sent to Slack" in help_text
    assert set(followups.commands) == {"list", "show", "claim", "answer", "close", "withdraw"}


def test_a_recently_created_followup_is_not_overdue(db: Path) -> None:
    payload = json.loads(invoke("show", "3", "--json").output)
    assert payload["overdue"] is False
    assert (
        payload["due_date"] > (datetime.now(timezone.utc) + timedelta(days=10)).date().isoformat()
    )


def test_answer_not_searchable_then_withdraw(db: Path) -> None:
    kept_out = invoke(
        "answer", "1", "--officer", "Jane Smith", "--text", "Just over 1,600.", "--not-searchable"
    )
    assert kept_out.exit_code == 0 and "not searchable" in kept_out.output
    assert row(db, 1)["published"] == 0
    published = invoke(
        "answer",
        "2",
        "--officer",
        "Jane Smith",
        "--name",
        "Jane Smith, Finance",
        "--text",
        "About £4m.",
    )
    assert "now searchable" in published.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT author FROM documents WHERE source = 'followup:2'").fetchone() == (
        "Jane Smith, Finance",
    )
    withdrawn = invoke("withdraw", "2", "--officer", "Jane Smith", "--reason", "wrong figure")
    assert withdrawn.exit_code == 0 and "no longer searchable" in withdrawn.output
    assert conn.execute(
        "SELECT COUNT(*) FROM documents WHERE source = 'followup:2'"
    ).fetchone() == (0,)
    again = CliRunner().invoke(main, ["followups", "withdraw", "2", "--officer", "Jane Smith"])
    assert again.exit_code == 1 and "nothing to withdraw" in again.output


def test_an_answer_too_long_for_slack_is_refused_with_its_length(db: Path, tmp_path: Path) -> None:
    answer_file = tmp_path / "long.txt"
    answer_file.write_text("The pool opens in September 2026. " * 400, encoding="utf-8")
    result = invoke("answer", "1", "--officer", "Jane Smith", "--file", str(answer_file))
    assert result.exit_code == 1
    assert "13,599 characters" in result.output and "12,000" in result.output
    assert row(db, 1)["answer"] is None and row(db, 1)["status"] == "open"


def test_show_leaves_out_a_quote_whose_paper_is_now_exempt(db: Path) -> None:
    """A paper re-marked exempt after the member saw it is not shown again, even to officers."""
    minutes = db.parent / "papers" / "kcc-childrens-services-improvement-plan-minutes.txt"
    sidecar = minutes.with_name(minutes.name + ".json")
    sidecar.write_text(
        json.dumps({**json.loads(sidecar.read_text()), "classification": "exempt"}),
        encoding="utf-8",
    )
    index_paths(store.connect(db), [minutes.parent])
    shown = invoke("show", "1")
    assert shown.exit_code == 0 and "1,600" not in shown.output
    assert json.loads(invoke("show", "1", "--json").output)["offered"] == []
