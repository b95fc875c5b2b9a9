"""Block Kit for every message and view the bot shows: pure functions from data to blocks.

Built with slack_sdk's models and kept inside Slack's limits (3,000 characters in a
section, 50 blocks in a message, 2,000 in a button value, 150 in a header), so a long
passage or a long queue degrades to a shortened message instead of an API error.
Only verbatim `quote`s from the papers are shown as what the papers say.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from member_bot.answer_model import Answer, QuotedPassage
from member_bot.followups import Followup, long_date

SECTION_LIMIT = 3000
BLOCK_LIMIT = 50
VALUE_LIMIT = 2000
HEADER_LIMIT = 150
FALLBACK_LIMIT = 3000
EXEMPT_MARK = "EXEMPT — not for publication"
SEARCHING = "Searching the papers…"

# action ids: the contract between these blocks and the listeners
ASK_OFFICER = "ask_officer"
HELPFUL = "feedback_helpful"
NOT_HELPFUL = "feedback_not_helpful"
SHARE = "share_answer"
CLAIM = "followup_claim"
ANSWER = "followup_answer"
CLOSE = "followup_close"
ANSWER_MODAL = "followup_answer_modal"
ANSWER_INPUT_BLOCK = "answer_block"
ANSWER_INPUT = "answer_text"


def escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup; a paper's text must show as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def nice_date(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return long_date(date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


def is_exempt(passage: QuotedPassage) -> bool:
    return passage.document.classification == "exempt"


def citation_parts(passage: QuotedPassage) -> list[str]:
    """Title, committee, meeting date, para and page: how a member cites a paper."""
    d = passage.document
    parts = [d.title or _file_name(d.source) or "Untitled paper"]
    if d.type == "officer_answer":
        parts[0] = f"{parts[0]} (an officer's answer, not a committee paper)"
    for part in (
        d.committee,
        nice_date(d.date),
        f"para {passage.para}" if passage.para else None,
        f"page {passage.page}" if passage.page else None,
    ):
        if part:
            parts.append(part)
    return parts


def citation_text(passage: QuotedPassage) -> str:
    """The citation as plain text (stored with follow-ups, used in fallbacks)."""
    return ", ".join(citation_parts(passage))


def citation_mrkdwn(passage: QuotedPassage) -> str:
    parts = [escape(p) for p in citation_parts(passage)]
    parts[0] = f"*{parts[0]}*"
    line = " · ".join(parts)
    url = passage.document.url
    if url and url.startswith(("http://", "https://")):
        line += f" · <{url.replace('>', '%3E').replace('|', '%7C')}|Open the paper>"
    return line


def quote_mrkdwn(quote: str, limit: int = SECTION_LIMIT - 100) -> str:
    """A verbatim quote as a Slack block quote, shortened only at the end if it must be."""
    lines = escape(shorten(quote, limit)).splitlines() or [""]
    return "\n".join(f">{line}" for line in lines)


def _file_name(source: str | None) -> str | None:
    return source.replace("\\", "/").rsplit("/", 1)[-1] if source else None


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=text, emoji=True),
        action_id=action_id,
        value=value[:VALUE_LIMIT],
        style=style,
    )


def _passage_blocks(passage: QuotedPassage) -> list[Block]:
    text = quote_mrkdwn(passage.quote)
    if is_exempt(passage):
        text = f":lock: *{EXEMPT_MARK}*\n{text}"
    return [
        SectionBlock(text=MarkdownTextObject(text=text[:SECTION_LIMIT])),
        ContextBlock(elements=[MarkdownTextObject(text=citation_mrkdwn(passage)[:SECTION_LIMIT])]),
    ]


def answer_blocks(answer: Answer, *, ref: str, share: bool = False) -> list[dict]:
    """The answer message: quotes with citations, or "couldn't find" with possibly related.

    `ref` names the stored question behind the buttons; `share` adds "Share in channel"
    (for /ask's private answer; never offered when an exempt passage is shown).
    """
    blocks: list[Block] = []
    passages = answer.passages[:3]
    if answer.answered and passages:
        lead = "Here is what the papers say:" if len(passages) > 1 else "The papers say:"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lead)))
        for passage in passages:
            blocks.extend(_passage_blocks(passage))
    else:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="I couldn't find that in the papers. "
                    "An officer can answer it: press *Ask an officer*."
                )
            )
        )
        if passages:
            blocks.append(
                ContextBlock(
                    elements=[
                        MarkdownTextObject(
                            text="*Possibly related* (these passages do not answer the question):"
                        )
                    ]
                )
            )
            for passage in passages:
                blocks.extend(_passage_blocks(passage))
    buttons = [
        _button("Ask an officer", ASK_OFFICER, ref, style=None if answer.answered else "primary"),
    ]
    if answer.answered and passages:
        buttons += [_button("Helpful", HELPFUL, ref), _button("Not helpful", NOT_HELPFUL, ref)]
    if share and not any(is_exempt(p) for p in passages):
        buttons.append(_button("Share in channel", SHARE, ref))
    blocks.append(ActionsBlock(elements=buttons))
    return [b.to_dict() for b in blocks[:BLOCK_LIMIT]]


def answer_text(answer: Answer) -> str:
    """The notification and screen-reader text of an answer message."""
    passages = answer.passages[:3]
    if not (answer.answered and passages):
        return "I couldn't find that in the papers."
    first = passages[0]
    mark = f"[{EXEMPT_MARK}] " if is_exempt(first) else ""
    return shorten(f"{mark}“{first.quote}” — {citation_text(first)}", FALLBACK_LIMIT)


# --- follow-ups ------------------------------------------------------------------------


def _status_line(followup: Followup, today: date) -> str:
    due = nice_date(followup.due_date)
    if followup.status == "open":
        line = f":hourglass: *Open* · due {due}"
    elif followup.status == "claimed":
        line = f":raising_hand: *Claimed* by <@{followup.claimed_by}> · due {due}"
    elif followup.status == "answered":
        line = f":white_check_mark: *Answered* by <@{followup.answered_by}>"
    else:
        line = f":no_entry_sign: *Closed* by <@{followup.closed_by}>"
        if followup.close_reason:
            line += f" ({escape(followup.close_reason)})"
    if followup.is_overdue(today):
        line += " · :warning: *OVERDUE*"
    return line


def followup_blocks(followup: Followup, today: date) -> list[dict]:
    """The officers' message for a follow-up, redrawn as it moves on."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=f"Follow-up #{followup.id}: a member's question")),
        SectionBlock(
            text=MarkdownTextObject(
                text=shorten(
                    f"<@{followup.member_id}> asked:\n{quote_mrkdwn(followup.question, 2500)}",
                    SECTION_LIMIT,
                )
            )
        ),
    ]
    if followup.offered:
        found = "\n".join(
            f"• “{escape(shorten(p.quote, 300))}” — _{escape(p.citation)}_"
            for p in followup.offered[:3]
        )
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=shorten(f"*What the bot found:*\n{found}", SECTION_LIMIT)
                )
            )
        )
    else:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="*What the bot found:* nothing relevant."))
        )
    contacts = followup.contact_officers()
    if contacts:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=shorten(
                            "Contact officer named in the paper: " + escape("; ".join(contacts)),
                            SECTION_LIMIT,
                        )
                    )
                ]
            )
        )
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_status_line(followup, today))))
    if followup.answer:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=shorten(f"*Answer:*\n{quote_mrkdwn(followup.answer, 2800)}", SECTION_LIMIT)
                )
            )
        )
    if followup.status in ("open", "claimed"):
        value = str(followup.id)
        blocks.append(
            ActionsBlock(
                elements=[
                    _button("Claim", CLAIM, value),
                    _button("Answer", ANSWER, value, style="primary"),
                    _button("Close", CLOSE, value, style="danger"),
                ]
            )
        )
    elif followup.status == "answered":
        blocks.append(ActionsBlock(elements=[_button("Close", CLOSE, str(followup.id))]))
    return [b.to_dict() for b in blocks]


