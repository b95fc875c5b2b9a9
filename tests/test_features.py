"""The scorer's features read what kind of answer a question asks for (real SQLite index)."""

from __future__ import annotations

from indexer import store
from member_bot.features import NAMES, question_features
from member_bot.search import search
from tests.papers import text_paper

PASSAGES = [
    "The amendment on the library opening hours was proposed by Cllr Ahmed and seconded.",
    "The library opening hours amendment would cost £12,000 a year to deliver.",
    "RESOLVED: that the library opening hours amendment be approved.",
]


def features_by_text(
    tmp_path, question: str, passages: list[str] = PASSAGES
) -> dict[str, dict[str, float]]:
    conn = store.connect(tmp_path / "index.db")
    store.replace_document(conn, text_paper("minutes.txt", passages))
    result = search(conn, question)
    rows = question_features(result.parsed, result.concepts, result.ranked)
    return {
        cand.text: dict(zip(NAMES, row, strict=True))
        for cand, row in zip(result.ranked, rows, strict=False)
    }


def test_a_who_question_favours_a_passage_that_names_a_person(tmp_path):
    found = features_by_text(tmp_path, "who put forward the library opening hours amendment?")
    named, costed = found[PASSAGES[0]], found[PASSAGES[1]]
    assert (named["who_named"], named["who_unnamed"]) == (1.0, 0.0)
    assert (costed["who_named"], costed["who_unnamed"]) == (0.0, 1.0)
    assert all(row["decision_given"] == 0.0 for row in found.values())


def test_a_decision_question_favours_a_passage_that_records_one(tmp_path):
    found = features_by_text(tmp_path, "was the library opening hours amendment approved?")
    assert found[PASSAGES[2]]["decision_given"] == 1.0
    assert found[PASSAGES[1]]["decision_given"] == 0.0
    assert all(row["who_named"] == row["who_unnamed"] == 0.0 for row in found.values())


def test_a_how_much_question_marks_the_passages_that_give_no_sum(tmp_path):
    found = features_by_text(tmp_path, "how much would the library opening hours change be?")
    assert found[PASSAGES[1]]["sum_wanted_absent"] == 0.0  # "£12,000 a year"
    assert found[PASSAGES[0]]["sum_wanted_absent"] == 1.0
    assert found[PASSAGES[2]]["sum_wanted_absent"] == 1.0
    assert all(row["date_wanted_absent"] == 0.0 for row in found.values())


def test_a_when_question_marks_the_passages_that_give_no_date(tmp_path):
    dated = "The library opening hours will change from 1 April 2026."
    undated = "The library opening hours will change once staff are recruited."
    found = features_by_text(
        tmp_path, "when do the library opening hours change?", [dated, undated]
    )
    assert found[dated]["date_wanted_absent"] == 0.0
    assert found[undated]["date_wanted_absent"] == 1.0
    assert all(row["sum_wanted_absent"] == 0.0 for row in found.values())
