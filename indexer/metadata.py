"""Cover-sheet parsing: title, type, committee, date, author, classification (pure).

Everything is read from the paper's own text first (the cover block of an officer's
report, the opening line of minutes), then from hints: Markdown front matter, the file
name ("Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf") and its folders
("2025-01-30", "28-Full Meeting of Limerick City and County Council"). Sidecars
override all of it elsewhere (indexer/sidecar.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from indexer.classification import judge
from indexer.dates import find_dates, first_date, iso_in
from indexer.model import DocumentMeta, ExtractedPaper

COVER_CHARS = 4000  # the cover block and opening of minutes sit well inside this

LABEL = re.compile(
    r"^\s*(?P<label>By|From|To|Subject|Classification|Status|Report title|Title|"
    r"Contact officer|Report author|Author|Decision no|Date of meeting|Meeting date|Meeting|"
    r"Date|Ask for|Report to|Committee)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
DASH_SPLIT = re.compile(r"\s+[–—-]\s+|,\s*(?=\d)|\s+Date\b|\s+on\s+\d")
MINUTES_OF = re.compile(
    r"minutes\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<body>.+?)\s+held\b",
    re.IGNORECASE | re.DOTALL,
)
MEETING_OF_HELD = re.compile(
    r"meeting\s+of\s+(?:the\s+)?(?P<body>[A-Z][\w&,' ]+?)\s+(?:held|on)\b", re.IGNORECASE
)
PARISH = re.compile(r"(?P<words>(?:[A-Za-z'’-]+\s+){1,5})parish\s+council\b", re.IGNORECASE)
_NOT_PLACE_WORDS = """minutes of the a an at annual virtual ordinary extraordinary
    draft meeting notice transparency parish council held january february march
    april may june july august september october november december agm
    pc"""
NOT_PLACE = frozenset(_NOT_PLACE_WORDS.split())
PLACE_PC = re.compile(r"^(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+PC\b")
BODY_DASH_DATE = re.compile(r"^(?P<body>[A-Z][A-Z ,&'-]{3,80}?)\s+[–—-]\s+\d")
BODY_LINE = re.compile(
    r"^\s*(?P<body>(?:[A-Z]+\s+){0,4}(?:COUNCIL|CABINET|COMMITTEE|PANEL|BOARD|COMMISSION))\s*$",
    re.M,
)
HELD_ON = re.compile(r"\b(?:held|meeting)\b", re.IGNORECASE)
FILE_TIME_BODY = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)?-[A-Za-z]{3}-\d{4}\s+\d{1,2}\.\d{2}\s+(?P<body>.+)$"
)
FOLDER_MEETING = re.compile(r"^\d{1,2}-(?P<body>.*(?:Meeting|Committee|Council|District).*)$")
MEETING_PREFIX = re.compile(
    r"^(?:(?:draft\s+)?minutes|agenda)?\s*-?\s*(?:full|monthly|special|statutory budget|annual|"
    r"ordinary|joint)?\s*meeting\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# Public notices (US boards and councils): "Notice is hereby given that the DISTRICT COUNCIL
# 001 will hold ...", "NOTICE OF SPECIAL MEETING OF THE CONDUIT FINANCING COMMITTEE MEMBERS
# OF THE ILLINOIS FINANCE AUTHORITY", "NOTICE AND AGENDA OF DISTRICT COUNCIL MEETING".
_BODY_WORD = r"(?:Council|Board|Committee|Authority|Commission|Panel)"
GIVEN_THAT = re.compile(
    r"hereby\s+given\s+that\s+(?:the\s+)?(?P<body>[A-Z][\w&'’ #-]{2,60}?)\s+will\s+hold\b",
    re.IGNORECASE,
)
_NOTICE = r"notice\s+(?:and\s+agenda\s+)?of\s+(?:a\s+|the\s+)?"
_NAMED = r"[A-Z][\w&'’\s-]{2,60}?" + _BODY_WORD
NOTICE_OF_BODY = re.compile(
    _NOTICE + r"(?:(?:special|regular|closed|annual|public)\s+)?meeting\s+of\s+(?:the\s+)?"
    r"(?P<body>" + _NAMED + r")\b(?:\s+members)?(?:\s+of\s+the\s+(?P<parent>" + _NAMED + r"))?"
    r"|" + _NOTICE + r"(?P<named>" + _NAMED + r")\s+meeting\b",
    re.IGNORECASE,
)
# "Illinois Department of Corrections" / "Advisory Board Meeting": the body on a title line.
BODY_MEETING_LINE = re.compile(
    r"^\s*(?P<body>(?:[A-Z][\w&'’-]*\s+){0,5}"
    + _BODY_WORD
    + r")\s+Meeting(?:\s+(?:Minutes|Agenda))?\s*$"
)
ORGANISATION_LINE = re.compile(r"^\s*[A-Z][\w&'’ #-]{3,60}$")
WILL_HOLD = re.compile(r"\bwill\s+hold\b(?P<span>.{0,400})", re.IGNORECASE | re.DOTALL)
ACRONYMS = {"Eqia", "Prod", "Cpp", "Jhosc", "Kcc", "Qpr", "Mtfp", "Ssa", "Pc"}


def parse_metadata(paper: ExtractedPaper, source: str) -> DocumentMeta:
    """Read a paper's metadata from its own text; `source` is its path as stored."""
    text = "\n".join(page.text for page in paper.pages)
    cover = text[:COVER_CHARS]
    path = PurePath(source)
    fields = cover_fields(cover)
    meta = DocumentMeta(source=source)
    meta.type = document_type(cover, path.name, paper.front_matter.get("title", ""))
    meta.committee = committee(meta.type, cover, fields, path, paper.front_matter.get("title", ""))
    meta.date = meeting_date(meta.type, cover, fields, path, paper.front_matter)
    meta.author = fields.get("by") or fields.get("from")
    meta.contact = contact_officer(text, fields)
    judgement = judge(paper)
    meta.classification, meta.classification_reason = judgement.classification, judgement.reason
    meta.title = title(meta, cover, fields, path, paper.front_matter)
    meta.url = original_link(cover) or paper.front_matter.get("url")
    return meta


