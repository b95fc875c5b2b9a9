"""Pages -> passages faithful to the paper (pure: no I/O).

Three passes, each linear: (1) drop page furniture and tidy lines; (2) join the lines the
PDF (or a line-per-paragraph Markdown paste) wrapped back into paragraphs, rejoining
hyphenated words and carrying paragraphs over page breaks; (3) read each paragraph's
marker to keep the paper's own reference (`87.1(b)`, `2.3`, `01/20`), the nearest
heading, a list's lead-in sentence, and RESOLVED decisions as passages of their own.

Parish minutes pasted as one long line are cut at the next minute number in sequence
("205/20" after "204/20", "5.2" after "5.1") and at bullets, never at amounts or dates
("£12.50", "27.08.19"); a minute whose title runs straight into its text ("151/20
Aggressive and Abusive Behaviour The Chair read...") gets that title as its heading, the
text itself is left whole. Where a paper printed its minute numbers in a column of their
own (Northwold's "16/05/1 i)"), the numbers cannot be matched to the text, so passages stay
unnumbered unless they carry their own resolution number ("Resolved 16/05/8.1").

Minutes that number their items but not their minutes ("Chairman's Announcements (Item 2)",
then points 1., 2.) are cited by item: point 1 under item 2 is `2.1`, as a member would say
"item 2, paragraph 1"; the heading keeps "(Item 2)" so the number can be read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.furniture import strip_paged, strip_unpaged
from indexer.model import ExtractedPaper, Passage
from indexer.numbering import ROMANS, Marker, Numbering, parse_marker

# --- pass 1: lines -------------------------------------------------------------------

MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# Stars left by emphasis that does not pair up ("***a)**The entrance road***"); a bullet
# "* item" (a star before a space) and an escaped "\*" stay.
STRAY_STARS = re.compile(r"(?<![\\*])\*{1,3}(?=[^\s*])|(?<=[^\s*\\])\*{1,3}")
MD_WHOLE_EMPHASIS = re.compile(r"^\s*(\*{1,3}|_{2})\S.*\S\1\s*$")
ITEM_REF = re.compile(r"^\(\s*Item\s+\d+[A-Za-z]?\s*\)\s*$", re.IGNORECASE)
ITEM_NUMBER = re.compile(r"\(\s*Item\s+(\d+[A-Za-z]?)\s*\)\s*$", re.IGNORECASE)
ITEM_REF_TAIL = re.compile(r"\s*\(\s*Item\s+\d+[A-Za-z]?\s*\)\s*$", re.IGNORECASE)
LEADER_DOTS = re.compile(r"[._…]{5,}")
STRAY_STOP = re.compile(r"\.(?=\d{1,3}/\d{2}\s)")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\u200b\ufeff]")


@dataclass
class Line:
    text: str
    page: int | None
    blank_before: bool  # a blank line (not a page break) separates it from the previous line
    page_break: bool  # first line of a new page
    heading: bool = False  # the source marked it as a heading (Markdown # or a bold line)
    emphasis: bool = False  # the whole line is bold or italic in the source


def _lines(paper: ExtractedPaper) -> list[Line]:
    """Every non-blank line with its page, blank-line and heading flags; furniture gone."""
    if paper.paged:
        per_page = list(zip([p.number for p in paper.pages], strip_paged(paper.pages), strict=True))
    else:
        per_page = [(None, strip_unpaged("\n".join(p.text for p in paper.pages)))]
    out: list[Line] = []
    for index, (number, lines) in enumerate(per_page):
        blank = False
        first = True
        # Whole-page substitutions, once per page rather than per line (none spans a "\n").
        page_text = CONTROL.sub("", "\n".join(lines).replace("\u00a0", " ").replace("\t", " "))
        if paper.paged and ("....." in page_text or "_" in page_text or "…" in page_text):
            page_text = LEADER_DOTS.sub(" ", page_text)  # (a run of "." alone needs five)
        for text in page_text.split("\n"):
            heading = emphasis = False
            if not paper.paged:
                emphasis = MD_WHOLE_EMPHASIS.match(text) is not None
                text, heading = _markdown_line(text)
                heading = heading and not (emphasis and _bold_sentence(text))
                text = LEADER_DOTS.sub(" ", text)  # after Markdown: "\.\.\." is dots too
            text = " ".join(text.split())
            if STRAY_STOP.match(text):
                text = text[1:]  # ".99/19 To approve": a stray full stop pasted before a minute
            if not text:
                blank = True
                continue
            out.append(
                Line(text, number, blank and not first, first and index > 0, heading, emphasis)
            )
            blank = False
            first = False
    return out


def _bold_sentence(text: str) -> bool:
    """A bold line that is a list item or a sentence ("b)The 2 lights out", "I will ask at
    the next Meeting that ..."): emphasis, not a heading."""
    marker = parse_marker(text)
    if marker is not None and marker.kind in ("letter", "roman", "paren", "bullet"):
        return True
    words = [w.strip("(),:;'’?").lower() for w in text.split()]
    return len(words) > 6 and any(w in NOT_HEADING_WORDS for w in words)


def _markdown_line(text: str) -> tuple[str, bool]:
    """Markdown syntax off a line; True when the source marks it as a heading."""
    heading = False
    match = MD_HEADING.match(text)
    if match:
        text, heading = match.group(1), True
    match = MD_BOLD_LINE.match(text)
    if match and len(match.group(2)) < 90:
        text, heading = match.group(2), True
    # Each substitution only where its syntax can be (most lines have none).
    if "](" in text:
        text = MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = MD_EMPHASIS.sub(r"\2", text)
    if "*" in text:
        text = STRAY_STARS.sub("", text)
    if "\\" in text:
        text = MD_ESCAPE.sub(r"\1", text)
    if text.lstrip().startswith(">"):
        text = text.lstrip()[1:]
    return text, heading


# --- pass 2: paragraphs --------------------------------------------------------------

TERMINAL = re.compile(r"[.!?:;][\"'”’)]*$|:-$")
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
CARRIES_ON = re.compile(r"(?:[,&–-]|\b(?:and|or|of|to|the|for|by|with|in))$")
STARTS_LOWER = re.compile(r"^[a-z(]")
CLOSERS = "\"'”’)"


def _terminal(text: str) -> bool:
    """TERMINAL.search(text), without scanning the whole line: the closers ("'”’) can only
    trail a full stop, so the character before them decides."""
    if text.endswith("\n"):
        return TERMINAL.search(text) is not None
    core = text.rstrip(CLOSERS)
    return (core != "" and core[-1] in ".!?:;") or text.endswith(":-")


def _sentence_end(text: str) -> bool:
    """SENTENCE_END.search(text), likewise from the end of the line."""
    if text.endswith("\n"):
        return SENTENCE_END.search(text) is not None
    core = text.rstrip(CLOSERS)
    return core != "" and core[-1] in ".!?"


FOLLOWS_MARKER = re.compile(r"^[\"“‘'(A-Z£€$0-9]")


@dataclass
class Paragraph:
    text: str
    page: int | None
    lines: int
    short_lines: int
    heading: bool = False
    run_on: bool = False  # cut out of a pasted line that ran several minutes together
    table: bool = False  # the cells of a table's rows, read as one block


def _width(lines: list[Line]) -> int:
    """The typical full line length: what a wrapped line reaches."""
    lengths = sorted(len(line.text) for line in lines)
    if not lengths:
        return 80
    return max(20, lengths[int(len(lengths) * 0.9)])


VOCAB_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _vocabulary(lines: list[Line]) -> set[str]:
    """The paper's own words, leaving out the halves of words split at a line end."""
    words: set[str] = set()
    split_before = False
    for line in lines:
        found = [w.lower() for w in VOCAB_WORD.findall(line.text)]
        if split_before and found:
            found = found[1:]
        split_before = line.text.endswith("-")
        if split_before and found:
            found = found[:-1]
        words.update(found)
    return words


class _LazyVocabulary:
    """The paper's words, read only when a line ends in a hyphen (most papers never ask)."""

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = _vocabulary(self._lines)
        return word in self._words


def _join(left: str, right: str, vocabulary: set[str] | _LazyVocabulary) -> str:
    """Join two wrapped lines; a word split by a line-end hyphen is rejoined.

    The hyphen stays when the paper spells the word with one ("take-up", "18-25") or
    both halves are words of their own; it goes when only the joined word is a word.
    """
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if len(left) > 1 and left.endswith("-") and (left[-2].isalnum()):
        head = re.search(r"([A-Za-z]+)-$", left)
        tail = re.match(r"([a-z]+)", right)
        if head and tail:
            first, second = head.group(1).lower(), tail.group(1)
            joined = first + second
            hyphenated = f"{first}-{second}"
            if hyphenated not in vocabulary and (
                joined in vocabulary or (first not in vocabulary and second not in vocabulary)
            ):
                return left[:-1] + right
        return left + right
    return f"{left} {right}"


def _starts_paragraph(
    line: Line, marker: Marker | None, previous: Line, seen_tops: set[int] | None = None
) -> bool:
    """Whether a line inside a block opens a new paragraph because of its marker."""
    if marker is None:
        return line.heading or bool(ITEM_REF.match(line.text))
    rest = line.text[marker.end :]
    if marker.kind in ("top", "dotted", "slash"):
        if rest and not FOLLOWS_MARKER.match(rest):
            return False
        # A wrapped line can start with a number ("2.5 million", "10. "): only a finished
        # previous line, or a number alone on its line, makes it a marker.
        if not rest or _terminal(previous.text) or len(previous.text) < 60:
            return True
        # "... scheduled for May 2025" / "6. Following the debate": the next point in sequence
        return marker.kind == "top" and seen_tops is not None and int(marker.value) - 1 in seen_tops
    return True


def paragraphs(paper: ExtractedPaper) -> list[Paragraph]:
    """Join wrapped lines into paragraphs (over page breaks too)."""
    lines = _lines(paper)
    if not lines:
        return []
    width = _width(lines)
    # Papers that put blank lines between paragraphs need no guessing from punctuation.
    blank_separated = not paper.reflow and sum(ln.blank_before for ln in lines) >= 0.08 * len(lines)
    vocabulary = _LazyVocabulary(lines)
    out: list[Paragraph] = []
    current: list[Line] = []
    text = ""

    seen_tops: set[int] = set()  # point numbers that opened a paragraph

    def flush() -> None:
        if current:
            opening = parse_marker(current[0].text)
            if opening is not None and opening.kind == "top":
                seen_tops.add(int(opening.value))
            short = sum(1 for line in current if len(line.text) < width * 0.5)
            # Bold lines joined into a sentence ("I will ask at the next Meeting ...") are
            # the text of a question, not a heading.
            heading = current[0].heading and (len(current) == 1 or len(text.split()) <= 14)
            out.append(Paragraph(text, current[0].page, len(current), short, heading))

    for line in lines:
        if current:
            previous = current[-1]
            marker = parse_marker(line.text)
            boundary = (
                line.heading
                or previous.heading
                or _starts_paragraph(line, marker, previous, seen_tops)
                or ITEM_REF.match(previous.text) is not None
                or _question_head(line.text)
                or _question_head(previous.text)
                or _ends_paragraph(previous, line, width, paper.reflow, blank_separated)
            )
            if ITEM_REF.match(line.text):
                boundary = False  # "(Item 4)" belongs to the minute heading above it
            if _emphasis_runs_on(previous, line, width, paper.reflow):
                boundary = False
            if not boundary:
                text = _join(text, line.text, vocabulary)
                current.append(line)
                continue
            flush()
        current = [line]
        text = line.text
    flush()
    return out


def _emphasis_runs_on(previous: Line, line: Line, width: int, reflow: bool) -> bool:
    """A bold question pasted one line per paragraph ("**I will ask at the next Meeting if
    ... the public lights**" / "**fixed in Daar River View estate ...**"): a wrapped line
    that carries on into the next bold line, not a run of headings."""
    return (
        reflow
        and previous.emphasis
        and line.emphasis
        and len(previous.text) >= width * 0.6
        and not _terminal(previous.text)
        and parse_marker(line.text) is None
    )


def _ends_paragraph(
    previous: Line, line: Line, width: int, reflow: bool, blank_separated: bool = False
) -> bool:
    """Whether the paragraph ends between `previous` and `line`."""
    prev = previous.text
    if STARTS_LOWER.match(line.text) and not _terminal(prev):
        return False  # the sentence carries on
    if not line.blank_before and CARRIES_ON.search(prev[-8:]):  # its words are <= 4 letters
        return False  # "Question by Paul Stepto to Rory Love," continues on the next line
    if line.page_break:
        # Over a page break only a finished sentence on a short line, or before a short
        # (heading-like) line, ends the paragraph.
        return _sentence_end(prev) and (len(prev) < width * 0.8 or len(line.text) < width * 0.6)
    if line.blank_before and not reflow:
        return True
    if len(prev) < width * (0.6 if blank_separated else 0.9) and _terminal(prev):
        return True
    return len(prev) < width * 0.5 and not STARTS_LOWER.match(line.text)


# --- pass 2b: paragraph clean-up -----------------------------------------------------

INLINE_MARKER = re.compile(
    r"(?<=\s)(?:(?P<slash>\d{1,3}/\d{2})|(?P<dot_a>\d{1,2})\.(?P<dot_b>\d{1,2})|(?P<top>\d{1,2})\.)"
    r"\s+(?=[A-Z\"“‘])"
    r"|(?<=\s)(?=RESOLVED\b)"
    r"|(?<=\s)(?P<bullet>[•●▪])\s+(?=\S)"
)


class _Sequence:
    """The last minute/point numbers seen, so a number inside a pasted line is only taken
    as a marker when it is the next one in the paper's sequence ("205/20" after "204/20")."""

    def __init__(self) -> None:
        self.slash: tuple[int, str] | None = None
        self.top: int | None = None
        self.dotted: tuple[int, int] | None = None

    def see(self, text: str) -> None:
        marker = parse_marker(text)
        if marker is None:
            return
        if marker.kind == "slash" and marker.value.count("/") == 1:
            number, year = marker.value.split("/")
            self.slash = (int(number), year)
        elif marker.kind == "top":
            self.top, self.dotted = int(marker.value), None
        elif marker.kind == "dotted":
            parts = [int(p) for p in marker.value.split(".")]
            self.top, self.dotted = parts[0], (parts[0], parts[1])

    def accepts(self, match: re.Match[str]) -> bool:
        if match.group("slash"):
            number, year = match.group("slash").split("/")
            if self.slash is None:
                return True
            return year == self.slash[1] and self.slash[0] < int(number) <= self.slash[0] + 3
        if match.group("top"):
            number = int(match.group("top"))
            return number == 1 if self.top is None else number == self.top + 1
        if match.group("dot_a"):
            a, b = int(match.group("dot_a")), int(match.group("dot_b"))
            if self.top != a:
                return False
            expected = self.dotted[1] + 1 if self.dotted and self.dotted[0] == a else 1
            return b == expected
        return True  # RESOLVED


def split_inline(paras: list[Paragraph]) -> list[Paragraph]:
    """Split paragraphs where a pasted paper ran several minutes into one line."""
    sequence = _Sequence()
    out: list[Paragraph] = []
    for para in paras:
        sequence.see(para.text)
        if len(para.text) < 200:
            out.append(para)
            continue
        start = 0
        for match in INLINE_MARKER.finditer(para.text):
            # A minute number just after another ("(From Item 204/20-213/20) 204/20") is a
            # cross-reference; a point or bullet may follow its minute's short title closely.
            gap = 15 if match.group("slash") else 4
            if match.start() - start < gap or not sequence.accepts(match):
                continue
            piece = para.text[start : match.start()].strip()
            if piece:
                heading = para.heading if not start else False
                out.append(Paragraph(piece, para.page, 1, 0, heading, run_on=True))
            start = match.start()
            sequence.see(para.text[start:])
        if start == 0:
            out.append(para)
        else:
            out.append(Paragraph(para.text[start:].strip(), para.page, 1, 0, False, run_on=True))
    return out


MOVER = re.compile(r"^(?:Proposed|Seconded|Moved)\s+by\b", re.IGNORECASE)
# A recorded vote: "For (57)", "Against (0)", "Abstain (2)", "In favour: 12".
VOTE_LABEL = re.compile(
    r"^(?:For|Against|Abstain(?:ed|ing|ions?)?|In\s+favour)\s*(?:\(\s*\d{1,3}\s*\)|:?\s*\d{1,3})"
    r"\s*:?(?:\s|$)",
    re.IGNORECASE,
)
VOTE_OUTCOME = re.compile(
    r"^(?:(?:The\s+)?(?:Substantive\s+|Amended\s+)?(?:Motion|Amendment|Recommendations?)\s+"
    r"(?:was\s+|were\s+)?(?:carried|lost|agreed|defeated|fell|approved)"
    r"(?:\s+unanimously)?)\.?$",
    re.IGNORECASE,
)
NAME_TITLE = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Cllr|Councillor|Professor|Prof)\.?\s+\S"
)
HONOUR = re.compile(r"^(?:[A-Z]{2,4}|[A-Z][a-z]+)$")  # "CBE", a surname wrapped from the last page


