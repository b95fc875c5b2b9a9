"""The segmenter on plain inputs: numbering, headings, lists, furniture, re-flow."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from indexer.extract import extract
from indexer.model import ExtractedPaper, Page
from indexer.segment import SENTENCE_END, TERMINAL, _sentence_end, _terminal, segment

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def paged(*texts: str) -> ExtractedPaper:
    return ExtractedPaper(pages=[Page(i + 1, t) for i, t in enumerate(texts)], paged=True)


def unpaged(text: str, reflow: bool = False) -> ExtractedPaper:
    return ExtractedPaper(pages=[Page(None, text)], paged=False, reflow=reflow)


def by_para(passages):
    return {p.para: p for p in passages}


def test_seed_report_numbers_and_headings():
    passages = segment(extract(CORPUS / "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report.txt"))
    numbered = [p for p in passages if p.kind == "numbered"]
    assert [p.para for p in numbered] == ["1(1)", "2(1)", "3(1)", "4(1)", "5(1)"]
    paras = by_para(numbered)
    assert paras["3(1)"].heading == "Social worker vacancies"
    assert paras["4(1)"].heading == "Safeguarding referrals"
    assert paras["1(1)"].text.startswith("This report addresses the recommendations")
    assert not any(
        p.text.startswith(("By:", "To:", "Subject:", "Classification:")) for p in passages
    )


def test_seed_minutes_items_and_resolution():
    passages = segment(extract(CORPUS / "kcc-childrens-services-improvement-plan-minutes.txt"))
    items = [p for p in passages if p.kind == "item"]
    assert [p.para for p in items] == [f"2({c})" for c in "abcdefg"]
    assert items[0].text.startswith("the ongoing issue of the number of children in care")
    assert items[0].text.endswith("accessing school places;")
    assert "taking a child into care" not in items[0].text
    assert all(p.context and p.context.endswith("explaining the following:-") for p in items)
    resolved = [p for p in passages if p.kind == "resolved"]
    assert len(resolved) == 1 and resolved[0].para == "3"
    assert resolved[0].text.startswith("RESOLVED that the information set out")
    assert resolved[0].heading == "Children's Services Improvement Plan: Progress Update"


def test_paragraph_over_page_break_is_one_passage_without_furniture():
    paper = paged(
        "Cabinet Report\n1. Introduction\n1.1 The Council has reviewed the service and found that\n"
        "the demand for places continues to\n",
        "Cabinet Report\n2\nrise in every district of the county.\n \n1.2 A second point.\n",
        "Cabinet Report\nPage 3 of 3\n1.3 A third recom-\nmendation follows.\n",
    )
    passages = by_para(segment(paper))
    first = passages["1.1"]
    assert first.page == 1
    assert first.text == (
        "The Council has reviewed the service and found that the demand for places "
        "continues to rise in every district of the county."
    )
    assert first.heading == "1. Introduction"
    assert passages["1.2"].page == 2
    assert passages["1.3"].text == "A third recommendation follows."
    assert not any("Cabinet Report" in p.text or "Page 3" in p.text for p in passages.values())


def test_real_hyphens_survive_line_joins():
    paper = paged(
        "1.1 The take-up of places by those aged 18-\n25 rose; the take-\nup figure is in the\n"
        "annex to this report for every district.\n"
    )
    (passage,) = segment(paper)
    assert "take-up of places" in passage.text
    assert "aged 18-25 rose; the take-up figure" in passage.text


def test_printed_minutes_numbering_scheme():
    text = (
        "87. Cabinet Member Updates\n(Item 4)\n\n"
        "1. Mr Gough provided an update on the following:\n\n"
        "(a) The first update about the call-in.\n\n"
        "(b) The second update about gifts.\n\n"
        "2. Mrs Chandler provided an update on the following:\n\n"
        "(a) An update about elections.\n\n"
        "3. RESOLVED that Cabinet agree to:\n\n"
        "a) Note the forecast.\n\n"
        "b) Agree the changes.\n\n"
        "88. Budget Monitoring\n(Item 5)\n\n"
        "RESOLVED that the report be noted.\n"
    )
    passages = segment(unpaged(text))
    refs = [(p.para, p.kind) for p in passages]
    assert refs == [
        ("87.1", "numbered"),
        ("87.1(a)", "item"),
        ("87.1(b)", "item"),
        ("87.2", "numbered"),
        ("87.2(a)", "item"),
        ("87.3", "resolved"),
        ("87.3(a)", "item"),
        ("87.3(b)", "item"),
        ("88", "resolved"),
    ]
    assert passages[1].heading == "87. Cabinet Member Updates"
    assert passages[1].context == "Mr Gough provided an update on the following:"
    assert passages[6].context == "RESOLVED that Cabinet agree to:"
    assert passages[-1].heading == "88. Budget Monitoring"


def test_roman_sub_items_and_ninth_letter():
    text = "\n\n".join(
        ["1. The Committee noted:"]
        + [f"({c}) Item {c} text here." for c in "abcdefgh"]
        + ["(i) The ninth item with a list:", "(i) first sub item text.", "(ii) second sub item."]
    )
    refs = [p.para for p in segment(unpaged(text))]
    assert refs[-3:] == ["1(i)", "1(i)(i)", "1(i)(ii)"]


def test_parish_minutes_run_together_are_split():
    text = (
        "STOKE FERRY PARISH COUNCIL Minutes of the meeting held on 1 July 2020 Present: Cllr A "
        "(From Item number 204/20-213/20) 204/20 Openness and Transparency Notice The Chair read "
        "the notice. 205/20 Apologies Apologies were received from Cllr B. RESOLVED: That the "
        "apologies be accepted. 206/20 Minutes of the last meeting were approved, see 19/00209/F "
        "Page 2 of 6 for details of the meeting."
    )
    passages = segment(unpaged(text))
    refs = [(p.para, p.kind) for p in passages]
    assert refs[1:] == [
        ("204/20", "numbered"),
        ("205/20", "numbered"),
        ("205/20", "resolved"),
        ("206/20", "numbered"),
    ]
    assert passages[-1].text.endswith("see 19/00209/F for details of the meeting.")


def test_norfolk_page_date_stamps_are_dropped():
    text = (
        "1429/12/2019 MINUTES OF WRETTON PARISH COUNCIL. 1. Apologies were received from Cllr A "
        "and this text is long enough to be split into several passages of its own. 2429/12/2019 "
        "2. Declarations were made by Cllr B who declared an interest in item 11 of the agenda."
    )
    passages = segment(unpaged(text))
    assert not any("29/12/2019" in p.text for p in passages)
    assert [p.para for p in passages][-2:] == ["1", "2"]


def test_limerick_line_per_paragraph_is_reflowed():
    lines = [
        "[Original file](https://example.org/minutes.pdf)",
        "---",
        "MINUTES OF PROCEEDINGS AT MEETING OF THE COUNCIL HELD ON FRIDAY, 26TH JUNE, 2020.",
        "3.",
        "Disposal of Land",
        "(a)",
        "Circulated, copy of Statutory Notice dated 23rd January, 2020, concerning disposal of",
        "land at 130, Vale Avenue, Carew Park, Limerick.",
        "Proposed by Councillor Collins (M);",
        "Seconded by Councillor Sheahan (J);",
        "And Resolved:",
        "“That, in accordance with the provisions of Section 183 of the Local Government Act,",
        "2001 (as amended), the disposal be approved.”",
        "---",
        "2",
        "(b)",
        "Circulated, copy of Statutory Notice dated 24th January, 2020, concerning disposal of",
        "land at 31, Kilmurry Avenue, Garryowen, Limerick.",
    ]
    passages = segment(unpaged("\n\n".join(lines), reflow=True))
    refs = [(p.para, p.kind, p.heading) for p in passages]
    assert refs[1:] == [
        ("3(a)", "item", "3. Disposal of Land"),
        ("3(a)", "resolved", "3. Disposal of Land"),
        ("3(b)", "item", "3. Disposal of Land"),
    ]
    assert passages[1].text.endswith(
        "concerning disposal of land at 130, Vale Avenue, Carew Park, Limerick."
    )
    assert passages[2].text.startswith("Proposed by Councillor Collins (M); Seconded by")
    assert passages[2].text.endswith("Act, 2001 (as amended), the disposal be approved.”")
    assert all(p.page is None for p in passages)
    assert not any("Original file" in p.text or p.text == "2" for p in passages)


def test_bullets_keep_their_lead_in_and_sub_bullets_fold_in():
    text = (
        "3. Further to comments and questions from Members it was noted:\n\n"
        "• Members thanked the team.\n\n"
        "• Comparison was made with other councils. Reference was made to:\n\n"
        "o Hampshire, 15%\n\no Bradford, 15%\n\n"
        "4. RESOLVED that the budget be endorsed.\n"
    )
    passages = segment(unpaged(text))
    items = [p for p in passages if p.kind == "item"]
    assert [p.para for p in items] == ["3", "3"]
    assert items[0].context == "Further to comments and questions from Members it was noted:"
    assert items[1].text.endswith("Reference was made to: Hampshire, 15%; Bradford, 15%")
    assert passages[-1].kind == "resolved" and passages[-1].para == "4"


def test_report_cover_block_is_not_body_text():
    text = (
        "From: Rory Love, Cabinet Member for Education\n\n"
        "   Sarah Hammond, Corporate Director\n\n"
        "To: Cabinet – 30 January 2025\n\n"
        "Subject: Commissioning Plan\n\n"
        "Classification: Unrestricted\n\n"
        "Summary: This report provides the plan.\n\n"
        "1. Introduction\n\n"
        "1.1 The County Council is the Strategic Commissioner.\n"
    )
    passages = segment(unpaged(text))
    assert [(p.para, p.heading) for p in passages] == [(None, None), ("1.1", "1. Introduction")]
    assert passages[0].text == "Summary: This report provides the plan."


def test_question_and_answer_headings():
    paper = paged(
        "Question 1\n \nQuestion by A Member to the Cabinet Member,\nfor Education\n \n"
        "How many children are home educated?\n \nAnswer\n \nKCC monitors 4,798 pupils.\n"
    )
    passages = segment(paper)
    assert passages[-1].heading == "Question 1 – Answer"
    assert passages[-1].text == "KCC monitors 4,798 pupils."
    assert passages[0].text == "Question by A Member to the Cabinet Member, for Education"


def test_agenda_of_only_headings_keeps_its_items():
    text = "AGENDA\n\n1. Apologies\n\n2. Declarations of Interest\n\n3. Minutes (Pages 1 - 10)\n"
    passages = segment(unpaged(text))
    assert [(p.para, p.text) for p in passages] == [
        ("1", "Apologies"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes (Pages 1 - 10)"),
    ]


def test_tables_do_not_become_numbered_garbage():
    paper = paged(
        "3.1 The plan identifies the need for places as follows.\n \nBy\n2025-26\nBy\n2026-27\n"
        "0.3FE\n5FE\n14.3FE\n \nA total of 44.9FE across the Plan period is needed.\n"
    )
    passages = segment(paper)
    assert all(p.para in ("3.1", None) for p in passages)
    assert not any(p.text in ("By", "2025-26", "0.3FE") for p in passages)


def test_parish_minutes_on_one_line_split_into_titled_items():
    text = (
        "MINUTES OF WRETTON PARISH COUNCIL MEETING HELD ON 4TH NOVEMBER 2019 Present: Cllr A. "
        "1. Apologies for Absence accepted from: Apologies for absence received from Cllr B. "
        "2. Declaration of Interest made: Cllr C declared an interest in item 11. "
        "3. Approval of Minutes: The minutes of the meeting held on 27.08.19 were confirmed. "
        "4. Update on matters arising from previous meetings: • The contractor has quoted "
        "£12.50 per occasion to cut "
        "the grass. • Highways will be approached. 5. Reports 5.1 Chairman’s Report • The new "
        "website is operational. 5.2 Clerk’s Report Correspondence passed to Councillors: "
        "• Police drop-in at the café on 07.11.19 1-4pm for residents. "
        "6. Accounts were presented and accepted for payment."
    )
    passages = segment(unpaged(text))
    assert [(p.para, p.kind) for p in passages] == [
        (None, "prose"),
        ("1", "numbered"),
        ("2", "numbered"),
        ("3", "numbered"),
        ("4", "numbered"),
        ("4", "item"),
        ("4", "item"),
        ("5.1", "item"),
        ("5.2", "numbered"),
        ("5.2", "item"),
        ("6", "numbered"),
    ]
    headings = [p.heading for p in passages]
    assert headings[1] == "1. Apologies for Absence accepted from"
    assert headings[3] == "3. Approval of Minutes"
    assert headings[4] == headings[5] == "4. Update on matters arising from previous meetings"
    assert headings[7] == "5.1 Chairman’s Report"
    assert headings[8] == "5. Reports"  # 5.2 is not under 5.1
    assert headings[10] is None  # "Accounts were presented": a sentence, not a title
    assert passages[5].text == "The contractor has quoted £12.50 per occasion to cut the grass."
    assert passages[5].context == "Update on matters arising from previous meetings:"
    assert "27.08.19 were confirmed" in passages[3].text
    assert passages[9].text.endswith("on 07.11.19 1-4pm for residents.")


def test_parish_minute_titles_and_items_with_nothing_under_them():
    text = (
        "STOKE FERRY PARISH COUNCIL Minutes of the meeting held on 8 January 2020. "
        "24/20 Openness and Transparency Notice The Chair read the notice. "
        "25/20 To Receive and Consider Acceptance for Apologies of Absence Apologies were "
        "received from Cllr B. 26/20 Emergency Evacuation Procedures was read by the Chair. "
        "27/20 To Approve: Budget and Precept 2020/21 Cllr Jim proposed, all were in favour. "
        "28/20 To Adjourn the meeting to allow for public comments "
        "29/20 To Confirm the Date of the Next Meeting – Wednesday 5 February 2020 at 7 pm."
    )
    passages = segment(unpaged(text))
    by_ref = {p.para: p for p in passages}
    assert list(by_ref) == [None, "24/20", "25/20", "26/20", "27/20", "28/20", "29/20"]
    assert by_ref["24/20"].heading == "24/20 Openness and Transparency Notice"
    assert by_ref["24/20"].text == "Openness and Transparency Notice The Chair read the notice."
    assert by_ref["25/20"].heading == (
        "25/20 To Receive and Consider Acceptance for Apologies of Absence"
    )
    assert by_ref["26/20"].heading is None
    assert by_ref["27/20"].heading == "27/20 To Approve: Budget and Precept 2020/21"
    assert by_ref["28/20"].text == "To Adjourn the meeting to allow for public comments"
    assert by_ref["29/20"].heading == "29/20 To Confirm the Date of the Next Meeting"


def test_minute_numbers_printed_in_a_column_are_not_guessed():
    text = (
        "Councillors present: Cllr A, Cllr B.\n\n16/05/1 i)\n\nii)\n\n16/05/2 16/05/3\n\n"
        "iv) v) 16/05/17 Election of Chairman: Cllr A was elected by a majority vote.\n\n"
        "To Receive the Final Accounts: Resolved 16/05/8.1 The final accounts were approved.\n\n"
        "Resolved 16/05/8.2 The annual return was approved and signed by the Chairman.\n\n"
        "Correspondence: A letter from the residents of Normandy Close was read.\n"
    )
    passages = segment(unpaged(text))
    assert [(p.para, p.heading) for p in passages] == [
        (None, None),
        (None, "Election of Chairman"),
        ("16/05/8.1", "To Receive the Final Accounts"),
        ("16/05/8.2", "To Receive the Final Accounts"),
        (None, "Correspondence"),
    ]
    assert passages[1].text.startswith("Election of Chairman: Cllr A was elected")


def test_report_points_get_no_title_from_their_first_words():
    text = (
        "1. The Council has reviewed the service and found that demand continues to rise.\n\n"
        "2. Budget monitoring figures show an overspend of £3m this year. More follows here.\n\n"
        "3. Ms Smith, Mrs Jones and Mr Brown answered questions from Members on the budget.\n"
    )
    assert [p.heading for p in segment(unpaged(text))] == [None, None, None]


def test_items_without_minute_numbers_are_cited_by_item():
    text = (
        "Chairman's Announcements\n(Item 2)\n\n"
        "1. The Chair reminded the Panel of the Christmas event.\n\n"
        "2. The Chair shared that she would write to group leaders about it.\n\n"
        "Verbal Update by the Cabinet Member\n(Item 6)\n\n"
        "1. Sue Chandler, Cabinet Member, presented the update\n\n"
        "2. A Member asked about the children's routines in the centres.\n\n"
        "RESOLVED that the update was noted.\n"
    )
    passages = segment(unpaged(text))
    assert [(p.para, p.kind) for p in passages] == [
        ("2.1", "numbered"),
        ("2.2", "numbered"),
        ("6.1", "numbered"),
        ("6.2", "numbered"),
        ("6.2", "resolved"),  # unnumbered text carries on the point above it
    ]
    assert passages[0].heading == "Chairman's Announcements (Item 2)"
    assert {p.heading for p in passages[2:]} == {"Verbal Update by the Cabinet Member (Item 6)"}


def test_public_question_form_fields_and_question_titles():
    paper = paged(
        "Name: Joanna Booth\nCommittee: Licensing Committee\n\n"
        "Question 1 - What effect is the CIA having?\n"
        "What difference is the CIA zone currently having? Please use your own words to answer\n"
        "this question about the zone in the city centre.\n\nResponse.\n"
        "Officers are not able to speculate on why applications are not made.\n\n"
        "Question 2 - Are records kept about decisions\n"
        "It seems from reading some of the papers that the police may be using the zone.\n"
    )
    passages = segment(paper)
    assert not any("Licensing Committee" in p.text or "Joanna" in p.text for p in passages)
    assert [p.heading for p in passages] == [
        "Question 1 - What effect is the CIA having?",
        "Question 1 - What effect is the CIA having? – Response",
        "Question 2 - Are records kept about decisions",
    ]
    assert passages[2].text.startswith("It seems from reading some of the papers")


MINUTE_WITH_SUBHEADINGS = """290. Section 25 Report
(Item 5)