def cover_fields(cover: str) -> dict[str, str]:
    """`Label: value` lines of a cover block; a value may run on over the next lines."""
    fields: dict[str, str] = {}
    lines = cover.split("\n")
    index = 0
    while index < len(lines):
        match = LABEL.match(lines[index])
        index += 1
        if not match:
            continue
        label = match.group("label").lower()
        parts = [match.group("value").strip()]
        # Carry on over wrapped lines until a blank-then-label, another label or a long gap.
        blanks = 0
        while index < len(lines) and not LABEL.match(lines[index]):
            line = lines[index].strip()
            if not line:
                blanks += 1
                if blanks > 2:
                    break
            elif label in ("from", "by", "subject", "to", "title", "report title"):
                if re.match(r"^(Summary|Recommendation|Introduction|\d+\.)", line):
                    break
                parts.append(("; " if blanks else " ") + line)
                blanks = 0
            else:
                break
            index += 1
        value = " ".join("".join(parts).split()).strip(" ;")
        if value and label not in fields:
            fields[label] = value
    return fields


NAME_TYPES = (
    ("decision", re.compile(r"\bprod\b|record of decision|\bdecision notice\b", re.I)),
    ("questions", re.compile(r"\bquestions?\b", re.I)),
    ("agenda", re.compile(r"\bagenda\b", re.I)),
    ("minutes", re.compile(r"\bminutes\b", re.I)),
    ("appendix", re.compile(r"^appendix\b|\beqia\b", re.I)),
)
TEXT_TYPES = (
    ("decision", re.compile(r"record of decision", re.I)),
    (
        "minutes",
        re.compile(
            r"^\W*(?:draft\W+)?minutes\b|\bminutes\s+of\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}"
            r"meeting|^\W*minutes\s+from\b",
            re.I | re.M,
        ),
    ),
    (
        "agenda",
        re.compile(r"^\s*(?:meeting\s+)?agenda\s*$|notice of (?:special )?meeting", re.I | re.M),
    ),
    (
        "questions",
        re.compile(r"question\s+by\s+|questions?\s+put\b|^\s*question\s+1\b", re.I | re.M),
    ),
    ("report", re.compile(r"^\s*(?:to|subject)\s*:", re.I | re.M)),
)


