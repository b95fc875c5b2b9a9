"""Word .docx -> one unpaged page: paragraphs and tables in document order.

Word keeps automatic paragraph numbers ("1.1", "(a)") out of the text and draws them
from numbering definitions, yet members cite papers by those numbers, so they are
computed here the way Word shows them. Paragraph text is read from the XML rather
than python-docx's `Paragraph.text`, which skips tracked insertions.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from indexer.extract.numbering import LABEL_ONLY, to_letters, to_roman
from indexer.model import ExtractedPaper, ExtractionError, Page

ENCRYPTED = "encrypted (no password)"
OLD_WORD = "an old Word 97-2003 document renamed .docx: save it as .docx or PDF"
NOT_DOCX = "not a Word document (the file is not a .docx package)"
ZIP_NOT_DOCX = "not a Word document (a zip file without Word content)"
CORRUPT = "corrupt Word document (the package is damaged; save it again from Word)"
NO_TEXT = "no text in the Word document"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word stores a password-protected .docx as an OLE2 file holding this stream.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Titles Word or a template fills in by itself.
GENERIC_TITLES = re.compile(r"^(title|document\d*|untitled|microsoft word.*)?$", re.IGNORECASE)

W_P, W_TBL, W_SDT, W_SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
W_TR, W_TC, W_T, W_TAB = qn("w:tr"), qn("w:tc"), qn("w:t"), qn("w:tab")
W_BR, W_CR, W_NB_HYPHEN = qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
W_TXBX, W_VAL = qn("w:txbxContent"), qn("w:val")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIPPED = frozenset({W_TXBX, MC_FALLBACK})
WORD_NUMBER = re.compile(r"%([1-9])")


def extract(path: Path) -> ExtractedPaper:
    """Read a .docx into paragraphs (numbers included) plus its title as a metadata hint."""
    check_package(path)
    try:
        document = docx.Document(str(path))
        numbering = Numbering.from_document(document)
        blocks = list(body_blocks(document.element.body, numbering))
        title = (document.core_properties.title or "").strip()
        margins = word_margins(document)
    except ExtractionError:
        raise
    except (PackageNotFoundError, KeyError) as error:
        raise ExtractionError(ZIP_NOT_DOCX) from error
    except Exception as error:  # zipfile, lxml and python-docx raise many kinds on damage
        raise ExtractionError(CORRUPT) from error
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ExtractionError(NO_TEXT)
    front_matter = {"title": title} if title and not GENERIC_TITLES.match(title) else {}
    return ExtractedPaper(
        pages=[Page(number=None, text=text + "\n")],
        paged=False,
        front_matter=front_matter,
        margins=margins,
    )


MARGIN_PARTS = (("/word/header", "Word page header"), ("/word/footer", "Word page footer"))


def word_margins(document) -> list[tuple[str, str]]:
    """Text a paper is marked with outside its body, for the classification check only:
    page headers and footers ("EXEMPT" on every page) and text boxes (a stamp on the
    cover), which the body's text leaves out so they are never quoted."""
    margins: list[tuple[str, str]] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        for prefix, where in MARGIN_PARTS:
            if name.startswith(prefix) and name.endswith(".xml"):
                margins.append((where, _xml_lines(etree.fromstring(part.blob))))
        if name == "/docProps/custom.xml":
            margins.append(("Word document property", _labels(etree.fromstring(part.blob))))
    boxes = [_xml_lines(box) for box in document.element.body.iter(W_TXBX)]
    if any(boxes):
        margins.append(("Word text box", "\n".join(boxes)))
    return [(where, text) for where, text in margins if text.strip()]


LABEL_PROPERTY = re.compile(r"classification|sensitivity|MSIP_Label_.*_Name$", re.IGNORECASE)


def _labels(properties) -> str:
    """Sensitivity labels and classification properties ("OFFICIAL-SENSITIVE") as lines
    whose value counts only when it clearly says exempt or public ("General" says neither)."""
    lines = []
    for prop in properties:
        if LABEL_PROPERTY.search(prop.get("name") or ""):
            value = " ".join("".join(prop.itertext()).split())
            lines.append(f"sensitivity label: {value}")
    return "\n".join(lines)


def _xml_lines(element) -> str:
    """Every paragraph under `element` as a line; table cells joined by tabs."""
    lines = []
    for row in element.iter(W_TR):
        cells = ["".join(t.text or "" for t in cell.iter(W_T)) for cell in row.iter(W_TC)]
        lines.append("\t".join(cells))
    for paragraph in element.iter(W_P):
        lines.append("".join(t.text or "" for t in paragraph.iter(W_T)))
    return "\n".join(line for line in lines if line.strip())