(3) The Chairman put the motion set out in paragraph 2 to the vote and the
voting was as follows:

For (57)

Mr Baker, Mr Baldock, Mr Bartlett, Mr Beaney, Mrs Bell, Mrs Binks, Mr Bond, Mr
Booth, Sir Paul Carter, CBE, Mrs Chandler

Against (0)

Abstain (2)

Mr B Lewis, Mr D Ross
Motion carried.

(4) RESOLVED that County Council noted the report.

291. Capital Programme 2025-35 and Revenue Budget 2025-26
(Item 6)

(4) Mr Oakford proposed and Mr Gough seconded the following motion that Council
agree the following:

2025-35 Capital Programme
(a) The 10-year Capital programme of £1,419m.
(b) The directorate capital programmes as set out in appendices A and B.

In addition:
(c) To delegate authority to the Chief Executive.

(5) Mr Brady gave his response to the recommendations.

Children, Young People and Education Directorate

(6) Mr Hood proposed, and Mr Lewis seconded the following amendment:

Proposed Amount:

“£75k”

(7) Following the debate the amendment was put to the vote.
"""


def test_subheadings_and_votes_inside_a_minute_keep_its_number():
    passages = segment(paged(MINUTE_WITH_SUBHEADINGS))
    cited = [(p.para, p.text[:20]) for p in passages]
    assert ("290(4)", "RESOLVED that County") in cited
    vote = [p for p in passages if p.text.startswith("For (57)")]
    assert len(vote) == 1 and vote[0].para == "290(3)"
    assert vote[0].text.endswith("Against (0) Abstain (2) Mr B Lewis, Mr D Ross Motion carried.")
    assert vote[0].context.startswith("The Chairman put the motion")
    assert not any(p.heading and ("Mr " in p.heading or "For (" in p.heading) for p in passages)
    items = [p for p in passages if p.kind == "item"]
    assert [p.para for p in items] == ["291(4)(a)", "291(4)(b)", "291(4)(c)"]
    minute = "291. Capital Programme 2025-35 and Revenue Budget 2025-26"
    assert items[0].heading == f"{minute} – 2025-35 Capital Programme"
    assert items[2].heading == f"{minute} – In addition"
    response = [p for p in passages if p.text.startswith("Mr Brady gave")][0]
    assert response.para == "291(5)" and response.heading == minute
    amount = [p for p in passages if p.text.startswith("Proposed Amount:")][0]
    assert amount.text == "Proposed Amount: “£75k”" and amount.para == "291(6)"
    assert amount.heading == f"{minute} – Children, Young People and Education Directorate"
    assert [p.para for p in passages if p.text.startswith("Following")] == ["291(7)"]


def test_an_unnumbered_section_after_a_minute_starts_afresh():
    paper = paged(
        "5. Reports\n(1) The Clerk reported on the accounts.\n\nAppendix A\n"
        "(a) A list of the payments made in the year.\n"
    )
    passages = segment(paper)
    assert [(p.para, p.heading) for p in passages] == [
        ("5(1)", "5. Reports"),
        ("(a)", "Appendix A"),  # "(a)" does not carry on (1): it is not cited under minute 5
    ]


def test_a_motions_own_numbered_points_sit_under_its_paragraph():
    paper = paged(
        "281. Motions for Time Limited Debate\n(Item 12)\n\n"
        "Motion for Time Limited Debate 1 – Electoral Reform\n\n"
        "1) Mr Brady proposed, and Ms Meade seconded the motion that\n\n"
        "2) Following the debate the motion was put to the vote.\n\n"
        "3) Mr Streatfeild proposed the motion that this Council resolves to request:\n"
        "1. Replace the first past the post system for elections.\n"
        "2. Scrap the Voter ID requirement for all elections held in the county of\n"
        "Kent from next year\n"
        "4. Following the debate the Chairman put the motion to the vote.\n"
    )
    passages = segment(paper)
    assert [(p.para, p.text[:12]) for p in passages] == [
        ("281.1", "Mr Brady pro"),
        ("281.2", "Following th"),
        ("281.3", "Mr Streatfei"),
        ("281.3(1)", "Replace the "),
        ("281.3(2)", "Scrap the Vo"),
        ("281.4", "Following th"),
    ]
    assert passages[0].heading == (
        "281. Motions for Time Limited Debate – Motion for Time Limited Debate 1 – Electoral Reform"
    )


def test_markdown_items_written_without_a_space_and_bold_questions():
    text = (
        "11.\n\nQuestion submitted by Councillor T. Ruddle\n\n"
        "***I will ask at the next Meeting when the public lights will be repaired at all of***\n\n"
        "***the following locations:***\n\n"
        "***a)**The entrance road to Cluain Arra Estate.***\n\n"
        "***b)**The 4-**5 lights out in Nash’s Lane.***\n\nREPLY:\n\n"
        "**(a)The entrance road to Cluain Arra** – This was attended to on 20.12.2022.\n\n"
        "**(b)The 4** **–5 lights out in Nash’s Lane** – These lights were installed by a\n\n"
        "private developer.\n"
    )
    passages = segment(unpaged(text, reflow=True))
    asked = (
        "I will ask at the next Meeting when the public lights will be repaired at all of "
        "the following locations:"
    )
    assert [p.para for p in passages if p.text.endswith(asked)] == ["11"]
    assert [(p.para, p.text[:20]) for p in passages if p.kind == "item"] == [
        ("11(a)", "The entrance road to"),
        ("11(b)", "The 4-5 lights out i"),
        ("11(a)", "The entrance road to"),
        ("11(b)", "The 4 –5 lights out "),
    ]
    assert not any("*" in p.text or (p.heading and "*" in p.heading) for p in passages)
    assert not any(p.heading and p.heading.startswith(("I will", "b)")) for p in passages)


def test_table_cells_become_one_block_and_never_headings():
    paper = paged(
        "2.1 The Plan identifies the need for additional places each year as follows.\n\n"
        "SEND Commissioning Intentions:\nBy\n2025-26\nBy\n2026-27\n0 places 440 places\n"
        "A total of 530 permanent places across the planned period\n\n"
        "2.2 The commissioning intentions are in line with the Safety Valve agreement.\n"
    )
    passages = segment(paper)
    assert [p.text for p in passages] == [
        "The Plan identifies the need for additional places each year as follows.",
        "By 2025-26 By 2026-27 0 places 440 places",
        "A total of 530 permanent places across the planned period",
        "The commissioning intentions are in line with the Safety Valve agreement.",
    ]
    assert not any(p.heading and "places" in p.heading for p in passages)


def test_contact_details_and_signatures_are_not_a_table():
    paper = paged(
        "1. The report is for noting by the Cabinet at this meeting today.\n\n"
        "Benjamin Watts\nGeneral Counsel\n03000 416814\nMonday, 24 February 2025\n"
    )
    # The signature block is text of its own, line by line, not a table's cells
    assert [p.text for p in segment(paper)] == [
        "The report is for noting by the Cabinet at this meeting today.",
        "Benjamin Watts\nGeneral Counsel\nMonday, 24 February 2025",
    ]


def test_form_fields_are_text_not_headings():
    paper = paged(
        "Budget Amendment Form\n\nAdult Social Care base budget Amendment\n\nNumber: 7\n\n"
        "Directorate: Adult Social Care & Health\n\n"
        "Proposer: Mr Mike Sole  Seconder: Mr Antony Hook\n\nProposed Purpose:\n"
        "This amendment seeks to halve the grant to the Turner Contemporary for 2025-26.\n"
    )
    passages = segment(paper)
    assert "Proposer: Mr Mike Sole Seconder: Mr Antony Hook" in [p.text for p in passages]
    assert not any(p.heading and p.heading.startswith("Proposer") for p in passages)


def test_a_number_glued_to_its_text_is_still_a_marker():
    text = (
        "19.Question submitted by Councillor J. Pond\n\n"
        "I will ask at the next Meeting for an update on the flood relief scheme.\n\n"
        "REPLY:\n\nThe scheme is at design stage and will go to consultation in the summer.\n"
    )
    passages = segment(unpaged(text, reflow=True))
    assert {p.para for p in passages} == {"19"}
    assert passages[-1].text.startswith("The scheme is at design stage")


def test_a_reply_ends_at_the_next_question():
    """A "REPLY" subheading names the answer to its question only, not the next question."""
    text = (
        "QUESTIONS\n\n"
        "7. Question submitted by Councillor L. Galvin\n\n"
        "I will ask at the next Meeting for an update on the Devon Cross junction.\n\n"
        "REPLY\n\nA Meeting has been arranged with the landowners in February.\n\n"
        "8. Question submitted by Councillor T. Ruddle\n\n"
        "I will ask at the next Meeting when the public lights will be repaired.\n\n"
        "REPLY\n\nThe lights were repaired on 9th January.\n"
    )
    passages = segment(unpaged(text, reflow=False))
    headings = {(p.para, p.text[:12]): p.heading for p in passages}
    assert headings[("7", "Question sub")] == "QUESTIONS"
    assert headings[("7", "A Meeting ha")] == "QUESTIONS – REPLY"
    assert headings[("8", "Question sub")] == "QUESTIONS"
    assert headings[("8", "I will ask a")] == "QUESTIONS"
    assert headings[("8", "The lights w")] == "QUESTIONS – REPLY"


# Line ends made of the characters the end-of-line tests care about, and a few others.
LINE_ENDS = st.text(alphabet=".!?:;-\"'”’) ab\n", max_size=12)


@given(st.text(max_size=30), LINE_ENDS)
def test_line_end_tests_agree_with_their_patterns(head: str, tail: str):
    """The fast end-of-line tests decide exactly as the regular expressions they replace."""
    text = head + tail
    assert _terminal(text) == (TERMINAL.search(text) is not None)
    assert _sentence_end(text) == (SENTENCE_END.search(text) is not None)


def test_headings_with_nothing_under_them_are_text_not_lost():
    """An agenda's cover names its members on lines of their own, each read as a heading;
    the next heading used to replace it, and "who is mayor pro tem" had no passage."""
    paper = paged(
        "Rosemead City Council\n\nSean Dang, Mayor\n\nSteven Ly, Mayor Pro Tem\n\n"
        "Sandra Armenta, Council Member\n\nPublic Comment\n\n"
        "The City Council will hear public comments on matters not listed on the agenda.\n"
    )
    passages = segment(paper)
    assert [p.text for p in passages] == [
        "Rosemead City Council\nSean Dang, Mayor\nSteven Ly, Mayor Pro Tem\n"
        "Sandra Armenta, Council Member",
        "The City Council will hear public comments on matters not listed on the agenda.",
    ]
    assert passages[1].heading == "Public Comment"  # the heading over text stays a heading
