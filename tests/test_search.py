"""The answer engine on real SQLite indexes of the bundled corpus and of papers made here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer import store
from indexer.model import DocumentMeta, IndexedPaper, Passage
from indexer.run import index_paths
from member_bot import search as search_module
from member_bot.quote import quote_pieces
from member_bot.search import answer_question, search

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def conn(tmp_path):
    connection = store.connect(tmp_path / "index.db")
    summary = index_paths(connection, [REPO / "corpus"])
    assert not summary.failed
    return connection


def found(answer) -> bool:
    """Offered as the answer or as passages that may answer it, not declined as 'low'."""
    return answer.tier in ("high", "medium") and bool(answer.passages)


def add_paper(conn, source: str, texts: list[str], **meta) -> None:
    fields = {"title": "A paper", "type": "report", "committee": "Cabinet", "date": "2025-01-30"}
    fields.update(meta)
    store.replace_document(
        conn,
        IndexedPaper(
            meta=DocumentMeta(source=source, **fields),
            passages=[Passage(text=t, para=str(i + 1)) for i, t in enumerate(texts)],
            content_hash=source,
        ),
    )


def test_the_newcomers_question_is_answered_from_minute_2g(conn):
    answer = answer_question(conn, "How many children are in care in Kent?")
    assert found(answer)
    assert answer.answered is (answer.tier == "high")
    assert answer.followup_suggested is not answer.answered
    best = answer.passages[0]
    assert "just over 1,600" in best.quote
    assert best.para == "2(g)"
    assert best.document.source.endswith("kcc-childrens-services-improvement-plan-minutes.txt")
    assert len(answer.passages) <= 3


def test_informal_acronym_and_misspelt_questions_find_the_seed_passages(conn):
    cases = {
        "kids in care in kent - how many?": "just over 1,600",
        "who makes most of the saftguarding referrals": "The main referring agency is the police",
        "LAC - what are we calling them now": "will no longer be used",
        "what did McNeil say about adoption": "speed up the adoption process",
    }
    for question, words in cases.items():
        answer = answer_question(conn, question)
        assert any(words in p.text for p in answer.passages), question


def test_every_quote_is_verbatim_from_its_passage(conn):
    for question in ("social worker vacancies", "adoption court order", "children in care"):
        for passage in answer_question(conn, question).passages:
            assert len(passage.quote) <= 600
            assert all(piece in passage.text for piece in quote_pieces(passage.quote))


def test_an_off_topic_question_is_declined_with_a_followup(conn):
    answer = answer_question(conn, "who won the champions league last season")
    assert not answer.answered
    assert answer.followup_suggested


def test_a_near_miss_about_another_place_is_declined(conn):
    answer = answer_question(conn, "How many children are in care in Essex?")
    assert not answer.answered
    assert answer.followup_suggested
    # the nearest passages may still be offered, as "possibly related"
    assert all(p.document.source for p in answer.passages)


def test_nothing_to_search_for_is_declined_without_error(conn):
    for question in ("", "   ", "?!", "🙂", "the of and"):
        answer = answer_question(conn, question)
        assert not answer.answered and answer.followup_suggested and answer.passages == []


def test_exempt_passages_are_never_returned_unless_asked_for(conn):
    add_paper(
        conn,
        "exempt-land-sale.txt",
        ["The Oakfield depot site will be sold to Brackenridge Holdings for £2.4m."],
        classification="exempt",
    )
    public = answer_question(conn, "Oakfield depot sold to Brackenridge")
    assert all(p.document.classification != "exempt" for p in public.passages)
    assert not public.answered
    exempt = answer_question(conn, "Oakfield depot sold to Brackenridge", include_exempt=True)
    assert found(exempt)
    assert exempt.passages[0].document.source == "exempt-land-sale.txt"


def test_typed_filters_restrict_the_papers(conn):
    add_paper(conn, "cab.txt", ["Highway maintenance budget of £50m agreed."], committee="Cabinet")
    add_paper(
        conn,
        "council.txt",
        ["Highway maintenance budget of £50m noted by Council."],
        committee="County Council",
        type="minutes",
        date="2025-03-13",
        author="Oakford",
    )
    sources = lambda q: [p.document.source for p in answer_question(conn, q).passages]  # noqa: E731
    assert sources("highway maintenance budget committee:cabinet") == ["cab.txt"]
    assert sources("highway maintenance budget type:minutes") == ["council.txt"]
    assert sources("highway maintenance budget after:2025-02-01") == ["council.txt"]
    assert sources("highway maintenance budget before:2025-02-01") == ["cab.txt"]
    assert sources("highway maintenance budget from:oakford") == ["council.txt"]


def test_papers_repeating_each_other_are_shown_once(conn):
    words = "RESOLVED that the Cabinet agree to transfer the Lantern Service to adult social care."
    add_paper(conn, "report.txt", [words], title="Lantern Service transfer report")
    add_paper(conn, "decision.txt", [words], title="Record of Decision", type="decision")
    answer = answer_question(conn, "did cabinet agree to transfer the lantern service")
    texts = [p.text for p in answer.passages]
    assert texts.count(words) == 1


def test_the_newer_paper_wins_a_tie(conn):
    words = "The Wexcombe bridge repair will cost £1.1m."
    add_paper(conn, "old.txt", [words], date="2023-05-01")
    add_paper(conn, "new.txt", [words + " "], date="2025-05-01")
    answer = answer_question(conn, "Wexcombe bridge repair cost")
    assert answer.passages[0].document.source == "new.txt"


def test_an_officer_answer_is_found_and_cited_as_one(conn):
    store.replace_document(
        conn,
        IndexedPaper(
            meta=DocumentMeta(
                title="Officer answer to a member, 3 March 2025",
                type="officer_answer",
                date="2025-03-03",
                source="followup:7",
            ),
            passages=[
                Passage(
                    text="There are 14 gritting lorries based at the Aylesham depot.",
                    heading="how many gritters does the Aylesham depot have",
                    kind="officer_answer",
                )
            ],
            content_hash="f7",
        ),
    )
    answer = answer_question(conn, "how many gritting lorries are at Aylesham?")
    assert found(answer)
    assert answer.passages[0].document.type == "officer_answer"
    assert answer.passages[0].quote == "There are 14 gritting lorries based at the Aylesham depot."


def test_a_thread_follow_up_uses_the_earlier_question(conn):
    answer = answer_question(
        conn, "and what about adoption?", context="How many children are in care in Kent?"
    )
    assert answer.passages
    assert "adoption" in answer.passages[0].text.lower()


def test_the_fast_plan_runs_ands_of_the_rarest_words_first(conn):
    result = search(conn, "social worker vacancies recruitment")
    assert result.stages[0].count(" AND ") == 3
    assert result.stages[0].lstrip("(").startswith('"vacancies"')  # rarest first


def test_the_commonest_words_are_dropped_first_when_the_ands_relax(conn):
    """On a big index the stages tried first fill the budget: they should be the ones
    that keep the member's rarest words, not the ones that leave them out."""
    stages = search(conn, "how many social worker vacancies were filled by agency staff").stages
    first = stages[0].split(" AND ")
    assert len(first) >= 4
    assert stages[1].split(" AND ") == first[:-1]  # the commonest left out
    assert stages[2].split(" AND ") == first[:-2]  # then the two commonest