def check_package(path: Path) -> None:
    """Tell the admin what the file is when it is not a .docx at all."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE2_MAGIC):
        raise ExtractionError(ENCRYPTED if ENCRYPTED_STREAM in path.read_bytes() else OLD_WORD)
    if not head.startswith(b"PK"):
        raise ExtractionError(NOT_DOCX)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ExtractionError(CORRUPT) from error
    if "[Content_Types].xml" not in names or not any(name.startswith("word/") for name in names):
        raise ExtractionError(ZIP_NOT_DOCX)


def body_blocks(container, numbering: Numbering):
    """Paragraphs and table rows of a body, cell or content control, in document order."""
    for child in container.iterchildren():
        if child.tag == W_P:
            text = paragraph_text(child, numbering)
            if text.strip():
                yield text
        elif child.tag == W_TBL:
            yield from table_blocks(child, numbering)
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from body_blocks(content, numbering)


def table_blocks(table, numbering: Numbering):
    """One paragraph per row of simple cells ("From:  Rory Love"); layout rows are unfolded.

    A row whose cells hold several paragraphs is a layout table (a minute number in one
    cell, its text in the next): its paragraphs are yielded in turn, and a cell holding
    only a number is put in front of the next cell's first paragraph.
    """
    for row in table.iterchildren(W_TR):
        cells = [list(body_blocks(cell, numbering)) for cell in row.iterchildren(W_TC)]
        cells = [cell for cell in cells if cell]
        if not cells:
            continue
        if all(len(cell) == 1 and "\n" not in cell[0] for cell in cells):
            yield "\t".join(cell[0] for cell in cells)
            continue
        label = ""
        for cell in cells:
            if len(cell) == 1 and LABEL_ONLY.match(cell[0].strip()):
                label = f"{label} {cell[0].strip()}".strip()
                continue
            first, *rest = cell
            yield f"{label} {first}".strip() if label else first
            label = ""
            yield from rest
        if label:
            yield label


def paragraph_text(paragraph, numbering: Numbering) -> str:
    """The paragraph as Word shows it: its list number, then its runs (tracked insertions too)."""
    pieces: list[str] = []
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if tag in SKIPPED:
            continue
        if tag == W_T:
            pieces.append(element.text or "")
        elif tag == W_TAB:
            pieces.append("\t")
        elif tag in (W_BR, W_CR):
            pieces.append("\n")
        elif tag == W_NB_HYPHEN:
            pieces.append("-")
        elif tag == W_P:  # a paragraph nested in a drawing or frame: its own line
            pieces.append("\n" + paragraph_text(element, numbering) + "\n")
        else:
            stack.append(iter(element))
    text = "".join(pieces).strip("\n")
    marker = numbering.marker(paragraph)
    return f"{marker}\t{text}" if marker and text.strip() else text


@dataclass
class Level:
    start: int
    fmt: str
    text: str
    legal: bool


class Numbering:
    """Word's numbering definitions plus the running counters, walked in document order.

    Lists that share an abstract definition continue each other's count, as in Word,
    unless a list restarts it with a `startOverride`.
    """

    def __init__(self, levels: dict[str, dict[int, Level]], nums: dict[str, tuple], styles):
        self.levels = levels  # abstractNumId -> ilvl -> Level
        self.nums = nums  # numId -> (abstractNumId, {ilvl: start override})
        self.styles = styles  # styleId -> (numId, ilvl) from paragraph styles
        self.counters: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()

    @classmethod
    def from_document(cls, document) -> Numbering:
        levels: dict[str, dict[int, Level]] = {}
        nums: dict[str, tuple] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.iterchildren(qn("w:abstractNum")):
                levels[abstract.get(qn("w:abstractNumId"))] = {
                    int(lvl.get(qn("w:ilvl"), "0")): _level(lvl)
                    for lvl in abstract.iterchildren(qn("w:lvl"))
                }
            for num in root.iterchildren(qn("w:num")):
                abstract_id = _val(num.find(qn("w:abstractNumId")))
                overrides = {}
                for override in num.iterchildren(qn("w:lvlOverride")):
                    start = _val(override.find(qn("w:startOverride")))
                    if start is not None and start.isdigit():
                        overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
                nums[num.get(qn("w:numId"))] = (abstract_id, overrides)
        return cls(levels, nums, _style_numbering(document))

    def marker(self, paragraph) -> str:
        """The number Word draws before `paragraph` ("" for none); advances the counters."""
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.restarted and overrides:
            self.restarted.add(num_id)
            for override_level, start in overrides.items():
                counters[override_level] = start - 1
            for deeper in [k for k in counters if k > max(overrides)]:
                del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none":
            return WORD_NUMBER.sub("", level.text).strip()

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, level)
            value = counters.get(k, shown.start)
            return _format(value, "decimal" if level.legal else shown.fmt)

        return WORD_NUMBER.sub(number, level.text).strip()

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is not None:
                num_id = _val(num_pr.find(qn("w:numId")))
                ilvl = _val(num_pr.find(qn("w:ilvl")))
                if num_id is not None:
                    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0
            style = _val(ppr.find(qn("w:pStyle")))
            if style in self.styles:
                return self.styles[style]
        return None, 0


def _val(element) -> str | None:
    return None if element is None else element.get(W_VAL)


def _level(lvl) -> Level:
    start = _val(lvl.find(qn("w:start")))
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 0,
        fmt=_val(lvl.find(qn("w:numFmt"))) or "decimal",
        text=_val(lvl.find(qn("w:lvlText"))) or "",
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (Word's "List Number", council "Para 1.1")."""
    found: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    try:
        styles_root = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return found
    for style in styles_root.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        parent = _val(style.find(qn("w:basedOn")))
        if parent:
            based_on[style_id] = parent
        ppr = style.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr.find(qn("w:numId")))
            ilvl = _val(num_pr.find(qn("w:ilvl")))
            if num_id:
                found[style_id] = (num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0)
    for style_id in list(based_on):
        seen, current = set(), style_id
        while current not in found and current in based_on and current not in seen:
            seen.add(current)
            current = based_on[current]
        if current in found and style_id not in found:
            found[style_id] = found[current]
    return found


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = to_letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
