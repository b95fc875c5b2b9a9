"""Each extractor on real files built in tmp_path: what text comes out, page by page."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from indexer.extract import extract, is_supported
from indexer.extract.pdf import clean_page_text
from indexer.model import ExtractionError
from indexer.segment import segment
from tests.conftest import CORPUS, REPO
from tests.pdfs import damaged_page_pdf, encrypted_pdf, text_pdf


def failure(path: Path) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    return caught.value.reason


# --- dispatcher ---------------------------------------------------------------------------


def test_suffix_is_matched_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "REPORT.TXT"
    path.write_text("1. The committee noted the report.\n")
    assert is_supported(path)
    assert extract(path).pages[0].text == "1. The committee noted the report.\n"


def test_zero_byte_and_unsupported_files_are_plain_failures(tmp_path: Path) -> None:
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04")
    assert failure(tmp_path / "empty.docx") == "empty file (0 bytes)"
    assert failure(tmp_path / "budget.xlsx") == "unsupported file type '.xlsx'"


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_pages_keep_their_numbers_and_lines(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "report.pdf",
        [
            ["1.1 The County Council is the Strategic Commissioner", "of Education Provision."],
            ["2.1 Information from the Office for National Statistics."],
        ],
    )
    paper = extract(path)
    assert paper.paged is True
    assert [p.number for p in paper.pages] == [1, 2]
    assert paper.pages[0].text.splitlines() == [
        "1.1 The County Council is the Strategic Commissioner",
        "of Education Provision.",
        "Page 1 of 2",
    ]
    assert paper.pages[1].text.splitlines()[0] == (
        "2.1 Information from the Office for National Statistics."
    )


def _needs(algorithm: str) -> None:
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography", reason="AES in pypdf needs pypdf[crypto]")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_locked_only_against_editing_is_read(tmp_path: Path, algorithm: str) -> None:
    """Councils often publish with an owner password only: anyone may open and read it."""
    _needs(algorithm)
    source = text_pdf(tmp_path / "plain.pdf", [["Recommendation: Cabinet notes the report."]])
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="council-owner", algorithm=algorithm)
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert PdfReader(locked).is_encrypted
    assert "Cabinet notes the report." in extract(locked).pages[0].text


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_pdf_needing_a_password_is_refused(tmp_path: Path, algorithm: str) -> None:
    _needs(algorithm)
    source = text_pdf(tmp_path / "plain.pdf", [["Exempt appendix: land values."]])
    locked = encrypted_pdf(source, tmp_path / "locked.pdf", algorithm=algorithm)
    assert failure(locked) == "encrypted (no password)"


def test_pdf_with_a_text_cover_and_scanned_body_counts_as_no_text_layer(tmp_path: Path) -> None:
    """Page numbers stamped on a scan are not a text layer worth indexing."""
    path = text_pdf(tmp_path / "scan.pdf", [["2"], ["3"], ["4"]], footer=False)
    assert failure(path) == "no text layer: OCR is not supported (scanned or image-only PDF)"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Error 404</body></html>", "it is a web page"),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-docx", "it is a zip or Word/Excel file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is an image"),
        (b"Minutes of the meeting held on 3 March", "the file does not start with %PDF-"),
    ],
)
def test_non_pdf_named_pdf_says_what_it_is(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    assert failure(path).startswith(f"not a PDF ({reason}")


def test_clean_page_text_fixes_ligatures_bullets_and_soft_hyphens() -> None:
    raw = "\uf0b7 ﬁnancial ofﬁcers \nthe ﬂood de\u00adfence inter\u00ad\nvention\u00a0plan  \r\n"
    assert clean_page_text(raw) == (
        "• financial officers\nthe flood defence inter-\nvention plan\n"
    )


# --- plain text and Markdown --------------------------------------------------------------


def test_text_in_windows_cp1252_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes("The council’s budget of £4.2m – agreed.\r\n".encode("cp1252"))
    paper = extract(path)
    assert paper.paged is False
    assert paper.pages[0].number is None
    assert paper.pages[0].text == "The council’s budget of £4.2m – agreed.\n"


def test_text_utf8_with_bom_loses_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("\ufeff1. Café opening hours.\n".encode())
    assert extract(path).pages[0].text == "1. Café opening hours.\n"


def test_text_saved_as_utf16_by_notepad_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_bytes("Q1. Will the council’s £2m fund reopen?\r\n".encode("utf-16"))
    assert extract(path).pages[0].text == "Q1. Will the council’s £2m fund reopen?\n"


def test_binary_file_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"\x00\x01\x02\x03binary")
    assert failure(path) == "binary file, not text"


def test_markdown_front_matter_becomes_metadata_hints(tmp_path: Path) -> None:
    path = tmp_path / "2020-01-14-minutes.md"
    path.write_text(
        "---\ntitle: Stoke Ferry Parish Council minutes\ndate: 2020-01-14\n"
        "tags: [minutes, parish]\n---\n01/20 Apologies were received from Cllr Smith.\n"
    )
    paper = extract(path)
    assert paper.front_matter == {
        "title": "Stoke Ferry Parish Council minutes",
        "date": "2020-01-14",
    }
    assert paper.pages[0].text == "01/20 Apologies were received from Cllr Smith.\n"
    assert paper.reflow is False


def test_markdown_pasted_line_by_line_asks_for_reflow(tmp_path: Path) -> None:
    path = tmp_path / "agenda.md"
    lines = [f"line {n} of a paragraph that the converter split" for n in range(30)]
    path.write_text("\n\n".join(lines) + "\n")
    assert extract(path).reflow is True


def test_markdown_with_only_front_matter_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("---\ntitle: Nothing here\n---\n\n")
    assert failure(path) == "no text in file (only front matter or white space)"


# --- HTML ---------------------------------------------------------------------------------

MODERNGOV_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Agenda item - Children's Services - Kent County Council</title>
<script>window.dataLayer = [{'page': 'minutes'}];</script>
<style>.mgContent p { margin: 0 }</style></head>
<body>
<header><a href="/">Kent County Council</a></header>
<nav><ul><li><a href="/mgListCommittees.aspx">Committees</a></li><li>Meetings</li></ul></nav>
<div id="modgov">
<h1>Agenda item</h1>
<h2>Children's Services Improvement Plan: Progress Update</h2>
<p>Minutes:</p>
<p>1.&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; Ms MacNeil introduced the report and assured
   Members that work was <strong>ongoing</strong>.</p>
<p>&nbsp;</p>
<p>2.&nbsp;&nbsp; Officers responded to questions, explaining the following:-</p>
<ol type="a"><li>the number of children in care placed in Kent;</li>
<li>taking a child into care is a difficult decision;</li></ol>
<div style="display: none">Print this page</div>
<p>3.&nbsp;&nbsp; RESOLVED that the report be noted.<br>Supporting documents:</p>
</div>
<footer>Contact us | Accessibility</footer>
</body></html>
"""


