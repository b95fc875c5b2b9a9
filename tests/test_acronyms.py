"""Acronyms the papers define and bodies' initials, learnt from the index (pure + real SQLite)."""

from __future__ import annotations

from indexer import store
from indexer.model import DocumentMeta, IndexedPaper, Passage
from member_bot.acronyms import defined_in, looks_like_acronym, named_as
from member_bot.glossary import load_glossary
from member_bot.query import parse_question
from member_bot.search import answer_question, search


def test_an_expansion_is_read_before_or_inside_the_brackets():
    text = "Officers met Tunbridge Wells Borough Council (TWBC) about the Local Plan."
    assert defined_in(text, "TWBC") == [("tunbridge", "wells", "borough", "council")]
    assert defined_in("the Local Transport Plan (LTP) for 2025", "LTP") == [
        ("local", "transport", "plan")
    ]
    assert defined_in("LTP (Local Transport Plan) was agreed", "ltp") == [
        ("local", "transport", "plan")
    ]
    # small words may sit between the initials; brackets that define nothing count for nothing
    assert defined_in("the Department for Transport (DfT) said", "DfT") == [
        ("department", "for", "transport")
    ]
    assert defined_in("a report (TWBC) with no name before it", "TWBC") == []


def test_bodies_are_known_by_their_initials():
    names = ["Joint Policing Committee", "Cabinet", "Limerick City and County Council"]
    assert named_as("JPC", names) == [("joint", "policing", "committee")]
    assert named_as("lccc", names) == [("limerick", "city", "and", "county", "council")]
    assert (
        looks_like_acronym("twbc")
        and not looks_like_acronym("a")
        and not looks_like_acronym("s106x")
    )


def test_a_member_typing_a_councils_own_acronym_finds_the_paper_that_spells_it_out(tmp_path):
    conn = store.connect(tmp_path / "index.db")
    texts = [
        "The council responded to the Sevenoaks Valley Drainage Board (SVDB) consultation.",
        "The Sevenoaks Valley Drainage Board will meet the £40,000 cost of clearing the culvert.",
        "Highways officers reported on resurfacing works in the town centre.",
    ]
    store.replace_document(
        conn,
        IndexedPaper(
            meta=DocumentMeta(source="drainage.txt", title="Flooding update", type="report"),
            passages=[Passage(text=t, para=str(i + 1)) for i, t in enumerate(texts)],
            content_hash="drainage",
        ),
    )
    result = search(conn, "SVDB cost?")
    [svdb] = [rc for rc in result.concepts if rc.concept.typed == ("svdb",)]
    assert ("sevenoaks", "valley", "drainage", "board") in svdb.concept.alternatives
    assert "£40,000" in answer_question(conn, "SVDB cost?").passages[0].text


def test_a_period_is_read_alike_however_it_is_written():
    glossary = load_glossary()

    def wordings(question: str) -> list[set]:
        return [set(c.alternatives) for c in parse_question(question, glossary).concepts]

    for written in ("budget 2018/2019", "budget 2018-19", "budget 18/19", "budget FY 2018/19"):
        found = wordings(written)
        assert any(("2018",) in w for w in found), written
        assert any({("19",), ("2019",)} <= w for w in found), written
