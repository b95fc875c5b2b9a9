"""Real council papers (../shared/corpus-real): passages and metadata as a member would cite them.

Skipped when the shared corpus is not beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract, is_supported
from indexer.metadata import parse_metadata
from indexer.segment import segment


def load(root: Path, name: str):
    (path,) = [p for p in root.rglob("*") if name in str(p) and p.is_file()]
    return segment(extract(path)), parse_metadata(extract(path), str(path))


def find(passages, para: str, starts: str):
    matches = [p for p in passages if p.para == para and p.text.startswith(starts)]
    assert matches, f"no passage {para} starting {starts!r}"
    return matches[0]


def test_every_real_paper_segments(real_corpus: Path):
    files = [p for p in real_corpus.rglob("*") if p.is_file() and is_supported(p)]
    assert len(files) >= 60
    for path in files:
        if path.name == "SOURCES.md":
            continue
        paper = extract(path)
        passages = segment(paper)
        assert passages, path
        assert parse_metadata(paper, str(path)).type


def test_kent_printed_minutes(real_corpus: Path):
    passages, meta = load(real_corpus, "Printed minutes 30th-Jan-2025 10.00 Cabinet")
    item = find(passages, "87.1(a)", "At the Scrutiny Committee held on 29th January 2025")
    assert item.page == 1 and item.kind == "item"
    assert "At that meeting, Members agreed to refer the decision to full Council." in item.text
    assert item.text.endswith("in recognition of the challenges presented by the Decision.")
    assert item.heading == "87. Cabinet Member Updates"
    assert item.context == "Mr R Gough, Leader of the Council provided an update on the following:"
    fathers = find(passages, "87.2(b)", "The Department for Education had praised")
    assert fathers.page == 3 and "multi-agency father-inclusive practice guide" in fathers.text
    underspend = find(passages, "88.3(c)", "Note the forecast capital underspend of £111.6m.")
    assert underspend.context == "RESOLVED that Cabinet agree to:"
    resolved = find(passages, "92.4", "RESOLVED that Cabinet agree the Commissioning Plan")
    assert resolved.kind == "resolved" and resolved.page == 17
    birmingham = find(passages, "89.3", "Furthermore, comparison was made between Kent County")
    assert birmingham.page == 12
    assert "Council were due to receive £64.00 per head" in birmingham.text  # over page 13
    assert not any(p.text in ("2", "3") or " 13 within the proposed" in p.text for p in passages)
    assert (meta.type, meta.committee, meta.date, meta.classification) == (
        "minutes",
        "Cabinet",
        "2025-01-30",
        "unrestricted",
    )


def test_kent_officer_report(real_corpus: Path):
    passages, meta = load(real_corpus, "24-00096 - Commissioning Plan for Education Provision")
    rolls = find(passages, "2.3", "The number of children on the rolls of Kent schools")
    assert rolls.page == 2 and rolls.heading == "2. The Demographic Context"
    assert "the take-up of state funded school places" in rolls.text
    intro = find(passages, "1.1", "The County Council is the Strategic Commissioner")
    assert intro.heading == "1. Introduction" and intro.page == 1
    assert not any(p.text.startswith(("From:", "To:", "Classification")) for p in passages)
    assert meta.type == "report" and meta.committee == "Cabinet"
    assert meta.date == "2025-01-30" and meta.classification == "unrestricted"
    assert meta.title == "Commissioning Plan for Education Provision in Kent 2025-29"
    assert meta.author.startswith("Rory Love, Cabinet Member for Education and Skills")


def test_kent_report_list_context(real_corpus: Path):
    passages, meta = load(real_corpus, "24-00109 - Transfer the 18-25 section")
    items = [p for p in passages if p.para == "1.1" and p.kind == "item"]
    assert len(items) == 4
    assert all(p.context.startswith("There are at present four path") for p in items)
    recommendation = find(passages, "(a)", "Agree to TRANSFER the statutory functions")
    assert recommendation.context == "Cabinet is asked to:"
    assert meta.type == "report" and meta.date == "2025-01-30"


def test_kent_questions(real_corpus: Path):
    passages, meta = load(real_corpus, "Questions put and answers given - March 2025")
    answer = [p for p in passages if p.text.startswith("KCC currently monitors 4,798 pupils")][0]
    assert answer.heading == "Question 1 – Answer" and answer.page == 1
    over_page = [p for p in passages if p.text.startswith("Once contact has been made, EHE")][0]
    assert over_page.page == 1
    assert over_page.text.endswith("if safeguarding concerns arise during a visit.")
    assert (meta.type, meta.committee, meta.date) == ("questions", "County Council", "2025-03-13")


def test_limerick_markdown_minutes(real_corpus: Path):
    passages, meta = load(
        real_corpus, "Full Meeting of Limerick City and County Council - 26th June"
    )
    minutes = find(passages, "1(b)", "Ordinary Meeting of the Council held on 27th January, 2020.")
    assert minutes.heading == "1. Adoption of Minutes" and minutes.page is None
    assert minutes.context == "Circulated, copies of draft Minutes of the following Meetings:"
    land = find(passages, "3(a)", "Circulated, copy of Statutory Notice dated 23rd January")
    assert land.text.endswith("Vale Avenue, Carew Park, Limerick.")
    decision = find(passages, "3(a)", "Proposed by Councillor Collins (M);")
    assert decision.kind == "resolved"
    assert "130 Vale Avenue, Carew Park, Limerick (Folio LK5048L)" in decision.text
    assert (meta.type, meta.committee, meta.date) == (
        "minutes",
        "Limerick City and County Council",
        "2020-06-26",
    )
    assert meta.url.startswith("https://www.limerick.ie/")


def test_norfolk_parish_minutes(real_corpus: Path):
    passages, meta = load(real_corpus, "2020/09/stoke-ferry-parish-council-meeting-september")
    minutes = find(passages, "154/20", "RESOLVED: That the minutes of the Ordinary meeting")
    assert minutes.kind == "resolved"
    find(passages, "155/20", "To Note Matters Arising")
    assert not any("Page 1 of" in p.text or "Page 2 of" in p.text for p in passages)
    assert (meta.committee, meta.date, meta.type) == (
        "Stoke Ferry Parish Council",
        "2020-09-09",
        "minutes",
    )

    passages, meta = load(real_corpus, "wretton-parish-council-november")
    assert not any("29/12/2019" in p.text for p in passages)
    defib = find(passages, "9.1", "Phone box defibrillator")
    assert defib.heading == "9. Project Updates"
    assert (meta.committee, meta.date) == ("Wretton Parish Council", "2019-11-04")

    passages, meta = load(real_corpus, "west-dereham-pc-minutes-october-19")
    find(passages, "7.1", "War Memorial, St Andrew’s Churchyard")
    assert (meta.committee, meta.date) == ("West Dereham Parish Council", "2019-10-10")


@pytest.mark.parametrize(
    ("name", "kind", "committee", "date"),
    [
        ("CPP Minutes 10.12.24", "minutes", "Corporate Parenting Panel", "2024-12-10"),
        ("Agenda frontsheet 13th-Feb-2025", "agenda", "County Council", "2025-02-13"),
        ("24-00096 - PRoD", "decision", "Cabinet", "2025-01-30"),
        ("Devolution White Paper", "report", "County Council", "2025-01-09"),
        ("19 December 2024 - County Council minutes", "minutes", "County Council", "2024-12-19"),
        (
            "Minutes - Joint Policing Committee Meeting",
            "minutes",
            "Joint Policing Committee",
            "2022-12-16",
        ),
        ("multi_page_pdf", "questions", "Licensing Committee", "2025-06-19"),
        (
            "il_finance_authority",
            "agenda",
            "Illinois Finance Authority Conduit Financing Committee",
            "2020-12-08",  # the meeting, not the notice's date (3 December)
        ),
        ("Notice-and-Agenda-001-2023.06.01-closed", "agenda", "District Council 001", "2023-06-01"),
        (
            "SSA21_MeetingMinutes_1.29.18",
            "minutes",
            "Lincoln Square Special Service Area #21 Commission",
            "2018-01-29",
        ),
    ],
)
def test_real_metadata(real_corpus: Path, name: str, kind: str, committee: str, date: str):
    _, meta = load(real_corpus, name)
    assert (meta.type, meta.committee, meta.date, meta.classification) == (
        kind,
        committee,
        date,
        "unrestricted",
    )


def test_parish_minutes_pasted_on_one_line(real_corpus: Path):
    passages, _ = load(real_corpus, "wretton-parish-council-november")
    apologies = find(passages, "1", "Apologies for Absence accepted from:")
    assert apologies.heading == "1. Apologies for Absence accepted from"
    assert apologies.text.endswith("received from Cllr Ian Mack.")
    grass = find(passages, "4", "It was noted that the grass cutting contractor has quoted £12.50")
    assert (
        grass.kind == "item"
        and grass.heading == "4. Update on matters arising from previous meetings"
    )
    website = find(
        passages, "5.1", "The new Wretton Parish Council website is now fully operational"
    )
    assert website.heading == "5.1 Chairman’s Report"
    clerk = find(passages, "5.2", "Clerk’s Report Correspondence passed to Councillors:")
    assert clerk.heading == "5. Reports"
    police = find(passages, "5.2", "Police Newsletters 17.09.19 and 26.10.19.")
    assert "Central Café Feltwell on 07.11.19 1-4pm" in police.text
    assert find(passages, "6", "Accounts were presented").heading is None

    passages, _ = load(real_corpus, "2020/09/stoke-ferry-parish-council-meeting-september")
    behaviour = find(passages, "151/20", "Aggressive and Abusive Behaviour The Chair read")
    assert behaviour.heading == "151/20 Aggressive and Abusive Behaviour"
    minutes = find(passages, "154/20", "RESOLVED: That the minutes of the Ordinary meeting")
    assert minutes.heading == (
        "154/20 To Approve the Minutes of the Ordinary Meeting held on 12 August 2020"
    )

    passages, _ = load(real_corpus, "stoke-ferry-parish-council-minutes-of-january")
    adjourn = find(passages, "25/20", "To Adjourn the meeting to allow for public comments")
    assert adjourn.heading is None  # an item with nothing under it is kept as text

    passages, _ = load(real_corpus, "northwold-parish-council-minutes-of-october")
    apologies = find(passages, "2", "ACCEPTANCE OF APOLOGIES FOR ABSENCE These were accepted")
    assert apologies.heading == "2. ACCEPTANCE OF APOLOGIES FOR ABSENCE"


def test_parish_minute_numbers_in_a_column(real_corpus: Path):
    passages, _ = load(real_corpus, "northwold-pc-agm-2016")
    assert not any(p.para and p.para.startswith("(") for p in passages)
    assert not any(p.text.startswith(("ii)", "16/05/", "iv)")) for p in passages)
    chairman = [p for p in passages if p.text.startswith("Election of Chairman:")][0]
    assert chairman.para is None and chairman.heading == "Election of Chairman"
    accounts = find(passages, "16/05/8.2", "Resolved 16/05/8.2 Section 2 Accounting Statements")
    assert accounts.heading.startswith("To Receive the Final Accounts for the Financial Year")
    find(passages, "16/05/9.1", "Adoption of the Annual Governance Statement for 2015-2016:")


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Printed minutes 30th-Jan-2025 10.00 Cabinet", "Cabinet minutes, 30 January 2025"),
        ("Agenda frontsheet 13th-Feb-2025", "County Council agenda, 13 February 2025"),
        ("wretton-parish-council-november", "Wretton Parish Council minutes, 4 November 2019"),
        (
            "Minutes - Full Meeting of Limerick City and County Council - 26th June",
            "Limerick City and County Council minutes, 26 June 2020",
        ),
        ("CPP Minutes 10.12.24", "Corporate Parenting Panel minutes, 10 December 2024"),
        (
            "24-00096 - Commissioning Plan for Education Provision in Kent 2025-29 - Report",
            "Commissioning Plan for Education Provision in Kent 2025-29",
        ),
    ],
)
def test_real_titles(real_corpus: Path, name: str, title: str):
    assert load(real_corpus, name)[1].title == title


def test_panel_minutes_cited_by_item_number(real_corpus: Path):
    passages, _ = load(real_corpus, "CPP Minutes 10.12.24")
    christmas = find(passages, "2.1", "The Chair reminded the Panel of the Corporate Parenting")
    assert christmas.heading == "Chairman’s Announcements (Item 2)" and christmas.page == 1
    update = find(passages, "6.1", "Sue Chandler, Cabinet Member for Integrated Children’s")
    assert update.heading == "Verbal Update by the Cabinet Member (Item 6)"
    resolved = find(passages, "5.6", "RESOLVED that the Panel notes the challenge card progress")
    assert resolved.kind == "resolved" and resolved.page == 3


def test_bristol_public_forum_questions(real_corpus: Path):
    passages, _ = load(real_corpus, "multi_page_pdf")
    assert not any(
        p.text.startswith("Committee:") or p.heading and "Committee:" in p.heading for p in passages
    )
    asked = [p for p in passages if p.text.startswith("It seems from reading some of the papers")]
    assert asked[0].heading == "Question 2 - Are records kept about decisions"
    assert asked[0].page == 2
    reply = [p for p in passages if p.text.startswith("The licensing authority are not a party")]
    assert reply[0].heading == "Question 2 - Are records kept about decisions – Response"


def test_budget_minutes_keep_minute_numbers_under_subheadings(real_corpus: Path):
    passages, _ = load(real_corpus, "Printed minutes 13th-Feb-2025 09.30 County Council")
    resolved = find(passages, "290(4)", "RESOLVED that pursuant to section 25 of the Local")
    assert resolved.kind == "resolved" and resolved.heading == "290. Section 25 Report"
    vote = find(passages, "290(3)", "For (57) Mr Baker, Mr Baldock")
    assert vote.text.endswith("Abstain (2) Mr B Lewis, Mr D Ross Motion carried.")
    assert vote.page == 3
    minute = (
        "291. Capital Programme 2025-35 and Revenue Budget 2025-26 "
        "(including Council Tax Setting 2025/26)"
    )
    capital = find(passages, "291(4)(a)", "The 10-year Capital programme and investment")
    assert capital.heading == f"{minute} – 2025-35 Capital Programme" and capital.page == 4
    assert capital.context.startswith("Mr Oakford proposed and Mr Gough Seconded")
    find(passages, "291(4)(v)", "To note the rate of recent drawdown from reserves")
    assert find(passages, "291(5)", "Mr Brady (Leader of the Opposition)").heading == minute
    find(passages, "291(27)(c)", "The net revenue budget requirement of £1,530.9m")
    amount = find(passages, "291(11)", "Proposed Amount: “£75k”")
    assert amount.heading == f"{minute} – Children, Young People and Education Directorate"
    assert not any(p.para and p.para.startswith("(") for p in passages)
    assert not any(
        p.heading and p.heading.startswith(("For (", "Abstain", "Mr ")) for p in passages
    )

    passages, _ = load(real_corpus, "19 December 2024 - County Council minutes")
    find(passages, "281.3(1)", "Replace the ‘first past the post’ system")
    find(passages, "281.4", "Following the debate the Chairman put the motion set out in")
    find(passages, "278.3", "RESOLVED that the County Council approves and adopts Local")

    passages, _ = load(real_corpus, "Minutes of the meeting held on 9th January 2025")
    find(passages, "83.5(3)", "Agree to request that the Minister for Local Government")
    find(passages, "83.6", "Following the debate, the Leader proposed and Mr Oakford")


def test_limerick_reply_items_written_without_a_space(real_corpus: Path):
    passages, _ = load(real_corpus, "Newcastle West - 11th January 2023")
    asked = find(passages, "11(c)", "The 4-5 lights out in Nash’s Lane which links the centre")
    assert asked.context.startswith("I will ask at the next Meeting when the public lights")
    reply = find(passages, "11(c)", "The 4 –5 lights out in Nash’s Lane which links the centre")
    assert "These lights were installed by a private developer" in reply.text
    question = [p for p in passages if p.text.startswith("I will ask at the next Meeting if")]
    assert question[0].text.endswith("this is encouraging anti-social behaviour.")
    assert not any(p.text.startswith(("(c)", "c)")) or "*" in p.text for p in passages)


def test_form_fields_and_table_figures_are_kept(real_corpus: Path):
    passages, _ = load(real_corpus, "7 - Amendment - Liberal Democrats - Adult Social Care")
    proposer = [p for p in passages if p.text.startswith("Proposer:")]
    assert proposer[0].text == "Proposer: Mr Mike Sole Seconder: Mr Antony Hook"
    assert proposer[0].page == 1

    passages, _ = load(real_corpus, "24-00096 - PRoD")
    total = [p for p in passages if p.text.startswith("A total of 530 permanent places")]
    assert total and total[0].page == 2
    assert not any(p.heading and "temp places" in p.heading for p in passages)
    table = [p for p in passages if "85 Year R temp places" in p.text]
    assert table[0].text.startswith("By 2025-26 By 2026-27") and "14.3FE" in table[0].text
    assert table[0].heading == "Primary School Commissioning Intentions"
    assert not any(p.heading and p.heading.startswith("A total of") for p in passages)


def test_resolution_lead_in_is_every_items_context(real_corpus: Path):
    """ "RESOLVED that Council:" stays with each item it introduces, across a subheading
    between the lead-in and its list, roman items with no lettered parent and (1) points."""
    passages, _ = load(real_corpus, "Printed minutes 13th-Mar-2025 10.00 County Council")
    items = [p for p in passages if p.para and p.para.startswith("299.3(")]
    assert [p.para for p in items] == [f"299.3({n})" for n in ("i", "ii", "iii", "iv")]
    assert all(p.context == "RESOLVED that Council:" for p in items)

    passages, _ = load(real_corpus, "Minutes of the meeting held on 9th January 2025")
    points = [p for p in passages if p.para and p.para.startswith("83.7(")]
    assert len(points) == 3 and all(p.context == "RESOLVED that Cabinet:" for p in points)
    assert find(passages, "83.6", "Following the debate").context is None

    passages, _ = load(real_corpus, "Council Covering Report 2025-26 Budget - FINAL")
    capital = find(passages, "(a)", "The 10-year Capital programme")
    assert capital.heading == "2025-35 Capital Programme"
    assert capital.context.startswith("County Council, having given due regard to the s25")
    assert find(passages, "(v)", "To note the rate of recent").context == capital.context


def test_limerick_question_headings_and_replies(real_corpus: Path):
    """ "4.Question submitted by ..." is cited with a space after its number, and a question's
    "REPLY" does not carry on over the next question."""
    passages, _ = load(real_corpus, "Metropolitan District of Limerick - 16th January 2023")
    asked = find(passages, "4", "I will ask at the next Meeting of the Metropolitan District")
    assert asked.heading == "4. Question submitted by Councillor J. Leddin"

    passages, _ = load(real_corpus, "Newcastle West - 11th January 2023")
    assert find(passages, "8", "Question submitted by Councillor L. Galvin").heading == "QUESTIONS"
    assert find(passages, "8", "I will ask at the next Meeting that the growth").heading == (
        "QUESTIONS"
    )
    assert find(passages, "8(a)", "Works commenced on these bridges").heading == (
        "QUESTIONS – REPLY"
    )
    assert find(passages, "9", "Question submitted by Councillor L. Galvin").heading == "QUESTIONS"