def document_type(cover: str, name: str, front_title: str = "") -> str:
    """report, minutes, agenda, decision, appendix, questions or other.

    The council's own file name is the surest sign ("Printed minutes ...", "... - PRoD"),
    then the paper's opening words, then a front-matter title."""
    for kind, pattern in NAME_TYPES:
        if pattern.search(name):
            return kind
    head = cover[:1500]
    for kind, pattern in TEXT_TYPES:
        if pattern.search(head):
            return kind
    if re.search(r"\bminutes\b|\bmeeting\b|\bAGM\b", front_title, re.I):
        return "minutes"
    if "report" in name.lower():
        return "report"
    return "other"


def _clean_body(value: str) -> str | None:
    value = re.sub(r"\s+", " ", value).strip(" .,:;–-")
    value = re.sub(
        r"^[\w ]+Council[’']s\s+(?=\w)", "", value
    )  # "Limerick ... Council's Travel SPC"
    if not value or len(value) > 90:
        return None
    if value.isupper():
        value = _title_case(value)
    return value


def _title_case(value: str) -> str:
    small = {"and", "of", "the", "for", "on", "in", "at", "to"}
    words = value.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def committee(
    kind: str, cover: str, fields: dict[str, str], path: PurePath, front_title: str = ""
) -> str | None:
    """The committee or body: the meeting a report goes to, the meeting minutes record."""
    for label in ("to", "report to", "committee", "meeting"):
        value = fields.get(label)
        if value:
            body = DASH_SPLIT.split(value)[0]
            body = re.sub(r"\b\d{1,2}(st|nd|rd|th)?\s+\w+\s+\d{4}\b.*$", "", body)
            cleaned = _clean_body(body)
            if cleaned and not re.match(r"^(all|members|the)$", cleaned, re.IGNORECASE):
                return cleaned
    match = MINUTES_OF.search(cover[:1500])
    if match:
        cleaned = _clean_body(re.sub(r"\*+", " ", match.group("body")))
        if cleaned:
            return cleaned
    match = re.search(
        r"DECISION TO BE TAKEN BY:\s*\n\s*(?P<body>[^\n]+)", cover, re.IGNORECASE
    ) or re.search(
        r"^\s*(?:meeting\s+)?agenda\s*\n(?:\s*\n)*\s*(?P<body>[A-Z][A-Za-z ,&'-]{2,60}?)\s*$",
        cover,
        re.I | re.M,
    )
    if match:
        cleaned = _clean_body(match.group("body"))
        if cleaned:
            return cleaned
    parish = parish_council(cover[:1500])
    if parish:
        return parish
    notice = public_notice_body(cover[:2500])
    if notice:
        return notice
    match = BODY_DASH_DATE.match(cover.lstrip()[:200])
    if match:
        cleaned = _clean_body(match.group("body"))
        if cleaned:
            return cleaned
    match = BODY_LINE.search("\n".join(cover.split("\n")[:12]))
    if match:
        return _clean_body(match.group("body"))
    hinted = _committee_from_path(path)
    if hinted:
        return hinted
    match = PLACE_PC.match(front_title)
    if match:
        return f"{match.group('place')} Parish Council"  # "Northwold PC AGM 2016"
    match = MEETING_OF_HELD.search(cover[:1500])
    if match:
        return _clean_body(match.group("body"))
    return None