def _is_name_list(text: str) -> bool:
    """ "Mr B Lewis, Mr D Ross": the members recorded in a vote, not a heading or a sentence."""
    pieces = [piece.strip() for piece in text.rstrip(".").split(",")]
    titled = sum(1 for piece in pieces if NAME_TITLE.match(piece))
    return titled >= 1 and all(
        NAME_TITLE.match(piece) or HONOUR.match(piece) for piece in pieces if piece
    )


def _joins_vote(last: str, text: str) -> bool:
    """Whether `text` carries on the recorded vote `last` started ("For (57)" ... "Abstain (2)
    Mr B Lewis, Mr D Ross", "Motion carried."), so the vote reads as one passage."""
    if not VOTE_LABEL.match(last) or VOTE_OUTCOME.match(last.split(". ")[-1].strip()):
        return False
    if VOTE_OUTCOME.match(text):
        return True
    if VOTE_LABEL.match(text):
        rest = VOTE_LABEL.sub("", text, count=1).strip()
        return not rest or _is_name_list(rest)
    return _is_name_list(text)


AND_RESOLVED = re.compile(r"(?:^|\b(?:and|it\s+was))\s*resolved\s*[:,-]?\s*$", re.IGNORECASE)
RESOLUTION_TEXT = re.compile(r"^(?:[\"“‘']|that\b|and\s+resolved|resolved)", re.IGNORECASE)