def test_html_keeps_paragraphs_and_drops_site_chrome(tmp_path: Path) -> None:
    path = tmp_path / "minutes.html"
    path.write_text(MODERNGOV_PAGE, encoding="utf-8")
    paper = extract(path)
    assert paper.paged is False
    assert paper.pages[0].number is None
    assert paper.front_matter == {"title": "Children's Services Improvement Plan: Progress Update"}
    assert paper.pages[0].text.split("\n\n") == [
        "Agenda item",
        "Children's Services Improvement Plan: Progress Update",
        "Minutes:",
        "1. Ms MacNeil introduced the report and assured Members that work was ongoing.",
        "2. Officers responded to questions, explaining the following:-",
        "a. the number of children in care placed in Kent;",
        "b. taking a child into care is a difficult decision;",
        "3. RESOLVED that the report be noted.\nSupporting documents:\n",
    ]


def test_html_title_falls_back_to_title_element_without_site_name(tmp_path: Path) -> None:
    path = tmp_path / "decision.htm"
    path.write_text(
        "<html><head><title>Decision - Highways Term Contract | Kent County Council</title>"
        "</head><body><p>The Cabinet Member agreed the contract.</p></body></html>"
    )
    assert extract(path).front_matter == {"title": "Highways Term Contract"}


def test_html_main_landmark_wins_over_sidebar(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><div class='sidebar'>Latest news: bins collected</div>"
        "<main><h1>Planning Committee minutes</h1><p>12. The application was refused.</p>"
        "</main></body></html>"
    )
    paper = extract(path)
    assert paper.front_matter == {"title": "Planning Committee minutes"}
    assert paper.pages[0].text == (
        "Planning Committee minutes\n\n12. The application was refused.\n"
    )


