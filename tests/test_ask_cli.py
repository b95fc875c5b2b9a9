"""`member-bot ask` and `member-bot eval` through click, on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from member_bot.cli import main

REPO = Path(__file__).resolve().parents[1]
DOCUMENT_KEYS = {
    "title",
    "type",
    "committee",
    "date",
    "author",
    "classification",
    "source",
    "url",
}
PASSAGE_KEYS = {"quote", "text", "para", "heading", "page", "score", "document", "also_in"}


@pytest.fixture
def index_db(tmp_path: Path) -> Path:
    """The bundled corpus, indexed the way an admin does it."""
    db = tmp_path / "index.db"
    result = CliRunner().invoke(main, ["index", str(REPO / "corpus"), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_ask_on_a_fresh_machine_indexes_the_corpus_into_the_default_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no corpus/ here: the one beside the package is used
    monkeypatch.delenv("MEMBER_BOT_DB")  # neither --db nor MEMBER_BOT_DB: the default
    result = CliRunner().invoke(main, ["ask", "How many children are in care in Kent?"])
    assert result.exit_code == 0, result.output
    assert f"No index at member_bot.db yet: indexing the papers in {REPO / 'corpus'}" in (
        result.stderr
    )
    assert "Indexed 2 papers" in result.stderr
    # on two papers the scorer offers 2(g) first, at `medium` or `high`, never declined
    assert result.stdout.startswith(("From the papers:\n", "These passages may answer it"))
    assert "I couldn't find that" not in result.stdout
    assert result.stdout.index("just over 1,600") < result.stdout.index("2.")
    assert "para 2(g)" in result.stdout
    assert "kcc-childrens-services-improvement-plan-minutes.txt" in result.stdout
    assert (tmp_path / "member_bot.db").exists()


@pytest.mark.parametrize("named_by", ["--db", "MEMBER_BOT_DB"])
def test_ask_with_a_named_database_that_is_not_there_is_an_error(tmp_path, monkeypatch, named_by):
    """A mistyped path is never answered from the sample papers, and no file is left."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo.db"
    args = ["ask", "budget"]
    if named_by == "--db":
        args += ["--db", str(missing)]
    else:
        monkeypatch.setenv("MEMBER_BOT_DB", str(missing))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: no index at {missing} — run `member-bot index PATH --db {missing}` first"
    ]
    assert list(tmp_path.iterdir()) == []