# "Proposed Purpose:" over the quoted amendment it labels: one passage, not a heading.
FIELD_LABEL = re.compile(r"^[A-Z][A-Za-z’' ]{2,40}:$")
QUOTES = ("“", '"', "‘", "'")
# "Proposer: Mr Mike Sole  Seconder: Mr Antony Hook", "Directorate: Adult Social Care": a
# form's one-word field and its value is text a member asks about, not a heading.
FORM_FIELD = re.compile(r"^[A-Z][a-z]{2,20}:\s+(?![A-Z][a-z]*:\s*$)\S")  # not "Chairman: Date:"
LABELLED_QUOTE = re.compile(r"^[A-Z][A-Za-z’' ]{2,40}:\s*[“\"‘']")


def merge_fragments(paras: list[Paragraph]) -> list[Paragraph]:
    """Rejoin pieces the layout split: a marker alone on its line with the text after it,
    "Proposed by / Seconded by / And Resolved:" with the resolution, a form's question
    with its one-word answer."""
    out: list[Paragraph] = []
    for para in paras:
        if out and VOTE_LABEL.match(out[-1].text):
            last = out[-1]
            if _joins_vote(last.text, para.text):
                out[-1] = Paragraph(
                    f"{last.text} {para.text}",
                    last.page,
                    last.lines + para.lines,
                    last.short_lines + para.short_lines,
                )
                continue
        if out:
            last = out[-1]
            marker = parse_marker(last.text)
            marker_only = marker is not None and not last.text[marker.end :].strip()
            joins = (
                (marker_only and marker.kind != "bullet" and not para.heading)
                or (
                    MOVER.match(last.text)
                    and len(last.text) < 160
                    and not para.heading
                    and (MOVER.match(para.text) or RESOLUTION_TEXT.match(para.text))
                )
                or (len(last.text) < 200 and not para.heading and AND_RESOLVED.search(last.text))
                or (FIELD_LABEL.match(last.text) and para.text.startswith(QUOTES))
                or (
                    last.text.endswith("?")
                    and not GENERIC_SUBHEADINGS.match(para.text)
                    and len(para.text.split()) <= 3
                    and parse_marker(para.text) is None
                )
            )
            if joins and not ITEM_REF.match(para.text):
                sep = " " if marker_only or last.text.endswith((":", "?")) else " "
                out[-1] = Paragraph(
                    last.text + sep + para.text,
                    last.page,
                    last.lines + para.lines,
                    last.short_lines + para.short_lines,
                    last.heading or (marker_only and para.heading),
                )
                continue
        out.append(para)
    return out


