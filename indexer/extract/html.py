"""HTML -> one unpaged page of paragraphs (ModernGov publishes minutes as web pages).

A web page is laid out by its tags, not its line breaks: every block element (p, div,
li, tr, h1...) becomes a paragraph separated by a blank line, `<br>` a line break, and
the site's chrome (scripts, styles, navigation, headers and footers) is dropped so only
the paper's own words are indexed. lxml comes with python-docx, so it costs nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from indexer.extract.numbering import LABEL_ONLY, format_number
from indexer.model import ExtractedPaper, ExtractionError, Page

NOT_HTML = "not a web page (binary content in an .html file)"
NO_TEXT = "no text in the web page (only navigation, scripts or white space)"

# Never part of the paper: code, site chrome and form controls.
DROPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "option",
        "textarea",
        "input",
        "label",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "map",
        "dialog",
    }
)
DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
CELL_TAGS = frozenset({"td", "th"})
# The part of the page that holds the paper, best first: HTML5 landmarks, then
# ModernGov's own content containers.
CONTENT_XPATHS = (
    "//main",
    "//*[@role='main']",
    "//*[@id='modgov']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' mgContent ')]",
)
# Titles a site gives every page of a kind, which say nothing about this paper.
GENERIC_TITLES = re.compile(
    r"^(agenda item|minutes|agenda|decision|issue|document|meeting|home|untitled)\W*$",
    re.IGNORECASE,
)
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
WHITESPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u202f\u200b]+")


def extract(path: Path) -> ExtractedPaper:
    """Read an HTML file into paragraphs plus its title as a metadata hint."""
    root = parse(path.read_bytes())
    title = page_title(root)
    text = html_to_text(root)
    if not text.strip():
        raise ExtractionError(NO_TEXT)
    front_matter = {"title": title} if title else {}
    return ExtractedPaper(
        pages=[Page(number=None, text=text)],
        paged=False,
        front_matter=front_matter,
        margins=page_margins(root),
    )


MARKING_META = re.compile(r"classification|marking|status|exempt|confidential", re.IGNORECASE)


def page_margins(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """Where a web page may mark itself outside the paper's text, for the classification
    check only: `<meta name="classification">`, cover tables row by row, and the page's
    header and footer, which are dropped from the text as site chrome."""
    margins: list[tuple[str, str]] = []
    for meta in root.iter("meta"):
        name = meta.get("name") or meta.get("property") or ""
        if MARKING_META.search(name) and meta.get("content"):
            margins.append(("web page meta", f"{name}: {meta.get('content')}"))
    rows = [  # the page's text joins cells with spaces; a marking needs "label <tab> value"
        "\t".join(squash(cell.text_content()) for cell in row.iter("td", "th"))
        for row in root.iter("tr")
    ]
    if any(rows):
        margins.append(("web page table", "\n".join(row for row in rows if row.strip())))
    for tag in ("header", "footer"):
        for element in root.iter(tag):
            collector = _Paragraphs()
            collector.add(element.text or "")
            for child in element:  # the element itself is chrome, so walk() would skip it
                walk(child, collector)
            collector.end()
            text = "\n".join(collector.paragraphs)
            if text.strip():
                margins.append((f"web page {tag}", text))
    return margins


def decode(data: bytes) -> str:
    """Bytes -> str by BOM, then the page's <meta charset>, then UTF-8, then cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise ExtractionError(NOT_HTML)
    declared = CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(data: bytes) -> lxml.html.HtmlElement:
    text = XML_DECLARATION.sub("", decode(data))
    if not text.strip():
        raise ExtractionError(NO_TEXT)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(NO_TEXT) from error