def public_notice_body(text: str) -> str | None:
    """The board, council or authority a public notice is for (US city and state bodies)."""
    match = GIVEN_THAT.search(text)
    if match and "_" not in match.group("body"):
        return _clean_body(match.group("body"))
    match = NOTICE_OF_BODY.search(text)
    if match:
        body = _clean_body(match.group("body") or match.group("named"))
        parent = _clean_body(match.group("parent") or "")
        if body and parent:
            return f"{parent} {body}"  # "Illinois Finance Authority Conduit Financing Committee"
        if body:
            return body
    lines = [line for line in text.split("\n")[:10] if line.strip()]
    for index, line in enumerate(lines[:6]):
        match = BODY_MEETING_LINE.match(line)
        if not match:
            continue
        body = match.group("body").strip()
        above = lines[index - 1].strip() if index else ""
        if above and ORGANISATION_LINE.match(above) and not re.search(r"\d{4}", above):
            body = f"{above} {body}"  # "Lincoln Square Special Service Area #21 Commission"
        return _clean_body(body)
    return None


def parish_council(text: str) -> str | None:
    """ "Stoke Ferry Parish Council", "Northwold and Whittington Parish Council"."""
    for match in PARISH.finditer(text):
        words = match.group("words").split()
        while words and words[0].lower() in NOT_PLACE:
            words = words[1:]
        while words and words[-1].lower() in NOT_PLACE:
            words = words[:-1]
        if words:
            return _title_case(" ".join(words + ["Parish", "Council"]))
    return None


def _committee_from_path(path: PurePath) -> str | None:
    stem = path.stem
    match = FILE_TIME_BODY.search(stem)
    if match:
        return _clean_body(match.group("body"))
    parts = [p.strip() for p in stem.split(" - ")]
    if len(parts) >= 3 and re.match(r"(?i)(draft\s+)?(minutes|agenda)$", parts[0]):
        return _clean_body(re.sub(r"\s+meeting$", "", MEETING_PREFIX.sub("", parts[1]), flags=re.I))
    for folder in reversed(path.parts[:-1]):
        match = FOLDER_MEETING.match(folder)
        if match:
            return _clean_body(MEETING_PREFIX.sub("", match.group("body")))
    return None


def meeting_date(
    kind: str,
    cover: str,
    fields: dict[str, str],
    path: PurePath,
    front_matter: dict[str, str],
) -> str | None:
    """ISO date of the meeting: the one a report goes to, or the one minutes record."""
    for label in ("to", "date of meeting", "meeting date", "meeting", "date"):
        value = fields.get(label)
        if value:
            found = first_date(value)
            if found:
                return found
    held = WILL_HOLD.search(cover[:3000])
    if held:
        found = first_date(held.group("span"), numeric=False)
        if found:
            return found  # "will hold a special meeting ... on Tuesday, December 8, 2020"
    from_name = first_date(path.stem.replace("-", " "), numeric=kind == "minutes") or iso_in(
        path.stem
    )
    if kind == "agenda" and from_name:
        return from_name
    if kind in ("minutes", "agenda", "questions", "decision", "other"):
        window = cover[:1200]
        held = HELD_ON.search(window)
        found = find_dates(window[held.start() :] if held else window, numeric=False)
        if held and found:
            return found[0][1]
        if kind != "decision":
            found = find_dates(window, numeric=False)
            if found:
                return found[0][1]
    if from_name:
        return from_name
    for folder in reversed(path.parts[:-1]):
        found = iso_in(folder)
        if found:
            return found
    joined = "/".join(path.parts[-4:-1])
    found = iso_in(joined) or _ymd_folders(path)
    if found:
        return found
    value = front_matter.get("date")
    return (iso_in(value) or first_date(value)) if value else None


