"""The member's text -> filters and concepts, and MATCH expressions that cannot break (pure)."""

from __future__ import annotations

import sqlite3

import pytest

from member_bot.glossary import GlossaryError, load_glossary, parse_glossary, words_of
from member_bot.query import (
    FIGURE,
    Filters,
    and_expression,
    or_expression,
    parse_question,
)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def typed(parsed) -> list[tuple[str, ...]]:
    return [c.typed for c in parsed.concepts if not c.hint]


def test_filters_are_taken_out_of_the_question(glossary):
    parsed = parse_question(
        'budget committee:"county council" type:reports after:2024-12 before:2025-03-31 '
        "from:oakford",
        glossary,
    )
    assert parsed.filters == Filters(
        committee="county council",
        type="report",
        after="2024-12-01",
        before="2025-03-31",
        author="oakford",
    )
    assert typed(parsed) == [("budget",)]


def test_a_month_or_year_bound_covers_the_whole_period(glossary):
    parsed = parse_question("reserves after:2024 before:2025-02", glossary)
    assert (parsed.filters.after, parsed.filters.before) == ("2024-01-01", "2025-02-28")


def test_a_bad_date_is_reported_not_guessed(glossary):
    parsed = parse_question("reserves after:last-week", glossary)
    assert parsed.filters.after is None
    assert parsed.notes == [
        "I didn't understand after:last-week — use a date like after:2024-12-01"
    ]


@pytest.mark.parametrize("typed", ["before:tomorrow", "after:2024-99-99"])
def test_a_filter_that_does_not_parse_is_said_not_ignored(glossary, typed):
    parsed = parse_question(f"reserves {typed}", glossary)
    assert len(parsed.notes) == 1 and typed in parsed.notes[0]
    assert not parsed.filters


def test_empty_filters_and_search_operators_are_not_words_to_look_for(glossary):
    parsed = parse_question("committee: type: from:", glossary)
    assert [c for c in parsed.concepts if not c.optional] == []
    assert len(parsed.notes) == 3
    assert [c.typed for c in parse_question('NEAR(a b) AND "x', glossary).concepts] == []


def test_names_years_and_lettered_terms_are_kept_as_asked(glossary):
    parsed = parse_question("What's KCC's Band D council tax for 25/26?", glossary)
    by_typed = {c.typed: c for c in parsed.concepts}
    assert by_typed[("band", "d")].named
    assert by_typed[("kcc",)].named
    assert ("2025",) in by_typed[("25",)].alternatives
    medway = parse_question("how many children are in care in Medway", glossary)
    assert [c.typed for c in medway.concepts if c.named] == [("medway",)]
    # the article "a" is a word, not a letter: "without a plan" asks about plans
    plan = parse_question("what if kent is left without a plan", glossary)
    assert ("without", "a") not in [c.typed for c in plan.concepts]
    assert ("plan",) in [c.typed for c in plan.concepts]


def test_stop_words_go_and_content_words_stay(glossary):
    parsed = parse_question("How many social worker vacancies are there?", glossary)
    assert typed(parsed) == [("social",), ("worker",), ("vacancies",)]
    assert any(c.hint and (FIGURE,) in c.alternatives for c in parsed.concepts)


def test_acronym_expands_and_the_expansion_finds_the_acronym(glossary):
    lac = parse_question("LAC numbers", glossary).concepts[0]
    assert ("children", "in", "care") in lac.alternatives
    assert ("looked", "after", "children") in lac.alternatives
    renamed = parse_question("looked after children placed out of county", glossary).concepts[0]
    assert renamed.typed == ("looked", "after", "children")
    assert ("children", "in", "care") in renamed.alternatives
    reverse = parse_question("children in care", glossary)
    assert any(("lac",) in c.alternatives for c in reverse.concepts)


def test_glossary_terms_named_in_the_issue_are_all_there(glossary):
    for term in [
        "LAC",
        "CiC",
        "SEND",
        "EHCP",
        "CSE",
        "UASC",
        "ASC",
        "ASCH",
        "CYPE",
        "MTFP",
        "MTFS",
        "DSG",
        "HNB",
        "S106",
        "CIL",
        "HRA",
        "LGR",
        "JHOSC",
        "KPI",
        "QPR",
        "PRoD",
        "EqIA",
        "DfE",
        "Ofsted",
        "ICB",
    ]:
        assert words_of(term) in glossary, term
    assert ("child", "protection", "plan") in glossary.alternatives(("cp", "plan"))