def test_past_the_budget_a_stage_of_rare_words_is_still_read(conn, monkeypatch):
    """The budget went on ranking "Wexcombe ferry" reports; the one passage sharing the
    rare "Wexcombe" and "timetable" costs almost nothing to find, and is the answer."""
    for n in range(20):
        add_paper(conn, f"ferry-{n}.txt", [f"Wexcombe ferry report {n}."])
    for n in range(6):  # "timetable" the commonest of the three, "Wexcombe" the rarest
        add_paper(conn, f"note-{n}.txt", [f"Ferry note {n}."] + [f"Timetable note {n}."] * 6)
    add_paper(conn, "answer.txt", ["The Wexcombe timetable changes in May."])
    monkeypatch.setattr(search_module, "WHOLE_STAGE", 10)  # the 20 reports must be ranked
    monkeypatch.setattr(search_module, "RANK_BUDGET", 1)
    monkeypatch.setattr(search_module, "ENOUGH", 1)
    sources = {c.document.source for c in search(conn, "Wexcombe ferry timetable").ranked}
    assert "answer.txt" in sources and "ferry-0.txt" in sources
    monkeypatch.setattr(search_module, "CHEAP_PROBE", 0)  # no stage is cheap: none is read
    sources = {c.document.source for c in search(conn, "Wexcombe ferry timetable").ranked}
    assert "answer.txt" not in sources