def test_html_empty_main_landmark_falls_back_to_the_body(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><main id='app'></main>"
        "<div><p>5. The minutes of the last meeting were agreed.</p></div></body></html>"
    )
    assert extract(path).pages[0].text == "5. The minutes of the last meeting were agreed.\n"


def test_html_layout_table_puts_minute_number_before_its_text(tmp_path: Path) -> None:
    path = tmp_path / "minutes.html"
    path.write_text(
        "<html><body><table>"
        "<tr><td>87.</td><td><h3>Budget 2025-26</h3><p>The budget was agreed.</p></td></tr>"
        "<tr><td>Councillor</td><td>Vote</td></tr>"
        "</table></body></html>"
    )
    assert extract(path).pages[0].text.split("\n\n") == [
        "87. Budget 2025-26",
        "The budget was agreed.",
        "Councillor Vote\n",
    ]


def test_html_ordered_list_numbers_follow_start_type_and_value(tmp_path: Path) -> None:
    path = tmp_path / "list.html"
    path.write_text(
        '<html><body><ol start="4"><li>four</li><li value="9">nine</li><li>ten</li></ol>'
        '<ol type="i"><li>one</li><li>two</li><li>three</li><li>four</li></ol></body></html>'
    )
    assert extract(path).pages[0].text.split("\n\n") == [
        "4. four",
        "9. nine",
        "10. ten",
        "i. one",
        "ii. two",
        "iii. three",
        "iv. four\n",
    ]


def test_html_in_windows_1252_declared_by_meta_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.html"
    path.write_bytes(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><p>The council’s reserves: £12m.</p></body></html>".encode("cp1252")
    )
    assert extract(path).pages[0].text == "The council’s reserves: £12m.\n"


def test_html_with_only_scripts_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "app.html"
    path.write_text("<html><head><script>render()</script></head><body><nav>Home</nav></body>")
    assert failure(path) == "no text in the web page (only navigation, scripts or white space)"


# --- DOCX ---------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Highways Term Maintenance Contract"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "From:"
    table.cell(0, 1).text = "Neil Baker, Cabinet Member for Highways"
    table.cell(1, 0).text = "Classification:"
    table.cell(1, 1).text = "Unrestricted"
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The contract ends in April 2026.", style="List Number")
    document.add_paragraph("Options were tested with the market.", style="List Number")
    document.add_paragraph("potholes", style="List Bullet")
    path = tmp_path / "report.docx"
    document.save(path)

    paper = extract(path)
    assert paper.paged is False
    assert paper.pages[0].number is None
    assert paper.front_matter == {"title": "Highways Term Maintenance Contract"}
    assert paper.pages[0].text.split("\n\n") == [
        "From:\tNeil Baker, Cabinet Member for Highways",
        "Classification:\tUnrestricted",
        "Introduction",
        "1.\tThe contract ends in April 2026.",
        "2.\tOptions were tested with the market.",
        "•\tpotholes\n",
    ]