def followup_text(followup: Followup) -> str:
    return shorten(
        f"Follow-up #{followup.id} ({followup.status}): {followup.question}", FALLBACK_LIMIT
    )


def officer_answer_blocks(followup: Followup) -> list[dict]:
    """What the member receives when an officer answers."""
    who = f"<@{followup.answered_by}>" if followup.answered_by else "An officer"
    blocks = [
        SectionBlock(
            text=MarkdownTextObject(
                text=shorten(
                    f"{who} answered your question (follow-up #{followup.id}):\n"
                    f"{quote_mrkdwn(followup.question, 600)}",
                    SECTION_LIMIT,
                )
            )
        ),
        SectionBlock(
            text=MarkdownTextObject(text=shorten(escape(followup.answer or ""), SECTION_LIMIT))
        ),
        ContextBlock(elements=[MarkdownTextObject(text="An officer's answer, not a paper.")]),
    ]
    return [b.to_dict() for b in blocks]


def followup_list_blocks(followups: Sequence[Followup], today: date, *, title: str) -> list[dict]:
    """A compact list (for /followups and the officers' App Home), within 50 blocks."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*{escape(title)}*"))]
    if not followups:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="None.")]))
    shown = list(followups)[: BLOCK_LIMIT - 3]
    for f in shown:
        who = f" · <@{f.claimed_by}>" if f.claimed_by else ""
        line = (
            f"*#{f.id}* “{escape(shorten(f.question, 200))}” — <@{f.member_id}> · "
            f"{f.status}{who} · due {nice_date(f.due_date)}"
        )
        if f.is_overdue(today):
            line += " · :warning: *OVERDUE*"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if len(followups) > len(shown):
        more = len(followups) - len(shown)
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=f"…and {more} more: `member-bot followups list`")]
            )
        )
    return [b.to_dict() for b in blocks]


def answer_modal(followup: Followup) -> dict:
    """The modal an officer types the answer in."""
    view = View(
        type="modal",
        callback_id=ANSWER_MODAL,
        private_metadata=str(followup.id),
        title=PlainTextObject(text=f"Answer follow-up #{followup.id}"[:24]),
        submit=PlainTextObject(text="Send answer"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=shorten(
                        f"<@{followup.member_id}> asked:\n{quote_mrkdwn(followup.question, 2500)}",
                        SECTION_LIMIT,
                    )
                )
            ),
            InputBlock(
                block_id=ANSWER_INPUT_BLOCK,
                label=PlainTextObject(text="Your answer, as the member should read it"),
                element=PlainTextInputElement(action_id=ANSWER_INPUT, multiline=True),
                hint=PlainTextObject(
                    text="It is sent to the member and becomes searchable as an officer's answer."
                ),
            ),
        ],
    )
    return view.to_dict()


# --- App Home --------------------------------------------------------------------------


def home_view(
    *,
    questions: Sequence[tuple[str, bool, str]],
    followups: Sequence[Followup],
    officer_queue: dict[str, Sequence[Followup]] | None,
    today: date,
) -> dict:
    """App Home: the member's questions and follow-ups; officers also see the queue.

    `questions` are (question, answered, asked_at) newest first.
    """
    blocks: list[dict] = [
        HeaderBlock(text=PlainTextObject(text="Your questions")).to_dict(),
    ]
    if questions:
        lines = [
            f"• {escape(shorten(q, 150))} — "
            f"{'answered from the papers' if ok else 'not found in the papers'} "
            f"({nice_date(at)})"
            for q, ok, at in questions[:10]
        ]
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))).to_dict())
    else:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="Mention me in a channel, message me here, or use `/ask` "
                    "to ask about the committee papers."
                )
            ).to_dict()
        )
    blocks.append(HeaderBlock(text=PlainTextObject(text="Your follow-ups")).to_dict())
    if followups:
        lines = []
        for f in list(followups)[:10]:
            line = f"• *#{f.id}* {escape(shorten(f.question, 120))} — {f.status}"
            if f.status in ("open", "claimed"):
                line += f", due {nice_date(f.due_date)}"
            lines.append(line)
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))).to_dict())
    else:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text="No follow-ups yet.")]).to_dict()
        )
    if officer_queue is not None:
        blocks.append(DividerBlock().to_dict())
        blocks.append(HeaderBlock(text=PlainTextObject(text="Officers' queue")).to_dict())
        room = BLOCK_LIMIT - len(blocks)
        for title, items in officer_queue.items():
            listed = followup_list_blocks(items, today, title=f"{title} ({len(items)})")
            per_list = max(2, room // max(1, len(officer_queue)))
            blocks.extend(listed[:per_list])
    return {"type": "home", "blocks": blocks[:BLOCK_LIMIT]}