def test_a_stage_too_broad_to_rank_is_passed_over_for_narrower_ones(conn, monkeypatch):
    """At a million passages a single common word matches tens of thousands: ranking them
    all costs more than a member should wait, and a narrower stage has the answer."""
    for n in range(12):
        add_paper(conn, f"road-{n}.txt", [f"Highways report {n} on road resurfacing."])
    add_paper(conn, "grit.txt", ["Highways gritting at Aylesham depot runs from November."])
    monkeypatch.setattr(search_module, "RANK_AT_MOST", 8)
    result = search(conn, "highways gritting Aylesham")
    assert '"highways"' in result.stages  # tried, and found too broad to rank
    assert [c.document.source for c in result.ranked] == ["grit.txt"]
    broad = search(conn, "highways")  # nothing narrower to go on: the broad stage is ranked
    assert len(broad.ranked) >= 12
    monkeypatch.setattr(search_module, "RANK_AT_MOST", 8_000)
    assert len(search(conn, "highways gritting Aylesham").ranked) > 1


def test_a_stage_is_too_broad_only_by_what_the_members_filters_allow(conn, monkeypatch):
    """'committee:parish' narrows "highways" from every road report to the parish's two."""
    for n in range(12):
        add_paper(conn, f"road-{n}.txt", [f"Highways report {n} on road resurfacing."])
    add_paper(conn, "grit.txt", ["Highways gritting at Aylesham depot runs from November."])
    add_paper(conn, "parish-1.txt", ["Highways verges were cut in May."], committee="Parish")
    add_paper(conn, "parish-2.txt", ["Highways drains need clearing."], committee="Parish")
    monkeypatch.setattr(search_module, "RANK_AT_MOST", 8)
    result = search(conn, "highways gritting verges committee:parish")
    assert {c.document.source for c in result.ranked} == {"parish-1.txt", "parish-2.txt"}


def test_a_ranked_stage_keeps_exempt_papers_and_filtered_out_papers_away(conn):
    """More matches than a stage keeps: bm25 picks the best, then the exempt rule and the
    member's filters apply, reading further when the best are all filtered out."""
    for n in range(search_module.STAGE_LIMIT * search_module.OVERFETCH + 10):
        add_paper(conn, f"cabinet-{n}.txt", [f"Wexcombe ferry subsidy item {n}."])
    add_paper(conn, "secret.txt", ["Wexcombe ferry subsidy."], classification="exempt")
    far_down = "Wexcombe ferry subsidy noted, " + "with thanks to the crews and the staff " * 12
    for n in range(search_module.STAGE_LIMIT + 10):  # more than a stage keeps, all ranked low
        add_paper(conn, f"council-{n}.txt", [f"{far_down}{n}"], committee="County Council")
    public = search(conn, "Wexcombe ferry subsidy")
    assert len(public.ranked) >= search_module.STAGE_LIMIT
    assert "secret.txt" not in {c.document.source for c in public.ranked}
    council = search(conn, "Wexcombe ferry subsidy committee:council")
    sources = {c.document.source for c in council.ranked}
    assert len(sources) >= search_module.STAGE_LIMIT
    assert all(source.startswith("council-") for source in sources)


def test_a_passage_rewritten_in_place_is_scored_on_its_new_words(conn):
    """A re-indexed paper whose passage now says something else (the passage's id may be
    used again) is scored on what it says now, not on anything kept from before."""
    add_paper(conn, "bridge.txt", ["The Wexcombe bridge repair will cost £1.1m."])
    before = answer_question(conn, "Wexcombe bridge repair cost")
    assert found(before) and "£1.1m" in before.passages[0].quote
    add_paper(conn, "bridge.txt", ["The Wexcombe ferry subsidy ends in May."])
    after = search(conn, "Wexcombe ferry subsidy")
    best = after.ranked[0]
    assert best.text == "The Wexcombe ferry subsidy ends in May."
    assert best.coverage == pytest.approx(1.0)  # every word the member typed, in its words