def _add_council_numbering(document: docx.document.Document) -> str:
    """A two-level list as council report templates define it: '1.', then '(a)'."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
            "<w:lvlText w:val='%1.'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='lowerLetter'/>"
            "<w:lvlText w:val='(%2)'/></w:lvl>"
            "<w:lvl w:ilvl='2'><w:start w:val='1'/><w:numFmt w:val='lowerRoman'/>"
            "<w:lvlText w:val='%1.%2.%3'/><w:isLgl/></w:lvl>"
            "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    return "90"


def _numbered(document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/>"
            f"<w:numId w:val='{num_id}'/></w:numPr>"
        )
    )


def test_docx_multilevel_numbers_are_computed_as_word_shows_them(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = _add_council_numbering(document)
    _numbered(document, "Recommendations", num_id, 0)
    _numbered(document, "agree the budget;", num_id, 1)
    _numbered(document, "note the risks;", num_id, 1)
    _numbered(document, "legal numbering", num_id, 2)
    _numbered(document, "Background", num_id, 0)
    _numbered(document, "restarts at (a)", num_id, 1)
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert extract(path).pages[0].text.split("\n\n") == [
        "1.\tRecommendations",
        "(a)\tagree the budget;",
        "(b)\tnote the risks;",
        "1.2.1\tlegal numbering",
        "2.\tBackground",
        "(a)\trestarts at (a)\n",
    ]


def test_docx_tracked_insertions_are_text_and_deletions_are_not(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The fee rises to ")
    paragraph._p.append(
        parse_xml(
            f"<w:ins {nsdecls('w')} w:id='1' w:author='Officer' w:date='2025-01-01T00:00:00Z'>"
            "<w:r><w:t>£45</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f"<w:del {nsdecls('w')} w:id='2' w:author='Officer' w:date='2025-01-01T00:00:00Z'>"
            "<w:r><w:delText>£40</w:delText></w:r></w:del>"
        )
    )
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert extract(path).pages[0].text == "The fee rises to £45\n"


def test_docx_layout_table_unfolds_cells_with_their_minute_number(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "12."
    cell = table.cell(0, 1)
    cell.text = "Apologies for absence"
    cell.add_paragraph("Apologies were received from Mr Hills.")
    path = tmp_path / "minutes.docx"
    document.save(path)
    assert extract(path).pages[0].text.split("\n\n") == [
        "12. Apologies for absence",
        "Apologies were received from Mr Hills.\n",
    ]


def test_docx_broken_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    not_zip = tmp_path / "not-zip.docx"
    not_zip.write_text("This is a plain text file saved with the wrong name.")
    other_zip = tmp_path / "photos.docx"
    with zipfile.ZipFile(other_zip, "w") as package:
        package.writestr("photo-list.txt", "IMG_0001.jpg")
    cut = tmp_path / "cut.docx"
    whole = tmp_path / "whole.docx"
    document = docx.Document()
    document.add_paragraph("text " * 2000)
    document.save(whole)
    cut.write_bytes(whole.read_bytes()[:4000])
    old_word = tmp_path / "old.docx"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    locked = tmp_path / "locked.docx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le")
    )
    assert failure(not_zip) == "not a Word document (the file is not a .docx package)"
    assert failure(other_zip) == "not a Word document (a zip file without Word content)"
    assert failure(cut) == "corrupt Word document (the package is damaged; save it again from Word)"
    assert (
        failure(old_word) == "an old Word 97-2003 document renamed .docx: save it as .docx or PDF"
    )
    assert failure(locked) == "encrypted (no password)"


def test_pdf_with_a_damaged_page_names_the_page(tmp_path: Path) -> None:
    source = text_pdf(tmp_path / "source.pdf", [["1. The committee noted the report."] * 30])
    damaged = damaged_page_pdf(source, tmp_path / "damaged.pdf")
    assert failure(damaged) == "corrupt PDF (page 1 cannot be read)"


# --- every format reads like the text it carries -------------------------------------------


def seed_blocks(name: str) -> list[str]:
    """A seed paper's paragraphs: its non-blank lines, as the text file has them."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_moderngov_html_minutes_give_the_same_passages_as_the_text(tmp_path: Path) -> None:
    """The seed minutes as Kent's ModernGov site serves them: same passages as the text."""
    name = "kcc-childrens-services-improvement-plan-minutes.txt"
    body = "\n".join(
        f"<p>{escape(block).replace(' ', '&nbsp;&nbsp;&nbsp; ', 1)}</p><p>&nbsp;</p>"
        if re.match(r"^(\d+\.|[a-z]\))\s", block)
        else f"<p>{escape(block)}</p>"
        for block in seed_blocks(name)
    )
    page = tmp_path / "minutes.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Agenda item - Kent County Council</title>"
        "<script>var mgTrack = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> &gt; <a href='/mgListCommittees.aspx'>Committees</a></nav>"
        f"<div id='modgov'>{body}</div><footer>© Kent County Council</footer></body></html>",
        encoding="utf-8",
    )
    from_text = segment(extract(CORPUS / name))
    from_html = segment(extract(page))
    assert [(p.para, p.text) for p in from_html] == [(p.para, p.text) for p in from_text]