DIGIT = re.compile(r"\d")


def _is_cell(para: Paragraph) -> bool:
    """A table cell the PDF put on a line of its own: "By", "2025-26", "85 Year R temp places"."""
    text = para.text
    if para.heading or len(text) > 80:
        return False
    words = text.split()
    return (
        (
            len(text) <= 40
            and len(words) <= 6
            or sum(1 for word in words if DIGIT.search(word)) * 5 >= len(words) * 2
        )
        and not text.endswith((".", "!", "?", ":"))
        and parse_marker(text) is None
        and not (text.isupper() and len(text.split()) >= 2 and not DIGIT.search(text))
    )


def _has_figure(text: str) -> bool:
    """A figure a member might ask about; a phone number or e-mail address is not one."""
    return DIGIT.search(CONTACT_BITS.sub(" ", text)) is not None


def merge_table_cells(paras: list[Paragraph]) -> list[Paragraph]:
    """Runs of three or more cells, at least two of them with figures, become one passage
    per block ("By 2025-26 ... 0.3FE 85 Year R temp places ..."): the figures stay findable,
    and no cell ("25 Year R temp places") is taken for a heading or dropped as a fragment."""
    out: list[Paragraph] = []
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) >= 3 and sum(_has_figure(p.text) for p in run) >= 2:
            text = " ".join(p.text for p in run)
            lines = sum(p.lines for p in run)
            out.append(Paragraph(text, run[0].page, lines, lines, table=True))
        else:
            out.extend(run)
        run.clear()

    for para in paras:
        if _is_cell(para):
            run.append(para)
            continue
        flush()
        out.append(para)
    flush()
    return out


# --- pass 3: passages ----------------------------------------------------------------

ROMAN_ORDER = {roman: n for n, roman in enumerate(ROMANS)}

COVER_LABEL = re.compile(
    r"^(?:By|From|To|Subject|Classification|Status|Past Pathway of (?:report|Paper)|"
    r"Future Pathway of (?:report|Paper)|Electoral Divisions?|Key decision|Decision No|"
    r"Report author|Author|Contact officer|Date|Report title|Title|Meeting|Ask for|Telephone|"
    r"Email|Tel|Wards? affected|Division|Portfolio Holder|Lead officer)\s*:",
    re.IGNORECASE,
)
NOT_HEADING_WORDS = frozenset(
    [
        "is",
        "by",
        "are",
        "was",
        "were",
        "has",
        "had",
        "have",
        "will",
        "would",
        "should",
        "shall",
        "be",
        "been",
        "being",
        "can",
        "could",
        "did",
        "does",
        "do",
        "may",
        "might",
        "must",
        "noted",
        "agreed",
        "received",
        "asked",
        "advised",
        "said",
        "explained",
        "confirmed",
        "thanked",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "these",
        "there",
    ]
)
GENERIC_SUBHEADINGS = re.compile(
    r"^(?:answer|response|reply|officer response|supplementary question|"
    r"supplementary answer|statement)\s*[.:]?$",
    re.IGNORECASE,
)
RESOLVED_START = re.compile(
    r"^(?:(?:proposed|seconded|moved)\b.*?\b(?:and\s+)?resolved\b|(?:and\s+|it\s+was\s+)?"
    r"(?:resolved|agreed)\b\s*(?:that|:|-|,|to\b|unanimously))",
    re.IGNORECASE | re.DOTALL,
)
LABEL_ONLY = re.compile(
    r"^(?:minutes|agenda item|supporting documents|decision|attachments|original file)\s*:?$",
    re.IGNORECASE,
)
LEAD_IN_END = re.compile(r"(?::|:\s?-|:\s?–|- )\s*$")
LAST_SENTENCE = re.compile(r"(?:^|(?<=[.!?])\s+)(?=[A-Z])")