def test_a_glossary_file_from_the_admin_is_used(conn, tmp_path, monkeypatch):
    add_paper(conn, "hub.txt", ["The Wayfinder Hub opened in Margate in May."])
    assert not answer_question(conn, "when did the WFH open").answered
    extra = tmp_path / "glossary.tsv"
    extra.write_text("WFH\tWayfinder Hub\n", "utf-8")
    monkeypatch.setenv("MEMBER_BOT_GLOSSARY", str(extra))
    answer = answer_question(conn, "when did the WFH open")
    assert answer.passages and answer.passages[0].document.source == "hub.txt"


def test_a_near_miss_is_declined_and_only_passing_passages_are_the_answer(conn):
    add_paper(
        conn,
        "births.txt",
        [
            "In 2012 there were 17,300 live births in Kent.",
            "There were 1,250 looked after children placed in Kent by other councils.",
        ],
    )
    adopted = answer_question(conn, "how many children were born in Kent in 2013?")
    assert not adopted.answered and adopted.followup_suggested
    medway = answer_question(conn, "how many children are in care in Medway")
    assert not medway.answered
    kent = answer_question(conn, "How many children are in care in Kent?")
    assert found(kent) and "just over 1,600" in kent.passages[0].text
    # every passage given as the answer covers the question, not only the first
    for passage in kent.passages if kent.tier == "high" else []:
        text = passage.text.lower()
        assert "kent" in text or "kent" in (passage.document.source or "").lower()
        assert any(ch.isdigit() for ch in text)


def test_a_follow_up_must_cover_its_own_new_concept(conn):
    answer = answer_question(
        conn, "what about Medway?", context="How many children are in care in Kent?"
    )
    assert not answer.answered
    assert all("medway" not in p.text.lower() for p in answer.passages) or not answer.answered


@pytest.mark.parametrize("junk", ['NEAR(a b) AND "x', "committee: type: from:", "care?"])
def test_questions_with_nothing_specific_in_them_are_declined(conn, junk):
    assert not answer_question(conn, junk).answered


def test_filters_that_match_nothing_say_so(conn):
    answer = answer_question(conn, "children in care committee:nosuch before:tomorrow")
    assert not answer.answered
    assert any("committee:nosuch" in n for n in answer.notices)
    assert any("before:tomorrow" in n and "before:2025-03-31" in n for n in answer.notices)
    assert "notices" not in answer.as_json()


def test_the_asked_for_fact_must_be_in_the_passage(conn):
    """Every word matched is not enough: a salary needs a sum, 'when' a date, 'how long' a time."""
    add_paper(
        conn,
        "posts.txt",
        [
            "Recruitment to qualified social worker posts in Kent remains difficult.",
            "The Lydd reception centre for unaccompanied children opens once staff are hired.",
        ],
    )
    for question in (
        "what is the salary of a social worker in Kent?",
        "the Kent social worker's salary",
        "when will the Lydd reception centre open",
        "how long do unaccompanied children stay at the Lydd reception centre?",
    ):
        assert not answer_question(conn, question).answered, question
    add_paper(
        conn,
        "pay.txt",
        [
            "A qualified social worker in Kent is paid a salary of £38,000 a year.",
            "Children stay at the Lydd reception centre for two to three days.",
        ],
    )
    salary = answer_question(conn, "what is the salary of a social worker in Kent?")
    assert found(salary) and "£38,000" in salary.passages[0].text
    stay = answer_question(conn, "how long do children stay at the Lydd reception centre?")
    assert found(stay) and "two to three days" in stay.passages[0].text


def test_a_sum_must_be_said_of_the_asked_noun() -> None:
    """'What's the total cost of X' is not answered by £9m drawn from a reserve for X."""
    from member_bot.confidence import MEASURES, figure_of_noun

    money = MEASURES["money"][0]
    reserve = (
        "there was a need to draw down an additional £9 million from the corporate ICT "
        "reserve over the next two years to fund the update of the Oracle Cloud program. "
        "Investing in the system now was crucial to avoid future problems and higher costs."
    )
    assert not figure_of_noun(reserve, money, [("cost",)])
    assert figure_of_noun("The total cost of the programme is £24.6m.", money, [("cost",)])
    assert figure_of_noun("Clerk's pay will be £12,000 a year", money, [("salary",), ("pay",)])


def test_dates_and_lengths_of_time_do_not_count_anything() -> None:
    """A closing date or a '20-week limit' is no answer to 'how many …?'."""
    from member_bot.glossary import words_of
    from member_bot.rerank import is_count

    words = list(words_of("closed on 21 December; 20-week limit in 2023; 2000+ care leavers; 894"))
    counts = [w for i, w in enumerate(words) if w[:1].isdigit() and is_count(words, i)]
    assert counts == ["2000", "894"]