def test_word_report_gives_the_same_passages_as_the_text(tmp_path: Path) -> None:
    """The seed report as its author wrote it in Word: same passages as the text."""
    name = "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report.txt"
    document = docx.Document()
    for block in seed_blocks(name):
        document.add_paragraph(block)
    path = tmp_path / "report.docx"
    document.save(path)
    from_text = segment(extract(CORPUS / name))
    from_word = segment(extract(path))
    assert [(p.para, p.text, p.heading) for p in from_word] == [
        (p.para, p.text, p.heading) for p in from_text
    ]


def test_aes_pdf_without_crypto_library_says_what_to_install(tmp_path: Path) -> None:
    """A clean install without `cryptography` must say so, not call the PDF corrupt."""
    _needs("AES-128")
    source = text_pdf(tmp_path / "plain.pdf", [["Recommendation: Cabinet notes the report."]])
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    script = (
        "import sys\n"
        "sys.modules['cryptography'] = sys.modules['Crypto'] = None  # as if not installed\n"
        "from pathlib import Path\n"
        "from indexer.extract import extract\n"
        "from indexer.model import ExtractionError\n"
        "try:\n"
        f"    extract(Path({str(locked)!r}))\n"
        "except ExtractionError as error:\n"
        "    print(error.reason)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stdout.strip() == (
        "encrypted with AES: reading it needs the cryptography package "
        "(pip install 'pypdf[crypto]')"
    ), result.stderr


# --- properties: whatever the words, paragraphs come out as they went in -------------------

WORD = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd", "Po", "Pd", "Sc", "Sm"),
        blacklist_characters="\u00ad",
    ),
    min_size=1,
    max_size=12,
)
PARAGRAPH = st.lists(WORD, min_size=2, max_size=12).map(" ".join)
PARAGRAPHS = st.lists(PARAGRAPH, min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(paragraphs=PARAGRAPHS)
def test_html_paragraphs_round_trip(tmp_path_factory, paragraphs: list[str]) -> None:
    path = tmp_path_factory.mktemp("html") / "page.html"
    body = "".join(f"<p>\n  {escape(p)}\n</p>" for p in paragraphs)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert extract(path).pages[0].text == "\n\n".join(paragraphs) + "\n"


@settings(max_examples=25, deadline=None)
@given(paragraphs=PARAGRAPHS)
def test_docx_paragraphs_round_trip(tmp_path_factory, paragraphs: list[str]) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    path = tmp_path_factory.mktemp("docx") / "paper.docx"
    document.save(path)
    assert extract(path).pages[0].text == "\n\n".join(paragraphs) + "\n"
