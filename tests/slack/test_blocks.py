"""Block Kit from answers: citations, labels and Slack's limits (pure functions)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.model import DocumentMeta
from member_bot.answer_model import Answer, QuotedPassage
from member_bot.citation import format_citation
from member_bot.followups import Followup, OfferedPassage
from member_bot.slack import blocks


def passage(quote="Kent has just over 1,600 children in care.", **doc) -> QuotedPassage:
    meta = dict(
        title="Children's Services Improvement Plan",
        type="minutes",
        committee="Cabinet",
        date="2011-01-19",
        classification="unrestricted",
        source="/papers/minutes.txt",
        url="https://democracy.kent.gov.uk/minutes?id=1",
    )
    meta.update(doc)
    return QuotedPassage(
        passage_id=1,
        quote=quote,
        text=quote,
        para="2(g)",
        heading=None,
        page=3,
        score=1.0,
        document=DocumentMeta(**meta),
    )


def all_text(blocks_: list[dict]) -> str:
    out = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks_)
    return "\n".join(out)


def test_citation_has_title_committee_date_para_page_and_link():
    text = blocks.citation_mrkdwn(passage())
    assert text.startswith("*Children's Services Improvement Plan*")
    for part in (
        "Cabinet",
        "19 January 2011",
        "para 2(g)",
        "page 3",
        "<https://democracy.kent.gov.uk/minutes?id=1|Open the paper>",
    ):
        assert part in text
    assert "Open the paper" not in blocks.citation_mrkdwn(passage(url=None))


def test_answered_shows_quotes_and_three_buttons():
    answer = Answer("q", True, False, [passage(), passage("Second.")])
    built = blocks.answer_blocks(answer, ref="7")
    assert "&gt;" not in all_text(built) and ">Kent has just over 1,600" in all_text(built)
    buttons = built[-1]["elements"]
    assert [b["action_id"] for b in buttons] == [
        "ask_officer",
        "feedback_helpful",
        "feedback_not_helpful",
    ]
    assert {b["value"] for b in buttons} == {"7"}


def test_not_answered_labels_passages_possibly_related():
    built = blocks.answer_blocks(Answer("q", False, True, [passage()]), ref="1", share=True)
    text = all_text(built)
    assert "couldn't find that in the papers" in text
    assert "*Possibly related* (these passages do not answer the question)" in text
    assert [b["text"]["text"] for b in built[-1]["elements"]] == [
        "Ask an officer",
        "Share in channel",
    ]


def test_exempt_is_marked_and_never_shareable():
    built = blocks.answer_blocks(
        Answer("q", True, False, [passage(classification="exempt")]), ref="1", share=True
    )
    assert "EXEMPT — not for publication" in all_text(built)
    assert "share_answer" not in [b["action_id"] for b in built[-1]["elements"]]


def test_markup_in_papers_is_escaped():
    built = blocks.answer_blocks(Answer("q", True, False, [passage("A <b> & C > D")]), ref="1")
    assert "A &lt;b&gt; &amp; C &gt; D" in all_text(built)


@settings(max_examples=60, deadline=None)
@given(
    quotes=st.lists(st.text(min_size=0, max_size=5000), min_size=0, max_size=5),
    answered=st.booleans(),
    question=st.text(max_size=4000),
)
def test_any_answer_fits_slacks_limits(quotes, answered, question):
    answer = Answer(question, answered, not answered, [passage(q) for q in quotes])
    built = blocks.answer_blocks(answer, ref="123", share=True)
    assert len(built) <= blocks.BLOCK_LIMIT
    for block in built:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= blocks.SECTION_LIMIT
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= blocks.VALUE_LIMIT
            assert (
                len(element.get("text", "")) <= blocks.SECTION_LIMIT
                if isinstance(element.get("text"), str)
                else True
            )
    followup = Followup(
        id=1,
        question=question or "?",
        member_id="U1",
        channel_id="C1",
        thread_ts="1.1",
        offered=[OfferedPassage(1, q, "cite", "Jane Smith") for q in quotes],
        status="open",
        created_at="2025-03-03T10:00:00+00:00",
        due_date="2025-03-17",
    )
    for built in (
        blocks.followup_blocks(followup, date(2025, 3, 4)),
        blocks.answer_modal(followup)["blocks"],
    ):
        for block in built:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= blocks.SECTION_LIMIT


def open_followups(count: int) -> list[Followup]:
    """`count` open follow-ups numbered from 0, due 15 January 2025."""
    return [
        Followup(
            id=i,
            question=f"Question {i}",
            member_id="U1",
            channel_id=None,
            thread_ts=None,
            offered=[],
            status="open",
            created_at="2025-01-01T00:00:00+00:00",
            due_date="2025-01-15",
        )
        for i in range(count)
    ]


def test_long_queue_stays_within_50_blocks():
    many = open_followups(200)
    listed = blocks.followup_list_blocks(many, date(2025, 3, 1), title="All")
    assert len(listed) <= 50 and "…and 152 more" in all_text(listed)
    home = blocks.home_view(
        questions=[],
        followups=many,
        officer_queue={"Overdue": many, "Open": many, "Claimed": []},
        today=date(2025, 3, 1),
    )
    assert len(home["blocks"]) <= 50


def test_officers_message_names_the_contact_officer_and_what_the_bot_found():
    followup = Followup(
        id=4,
        question="When will the pool reopen?",
        member_id="U1",
        channel_id="C1",
        thread_ts="1.1",
        status="claimed",
        claimed_by="U9",
        offered=[
            OfferedPassage(
                1,
                "The pool closed in May.",
                "Leisure report, para 3",
                "Jane Smith, Head of Leisure",
            )
        ],
        created_at="2025-03-03T10:00:00+00:00",
        due_date="2025-03-17",
    )
    text = all_text(blocks.followup_blocks(followup, date(2025, 3, 18)))
    assert "Contact officer named in the paper: Jane Smith, Head of Leisure" in text
    assert "“The pool closed in May.” — _Leisure report, para 3_" in text
    assert "*Claimed* by <@U9>" in text and "*OVERDUE*" in text


# --- the review's findings --------------------------------------------------------------


def test_a_title_that_names_its_committee_and_date_is_not_repeated():
    minutes = passage(
        title="County Council minutes, 13 February 2025",
        committee="County Council",
        date="2025-02-13",
    )
    assert format_citation(minutes) == (
        "County Council minutes, 13 February 2025, para 2(g), page 3"
    )
    other = passage(title="Budget report", committee="Cabinet", date="2025-01-30")
    assert format_citation(other) == "Budget report, Cabinet, 30 January 2025, para 2(g), page 3"
    ordinal = passage(title="Cabinet - 30th Jan 2025", committee="Cabinet", date="2025-01-30")
    assert format_citation(ordinal) == "Cabinet - 30th Jan 2025, para 2(g), page 3"


def test_officer_answers_and_exempt_papers_are_labelled_in_the_citation():
    answer = passage(
        title="Officer answer to a member, 3 March 2025",
        type="officer_answer",
        committee=None,
        date="2025-03-03",
        url=None,
    )
    assert format_citation(answer) == (
        "Officer answer to a member, 3 March 2025, para 2(g), page 3, "
        "an officer's answer, not a committee paper"
    )
    assert format_citation(passage(classification="exempt")).endswith(
        "EXEMPT — not for publication"
    )


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(alphabet="<>&|*ab ", min_size=1, max_size=4000),
    url_len=st.integers(min_value=10, max_value=900),  # longer links are left out whole
)
def test_the_citation_fits_a_context_element_and_its_link_is_whole(title, url_len):
    url = "https://democracy.kent.gov.uk/" + "x" * url_len
    text = blocks.citation_mrkdwn(passage(title=title, url=url))
    assert len(text) <= 2000  # Slack's limit for a context element's text
    assert text.endswith(f"<{url}|Open the paper>")
    body = text[: -len(f" · <{url}|Open the paper>")]
    assert "<" not in body and ">" not in body  # everything else escaped
    assert not body.rstrip("…*").endswith(("&", "&l", "&lt", "&g", "&gt", "&a", "&am", "&amp"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="<>&ab\n", min_size=1, max_size=6000))
def test_a_cut_never_splits_an_escape(quote):
    for built in blocks.answer_blocks(Answer("q?", True, False, [passage(quote)]), ref="1"):
        for text in all_text([built]).split("\n"):
            assert len(text) <= 3000
            stripped = text.rstrip("…")
            assert not stripped.endswith(("&l", "&lt", "&g", "&gt", "&a", "&am", "&amp"))


def test_fitting_blocks_drops_passages_not_the_buttons():
    body = [{"type": "section", "text": {"type": "mrkdwn", "text": str(i)}} for i in range(60)]
    buttons = [{"type": "actions", "elements": []}]
    intro = [{"type": "section", "text": {"type": "mrkdwn", "text": "intro"}}]
    fitted = blocks.fit_blocks(intro, body, buttons)
    assert len(fitted) == 50 and fitted[0] == intro[0] and fitted[-1] == buttons[0]
    assert blocks.split_buttons([*body[:2], *buttons]) == (body[:2], buttons)


def test_text_only_answer_keeps_quotes_and_citations():
    answer = Answer("q?", True, False, [passage("Kent has just over 1,600 children in care." * 50)])
    text = blocks.text_only_answer(answer)
    assert len(text) <= 3900
    assert "just over 1,600" in text and "para 2(g)" in text and text.startswith("Here is")


def test_app_home_keeps_and_n_more_for_each_long_list():
    many = open_followups(40)
    view = blocks.home_view(
        questions=[],
        followups=[],
        officer_queue={"Overdue": many, "Open": many, "Claimed": many[:2]},
        today=date(2025, 3, 1),
    )
    text = all_text(view["blocks"])
    assert len(view["blocks"]) <= 50
    assert text.count("more: `member-bot followups list`") == 2  # Overdue and Open, not Claimed
    assert "Claimed (2)" in text and "*#1* “Question 1”" in text


def test_an_exempt_follow_ups_answer_is_not_shown_in_the_officers_channel():
    followup = Followup(
        id=7,
        question="What did the Part 2 report say about the depot sale?",
        member_id="U1",
        channel_id="D1",
        thread_ts=None,
        offered=[],
        status="answered",
        created_at="2025-03-03T10:00:00+00:00",
        due_date="2025-03-17",
        answered_by="U9",
        answer="The depot is to be sold to Acme Ltd for £4.2m.",
        exempt=True,
    )
    shown = all_text(blocks.followup_blocks(followup, date(2025, 3, 4)))
    assert "Acme" not in shown and "4.2m" not in shown
    assert "sent to the member by DM only" in shown
    followup.exempt = False
    assert "Acme Ltd" in all_text(blocks.followup_blocks(followup, date(2025, 3, 4)))


def test_a_citation_says_when_the_paper_does_not_state_its_meeting():
    assert format_citation(passage(title="Progress update", committee=None, date=None)) == (
        "Progress update, committee and meeting date not stated in the paper, para 2(g), page 3"
    )
    no_date = passage(title="Budget report", committee="Cabinet", date=None)
    assert format_citation(no_date) == (
        "Budget report, Cabinet, meeting date not stated in the paper, para 2(g), page 3"
    )


def test_the_engines_notices_reach_the_member_within_slacks_limits():
    notices = ["I only quote the council's papers: I can't write or make up text.", "x" * 9000]
    answer = Answer("write me a poem", False, True, [], notices=notices)
    built = blocks.answer_blocks(answer, ref="1")
    assert "can't write or make up text" in all_text(built)
    assert all(len(t) <= 2000 for t in all_text_list(built))
    assert "can't write" in blocks.text_only_answer(answer)


def all_text_list(blocks_: list[dict]) -> list[str]:
    return [t for b in blocks_ for e in b.get("elements", []) for t in [e.get("text", "")]]


def test_a_medium_answer_offers_the_passages_as_uncertain_with_an_officer_first():
    """The scorer's middle tier: quoted and cited, but never presented as the answer."""
    unsure = Answer("kids in care?", False, True, [passage()], tier="medium")
    built = blocks.answer_blocks(unsure, ref="q1")
    text = all_text(built)
    assert "may answer it — I'm not certain" in text
    assert "The papers say" not in text and "couldn't find" not in text
    assert "just over 1,600" in text and "para 2(g)" in text
    [actions] = [b for b in built if b["type"] == "actions"]
    assert actions["elements"][0]["text"]["text"] == "Ask an officer"
    assert actions["elements"][0]["style"] == "primary"
    assert "not certain" in blocks.text_only_answer(unsure)
    assert "not certain" in blocks.answer_text(unsure)
    declined = Answer("kids in care?", False, True, [passage()], tier="low")
    assert "couldn't find" in all_text(blocks.answer_blocks(declined, ref="q2"))


def test_a_passage_repeated_in_other_papers_cites_each_beside_it_within_limits():
    """A report's recommendation repeated in the minutes is shown once, cited in both;
    past ALSO_IN_SHOWN papers the rest are counted, and the context block stays valid."""
    shown = passage()
    shown.also_in = [
        passage(title=f"Cabinet minutes {n}", url=f"https://example.gov.uk/m{n}") for n in range(7)
    ]
    built = blocks.answer_blocks(Answer("q", True, False, [shown], tier="high"), ref="r1")
    context = next(b for b in built if b["type"] == "context")
    texts = [e["text"] for e in context["elements"]]
    assert texts[0].startswith("*Children's Services Improvement Plan*")
    assert texts[1].startswith("Also in *Cabinet minutes 0*")
    assert len(texts) == blocks.ALSO_IN_SHOWN + 1 <= 10
    assert texts[-1] == "…and in 4 more papers"
    assert all(len(t) <= blocks.CONTEXT_LIMIT for t in texts)
