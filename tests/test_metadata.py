"""Metadata from the paper's own cover text, with file and folder names as hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.dates import first_date
from indexer.extract import extract
from indexer.metadata import parse_metadata
from indexer.model import ExtractedPaper, Page

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def paper(text: str, front_matter: dict[str, str] | None = None) -> ExtractedPaper:
    return ExtractedPaper(pages=[Page(1, text)], paged=True, front_matter=front_matter or {})


def test_seed_report_cover():
    path = CORPUS / "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report.txt"
    meta = parse_metadata(extract(path), str(path))
    assert meta.committee == "Cabinet Scrutiny Committee"
    assert meta.date == "2011-01-19"
    assert meta.type == "report"
    assert meta.classification == "unrestricted"
    assert meta.title == "Inspection of Safeguarding and Looked After Children Services"
    assert meta.author == "Sarah Hohler, Cabinet Member, Children, Families and Education"
    assert meta.contact == "Helen Davies"
    assert meta.source == str(path)


COVER = (
    "From: Rory Love, Cabinet Member for Education\n \n   Sarah Hammond, Corporate Director\n"
    "To:   Cabinet – 30 January 2025\nSubject: Commissioning Plan\n"
    "Classification: {classification}\nPast Pathway of report: CYPE Committee - 21 November 2024\n"
    "Summary: The report was exempt from nothing; restricted access to schools is discussed.\n"
)


@pytest.mark.parametrize(
    ("classification", "expected"),
    [
        ("Unrestricted", "unrestricted"),
        ("Exempt - Paragraph 3 of Schedule 12A", "exempt"),
        ("NOT FOR PUBLICATION", "exempt"),
        ("Restricted", "exempt"),
    ],
)
def test_classification_from_cover_line_only(classification: str, expected: str):
    meta = parse_metadata(paper(COVER.format(classification=classification)), "/x/report.pdf")
    assert meta.classification == expected
    assert meta.committee == "Cabinet"
    assert meta.date == "2025-01-30"  # the meeting it goes to, not the past pathway
    assert (
        meta.author == "Rory Love, Cabinet Member for Education; Sarah Hammond, Corporate Director"
    )


def test_exempt_words_in_running_text_do_not_classify():
    text = "1. Introduction\n1.1 Some information may be exempt under the Act and restricted.\n"
    assert parse_metadata(paper(text), "/x/report.pdf").classification == "unrestricted"


def test_exempt_marking_at_top_and_part_2():
    for marking in ("EXEMPT", "Part 2", "NOT FOR PUBLICATION by virtue of paragraph 3"):
        text = f"{marking}\nTo: Cabinet – 4 March 2025\nSubject: Sale of land\n"
        assert parse_metadata(paper(text), "/x/r.pdf").classification == "exempt", marking


def test_agenda_exempt_items_heading_is_not_exempt():
    text = "AGENDA\n\nCABINET\n\nThursday, 30th January, 2025\n1. Apologies\nEXEMPT ITEMS\n"
    meta = parse_metadata(paper(text), "/x/Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf")
    assert (meta.type, meta.committee, meta.date, meta.classification) == (
        "agenda",
        "Cabinet",
        "2025-01-30",
        "unrestricted",
    )


def test_printed_minutes_record_their_own_meeting():
    text = (
        "1\nKENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the "
        "Council Chamber, Sessions House, County Hall, Maidstone on Thursday, 30 January 2025.\n"
        "86. Minutes of the Meeting held on 9th January 2025\n"
    )
    meta = parse_metadata(paper(text), "/k/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf")
    assert (meta.type, meta.committee, meta.date) == ("minutes", "Cabinet", "2025-01-30")


def test_parish_minutes_prefer_text_date_over_post_date():
    text = (
        "STOKE FERRY PARISH COUNCIL Draft Minutes of the Ordinary Meeting held on Wednesday "
        "11 November 2020 at 7.00 pm"
    )
    fm = {"title": "Stoke Ferry Parish Council Meeting November", "date": "2021-01-20"}
    meta = parse_metadata(paper(text, fm), "/n/2021/01/stoke-ferry/index.md")
    assert (meta.type, meta.committee, meta.date) == (
        "minutes",
        "Stoke Ferry Parish Council",
        "2020-11-11",
    )
    assert meta.title == "Stoke Ferry Parish Council minutes, 11 November 2020"


def test_file_and_folder_names_as_fallback():
    source = (
        "/l/2023/03/27-Full Meeting of Limerick City and County Council/"
        "Minutes - Special Meeting of Limerick City and County Council - 6th December 2022.md"
    )
    meta = parse_metadata(paper("Some text without a cover."), source)
    assert meta.type == "minutes"
    assert meta.committee == "Limerick City and County Council"
    assert meta.date == "2022-12-06"
    folder_only = parse_metadata(paper("Appendix text."), "/k/cabinet/2025-01-30/Appendix G.pdf")
    assert (folder_only.type, folder_only.date) == ("appendix", "2025-01-30")


def test_original_link_becomes_url():
    text = "[Original file](https://www.limerick.ie/a.pdf)\n\n---\nMINUTES OF MEETING"
    assert parse_metadata(paper(text), "/l/m.md").url == "https://www.limerick.ie/a.pdf"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Cabinet – 30 January 2025", "2025-01-30"),
        ("ON FRIDAY, 26TH JUNE, 2020, AT 3PM", "2020-06-26"),
        ("Printed minutes 30th-Jan-2025 10.00", "2025-01-30"),
        ("Monday, January 29, 2018 – 9:00am", "2018-01-29"),
        ("CPP Minutes 10.12.24", "2024-12-10"),
        ("held on 31 February 2025", None),
    ],
)
def test_dates(text: str, iso: str | None):
    assert first_date(text.replace("-", " ") if "Printed" in text else text) == iso


def test_minutes_and_agendas_get_a_title_a_member_would_say():
    text = (
        "KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the "
        "Council Chamber on Thursday, 30 January 2025.\n"
    )
    meta = parse_metadata(paper(text), "/k/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf")
    assert meta.title == "Cabinet minutes, 30 January 2025"
    agenda = "AGENDA\n\nCOUNTY COUNCIL\n\nThursday, 13th February, 2025\n1. Apologies\n"
    meta = parse_metadata(paper(agenda), "/k/Agenda frontsheet 13th-Feb-2025 09.30 County.pdf")
    assert meta.title == "County Council agenda, 13 February 2025"
    special = parse_metadata(
        paper("Some text without a cover."),
        "/l/Minutes - Special Meeting of Limerick City and County Council - 6th December 2022.md",
    )
    assert special.title == (
        "Limerick City and County Council special meeting minutes, 6 December 2022"
    )
    report = parse_metadata(paper(COVER.format(classification="Unrestricted")), "/x/r.pdf")
    assert report.title == "Commissioning Plan"  # a report keeps its own Subject


def test_parish_council_from_a_pc_title():
    fm = {"title": "Northwold PC AGM 2016", "date": "2016-08-18"}
    meta = parse_metadata(paper("Councillors present: Cllr A, Cllr B.", fm), "/n/x/index.md")
    assert meta.committee == "Northwold Parish Council"
    assert meta.title == "Northwold Parish Council AGM minutes, 18 August 2016"


@pytest.mark.parametrize(
    ("text", "name", "committee", "date"),
    [
        (
            "Accessibility notice for anyone planning to attend any meeting.\n"
            "Thursday, December 3, 2020\n"
            "PUBLIC NOTICE OF SPECIAL MEETING OF THE CONDUIT FINANCING\n"
            "COMMITTEE MEMBERS OF THE ILLINOIS FINANCE AUTHORITY\n"
            "The Authority will hold a special meeting of the Committee in its Chicago Office,\n"
            "160 North LaSalle Street, Chicago, Illinois 60601 on Tuesday, December 8, 2020.\n",
            "notice.pdf",
            "Illinois Finance Authority Conduit Financing Committee",
            "2020-12-08",
        ),
        (
            "NOTICE OF MEETING\nNotice is hereby given that the\nDISTRICT COUNCIL 001\n"
            "will hold a closed meeting\nThursday, June 1, 2023\n9:00 am\n",
            "Notice-and-Agenda-001.pdf",
            "District Council 001",
            "2023-06-01",
        ),
        (
            "City of Chicago\nNOTICE AND AGENDA OF DISTRICT COUNCIL MEETING\n"
            "Notice is hereby given that District Council ___ will hold a public meeting.\n",
            "Notice-and-Agenda-001-2023-06-06.pdf",
            "District Council",
            "2023-06-06",
        ),
        (
            "Illinois Department of Corrections\nAdvisory Board Meeting\n"
            "Monday, November 4th, 2019\n",
            "il_corrections.pdf",
            "Illinois Department of Corrections Advisory Board",
            "2019-11-04",
        ),
    ],
)
def test_public_notices_name_the_body_and_the_meeting_date(text, name, committee, date):
    meta = parse_metadata(paper(text), name)
    assert (meta.committee, meta.date) == (committee, date)


def test_a_notice_of_motion_is_not_a_body():
    text = (
        "MINUTES OF PROCEEDINGS OF MEETING OF THE TRAVEL STRATEGIC POLICY COMMITTEE HELD ON\n"
        "MONDAY, 12 DECEMBER 2022\nTo consider Notice of Motion referred from Metropolitan\n"
        "District Meeting of the Council held on 24 October 2022\n"
    )
    assert parse_metadata(paper(text), "minutes.md").committee != (
        "Motion referred from Metropolitan District Meeting of the Council"
    )
