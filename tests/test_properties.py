"""Whatever a member types, `ask` answers or declines: it never raises (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import store
from indexer.model import DocumentMeta, IndexedPaper, Passage
from indexer.run import index_paths
from member_bot.cli import main
from member_bot.quote import quote_pieces
from member_bot.search import answer_question

REPO = Path(__file__).resolve().parents[1]
FTS5_SYNTAX = [
    '"',
    "'",
    "(",
    ")",
    "*",
    "-",
    "+",
    "^",
    ":",
    "{",
    "}",
    "NEAR",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    "text:",
    "heading:",
    "committee:",
    "type:",
    "after:",
    "before:",
    "from:",
    "after:2025-13-45",
    'committee:"',
    "\x00",
    "🙂",
    "👩‍👩‍👧",
    "é",
    "ﬁ",
    "₂",
    "LAC",
    "children in care",
    "kent",
]


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    connection = store.connect(tmp_path_factory.mktemp("props") / "index.db")
    index_paths(connection, [REPO / "corpus"])
    store.replace_document(
        connection,
        IndexedPaper(
            meta=DocumentMeta(source="exempt.txt", classification="exempt", title="Part 2"),
            passages=[Passage(text="Children in care in Kent: exempt figures for the sale.")],
            content_hash="x",
        ),
    )
    return connection


questions = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FTS5_SYNTAX) | st.text(max_size=8), max_size=25).map(" ".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=questions, context=st.none() | questions)
def test_any_text_is_answered_or_declined_never_raises(conn, question, context):
    answer = answer_question(conn, question, context=context)
    assert answer.answered != answer.followup_suggested
    assert len(answer.passages) <= 3
    for passage in answer.passages:
        assert passage.document.classification != "exempt"
        assert len(passage.quote) <= 600
        assert all(piece in passage.text for piece in quote_pieces(passage.quote))
    assert answer.as_json()["question"] == question


def test_ten_kilobytes_of_operators_are_fine(conn):
    question = " ".join(FTS5_SYNTAX) * 60
    assert len(question) > 10_000
    answer = answer_question(conn, question)
    assert isinstance(answer.answered, bool)


@settings(max_examples=15, deadline=None)
@given(question=st.lists(st.sampled_from(FTS5_SYNTAX), min_size=1, max_size=12).map(" ".join))
def test_the_ask_command_never_shows_a_traceback(tmp_path_factory, question):
    db = tmp_path_factory.getbasetemp() / "cli-props.db"
    if not db.exists():
        index_paths(store.connect(db), [REPO / "corpus"])
    result = CliRunner().invoke(main, ["ask", "--json", "--db", str(db), "--", question])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