def page_title(root: lxml.html.HtmlElement) -> str | None:
    """The paper's title: its first specific <h1>, else <title> without the site's name.

    ModernGov heads a minute page with a generic <h1>Agenda item</h1> and puts the
    item's name in the <h2> after it, so that <h2> is taken in that case.
    """
    content = content_root(root)
    generic_h1 = False
    for heading in content.iter("h1"):
        text = squash(heading.text_content())
        if text and not GENERIC_TITLES.match(text):
            return text
        generic_h1 = generic_h1 or bool(text)
    if generic_h1:
        for heading in content.iter("h2"):
            text = squash(heading.text_content())
            if text and not GENERIC_TITLES.match(text):
                return text
    for title in root.iter("title"):
        text = squash(title.text_content())
        parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", text) if p.strip()]
        specific = [p for p in parts if not GENERIC_TITLES.match(p)]
        if len(specific) > 1 and re.search(r"council|democracy|modern\.?gov", specific[-1], re.I):
            specific = specific[:-1]
        if specific:
            return " - ".join(specific)
    return None


def squash(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def content_root(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element that holds the paper; the whole body when the page marks none."""
    for xpath in CONTENT_XPATHS:
        found = root.xpath(xpath)
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def is_dropped(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):  # comments, processing instructions
        return True
    if element.tag.lower() in DROPPED_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or (element.get("role") or "").lower() in DROPPED_ROLES


class _Paragraphs:
    """Collects inline text into paragraphs; block boundaries end the current one."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.pieces: list[str] = []

    def add(self, text: str) -> None:
        if text:
            self.pieces.append(WHITESPACE.sub(" ", text))

    def line_break(self) -> None:
        self.pieces.append("\n")

    def cell_break(self) -> None:
        self.pieces.append("\t")

    def end(self) -> None:
        raw = "".join(self.pieces)
        self.pieces = []
        # Two <br> in a row are how many sites separate paragraphs.
        for chunk in re.split(r"\n[ \t]*\n", raw):
            lines = [" ".join(line.split()) for line in chunk.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text:
                self.paragraphs.append(text)


def html_to_text(root: lxml.html.HtmlElement) -> str:
    """The page's paragraphs, blank-line separated, with list numbers as a browser shows them.

    When the marked content area is empty (filled in by script), the whole body is read.
    """
    content = content_root(root)
    text = _paragraphs_text(content)
    body = root.find("body")
    if not text and body is not None and content is not body:
        text = _paragraphs_text(body)
    return text


def _paragraphs_text(container: etree._Element) -> str:
    collector = _Paragraphs()
    walk(container, collector)
    collector.end()
    merged: list[str] = []
    for paragraph in collector.paragraphs:
        if merged and LABEL_ONLY.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {paragraph}"
        else:
            merged.append(paragraph)
    return "\n\n".join(merged) + "\n" if merged else ""


def walk(element: etree._Element, out: _Paragraphs) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if is_dropped(element):
        out.add(element.tail or "")
        return
    block = tag in BLOCK_TAGS
    if block:
        out.end()
    if tag == "br":
        out.line_break()
    elif tag in CELL_TAGS:
        out.cell_break()
    elif tag == "li":
        out.add(list_marker(element))
    if tag == "pre":
        out.pieces.append(element.text_content())
    else:
        out.add(element.text or "")
        for child in element:
            walk(child, out)
    if block:
        out.end()
    out.add(element.tail or "")


def list_marker(item: etree._Element) -> str:
    """'3. ', 'b. ', 'iv. ' for an item of an ordered list, as a browser would number it."""
    parent = item.getparent()
    if parent is None or not isinstance(parent.tag, str) or parent.tag.lower() != "ol":
        return ""
    number = _start(parent)
    for sibling in parent:
        if not isinstance(sibling.tag, str) or sibling.tag.lower() != "li":
            continue
        value = sibling.get("value")
        if value and value.strip().lstrip("-").isdigit():
            number = int(value)
        if sibling is item:
            break
        number += 1
    return f"{format_number(number, parent.get('type') or '1')}. "


def _start(ol: etree._Element) -> int:
    start = (ol.get("start") or "1").strip()
    return int(start) if start.lstrip("-").isdigit() else 1