LEAD_IN_WORDS = frozenset(
    [
        "to",
        "that",
        "following",
        "of",
        "by",
        "for",
        "include",
        "includes",
        "including",
        "are",
        "is",
        "as",
        "agree",
        "agreed",
    ]
)


QUESTION_HEAD = re.compile(r"^(?:Question|Q)\s*\d{1,2}\s*[-–—:.]\s*\S", re.IGNORECASE)
FIELD_LINE = re.compile(
    r"^(?:Name|Committee|Meeting|Date of meeting|Submitted by)\s*:\s*[^.:]{1,80}$", re.IGNORECASE
)


def _question_head(text: str) -> bool:
    """ "Question 2 - Are records kept about decisions": a public question's own title line."""
    return len(text) < 110 and QUESTION_HEAD.match(text) is not None


def is_heading(body: str, marker: Marker | None, para: Paragraph) -> bool:
    """A short title line, not a sentence: "Social worker vacancies", "87. Cabinet Member
    Updates (Item 4)", "2. The Demographic Context"."""
    if marker is not None and marker.kind not in ("top", "dotted", "slash"):
        return False
    if marker is None and (
        VOTE_LABEL.match(body)
        or _is_name_list(body)
        or LABELLED_QUOTE.match(body)
        or FORM_FIELD.match(body)
    ):
        return False  # "For (57)", "Mr B Lewis, Mr D Ross": a recorded vote is text
    if GENERIC_SUBHEADINGS.match(body) or (_question_head(body) and para.lines <= 2):
        return True
    item_ref = body.rstrip().endswith(")") and ITEM_REF_TAIL.search(body)
    if item_ref:
        return len(body) < 260
    if para.lines > 2 or len(body) > (100 if marker else 80) or not body:
        return False
    if not (body[0].isupper() or body[0].isdigit()):
        return False
    if re.search(r"[.,;]$", body[-2:]) or body.endswith(":-"):
        return False
    words = body.split()
    if len(words) > 12 or (body.endswith(":") and len(words) > 5):
        return False
    if body.endswith(":") and words[-1].rstrip(":").lower() in LEAD_IN_WORDS:
        return False  # "Cabinet agree to:" introduces a list
    if any(w.strip("(),:;'’").lower() in NOT_HEADING_WORDS for w in words):
        return False
    return any(len(w) >= 3 for w in WORD.findall(body))


BARE_NUMBER_HEADING = re.compile(r"^(\d{1,2})\s+[A-Z][a-z]")


def _opens_section(marker: Marker | None, paras: list[Paragraph], index: int) -> bool:
    """ "7. How does the decision support..." is a heading when 7.1 comes next."""
    if marker is None or marker.kind != "top" or index + 1 >= len(paras):
        return False
    following = parse_marker(paras[index + 1].text)
    return (
        following is not None
        and following.kind == "dotted"
        and following.value.split(".")[0] == marker.value
        and len(paras[index].text) < 200
    )


def _ends_with_lead(passages: list[Passage]) -> bool:
    """Whether the last passage introduces a list ("... is asked to agree the following:")."""
    return bool(passages) and LEAD_IN_END.search(passages[-1].text) is not None


def _numbering_goes_on(
    paras: list[Paragraph], index: int, numbering: Numbering, after_lead: bool
) -> bool:
    """Whether the next numbered paragraph after an unnumbered subheading carries on the
    minute's own numbering ("(9)" after "(8)", "(o)" after "(n)", "(a)" after a lead-in).

    Only then is the subheading part of the minute; otherwise it starts a section of its own
    (a table caption, an appendix) and numbering starts afresh, so no point is cited under a
    minute it does not belong to."""
    for para in paras[index + 1 : index + 40]:
        marker = parse_marker(para.text, numbering.last_letter)
        if marker is None or marker.kind in ("bullet", "sub"):
            continue
        if marker.kind == "paren":
            return numbering.paren is not None and int(marker.value) == int(numbering.paren) + 1
        if marker.kind in ("letter", "roman"):
            last = numbering.letter if marker.kind == "letter" else numbering.roman
            first = "a" if marker.kind == "letter" else "i"
            if last is None:
                return marker.value == first and after_lead
            if marker.kind == "letter":
                return ord(marker.value) == ord(last) + 1
            return ROMAN_ORDER.get(marker.value, 0) == ROMAN_ORDER.get(last, -1) + 1
        if marker.kind == "top" and numbering.minute and numbering.point is None:
            # "281. Motions" - "Motion 1 – ..." - "1) Mr Brady": a point written unlike the
            # minute's own number; "1." could as well start a list of its own.
            return marker.value == "1" and para.text.lstrip().startswith("1)")
        if marker.kind == "top" and numbering.minute and numbering.sub_points:
            return numbering.point is not None and int(marker.value) == int(numbering.point) + 1
        return False
    return False


def _last_sentence(text: str) -> str:
    starts = [m.start() for m in LAST_SENTENCE.finditer(text)]
    return text[starts[-1] :].strip() if starts else text.strip()


CONTACT_BITS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\+?\d[\d ()-]{6,}\d")


def _is_fragment(text: str) -> bool:
    """Table cells, stray labels, bare contact details: fewer than two real words."""
    if "@" not in text and "http" not in text and "www." not in text:
        # Only a phone number can be left to blank out, and it holds no letters: the words
        # are the same with or without it, and two are enough.
        words = WORD.finditer(text)
        return next(words, None) is None or next(words, None) is None
    return len(WORD.findall(CONTACT_BITS.sub(" ", text))) < 2


SLASH_REF = re.compile(r"\d{1,3}/\d{2}\b")
RESOLUTION_REF = re.compile(r"\bResolved\s+(\d{1,3}[/\\]\d{2}[/\\]\d{1,2}(?:\.\d{1,2})?)\b")


def _leading_markers(text: str) -> tuple[int, str]:
    """How many markers a paragraph opens with, and the text after them."""
    count = 0
    marker = parse_marker(text)
    while marker is not None and marker.kind != "bullet" and count < 40:
        count += 1
        text = text[marker.end :]
        marker = parse_marker(text)
    return count, text.strip()