def test_a_count_spelt_out_in_words_answers_how_many(conn):
    add_paper(
        conn,
        "jpc-minutes.pdf",
        [
            "Superintendent Magner stated that there were thirteen deaths this year from fatal"
            " road collisions. She appealed to drivers to slow down.",
            "A Members highlighted a song recorded by a group led by two foster carers.",
        ],
        title="Joint Policing Committee minutes",
    )
    deaths = answer_question(conn, "how many road deaths were there this year")
    assert found(deaths) and "thirteen deaths" in deaths.passages[0].text
    # A spelt-out count of something else is not the asked-for number.
    households = answer_question(conn, "how many foster households are there")
    assert not households.answered


def test_a_typo_one_key_away_finds_the_common_word(conn):
    add_paper(
        conn,
        "qpr.pdf",
        [
            "Of the 38 Key Performance Indicators, 17 achieved target (Green) in Quarter 3.",
            "Councillor Grehan asked about the 12 indicators in Quarter 3.",
        ],
        title="Quarterly Performance Report",
    )
    answer = answer_question(conn, "how many KPIs were grean in quarter 3")
    assert found(answer) and "17 achieved target (Green)" in answer.passages[0].text


def test_numbers_asks_for_a_figure_unless_it_asks_which_way_they_go(conn):
    numbers = answer_question(conn, "LAC numbers?")
    assert "just over 1,600" in numbers.passages[0].text  # on two papers, at any tier
    trend = answer_question(conn, "are CP plan numbers going up or down")
    assert found(trend)
    assert "Child Protection Plan has decreased" in trend.passages[0].text


def test_the_reply_to_a_chamber_question_is_the_answer(conn):
    add_paper(
        conn,
        "questions.pdf",
        [
            "Question by Alan Smith to the Cabinet Member for Highways",
            "At the Full Council meeting in May I asked if KCC would ask the satnav providers to"
            " add alerts for drivers approaching schools. Can the Cabinet Member give an update?",
            "Thank you for requesting an update.",
            "I can confirm that this remains work in progress; the providers have not replied.",
            "Question by Jane Brown to the Cabinet Member for Finance",
        ],
        title="Questions put and answers given",
    )
    answer = answer_question(conn, "satnav providers alerts for schools - any update?")
    assert found(answer)
    assert any(p.text.startswith("I can confirm that this remains") for p in answer.passages)
    assert all(p.text != "Thank you for requesting an update." for p in answer.passages)
    # The question's heading names who asked: the reply answers "what did X get told".
    named = answer_question(conn, "Alan Smith satnav alerts for schools - any update?")
    assert found(named)
    assert any(p.text.startswith("I can confirm that this") for p in named.passages)


def test_a_percentage_is_not_a_count(conn):
    add_paper(
        conn,
        "virtual-school.pdf",
        [
            "Noting that 20% of Kent children in care were placed outside of Kent, 50 per cent"
            " of those were placed in Medway."
        ],
        title="Corporate Parenting Panel minutes",
    )
    answer = answer_question(conn, "how many children in care are placed in Medway")
    assert not answer.answered and answer.followup_suggested


def test_the_happening_asked_about_must_be_in_the_answer(conn):
    add_paper(
        conn,
        "housing.pdf",
        [
            "A proposal for a new extra care housing scheme for older people in Minster-on-Sea"
            " is due to go to the Borough Council's Planning Committee in May 2025."
        ],
        title="Adult Social Care Cabinet Committee report",
    )
    when = "when will the new extra care scheme in Minster-on-Sea open"
    assert not answer_question(conn, when).answered  # a date, but not of the opening
    add_paper(
        conn,
        "housing-update.pdf",
        ["The extra care scheme in Minster-on-Sea will open to its first tenants in October 2026."],
        title="Housing update",
    )
    answer = answer_question(conn, when)
    assert found(answer)
    assert any("will open to its first tenants" in p.text for p in answer.passages)


