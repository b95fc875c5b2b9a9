"""Real papers marked exempt the ways councils mark them, in every format the indexer reads.

Each paper is about a depot of its own ("the Quenby depot"), so a question can aim at
one paper: `question(paper)` would find it if it were public. Used by the CLI tests
(tests/test_exempt_markings.py) and the Slack tests (tests/slack/test_exempt_markings_slack.py).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.pdfs import LEADING, LEFT, TOP, draw_line, image_only_pdf

MODERNGOV = (
    "By virtue of paragraph(s) 3 of Part 1 of Schedule 12A of the Local Government Act 1972."
)
NOT_FOR_PUBLICATION = (
    "This report is not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A "
    "of the Local Government Act 1972."
)
LONG_STATUTORY = (
    "This report contains information which is exempt from publication by virtue of "
    "paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972 (as amended), "
    "being information relating to the financial or business affairs of any particular "
    "person (including the authority holding that information), and in all the "
    "circumstances of the case the public interest in maintaining the exemption outweighs "
    "the public interest in disclosing the information."
)
PRESS_EXCLUDED = (
    "The press and public are likely to be excluded from the meeting during consideration "
    "of this item."
)


@dataclass(frozen=True)
class Paper:
    """One test paper: its file name, how it is marked, and the depot it is about."""

    name: str
    marking: str
    site: str
    write: Callable[[Path, Paper], None]

    @property
    def secret(self) -> str:
        return f"The Council will sell the {self.site} depot to {self.buyer} for £2.4 million"

    @property
    def buyer(self) -> str:
        return f"{self.site} Harbour Estates Ltd"

    def body(self) -> list[str]:
        return [
            f"1. {self.secret}, subject to contract.",
            "",
            f"2. {self.buyer} offered the highest of the bids received for the {self.site} depot.",
            "",
        ]

    def cover(self) -> list[str]:
        return [
            "To: Property Committee – 4 March 2025",
            f"Subject: Disposal of the {self.site} depot",
            "",
        ]


def question(paper: Paper) -> str:
    return f"Who will buy the {paper.site} depot and for how much?"


# --- writers, one per format and layout --------------------------------------------------


def text_with(*marking: str, before_cover: bool = True) -> Callable[[Path, Paper], None]:
    """A plain-text or Markdown paper with `marking` lines at the top (or under the cover)."""

    def write(folder: Path, paper: Paper) -> None:
        lines = [*marking, ""] + paper.cover() if before_cover else paper.cover() + [*marking, ""]
        (folder / paper.name).write_text("\n".join(lines + paper.body()), encoding="utf-8")

    return write


def markdown_front_matter(front: str) -> Callable[[Path, Paper], None]:
    def write(folder: Path, paper: Paper) -> None:
        text = f"---\n{front}\n---\n\n# Disposal of the {paper.site} depot\n\n"
        (folder / paper.name).write_text(text + "\n".join(paper.body()), encoding="utf-8")

    return write


def agenda_text(folder: Path, paper: Paper) -> None:
    lines = ["AGENDA", "", "Property Committee", "", "Tuesday, 4th March, 2025", ""]
    lines += [PRESS_EXCLUDED, "", f"Item 7: Disposal of the {paper.site} depot", ""]
    (folder / paper.name).write_text("\n".join(lines + paper.body()), encoding="utf-8")


def pdf_with(
    top: list[str] = (), *, after_body: list[str] = (), footer: str = "", pages: int = 1
) -> Callable[[Path, Paper], None]:
    """A real PDF: `top` lines above the cover; `after_body` drawn at the top of page 1 but
    last in its content stream; `footer` at the foot of every page after the first."""

    def write(folder: Path, paper: Paper) -> None:
        pdf = canvas.Canvas(str(folder / paper.name), pagesize=A4)
        y = TOP
        for line in [*top, *paper.cover(), *paper.body()]:
            draw_line(pdf, LEFT, y, line)
            y -= LEADING
        for offset, line in enumerate(after_body):
            draw_line(pdf, LEFT, TOP + 40 - offset * LEADING, line)
        for number in range(2, pages + 1):
            pdf.showPage()
            draw_line(pdf, LEFT, TOP, f"{number}. Officers will report on the sale in May.")
            if footer:
                draw_line(pdf, LEFT, 40, footer)
        pdf.showPage()
        pdf.save()

    return write


def pdf_labelled(folder: Path, paper: Paper) -> None:
    """A PDF whose only marking is the sensitivity label in its document properties."""
    pdf = canvas.Canvas(str(folder / paper.name), pagesize=A4)
    y = TOP
    for line in [*paper.cover(), *paper.body()]:
        draw_line(pdf, LEFT, y, line)
        y -= LEADING
    pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=folder / paper.name)
    writer.add_metadata({"/Classification": "OFFICIAL-SENSITIVE"})
    writer.write(folder / paper.name)


CUSTOM_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2"'
    ' name="MSIP_Label_3f2a_Name"><vt:lpwstr>{label}</vt:lpwstr></property></Properties>'
)


def word_labelled(label: str) -> Callable[[Path, Paper], None]:
    """A .docx whose only marking is a Microsoft sensitivity label (docProps/custom.xml)."""

    def write(folder: Path, paper: Paper) -> None:
        plain = folder / f"{paper.name}.plain"
        word()(folder, Paper(plain.name, paper.marking, paper.site, paper.write))
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(folder / paper.name, "w") as out:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(
                        b"</Types>",
                        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                        b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                    )
                elif item.filename == "_rels/.rels":
                    data = data.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/custom-properties" '
                        b'Target="docProps/custom.xml"/></Relationships>',
                    )
                out.writestr(item, data)
            out.writestr("docProps/custom.xml", CUSTOM_PROPERTIES.replace("{label}", label))
        plain.unlink()

    return write


def pdf_scanned_cover(folder: Path, paper: Paper) -> None:
    """A PDF whose cover is a picture (its marking cannot be read) and whose body is text."""
    path = folder / paper.name
    image_only_pdf(path, page_count=1)
    cover = PdfReader(path).pages[0]
    pdf_with()(folder, paper)
    writer = PdfWriter()
    writer.add_page(cover)
    for page in PdfReader(path).pages:
        writer.add_page(page)
    writer.write(path)


def pdf_stamped(folder: Path, paper: Paper) -> None:
    """A PDF whose only marking is a stamp (annotation) laid over the cover."""
    pdf = canvas.Canvas(str(folder / paper.name), pagesize=A4)
    y = TOP
    for line in [*paper.cover(), *paper.body()]:
        draw_line(pdf, LEFT, y, line)
        y -= LEADING
    pdf.textAnnotation("EXEMPT – NOT FOR PUBLICATION", Rect=(400, 780, 550, 820))
    pdf.showPage()
    pdf.save()


def word(
    *,
    header: str = "",
    first_page_header: str = "",
    footer: str = "",
    table: tuple = (),
    top: str = "",
) -> Callable[[Path, Paper], None]:
    """A real .docx marked only where asked: page header, first-page header, footer,
    a cover table of (label, value), or a line at the top of the body."""

    def write(folder: Path, paper: Paper) -> None:
        document = docx.Document()
        section = document.sections[0]
        if header:
            section.header.paragraphs[0].text = header
        if first_page_header:
            section.different_first_page_header_footer = True
            section.first_page_header.paragraphs[0].text = first_page_header
        if footer:
            section.footer.paragraphs[0].text = footer
        if top:
            document.add_paragraph(top)
        rows = [("To", "Property Committee – 4 March 2025")]
        rows += [("Subject", f"Disposal of the {paper.site} depot"), *table]
        cover = document.add_table(rows=len(rows), cols=2)
        for row, (label, value) in zip(cover.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = label, value
        for line in paper.body():
            if line:
                document.add_paragraph(line)
        document.save(str(folder / paper.name))

    return write


def web_page(*, head: str = "", header: str = "", top: str = "", rows: tuple = ()):
    """A ModernGov-style page: `head` in <head>, `header` in the site's <header>, `top`
    in the content, `rows` as a cover table."""

    def write(folder: Path, paper: Paper) -> None:
        table = "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in rows)
        body = "".join(f"<p>{line}</p>" for line in paper.body() if line)
        html = (
            f"<html><head><title>Agenda item - Council</title>{head}</head><body>"
            f"<header>{header}</header><div class='mgContent'>"
            f"<h1>Agenda item</h1><h2>Disposal of the {paper.site} depot</h2>"
            f"{f'<p>{top}</p>' if top else ''}<table>{table}</table>{body}</div>"
            "<footer>Council offices</footer></body></html>"
        )
        (folder / paper.name).write_text(html, encoding="utf-8")

    return write


def with_sidecar(fields: dict) -> Callable[[Path, Paper], None]:
    """A paper that says nothing of its status, marked by its `<file>.json` sidecar."""

    def write(folder: Path, paper: Paper) -> None:
        text_with(before_cover=False)(folder, paper)
        (folder / f"{paper.name}.json").write_text(json.dumps(fields), encoding="utf-8")

    return write


def in_metadata_csv(folder: Path, paper: Paper) -> None:
    """A paper in a folder whose metadata.csv marks it exempt (and its neighbour not)."""
    sub = folder / "csv-marked"
    sub.mkdir(exist_ok=True)
    text_with(before_cover=False)(sub, paper)
    neighbour = Paper("neighbour.txt", "", "Neighbourhood", text_with())
    neighbour.write(sub, neighbour)
    (sub / "metadata.csv").write_text(
        f"file,classification,committee\n{paper.name},Exempt,Property Committee\n"
        "neighbour.txt,Unrestricted,Property Committee\n",
        encoding="utf-8",
    )


SITE_NAMES = """Quenby Ravensholt Ashcombe Birchley Corrow Dunstable Elmswick Fennick Galloway
    Harrowby Ickworth Jessop Kelmarsh Lowther Marbury Netherby Orwell Penwick Quarley Rushford
    Stanwick Tolland Upwood Vennick Wetherden Yarford Zennor Allerby Brackley Catterick Dallow
    Eskdale Fulstow Grimsby Hatherop Ilsley Kettering Lambley Mowbray Nunney Pilling Quorndon
    Radwinter Saxtead Thurgarton Ufford Wansford Yelden Alconbury Buckden Chettle Diddington"""
SITES = iter(SITE_NAMES.split())


def _paper(name: str, marking: str, write: Callable[[Path, Paper], None]) -> Paper:
    return Paper(name, marking, next(SITES), write)


EXEMPT_PAPERS = [
    _paper("moderngov.txt", "ModernGov's line", text_with(MODERNGOV)),
    _paper(
        "not-for-publication.txt",
        "'not for publication by virtue of'",
        text_with(NOT_FOR_PUBLICATION),
    ),
    _paper("long-statutory.txt", "the long statutory sentence", text_with(LONG_STATUTORY)),
    _paper("confidential-item.txt", "CONFIDENTIAL ITEM", text_with("CONFIDENTIAL ITEM")),
    _paper("official-sensitive.txt", "OFFICIAL – SENSITIVE", text_with("OFFICIAL – SENSITIVE")),
    _paper("press-excluded.txt", "press and public excluded", text_with(PRESS_EXCLUDED)),
    _paper("lower-case.txt", "a marking in lower case", text_with("exempt – part 2")),
    _paper(
        "exempt-wins.txt",
        "an exempt marking beside a public one",
        text_with("Classification: Unrestricted", "NOT FOR PUBLICATION", before_cover=False),
    ),
    _paper(
        "exempt-appendix.txt",
        "Unrestricted, with exempt appendix",
        text_with("Classification: Unrestricted, with exempt appendix", before_cover=False),
    ),
    _paper(
        "unreadable.txt",
        "a classification that cannot be read",
        text_with("Classification: Draft v2", before_cover=False),
    ),
    _paper("Agenda 04th-Mar-2025 Property Committee.txt", "an agenda", agenda_text),
    _paper("bold.md", "**NOT FOR PUBLICATION**", text_with("**NOT FOR PUBLICATION**")),
    _paper("heading.md", "# EXEMPT – Part 2", text_with("# EXEMPT – Part 2")),
    _paper(
        "front-matter.md",
        "classification: exempt in front matter",
        markdown_front_matter("title: Depot disposal\nclassification: exempt"),
    ),
    _paper(
        "broken-front-matter.md",
        "front matter YAML cannot parse",
        markdown_front_matter("title: Depot: disposal: [\nclassification: exempt"),
    ),
    _paper(
        "md-table.md",
        "a Markdown cover table",
        text_with("| Classification | Exempt |", "|---|---|", before_cover=False),
    ),
    _paper("moderngov.pdf", "ModernGov's line in a PDF", pdf_with([MODERNGOV])),
    _paper(
        "drawn-last.pdf", "a PDF marking drawn after the body", pdf_with(after_body=[MODERNGOV])
    ),
    _paper(
        "wrapped.pdf",
        "the long statutory sentence wrapped over lines",
        pdf_with(
            [
                "This report is not for publication by virtue of paragraph 3 of Part 1",
                "of Schedule 12A of the Local Government Act 1972 (as amended), being",
                "information relating to the financial or business affairs of any person.",
            ]
        ),
    ),
    _paper(
        "footer.pdf",
        "a PDF marked only in later pages' footers",
        pdf_with(footer="OFFICIAL – SENSITIVE", pages=3),
    ),
    _paper(
        "Agenda frontsheet 04th-Mar-2025 Property.pdf",
        "a PDF agenda",
        pdf_with(["AGENDA", "Property Committee", PRESS_EXCLUDED]),
    ),
    _paper("stamped.pdf", "a PDF stamp annotation", pdf_stamped),
    _paper("property.pdf", "a PDF's classification property", pdf_labelled),
    _paper("scanned-cover.pdf", "a scanned cover whose marking cannot be read", pdf_scanned_cover),
    _paper(
        "split.pdf",
        "NOT FOR / PUBLICATION over two lines, odd dashes",
        pdf_with(["NOT FOR", "PUBLICATION \u2011 para. 3 of Schedule 12A"]),
    ),
    _paper("header.docx", "a Word page header", word(header="EXEMPT – Part 2")),
    _paper(
        "first-page-header.docx",
        "a Word first-page header",
        word(first_page_header="NOT FOR PUBLICATION"),
    ),
    _paper("footer.docx", "a Word footer", word(footer="OFFICIAL-SENSITIVE")),
    _paper(
        "table.docx",
        "a Word 'Classification | Exempt' table",
        word(table=(("Classification", "Exempt"),)),
    ),
    _paper("moderngov.docx", "ModernGov's line in Word", word(top=MODERNGOV)),
    _paper("labelled.docx", "a Word sensitivity label", word_labelled("OFFICIAL-SENSITIVE")),
    _paper("moderngov.html", "ModernGov's line on a web page", web_page(top=MODERNGOV)),
    _paper("header.html", "a web page's header", web_page(header="<p>CONFIDENTIAL ITEM</p>")),
    _paper(
        "meta.html",
        "<meta name=classification>",
        web_page(head='<meta name="classification" content="Exempt">'),
    ),
    _paper(
        "table.html", "a web page's cover table", web_page(rows=(("Classification", "Exempt"),))
    ),
    _paper(
        "press-excluded.html",
        "press and public excluded, on a web page",
        web_page(top=PRESS_EXCLUDED),
    ),
    _paper("sidecar.txt", "a JSON sidecar", with_sidecar({"classification": "exempt"})),
    _paper(
        "sidecar-part-ii.txt",
        "a JSON sidecar saying Part II",
        with_sidecar({"classification": "Part II"}),
    ),
    _paper("csv-row.txt", "a metadata.csv row", in_metadata_csv),
]

PUBLIC_PAPERS = [
    _paper("general.docx", "a sensitivity label saying neither", word_labelled("General")),
    _paper(
        "council-tax.txt",
        "'exempt' in running text",
        text_with(
            "Exempt from council tax while empty, the depot costs little to hold; "
            "the sale is exempt from VAT.",
            before_cover=False,
        ),
    ),
    _paper(
        "ceqa.txt",
        "a CEQA exemption",
        text_with(
            "Determine item is exempt pursuant to CEQA Guidelines Section 15060(c)(3).",
            before_cover=False,
        ),
    ),
    _paper(
        "prod.txt",
        "a form's bracketed guidance",
        text_with(
            "For publication [Do not include information which is exempt from "
            "publication under schedule 12a of the Local Government Act 1972]"
        ),
    ),
    _paper(
        "Agenda 05th-Mar-2025 Cabinet.txt",
        "an agenda's EXEMPT ITEMS heading",
        text_with(
            "AGENDA",
            "EXEMPT ITEMS (At the time of preparing the agenda there were "
            "no exempt items. During any such items which may arise the meeting "
            "is likely NOT to be open to the public)",
        ),
    ),
]


def write_papers(folder: Path, papers: list[Paper]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for paper in papers:
        paper.write(folder, paper)
    return folder


def source_of(folder: Path, paper: Paper) -> str:
    """The paper's source as the index names it."""
    sub = folder / "csv-marked" if paper.write is in_metadata_csv else folder
    return str((sub / paper.name).resolve())