def _goes_back(ref: str | None, heading_number: str | None) -> bool:
    """A point numbered below its heading ("8.1" under "9 Recommendation(s)"): a typo in the
    paper, so the point stays under the heading it follows."""
    if not ref or not heading_number:
        return False
    first, second = ref.split(".")[0], heading_number.split(".")[0]
    return first.isdigit() and second.isdigit() and int(first) < int(second)


def _is_child(ref: str | None, parent: Passage) -> bool:
    """Whether point `ref` ("5.1", "3(a)") sits under the numbered heading `parent` ("5")."""
    return bool(ref and parent.para and ref.startswith((parent.para + ".", parent.para + "(")))


def _ancestors(ref: str | None) -> list[str]:
    """ "87.1" -> ["87.1", "87"]: the numbers a point may sit under."""
    if not ref:
        return []
    parts = ref.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


_TITLE_STOP_WORDS = """The It Cllr Cllrs Cllr. Councillor Councillors Agreed There This These
    All No Noted Resolved RESOLVED Mr Mrs Ms Dr We He She They Following Due As A An Some
    Several One Two Three Proposed Cheques"""
TITLE_STOPS = frozenset(_TITLE_STOP_WORDS.split())
TITLE_VERBS = NOT_HEADING_WORDS - {"by", "i", "this", "that", "these", "there"} | {
    "reported",
    "read",
    "declared",
    "presented",
}
PERSON_OR_DECISION = frozenset(
    ["Resolved", "RESOLVED", "Cllr", "Mr", "Mrs", "Ms", "Dr", "Councillor"]
)
LIST_MARK = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})[.)]")
_SMALL_WORDS = "and of the for to from on in at a an with by if any or &"
SMALL_WORDS = frozenset(_SMALL_WORDS.split())


def _capitals_title(words: list[str]) -> str | None:
    """ "ACCEPTANCE OF APOLOGIES FOR ABSENCE These were accepted": a title in capitals."""
    kept: list[str] = []
    for word in words[:16]:
        letters = [c for c in word if c.isalpha()]
        if len(letters) == 1 and len(kept) >= 2:
            break  # "PUBLIC FORUM (15 MINUTES) A representative", "CEMETERIES a. Cllr"
        if letters and not all(c.isupper() for c in letters) and word not in ("and", "&"):
            break
        if not letters and word not in ("&", "–", "-") and not word.strip("()").isdigit():
            break
        kept.append(word)
    while kept and kept[-1] in ("and", "&", "–", "-"):
        kept.pop()
    capitals = sum(1 for w in kept if any(c.isalpha() for c in w) and w not in ("and", "&"))
    if capitals < 2 or len(kept) >= len(words) or len(kept) > 14:
        return None
    return " ".join(kept).rstrip(":;,.–- ")


def _run_on_title(body: str) -> str | None:
    """The title a pasted minute starts with, where its text runs straight on:
    "Aggressive and Abusive Behaviour The Chair read the notice." -> the first three words.

    The title ends at a dash, colon, "?", a bullet, or a word that opens a sentence ("The",
    "Cllr"); a verb first ("Accounts were presented") means the minute has no title."""
    words = body.split()
    caps = _capitals_title(words)
    if caps:
        return caps
    kept: list[str] = []
    after_verb = 0
    for word in words[:16]:
        bare = word.strip("()[],;\"'“”‘’")
        if word in ("–", "-", "—") or word[0] in "•●▪" or (kept and LIST_MARK.fullmatch(word)):
            break
        if kept and bare in TITLE_STOPS and len(kept) != after_verb:
            break
        if bare.lower() in TITLE_VERBS:
            if len(kept) >= 5 and kept[-1][0].isupper():
                kept.pop()  # "... of Absence Apologies were received": the subject goes
                break
            return None
        kept.append(word)
        if word.endswith(":") and kept[0] == "To" and len(kept) <= 4 and not after_verb:
            after_verb = len(kept)  # "To Review and Approve: Standing Orders" names it after ":"
            continue
        if word.endswith((":", "?", "–")):
            break
        if word.endswith(".") and len(bare) > 3:
            content = [w for w in kept if w.lower() not in SMALL_WORDS]
            if sum(w[0].isupper() or w[0].isdigit() for w in content) * 2 <= len(content):
                return None  # a sentence, not a title
            break
    else:
        if not (body.endswith(":") and len(words) <= 10):
            return None  # no end in sight: the text runs on without a title
    rest = " ".join(words[len(kept) :])
    title = " ".join(kept).rstrip(".:–- ")
    if (
        not kept
        or len(kept) > 14
        or not title[0].isupper()
        or kept[-1].lower() in SMALL_WORDS
        or kept[-1].endswith(",")
        or kept[0].strip(".:") in PERSON_OR_DECISION
    ):
        return None  # "Ms MacNeil, Mrs Whittle ...", "RESOLVED that": a sentence, no title
    if not rest and not body.endswith(":"):
        return None  # "Reports" alone is a heading already; a lead-in line names its list
    return title


def _grow_run(run: Passage | None, heading: Passage) -> Passage:
    """Headings in a row with nothing under them become one passage, line by line: verbatim,
    joined by line breaks, nothing inserted."""
    if run is None:
        return heading
    run.text += "\n" + heading.text
    return run


