"""How a passage is cited to a member: "Cabinet, 30 January 2025, para 2(g), page 3" (pure).

`format_citation` is the one citation every front end shows: the title, then the
committee and meeting date only when the title doesn't already say them (minutes are
often titled "County Council minutes, 13 February 2025"), para, page, a label for an
officer's answer, and the exempt marker.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from member_bot.answer_model import QuotedPassage


def long_date(iso: str | None) -> str | None:
    """'2025-03-03' -> '3 March 2025' (anything else is returned as it is)."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


OFFICER_ANSWER_LABEL = "an officer's answer, not a committee paper"
EXEMPT_MARK = "EXEMPT — not for publication"
# A member repeating a quote in a meeting must know when its meeting is not known: said
# plainly, never guessed (the admin can add it in a sidecar file and re-index).
UNSTATED = {
    ("committee", "date"): "committee and meeting date not stated in the paper",
    ("committee",): "committee not stated in the paper",
    ("date",): "meeting date not stated in the paper",
}


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.lower()).split())


def title_names_committee(title: str, committee: str) -> bool:
    """'Cabinet minutes' already names 'Cabinet' (case, spacing and punctuation aside)."""
    wanted = _squash(committee)
    return bool(wanted) and f" {wanted} " in f" {_squash(title)} "


def title_names_date(title: str, iso: str) -> bool:
    """The title already gives the meeting date: as ISO, '13/02/2025', or '13th February 2025'."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso in title
    if iso in title or f"{day:%d/%m/%Y}" in title or f"{day.day}/{day.month}/{day.year}" in title:
        return True
    month = f"(?:{day:%B}|{day:%b})"
    spoken = rf"\b0?{day.day}(?:st|nd|rd|th)?\s+{month}\.?,?\s+{day.year}\b"
    return re.search(spoken, title, re.IGNORECASE) is not None


def citation_parts(passage: QuotedPassage) -> list[str]:
    """The citation's parts, title first (front ends join or style them)."""
    doc = passage.document
    title = doc.title or Path(doc.source).name or "Untitled paper"
    parts = [title]
    if doc.committee and not title_names_committee(title, doc.committee):
        parts.append(doc.committee)
    if doc.date and not title_names_date(title, doc.date):
        parts.append(long_date(doc.date) or doc.date)
    if doc.type != "officer_answer":
        known = (("committee", doc.committee), ("date", doc.date))
        unstated = [name for name, value in known if not value]
        if unstated:
            parts.append(UNSTATED[tuple(unstated)])
    if passage.para:
        parts.append(f"para {passage.para}")
    if passage.page:
        parts.append(f"page {passage.page}")
    if doc.type == "officer_answer":
        parts.append(OFFICER_ANSWER_LABEL)
    if doc.classification == "exempt":
        parts.append(EXEMPT_MARK)
    return parts


def format_citation(passage: QuotedPassage) -> str:
    """The citation as one line: "Cabinet minutes, 30 January 2025, para 2(g), page 3"."""
    return ", ".join(citation_parts(passage))


def where_to_read(
    passage: QuotedPassage, *, cwd: Path | None = None, prefer_url: bool = True
) -> str:
    """The paper's published link when known, else its file (relative when that is shorter)."""
    doc = passage.document
    if doc.url and prefer_url:
        return doc.url
    source = doc.source
    if source.startswith("followup:"):
        return source
    try:
        return str(Path(source).relative_to(cwd or Path.cwd()))
    except ValueError:
        return source