def _ymd_folders(path: PurePath) -> str | None:
    """Limerick-style folders: 2023/03/27-Full Meeting of ..."""
    parts = path.parts
    for index in range(len(parts) - 3):
        year, month, day = parts[index : index + 3]
        day_match = re.match(r"^(\d{1,2})-", day)
        if re.fullmatch(r"(?:19|20)\d\d", year) and re.fullmatch(r"\d\d", month) and day_match:
            try:
                return date(int(year), int(month), int(day_match.group(1))).isoformat()
            except ValueError:
                return None
    return None


CONTACT_BLOCK = re.compile(  # the look-ahead spares trying every wording at every letter
    r"(?=[calr\s])(?:contact\s+(?:officer|details)|report\s+author|author\s+contact\s+details|"
    r"lead\s+officer|^\s*author\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
PERSON = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*(?:$|[,–-])"
)


NOT_PERSON = re.compile(r"\b(Report|Author|Officer|Director|Details|Contact|Lead)\b")


def contact_officer(text: str, fields: dict[str, str]) -> str | None:
    """The officer to contact: a cover field, or the report's closing contact block."""
    for label in ("contact officer", "report author", "ask for"):
        if fields.get(label):
            return fields[label]
    lowered = text.lower()
    if "contact" not in lowered and "author" not in lowered and "lead" not in lowered:
        return None  # every CONTACT_BLOCK wording holds one of these: skip the scan
    for match in CONTACT_BLOCK.finditer(text):
        following = text[match.end() : match.end() + 400].split("\n")[:8]
        for line in following:
            line = " ".join(line.split())
            if PERSON.match(line) and not NOT_PERSON.search(line.split(",")[0]):
                return line[:100]
    return None


def original_link(cover: str) -> str | None:
    """Markdown converted from a PDF often links its original: the paper's address."""
    match = re.search(r"\[Original file\]\((https?://[^)\s]+)\)", cover[:600], re.IGNORECASE)
    return match.group(1) if match else None


def title(
    meta: DocumentMeta,
    cover: str,
    fields: dict[str, str],
    path: PurePath,
    front_matter: dict[str, str],
) -> str:
    """The paper's own title: Subject line, decision title, front matter, else the file name.

    Minutes and agendas are named the way a member refers to them, "Cabinet minutes,
    30 January 2025", not by a file name like "Printed minutes 30th-Jan-2025 10.00 Cabinet"."""
    composed = meeting_title(meta, [path.stem, front_matter.get("title", "")])
    if composed:
        return composed
    for label in ("subject", "report title", "title"):
        if fields.get(label):
            return fields[label]
    match = re.search(
        r"(?:Subject Matter / Title of Decision|EQIA Title)\s*\n\s*(?P<t>[^\n]+)", cover
    )
    if match:
        return " ".join(match.group("t").split())
    if front_matter.get("title"):
        return front_matter["title"]
    return _title_from_name(path.stem)


MEETING_KIND = re.compile(r"\b(special|extraordinary|statutory budget|annual|AGM)\b", re.I)


def meeting_title(meta: DocumentMeta, names: list[str]) -> str | None:
    """ "Wretton Parish Council minutes, 4 November 2019"; "special meeting" or "draft" kept
    when the paper's name says so, as they tell two papers of one body apart."""
    if meta.type not in ("minutes", "agenda") or not meta.committee or not meta.date:
        return None
    day = date.fromisoformat(meta.date)
    kind = meta.type
    if kind == "minutes" and any(re.match(r"\W*draft\b", name, re.I) for name in names):
        kind = "draft minutes"
    qualifier = MEETING_KIND.search(" ".join(names))
    if qualifier:
        word = qualifier.group(1)
        word = "AGM" if word.upper() == "AGM" else f"{word.lower()} meeting"
        kind = f"{word} {kind}"
    return f"{meta.committee} {kind}, {day.day} {day:%B %Y}"


def _title_from_name(stem: str) -> str:
    words = re.sub(r"[_]+", " ", stem).split()
    return " ".join(w.upper() if w.title() in ACRONYMS else w for w in words) or stem