def segment(paper: ExtractedPaper) -> list[Passage]:
    """Split a paper into passages: one numbered point or one block of prose each."""
    paras = paragraphs(paper)
    if not paper.paged:
        paras = split_inline(paras)
    paras = merge_fragments(paras)
    paras = merge_table_cells(paras)

    numbering = Numbering()
    passages: list[Passage] = []
    headings: list[Passage] = []  # numbered headings with no text under them yet
    heading: str | None = None
    outer_heading: str | None = None
    lead_items: str | None = None  # lead-in for (a) items and bullets
    lead_subitems: str | None = None  # lead-in for (i) items under an (a) item
    lead_points: tuple[str, str] | None = None  # (ref, lead-in) for (1) points under it
    numbered_seen = False

    in_cover = False
    last_section = -1
    heading_number: str | None = None
    section_titles: dict[str, str] = {}  # numbered headings seen: "5" -> "5. Reports"
    unnumbered_heading: str | None = None  # "Children's Services Improvement Plan"
    column_refs = False  # the paper's minute numbers sat in a column of their own
    item_number: str | None = None  # the "(Item 5)" of an unnumbered minute heading
    minute_title: str | None = None  # the numbered heading subheadings sit under
    minute_key: str | None = None  # its number, as section_titles knows it
    list_subheading = False  # the subheading sits among a list's items, not over points
    reply_after: int | None = None  # the point a "Reply" subheading answers
    unfilled: Passage | None = None  # the unnumbered heading, while nothing is under it
    empty_run: Passage | None = None  # headings in a row before it: nothing under them
    for index, para in enumerate(paras):
        markers, rest = _leading_markers(para.text)
        if markers and (not rest or markers >= 3) and SLASH_REF.match(para.text.lstrip("ivx) ")):
            # "16/05/3 16/05/4", "iv) v) 16/05/17 Election of Chairman": the numbers were
            # printed in a column beside the text, so which number goes with which minute
            # is lost; the text stands unnumbered rather than under a wrong number.
            column_refs, numbering, heading, heading_number = True, Numbering(), None, None
            if not rest:
                continue
            para = Paragraph(rest, para.page, para.lines, para.short_lines, para.heading)
        marker = parse_marker(para.text, numbering.last_letter)
        body = para.text[marker.end :].strip() if marker else para.text
        if not numbered_seen and marker is None:
            if COVER_LABEL.match(body):
                in_cover = True
                continue  # cover block: its fields are the paper's metadata, not its text
            if in_cover and len(body) < 120 and not _sentence_end(body):
                continue  # a cover field's value running on ("Sarah Hammond, Director...")
        in_cover = False
        if marker is None:
            bare = BARE_NUMBER_HEADING.match(body)
            if (
                bare
                and is_heading(body, None, para)
                and (
                    last_section == int(bare.group(1)) - 1
                    or _opens_section(Marker("top", bare.group(1), 0), paras, index)
                )
            ):
                marker = Marker("top", bare.group(1), 0)  # "9 Recommendation(s):"
        if marker is None and FIELD_LINE.match(body):
            continue  # "Committee: Licensing Committee" on a question form: metadata, not text
        if marker is None and LABEL_ONLY.match(body):
            continue  # "Minutes:", "Agenda item": web-page labels, not headings
        if marker is not None and marker.kind == "sub" and passages:
            last = passages[-1]
            last.text += (" " if last.text.endswith(":") else "; ") + body
            continue

        after_table = index > 0 and paras[index - 1].table and DIGIT.search(body) is not None
        titled = not para.table and (
            para.heading
            or (is_heading(body, marker, para) and not after_table)  # "A total of 530 places"
            or _opens_section(marker, paras, index)
        )
        if titled and item_number and marker is not None and marker.kind == "top":
            titled = False  # "1. Sue Chandler ... presented the update": a point of the item
        if (
            titled
            and marker is None
            and minute_title
            and not GENERIC_SUBHEADINGS.match(body)
            and not ITEM_NUMBER.search(para.text)
            and _numbering_goes_on(paras, index, numbering, _ends_with_lead(passages))
        ):
            # A subheading inside a numbered minute ("2025-35 Capital Programme" among the
            # budget motion's points, "Children, Young People and Education Directorate"):
            # the minute and its points keep their numbers; the subheading only names them.
            in_list = bool(passages) and (passages[-1].kind == "item" or _ends_with_lead(passages))
            if WORD.search(minute_title):
                heading = f"{minute_title} – {body.rstrip(' :')}"
            else:  # "7." alone on its line, its title on the next
                heading = minute_title = f"{minute_title} {body.rstrip(' :')}"
            list_subheading = in_list
            outer_heading = heading if not in_list else outer_heading
            if not in_list:
                lead_items = lead_subitems = None
                lead_points = None
                if minute_key is not None:
                    section_titles[minute_key] = heading  # the minute's later points too
            continue
        if (
            titled
            and marker is None
            and lead_items
            and not para.heading
            and not ITEM_NUMBER.search(para.text)
            and not GENERIC_SUBHEADINGS.match(body)
            and _numbering_goes_on(paras, index, numbering, True)
        ):
            # "Council is asked to agree the following:" - "2025-35 Capital Programme" - "(a)
            # The 10-year Capital programme": a subheading grouping the list's items; the
            # items keep the lead-in and their numbering.
            heading = body.rstrip(" :")
            continue
        if titled:
            list_subheading = False
            title = ITEM_REF_TAIL.sub("", para.text).strip()
            text = ITEM_REF_TAIL.sub("", body).strip()
            if marker is None and not GENERIC_SUBHEADINGS.match(title):
                # Two headings in a row: the first had nothing under it, so it is text
                # ("Steven Ly, Mayor Pro Tem" on an agenda's cover, "ROLL CALL").
                if unfilled is not None:
                    empty_run = _grow_run(empty_run, unfilled)
                fragment = _is_fragment(title) or ITEM_NUMBER.search(para.text)
                unfilled = None if fragment else Passage(title, None, heading, para.page, "prose")
            elif marker is not None:
                if empty_run:
                    passages.append(empty_run)
                unfilled = empty_run = None
            if (
                marker is not None
                and marker.end
                and text
                and not para.text[marker.end - 1].isspace()
            ):
                title = (
                    f"{para.text[: marker.end].strip()} {text}"  # "11.Question" -> "11. Question"
                )
            item_ref = ITEM_NUMBER.search(para.text) if marker is None else None
            item_number = item_ref.group(1) if item_ref else None
            if marker is None:
                if not GENERIC_SUBHEADINGS.match(title):
                    numbering = Numbering()  # a new unnumbered section starts afresh
                if item_number:
                    # Minutes that number items but not minutes ("Apologies (Item 2)"): the
                    # item number stands in for the minute, so point 1 under item 5 is 5.1.
                    numbering.heading(item_number)
            elif marker.kind == "top":
                numbering.heading(marker.value)
                numbered_seen = True
                last_section = int(marker.value)
            else:
                numbering.apply(marker)
                numbered_seen = True
            ref = numbering.current() if marker is not None else None
            if marker is not None:
                # A numbered heading with nothing under it is text ("25/20 To Adjourn the
                # meeting"), unless this heading is its child ("5. Reports", "5.1 ...").
                passages.extend(h for h in headings if not _is_child(ref, h))
            headings = []
            if marker is not None and text:
                parent = next(
                    (a for a in _ancestors(numbering.base())[1:] if a in section_titles), None
                )
                above = section_titles[parent] if parent else unnumbered_heading
                headings.append(Passage(text, ref, above, para.page, "numbered"))
            heading_number = numbering.base() if marker is not None else None
            if GENERIC_SUBHEADINGS.match(title) and outer_heading:
                heading = f"{outer_heading} – {title.rstrip('.:')}"
                base = numbering.base()
                reply_after = int(base) if base and base.isdigit() else None
            else:
                heading = outer_heading = title.rstrip(" :")  # "11. Planning Applications:"
                reply_after = None
            if item_number:
                heading = outer_heading = f"{heading} (Item {item_number})"
                heading_number = item_number
            if item_number or (marker is not None and marker.kind in ("top", "slash")):
                minute_title = heading  # not "1.8 Unemployment": a dotted line may be a table row
                minute_key = heading_number
            elif not GENERIC_SUBHEADINGS.match(title):
                minute_title = None
            if heading_number is not None:
                section_titles[heading_number] = heading
                unnumbered_heading = None
            elif not GENERIC_SUBHEADINGS.match(title):
                unnumbered_heading = title
            lead_items = lead_subitems = None
            lead_points = None
            continue
        pending, headings = headings, []

        kind = "prose"
        context = None
        if marker is not None:
            numbered_seen = True
            if marker.kind == "bullet":
                kind = "item"
                context = lead_subitems if numbering.letter and lead_subitems else lead_items
            else:
                numbering.apply(marker)
                if (
                    reply_after is not None
                    and marker.kind == "top"
                    and int(marker.value) == reply_after + 1
                ):
                    # "8. Question submitted by ..." after question 7's "REPLY": the reply has
                    # ended, the next question sits under the section again.
                    heading, reply_after = outer_heading, None
                if list_subheading and marker.kind not in ("letter", "roman") and minute_title:
                    heading, list_subheading = minute_title, False  # the list has ended
                ref = numbering.base()
                backwards = _goes_back(ref, heading_number)  # "8.1" under "9 Recommendations"
                if marker.kind in ("top", "dotted", "slash") and not backwards:
                    # The next point that is not its child: the heading had nothing under it.
                    # (Only whole items: a lone "3.8 Real GNP" is more likely a table row.)
                    passages.extend(
                        h
                        for h in pending
                        if "." not in (h.para or ".") and not _is_child(numbering.current(), h)
                    )
                if heading_number is not None and marker.kind in ("top", "dotted", "slash"):
                    # The point sits under the nearest numbered heading it belongs to; a new
                    # top-level point leaves the section ("3." after "2. Context"), while a
                    # dotted one from elsewhere ("14.60" of a quoted constitution) stays.
                    found = next((a for a in _ancestors(ref) if a in section_titles), None)
                    if found and not backwards:
                        heading, heading_number = section_titles[found], found
                    elif marker.kind != "dotted":
                        heading, heading_number = unnumbered_heading, None
                if (para.run_on or not paper.paged) and marker.kind in ("top", "slash"):
                    run_on_title = _run_on_title(body)
                    if run_on_title and numbering.base() == marker.value:
                        label = marker.value if marker.kind == "slash" else f"{marker.value}."
                        heading = f"{label} {run_on_title}"
                        heading_number = marker.value
                        section_titles[heading_number] = heading
                inner = parse_marker(body, numbering.last_letter)
                if inner is not None and inner.kind in ("paren", "letter", "roman"):
                    numbering.apply(inner)  # "1. (1) This report..." -> 1(1)
                    body = body[inner.end :].strip()
                if marker.kind in ("letter", "roman"):
                    kind = "item"
                    context = (
                        lead_subitems
                        if marker.kind == "roman" and numbering.letter is not None
                        else lead_items
                    )
                else:
                    kind = "numbered"
        para_ref = numbering.current()
        if column_refs and marker is None:
            title = _run_on_title(body)
            if title:
                heading = outer_heading = title
        resolution = RESOLUTION_REF.search(body) if para_ref is None else None
        if resolution:
            para_ref = resolution.group(1).replace("\\", "/")  # "Resolved 16/05/8.1 ..."
        if RESOLVED_START.match(body):
            kind = "resolved"
        if _is_fragment(body) and kind != "resolved":
            continue

        # A paren point, or a "1." list nested as one ("83.7(1)"), under the lead-in that
        # ends its parent point.
        sub_point = marker is not None and (
            marker.kind == "paren" or (marker.kind == "top" and numbering.nested)
        )
        if (
            sub_point
            and lead_points is not None
            and para_ref is not None
            and para_ref.startswith(lead_points[0] + "(")
        ):
            context = lead_points[1]  # "RESOLVED that Cabinet:" over 83.7(1), 83.7(2)
        if marker is None and VOTE_LABEL.match(body) and lead_items:
            context = lead_items  # "... the voting was as follows:" says what the vote was on
        lead = _last_sentence(body) if LEAD_IN_END.search(body) else None
        if marker is None and lead is None and passages and passages[-1].kind == "item":
            pass  # a note between a list's items does not end the list
        elif marker is None or marker.kind in ("top", "dotted", "slash", "paren"):
            lead_items, lead_subitems = lead, None
            if not sub_point:
                lead_points = (para_ref, lead) if lead and para_ref else None
        elif marker.kind == "letter":
            lead_subitems = lead
        if empty_run:
            passages.append(empty_run)
        passages.append(Passage(body, para_ref, heading, para.page, kind, context))
        unfilled = empty_run = None

    passages.extend(headings)
    if empty_run is not None and unfilled is not None:  # the paper ends on them
        empty_run = _grow_run(empty_run, unfilled)
    if empty_run and passages:
        passages.append(empty_run)
    if not passages:  # a paper that is only headings (an agenda): its headings are its text
        passages = [
            Passage(ITEM_REF_TAIL.sub("", p.text).strip(), None, None, p.page)
            for p in paras
            if not _is_fragment(p.text)
        ]
    return passages
