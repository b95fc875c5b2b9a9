"""Acronyms the papers define and bodies' initials, learnt from the index (pure + real SQLite)."""

from __future__ import annotations

from indexer import store
from indexer.acronyms import (
    defined_in,
    definitions,
    looks_like_acronym,
    name_initials,
    paper_vocabulary,
)
from member_bot.glossary import load_glossary
from member_bot.query import parse_question
from member_bot.search import answer_question, search
from tests.papers import text_paper


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
    assert name_initials("Joint Policing Committee") == [
        ("jpc", ("joint", "policing", "committee"))
    ]
    assert ("lccc", ("limerick", "city", "and", "county", "council")) in name_initials(
        "Limerick City and County Council"
    )
    assert name_initials("Cabinet") == []
    assert (
        looks_like_acronym("twbc")
        and not looks_like_acronym("a")
        and not looks_like_acronym("s106x")
    )


def test_a_passage_yields_every_acronym_it_defines_and_nothing_it_does_not():
    text = (
        "Tunbridge Wells Borough Council (TWBC) and the Department for Transport (DfT) "
        "agreed the LTP (Local Transport Plan). Looked after children (LACs) were counted. "
        "See (Appendix) and the report (NB)."
    )
    assert definitions(text) == [
        ("twbc", ("tunbridge", "wells", "borough", "council")),
        ("dft", ("department", "for", "transport")),
        ("lac", ("looked", "after", "children")),
        ("ltp", ("local", "transport", "plan")),
    ]
    rows = paper_vocabulary("Joint Policing Committee", [text, "the LTP (Local Transport Plan)"])
    assert ("ltp", "local transport plan", "defined") in rows
    assert ("jpc", "joint policing committee", "name") in rows
    assert len(rows) == len(set(rows)) == 5


def test_acronyms_are_learnt_when_a_paper_is_indexed_and_go_with_it(tmp_path):
    conn = store.connect(tmp_path / "index.db")
    store.replace_document(
        conn,
        text_paper(
            "a.txt",
            ["The Sevenoaks Valley Drainage Board (SVDB) met."],
            committee="Joint Policing Committee",
        ),
    )

    def learnt() -> set:
        return {tuple(r) for r in conn.execute("SELECT acronym, expansion FROM acronyms")}

    assert learnt() == {
        ("svdb", "sevenoaks valley drainage board"),
        ("jpc", "joint policing committee"),
    }
    store.replace_document(conn, text_paper("a.txt", ["Nothing defined here any more."]))
    assert learnt() == set()
    store.replace_document(conn, text_paper("b.txt", ["Local Transport Plan (LTP) agreed."]))
    store.remove_documents(conn, ["b.txt"])
    assert learnt() == set()


def test_an_index_built_before_acronyms_were_learnt_gets_them_on_opening(tmp_path):
    path = tmp_path / "old.db"
    conn = store.connect(path)
    store.replace_document(
        conn, text_paper("a.txt", ["The Local Transport Plan (LTP) was agreed."])
    )
    conn.execute("DROP TABLE acronyms")
    conn.execute("DELETE FROM _migrations WHERE name = 'm005_acronyms'")
    conn.close()
    reopened = store.connect(path)
    assert [tuple(r) for r in reopened.execute("SELECT acronym, expansion FROM acronyms")] == [
        ("ltp", "local transport plan")
    ]


def test_an_exempt_papers_acronyms_are_never_used(tmp_path):
    conn = store.connect(tmp_path / "index.db")
    store.replace_document(
        conn,
        text_paper(
            "part2.txt", ["Project Quiet Harbour (PQH) valuation."], classification="exempt"
        ),
    )
    store.replace_document(conn, text_paper("public.txt", ["The harbour wall was repaired."]))
    result = search(conn, "PQH?")
    [pqh] = [rc for rc in result.concepts if rc.concept.typed == ("pqh",)]
    assert ("project", "quiet", "harbour") not in pqh.concept.alternatives
    assert not any("quiet" in note.lower() for note in result.notices)


def test_a_member_typing_a_councils_own_acronym_finds_the_paper_that_spells_it_out(tmp_path):
    conn = store.connect(tmp_path / "index.db")
    texts = [
        "The council responded to the Sevenoaks Valley Drainage Board (SVDB) consultation.",
        "The Sevenoaks Valley Drainage Board will meet the £40,000 cost of clearing the culvert.",
        "Highways officers reported on resurfacing works in the town centre.",
    ]
    store.replace_document(conn, text_paper("drainage.txt", texts, title="Flooding update"))
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
