"""Reading a paper's classification marking: `exempt` or `unrestricted`, and why (pure).

Fail safe: an exempt marking anywhere a paper marks itself (its cover or first page,
a page header or footer, a cover table, front matter) wins over a public one, and a
`Classification:` the indexer cannot read is treated as exempt, because quoting a Part 2
paper in a channel is far worse than hiding a public one (which an admin sees in
`member-bot stats` and can override in a sidecar). The word "exempt" in running text
("exempt from council tax", "a CEQA exemption") is never a marking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.model import ExtractedPaper

# Part of every paper's content hash: change it when the rules below change, so the next
# run re-reads every paper instead of keeping a judgement made by older, laxer rules.
CLASSIFICATION_RULES = "3"

EXEMPT_MARKING = re.compile(
    r"(?<!un)restricted|\bexempt|\bconfidential|\bnot\s+for\s+(?:publication|publishing)|"
    r"\bpart\s*(?:2|ii|two)\b|\bprivate\b|schedule\s*12\s*a|\bofficial[\s-]*sensitive|"
    r"\b(?:press|public)\s+(?:and\s+(?:press|public)\s+)?(?:are\s+)?excluded|\bsecret\b|"
    r"\bclosed\s+(?:session|meeting)|\bnot\s+(?:open\s+)?(?:to|for)\s+(?:the\s+)?public",
    re.IGNORECASE,
)
PUBLIC_MARKING = re.compile(
    r"\bunrestricted\b|\bpublic\b|\bopen\b|\bfor\s+publication\b|\bpart\s*(?:1|i|one)\b|"
    r"\bofficial\b|\bnot\s+(?:exempt|restricted|confidential)\b",
    re.IGNORECASE,
)


def read_marking(value: str) -> str | None:
    """'exempt', 'unrestricted', or None when the marking says neither."""
    text = re.sub(r"\bnot\s+(?:exempt|restricted|confidential)\b", "public", value, flags=re.I)
    if EXEMPT_MARKING.search(text):
        return "exempt"
    if PUBLIC_MARKING.search(text):
        return "unrestricted"
    return None


def classify_marking(value: str) -> str:
    """A `Classification:` value as stored: unreadable markings count as exempt."""
    return read_marking(value) or "exempt"


# --- where a paper marks itself ---------------------------------------------------------

COVER_CHARS = 3000  # an unpaged paper's "first page": about a side of A4
EDGE_LINES = 3  # lines at the top and bottom of a later page that may be its header/footer


@dataclass(frozen=True)
class Zone:
    """Lines where a paper may carry a marking; `where` names them for an admin.

    `statutory` says whether a marking sentence (ModernGov's "By virtue of paragraph(s) 3
    of Part 1 of Schedule 12A ...") counts anywhere in the zone, or only opening a line:
    minutes quote that sentence in their exclusion resolution, which can fall at the top
    of any page.
    """

    where: str
    lines: tuple[tuple[int, str], ...]  # (line number, text)
    statutory: bool = True


@dataclass(frozen=True)
class Judgement:
    """A paper's classification and the marking that decided it (None: no marking)."""

    classification: str
    reason: str | None = None


def marking_zones(paper: ExtractedPaper) -> list[Zone]:
    """The cover or first page, every later page's edges, and the margins the extractor
    kept (front matter, Word page headers and text boxes, a web page's header/footer)."""
    zones: list[Zone] = []
    pages = paper.pages
    if paper.paged and pages:
        zones.append(Zone("cover", _numbered(pages[0].text.split("\n"))))
        for page in pages[1:]:
            lines = _numbered(page.text.split("\n"))
            filled = [item for item in lines if item[1].strip()]
            edges = filled[:EDGE_LINES] + filled[-EDGE_LINES:]
            zones.append(Zone(f"page {page.number}", tuple(edges), statutory=False))
    elif pages:
        zones.append(Zone("cover", _numbered(pages[0].text[:COVER_CHARS].split("\n"))))
    for where, text in paper.margins:
        zones.append(Zone(where, _numbered(text.split("\n"))))
    return zones


def _numbered(lines: list[str]) -> tuple[tuple[int, str], ...]:
    return tuple((number, line) for number, line in enumerate(lines, start=1))


# --- reading one line ------------------------------------------------------------------

# Template guidance a council's form leaves in: "For publication [Do not include
# information which is exempt from publication under schedule 12a ...]".
GUIDANCE = re.compile(
    r"\[\s*(?:do\s+not|don['’]t|delete|insert|include|enter|state|note|guidance|select|"
    r"choose|if\b)[^\]]{0,400}\]",
    re.IGNORECASE,
)
ODD_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2015\u2212", "-"))
DECORATION = re.compile(r"\*\*|__|`|^\s*(?:#+|>+|[-*•+]\s)\s*")

# A label whose value must be read, and an unreadable one counts as exempt.
CLASS_LABEL = (
    r"(?:(?:government\s+)?security\s+|protective\s+|document\s+|report\s+|information\s+)?"
    r"(?:classification|marking)"
)
# A label whose value counts only when it clearly says exempt or public ("For decision").
STATUS_LABEL = (
    r"(?:report\s+|publication\s+|access\s+)?status|publication|access|"
    r"sensitivity(?:\s+label)?"  # Microsoft sensitivity labels: "General" says neither
)
# A yes/no question: anything but "no" counts as exempt ("Exempt information: para 3").
QUESTION_LABEL = (
    r"(?:is\s+(?:this|the)\s+(?:report|item|paper|decision|matter)\s+)?"
    r"(?:exempt|confidential|private|not\s+for\s+publication)"
    r"(?:\s+from\s+publication)?"
    r"(?:\s+(?:information|report|item|paper|appendix|appendices|annex(?:es)?|business))?"
    r"|reasons?\s+for\s+(?:exemption|confidentiality)|exemption\s+(?:paragraph|category)"
)
LABELLED = re.compile(
    rf"^(?:(?P<cls>{CLASS_LABEL})|(?P<status>{STATUS_LABEL})|(?P<question>{QUESTION_LABEL}))"
    r"\s*\??\s*(?::|\t|\s[-–—]\s|\?)\s*(?P<value>.*)$",
    re.IGNORECASE,
)
ANY_LABEL = re.compile(r"^[A-Za-z][\w ]{0,30}(?::|\t)\s*(?P<value>\S.*)$")
NO = re.compile(r"^(?:no|none|nil|n/?a|not\s+applicable|[-–—])\b\W*$", re.IGNORECASE)

# A line that is itself a marking ("EXEMPT – Part 2", "CONFIDENTIAL ITEM", "Private").
_FOLLOWER = (
    r"(?:\s*$|\s*[-–—:(,/]|\s+(?:report|information|paper|appendix|annex|document|item|"
    r"part|paragraphs?|under|by\s+virtue|not|and)\b)"
)
STANDALONE = re.compile(
    rf"^(?:exempt{_FOLLOWER}"
    rf"|(?:strictly\s+|private\s+and\s+|commercially\s+|highly\s+)?confidential{_FOLLOWER}"
    rf"|private{_FOLLOWER}|restricted{_FOLLOWER}"
    r"|part\s*(?:2|ii|two)(?:\s*$|\s*[-–—:(]\s*(?:exempt|private|confidential|not\b|"
    r"restricted|closed|paragraph|schedule|report)|\s+(?:report|paper|appendix)\b|\s*\(exempt)"
    r"|(?:top\s+)?secret\s*$|unrestricted\b[^.]{0,60}\bexempt\b"
    r"|not\s+(?:open\s+)?(?:to|for)\s+(?:the\s+)?public)",
    re.IGNORECASE,
)
# Markings that mean exempt wherever they stand in a line.
ANYWHERE = re.compile(
    r"\bnot\s+for\s+(?:publication|publishing|public\s+(?:inspection|release|circulation))\b|"
    r"\bofficial\s*[-–—:]?\s*sensitive\b",
    re.IGNORECASE,
)
# The statute's own words, which a long marking sentence wraps over lines.
_PARAGRAPHS = r"para(?:graph)?s?\.?\s*(?:\(s\))?\s*[\d\s,&]*\d(?:\s*(?:and|or)\s*\d)*"
STATUTORY = re.compile(
    rf"\b{_PARAGRAPHS}\s*(?:of\s+part\s*(?:1|i|one)\s*)?of\s+schedule\s*12\s*a\b|"
    r"\b(?:the\s+)?(?:press|public)(?:\s+and\s+(?:the\s+)?(?:press|public))?\s+"
    r"(?:are|is|will|may|be|being|were|should|shall)\s+(?:\w+\s+){0,3}?excluded\b|"
    r"\b(?:contains?|containing|includes?|disclosure\s+of)\s+exempt\s+information\b|"
    r"\bschedule\s*12\s*a\W{0,5}(?:part\s*(?:1|i|one)\W{0,5})?para(?:graph)?s?\.?\s*\d|"
    r"\bnot\s+for\s+publication\b",
    re.IGNORECASE,
)
STATUTORY_LINE = re.compile(rf"^by\s+virtue\s+of\s+{_PARAGRAPHS}", re.IGNORECASE)


def clean_line(line: str) -> str:
    """A line as a marking reads: no template guidance, Markdown emphasis or table rules."""
    line = GUIDANCE.sub(lambda m: " " * len(m.group()), line)
    line = DECORATION.sub("", line.translate(ODD_DASHES)).strip().strip("*_").strip()
    line = re.sub(r"\s*\|\s*", "\t", line.strip("|"))
    return line.replace("\u00a0", " ").strip()


def line_marking(line: str, next_line: str = "") -> tuple[str, str] | None:
    """(classification, what it read) when `line` is a marking on its own.

    A label with nothing after it takes the next line as its value: a cover table's
    cells often come out one per line."""
    labelled = LABELLED.match(line)
    if labelled:
        value = labelled.group("value").strip()
        said = line if value else f"{line} {next_line}".strip()
        found = _labelled_value(labelled, value or next_line.strip())
        if found and labelled.group("cls") and not read_marking(value or next_line):
            said += " (cannot be read, so counted as exempt)"
        if found:
            return found, said
    if ANYWHERE.search(line) or STANDALONE.match(line):
        return "exempt", line
    value = ANY_LABEL.match(line)  # "Subject: EXEMPT - Sale of the depot", "title: Part II"
    if value and STANDALONE.match(value.group("value")):
        return "exempt", line
    return None


def _labelled_value(labelled: re.Match, value: str) -> str | None:
    """What a labelled marking says: unreadable classifications are exempt, a status
    counts only when clear, and a yes/no question counts as exempt unless it says no."""
    if labelled.group("cls"):
        return (read_marking(value) if value else None) or "exempt"
    if labelled.group("status"):
        return read_marking(value)
    if not value:
        return None
    return "unrestricted" if NO.match(value) else "exempt"


# --- the whole paper -------------------------------------------------------------------


@dataclass(frozen=True)
class Marking:
    classification: str
    where: str
    text: str

    def reason(self) -> str:
        text = " ".join(self.text.replace("\t", " | ").split())
        return f"{self.where}: '{text if len(text) <= 80 else text[:79].rstrip() + ' …'}'"


def zone_markings(zone: Zone) -> Iterator[Marking]:
    """Every marking in one zone, line by line, then the statute's sentences across lines."""
    cleaned = [(number, clean_line(text)) for number, text in zone.lines]
    filled = [(number, text) for number, text in cleaned if text]
    for index, (number, text) in enumerate(filled):
        following = filled[index + 1][1] if index + 1 < len(filled) else ""
        found = line_marking(text, following)
        if not found and STATUTORY_LINE.match(text):
            found = ("exempt", text)
        if found:
            classification, said = found
            yield Marking(classification, _where(zone, number), said)
    if zone.statutory:
        yield from _sentences(zone, filled)


def _sentences(zone: Zone, filled: list[tuple[int, str]]) -> Iterator[Marking]:
    joined, starts = "", []
    for number, text in filled:
        starts.append((len(joined), number))
        joined += text.replace("\t", " ") + " "
    for match in STATUTORY.finditer(joined):
        start, number = max(s for s in starts if s[0] <= match.start())
        yield Marking("exempt", _where(zone, number), joined[start : match.end()])


def _where(zone: Zone, number: int) -> str:
    return f"{zone.where} line {number}"


MIN_COVER_CHARS = 20  # less than this on a PDF's first page: a picture of a cover


def judge(paper: ExtractedPaper) -> Judgement:
    """Exempt when any marking says so (the first found is the reason), or when the cover
    is a picture whose marking cannot be read; else public."""
    public: Marking | None = None
    for zone in marking_zones(paper):
        for marking in zone_markings(zone):
            if marking.classification == "exempt":
                return Judgement("exempt", marking.reason())
            public = public or marking
    if paper.paged and paper.pages and len(paper.pages[0].text.strip()) < MIN_COVER_CHARS:
        return Judgement("exempt", UNREADABLE_COVER)
    return Judgement("unrestricted", public.reason() if public else None)


UNREADABLE_COVER = "cover page 1 has no text, so its marking cannot be read (a scanned cover?)"