def test_ask_json_follows_the_contract_exactly(index_db):
    result = CliRunner().invoke(
        main,
        ["ask", "--json", "--db", str(index_db), "--top", "2", "social", "worker", "vacancies"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "question",
        "answered",
        "followup_suggested",
        "confidence",
        "passages",
        "notices",
    }
    assert payload["question"] == "social worker vacancies"
    assert payload["confidence"] in ("high", "medium")
    assert payload["answered"] is (payload["confidence"] == "high")
    assert payload["followup_suggested"] is not payload["answered"]
    assert payload["notices"] == []
    assert 1 <= len(payload["passages"]) <= 2
    for passage in payload["passages"]:
        assert set(passage) == PASSAGE_KEYS
        assert set(passage["document"]) == DOCUMENT_KEYS
        assert isinstance(passage["score"], float)
        assert passage["page"] is None or isinstance(passage["page"], int)
    # the section on vacancies is cited in full: para, heading, committee, meeting date
    section = next(p for p in payload["passages"] if p["para"] == "3(1)")
    assert section["heading"] == "Social worker vacancies"
    assert section["quote"] == section["text"]
    assert section["document"]["committee"] == "Cabinet Scrutiny Committee"
    assert section["document"]["date"] == "2011-01-19"


def test_ask_json_carries_the_filters_it_could_not_read_as_notices(index_db):
    question = "committee:nonesuch after:31-31-2024 children in care"
    runner = CliRunner()
    result = runner.invoke(main, ["ask", "--json", "--db", str(index_db), question])
    assert result.exit_code == 0, result.output
    notices = json.loads(result.stdout)["notices"]
    assert len(notices) == 2
    assert any("after:31-31-2024" in n for n in notices)
    assert any("committee:nonesuch" in n for n in notices)
    # the same notices as the terminal shows
    text = runner.invoke(main, ["ask", "--db", str(index_db), question]).stdout
    assert all(f"Note: {n}" in text for n in notices)


def test_ask_declines_in_words_and_in_json(index_db):
    runner = CliRunner()
    db = str(index_db)
    text = runner.invoke(main, ["ask", "--db", db, "who won the champions league"])
    assert text.exit_code == 0
    assert text.stdout.startswith("I couldn't find that in the papers.")
    assert "From the papers:" not in text.stdout
    assert "Ask an officer" in text.stdout
    payload = json.loads(runner.invoke(main, ["ask", "--json", "--db", db, "wifi password"]).stdout)
    assert payload["answered"] is False and payload["followup_suggested"] is True
    assert payload["confidence"] == "low"


def test_ask_with_a_database_that_is_not_an_index_says_so(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    result = CliRunner().invoke(main, ["ask", "--db", str(bad), "budget"])
    assert result.exit_code == 1
    assert "is not a member-bot index" in result.output
    assert "Traceback" not in result.output


def test_eval_prints_both_engines_from_one_run(tmp_path):
    db = tmp_path / "index.db"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["index", str(REPO / "corpus"), "--db", str(db), "--quiet"]).exit_code
        == 0
    )
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {
                    "q": "kids in care in kent",
                    "doc": "minutes",
                    "must": "just over 1,600",
                    "kind": "informal",
                },
                {
                    "q": "who refers most safeguarding cases",
                    "doc": "safeguarding-report",
                    "must": "main referring agency is the police",
                    "kind": "paraphrase",
                },
                {"q": "who won the champions league", "unanswerable": True, "kind": "off-topic"},
            ]
        ),
        "utf-8",
    )
    result = runner.invoke(main, ["eval", str(questions), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {"member-bot", "member-bot (full plan)", "plain FTS5 BM25"}
    ours = figures["member-bot"]
    assert set(ours) == {"all", "informal", "paraphrase", "off-topic"}
    assert ours["all"]["recall_at_3"] == 1.0
    assert ours["all"]["unanswerable_declined"] == 1.0
    assert figures["plain FTS5 BM25"]["all"]["unanswerable_declined"] == 0.0
    table = runner.invoke(main, ["eval", str(questions), "--db", str(db)])
    assert "plain FTS5 BM25" in table.stdout and "By kind" in table.stdout


def test_eval_names_the_bad_line_of_a_question_file(tmp_path):
    db = tmp_path / "index.db"
    CliRunner().invoke(main, ["index", str(REPO / "corpus"), "--db", str(db), "--quiet"])
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"q": "fine", "unanswerable": true}\n{"q": "no answer key"}\n', "utf-8")
    result = CliRunner().invoke(main, ["eval", str(questions), "--db", str(db)])
    assert result.exit_code == 1
    assert "line 2: needs doc and must, or unanswerable" in result.output


SHIPPED = REPO / "member_bot" / "data" / "scorer.json"


def test_a_councils_own_scorer_named_by_member_bot_scorer_decides_the_tier(
    index_db, tmp_path, monkeypatch
):
    refit = json.loads(SHIPPED.read_text("utf-8"))
    question = "How many children are in care in Kent?"

    def tier_with(high: float, medium: float) -> str:
        path = tmp_path / f"scorer-{high}-{medium}.json"
        path.write_text(json.dumps({**refit, "high": high, "medium": medium}), "utf-8")
        monkeypatch.setenv("MEMBER_BOT_SCORER", str(path))
        result = CliRunner().invoke(main, ["ask", "--json", "--db", str(index_db), question])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["confidence"]

    assert tier_with(0.0, 0.0) == "high"
    assert tier_with(1.01, 1.01) == "low"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "Expecting property name"),
        ('{"features": ["bias"]}', "fitted on other features"),
        (None, "No such file or directory"),
    ],
)
def test_an_unusable_scorer_file_stops_ask_with_its_name_and_why(
    index_db, tmp_path, monkeypatch, content, reason
):
    path = tmp_path / "scorer.json"
    if content is not None:
        path.write_text(content, "utf-8")
    monkeypatch.setenv("MEMBER_BOT_SCORER", str(path))
    result = CliRunner().invoke(main, ["ask", "--db", str(index_db), "budget"])
    assert result.exit_code == 1
    assert f"MEMBER_BOT_SCORER={path}" in result.output and reason in result.output
    assert "Traceback" not in result.output


def test_a_scorer_file_missing_a_number_is_refused_not_half_used(tmp_path, monkeypatch):
    from member_bot.scorer import ScorerFileError, load_scorer

    refit = json.loads(SHIPPED.read_text("utf-8"))
    path = tmp_path / "short.json"
    path.write_text(json.dumps({**refit, "offer": refit["offer"][:-1]}), "utf-8")
    monkeypatch.setenv("MEMBER_BOT_SCORER", str(path))
    with pytest.raises(ScorerFileError, match="numbers where this version reads"):
        load_scorer()


def test_a_scorer_file_fitted_by_an_older_version_is_refused_with_what_to_do(tmp_path, monkeypatch):
    """A council's own re-fit from before the order became a softmax has no `absolute`
    weights: it is refused by name, with the remedy, not half-used."""
    from member_bot.scorer import ScorerFileError, load_scorer

    refit = json.loads(SHIPPED.read_text("utf-8"))
    del refit["absolute"]
    path = tmp_path / "older.json"
    path.write_text(json.dumps(refit), "utf-8")
    monkeypatch.setenv("MEMBER_BOT_SCORER", str(path))
    with pytest.raises(ScorerFileError, match=r"older\.json: .*older member-bot: re-train"):
        load_scorer()