def test_how_many_needs_the_counted_noun_in_the_passage(conn):
    add_paper(
        conn,
        "minerals.pdf",
        [
            "County Council will be asked to agree that the Kent Minerals and Waste Local Plan be"
            " adopted under Regulation 26 of the 2012 Regulations, with 14 sites allocated."
        ],
        title="Kent Minerals and Waste Local Plan",
    )
    answer = answer_question(conn, "how many children were adopted in Kent in 2012?")
    assert not answer.answered


def test_a_papers_file_name_says_what_kind_of_paper_it_is(conn):
    add_paper(
        conn,
        "cabinet/2025-01-30/24-00096 - EQIA.pdf",
        [
            "No change is required. The evidence suggests that there is no potential for"
            " discrimination and all appropriate measures have been taken to advance equality."
        ],
        title="Commissioning Plan for Education Provision in Kent 2025-29",
    )
    answer = answer_question(conn, "did the EqIA on the commissioning plan find any discrimination")
    assert found(answer) and "no potential for discrimination" in answer.passages[0].text


def test_how_quickly_is_answered_by_a_length_of_time_in_the_papers_words(conn):
    add_paper(
        conn,
        "questions-march.pdf",
        [
            "KCC currently monitors 4,798 pupils who are receiving education outside the school"
            " system. Where KCC's Elective Home Education Team are made aware of a new child,"
            " officers engage with families within 10 school days.",
            "Officers visit each family once a year to check on the child's education.",
        ],
        title="Questions put and answers given",
    )
    question = (
        "EHE - how quickly do officers get in touch with a family after they hear about a new child"
    )
    answer = answer_question(conn, question)
    assert found(answer) and "within 10 school days" in answer.passages[0].text
    assert all("once a year" not in p.text for p in answer.passages)


def test_a_request_to_write_new_text_is_declined_with_a_reason(conn):
    for request in ("write me a poem about children in care in Kent", "Can you draft a speech"):
        answer = answer_question(conn, request)
        assert not answer.answered and answer.followup_suggested
        assert any("can't write" in notice for notice in answer.notices)
    # asking what the papers say about writing is still a question
    assert answer_question(conn, "How many children are in care in Kent?").notices == []


def test_how_many_people_is_answered_by_a_count_of_applicants(conn):
    add_paper(
        conn,
        "limerick-housing.pdf",
        [
            "The total number of qualified applicants on the social housing list for the"
            " Council is 5,843 as at 28th February, 2023.",
            "People on the list can bid for homes each week; older people are helped to bid.",
            "Many people asked about the allotment list and the people who run it.",
        ],
        title="Housing Strategic Policy Committee minutes",
    )
    answer = answer_question(conn, "how many people are on the social housing list?")
    assert found(answer) and "5,843" in answer.passages[0].text


def test_national_acronyms_and_cost_wordings_are_understood(conn):
    add_paper(
        conn,
        "active-travel.pdf",
        [
            "The Department for Transport issued a notification of the allocation of the Active"
            " Travel grant fund: Kent will receive £1.2m for 2025-26.",
            "The Clerk had requested to attend three webinars with SLCC (Society of Local"
            " Council Clerks) at a cost of £120 in total.",
        ],
        title="Cabinet report",
    )
    dft = answer_question(conn, "how much active travel grant did we get from DfT?")
    assert found(dft) and "£1.2m" in dft.passages[0].text
    webinars = answer_question(conn, "how much are the clerk's SLCC webinars costing?")
    assert found(webinars) and "£120" in webinars.passages[0].text


def test_where_the_papers_sit_on_this_machine_changes_no_answer(tmp_path):
    """A paper's folders inside the library an admin indexed name its council, committee
    or year; the folders above that library (a checkout's, a mount point's) name nothing,
    and an answer must not turn on them. CI once differed from a laptop by one question
    because the checkout's own folder names were read as words of the seed papers."""
    questions = [
        "How many children are in care in Kent?",
        "what main work was checked in 2019",
        "which shared services works are planned",
        "Is the safeguarding work shared with the police?",
    ]
    seen = []
    for above in ("a", "check/2019/shared works/main"):
        library = tmp_path / above / "corpus"
        shutil.copytree(REPO / "corpus", library)
        conn = store.connect(tmp_path / above / "index.db")
        assert not index_paths(conn, [library]).failed
        answers = [answer_question(conn, q) for q in questions]
        seen.append([(a.tier, a.confidence, [p.quote for p in a.passages]) for a in answers])
    assert seen[0] == seen[1]