def test_an_admin_glossary_file_extends_the_bundled_one(tmp_path, monkeypatch):
    extra = tmp_path / "ours.tsv"
    extra.write_text("# Oakford terms\nOCP\tOakford community partnership\n", "utf-8")
    monkeypatch.setenv("MEMBER_BOT_GLOSSARY", str(extra))
    glossary = load_glossary()
    assert glossary.alternatives(("ocp",)) == [("oakford", "community", "partnership")]
    assert ("children", "in", "care") in glossary.alternatives(("lac",))  # bundled still there


def test_a_malformed_glossary_line_names_file_and_line():
    with pytest.raises(GlossaryError, match=r"ours\.tsv, line 2: expected a term"):
        parse_glossary("A\tB\nlonely\n", origin="ours.tsv")


def test_a_follow_up_borrows_the_earlier_question_at_lower_weight(glossary):
    parsed = parse_question(
        "and what about adoption?", glossary, context="how many children are in care?"
    )
    own = [c.typed for c in parsed.concepts if not c.optional]
    borrowed = [c for c in parsed.concepts if c.from_context]
    assert own == [("adoption",)]
    assert {c.typed for c in borrowed} >= {("children",), ("care",)}
    assert all(c.weight < 1 for c in borrowed)
    # "how many" carries over: the follow-up still wants a figure
    assert any(c.hint and (FIGURE,) in c.alternatives for c in parsed.concepts)


def test_a_self_contained_question_ignores_the_thread(glossary):
    parsed = parse_question(
        "How many social worker vacancies in 2010?", glossary, context="children in care"
    )
    assert not any(c.from_context for c in parsed.concepts)


NASTY = [
    '"unbalanced quote',
    "(((brackets",
    "NEAR(a b, 3) AND OR NOT",
    "* - + ^ : {col}",
    "column:value text:foo heading:bar",
    "🙂🚸 kids in care 🙂",
    "a" * 10_000,
    "\x00\x01 null bytes",
    "'; DROP TABLE passages; --",
]


@pytest.mark.parametrize("text", NASTY)
def test_match_expressions_are_always_valid_fts5(glossary, text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('kids in care and brackets')")
    parsed = parse_question(text, glossary)
    concepts = [c for c in parsed.concepts if not c.hint]
    if concepts:
        for expression in (and_expression(concepts), or_expression(concepts)):
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_sound_key_prefers_the_word_that_sounds_the_same() -> None:
    """'presept' is one letter from both 'present' and 'precept'; it sounds like 'precept'."""
    from member_bot.terms import sound_key

    assert sound_key("presept") == sound_key("precept")
    assert sound_key("presept") != sound_key("present")
    assert sound_key("aprove") == sound_key("approve")
    assert sound_key("seashels") == sound_key("seashells")


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("what is the salary of a social worker in Kent?", "money"),
        ("the new clerk's salary", "money"),
        ("Oracle's total cost", "money"),
        ("when will the extra care scheme open", "date"),
        ("what was the deadline to join", "date"),
        ("how long do UASC stay in the reception centres", "duration"),
        ("EHE - how quickly do officers get in touch", "duration"),
        ("KYCC election turnout?", "turnout"),
        ("vacancy rate for social workers?", "rate"),
        # a modifier, a past 'when' or a conjunction asks for no particular kind of fact
        ("did anyone declare an interest on the pay policy statement", ""),
        ("any cost pressures in SEND transport", ""),
        ("when did we first put in an EOI", ""),
        ("what did council decide when the decision was referred to it", ""),
    ],
)
def test_the_asked_for_kind_of_fact_comes_from_the_question_form(glossary, question, wants):
    assert parse_question(question, glossary).wants == wants


def test_an_acronym_or_council_term_is_the_subject_a_framing_synonym_is_not(glossary):
    subjects = {
        c.typed: c.is_subject
        for c in parse_question(
            "are home-schooled kids and EHE lorries in the Q3 QPR", glossary
        ).concepts
        if c.term
    }
    assert subjects[("home", "schooled")] and subjects[("ehe",)] and subjects[("qpr",)]
    assert not subjects[("kids",)] and not subjects[("lorries",)]
    assert ("quarter", "3") in parse_question("Q3 KPIs", glossary).concepts[0].alternatives


def test_the_counted_noun_is_the_head_of_what_follows_how_many() -> None:
    """'How many fly-tipping prosecutions were there' counts prosecutions, not fly-tipping."""
    from member_bot.glossary import words_of
    from member_bot.query import asked_noun

    assert asked_noun(tuple(words_of("how many fly-tipping prosecutions were there"))) == (
        "prosecutions"
    )
    assert asked_noun(tuple(words_of("what's the salary for the new clerk"))) == "salary"
    assert asked_noun(tuple(words_of("care leavers in kent - how many?"))) == ""
