"""Officers' answers as papers of their own, so the next member who asks is answered from them.

An answered follow-up becomes a one-passage document (source `followup:<id>`, type
`officer_answer`): the passage text is the officer's answer verbatim and its heading
the member's question, so the question's words find it and the quote shown is only
ever what the officer wrote. The member's identity is never put in the index, and an
answer about an exempt matter is published as exempt, so only exempt readers see it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime

from indexer.model import DocumentMeta, IndexedPaper, Passage
from indexer.store import replace_document
from member_bot.followups import (
    Followup,
    FollowupError,
    council_date,
    long_date,
    looks_like_user_id,
)

SOURCE_PREFIX = "followup:"
DOCUMENT_TYPE = "officer_answer"


def source_for(followup_id: int) -> str:
    """The stable natural key of a follow-up's answer paper (re-answering replaces it)."""
    return f"{SOURCE_PREFIX}{followup_id}"


def answered_on(answered_at: str) -> date:
    """The council's calendar date of an ISO timestamp (naive ones are taken as UTC)."""
    return council_date(datetime.fromisoformat(answered_at))


def paper_for_answer(followup: Followup, *, author: str | None = None) -> IndexedPaper:
    """The searchable paper for an answered follow-up (pure: no I/O).

    `author` names the officer as members should see it (default: `answered_by`, unless
    that is a bare Slack user ID, which means nothing to a reader and is left out).
    """
    if not followup.answer or not followup.answered_at:
        raise FollowupError(f"follow-up #{followup.id} has no answer to publish yet")
    day = answered_on(followup.answered_at)
    name = (author or "").strip() or followup.answered_by
    if looks_like_user_id(name):
        name = None
    meta = DocumentMeta(
        title=f"Officer answer to a member, {long_date(day)}",
        type=DOCUMENT_TYPE,
        committee=None,
        date=day.isoformat(),
        author=name,
        contact=name,
        classification="exempt" if followup.exempt else "unrestricted",
        source=source_for(followup.id),
        url=None,
    )
    passage = Passage(
        text=followup.answer,
        para=None,
        heading=followup.question,
        page=None,
        kind=DOCUMENT_TYPE,
    )
    digest = hashlib.sha256(
        "\x1f".join(
            (
                followup.question,
                followup.answer,
                meta.author or "",
                meta.date or "",
                meta.classification,
            )
        ).encode("utf-8")
    ).hexdigest()
    return IndexedPaper(meta=meta, passages=[passage], content_hash=digest, page_count=None)


def publish(conn: sqlite3.Connection, followup: Followup, *, author: str | None = None) -> int:
    """Index (or re-index) the answer; joins the caller's transaction when there is one."""
    return replace_document(conn, paper_for_answer(followup, author=author))
