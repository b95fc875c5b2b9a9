"""How a passage is cited to a member: "Cabinet, 30 January 2025, para 2(g), page 3" (pure)."""

from __future__ import annotations

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


def citation(passage: QuotedPassage) -> str:
    """Title, committee, meeting date, para and page, as a member cites them in a meeting."""
    doc = passage.document
    if doc.type == "officer_answer":  # its title already says "Officer answer …, 3 March 2025"
        parts = [doc.title or "Officer answer to a member"]
    else:
        parts = [doc.title or Path(doc.source).name]
        parts += [p for p in (doc.committee, long_date(doc.date)) if p]
    if passage.para:
        parts.append(f"para {passage.para}")
    if passage.page:
        parts.append(f"page {passage.page}")
    if doc.classification == "exempt":
        parts.append("EXEMPT — not for publication")
    return ", ".join(parts)


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
