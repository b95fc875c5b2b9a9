"""Block Kit for every message and view the bot shows: pure functions from data to blocks.

Built with slack_sdk's models and kept inside Slack's limits (3,000 characters in a
section, 2,000 in a context element, 50 blocks in a message, 2,000 in a button value,
150 in a header), so a long passage or a long queue degrades to a shortened message
instead of an API error. Text is cut before it is escaped or linked, so a cut never
splits `&lt;` or a `<url|label>`. Only verbatim `quote`s are shown as what the papers say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from member_bot.answer_model import Answer, QuotedPassage
from member_bot.citation import EXEMPT_MARK, citation_parts, format_citation
from member_bot.followups import Followup, long_date

SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000  # each text element of a context block
ALSO_IN_SHOWN = 4  # other papers cited for a passage's words; a context block holds 10
BLOCK_LIMIT = 50
NOTICE_LIMIT = 350  # a notice may quote what the member typed in a filter
VALUE_LIMIT = 2000
HEADER_LIMIT = 150
FALLBACK_LIMIT = 3000
ANSWER_INPUT_MAX = 3000  # Slack's most for a plain-text input; longer answers via the CLI
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
SEARCHABLE_BLOCK = "searchable_block"
SEARCHABLE = "searchable"
WITHDRAW = "followup_withdraw"


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


def citation_text(passage: QuotedPassage) -> str:
    """The citation as plain text (stored with follow-ups, used in fallbacks)."""
    return format_citation(passage)


def safe_url(url: str | None) -> str | None:
    """A paper's link usable inside `<url|label>` (only http(s); `>` and `|` encoded)."""
    if not (url and url.startswith(("http://", "https://"))):
        return None
    return url.replace(">", "%3E").replace("|", "%7C")


LINK_LABEL = "Open the paper"


def citation_mrkdwn(passage: QuotedPassage, limit: int = CONTEXT_LIMIT) -> str:
    """Bold title · committee · date · para · page, and the link, within `limit` characters.

    The plain parts are cut first (escaping at most quintuples a character, so the
    cut allows for it) and the link is added whole, never cut through.
    """
    url = safe_url(passage.document.url)
    link = f" · <{url}|{LINK_LABEL}>" if url and len(url) < limit // 2 else ""
    plain = " · ".join(citation_parts(passage))
    room = limit - len(link) - 4  # the title's two asterisks, and slack
    while True:
        cut = shorten(plain, room)
        title, _, rest = cut.partition(" · ")
        line = f"*{escape(title)}*" + (f" · {escape(rest)}" if rest else "")
        if len(line) + len(link) <= limit:
            return line + link
        room -= max(1, len(line) + len(link) - limit)


def fit_escaped(text: str, limit: int) -> str:
    """`text` shortened (at its end) and escaped, so the escaped result fits `limit`."""
    room = limit
    while True:
        out = escape(shorten(text, room))
        if len(out) <= limit or room <= 1:
            return out if len(out) <= limit else "…"[:limit]
        room -= -(-(len(out) - limit) // 5)  # a character escapes to at most five


def lines_within(lines: Sequence[str], limit: int = SECTION_LIMIT) -> str:
    """Whole lines joined while they fit `limit`, then "…and N more" (never a cut line)."""
    kept: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        more = f"…and {len(lines) - i} more"
        if used + len(line) + 1 + len(more) + 1 > limit and i < len(lines) - 1:
            kept.append(more)
            break
        if used + len(line) + 1 > limit:
            kept.append(f"…and {len(lines) - i} more")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def split_escaped(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """`text` escaped and split into pieces of at most `limit` characters each, nothing
    left out: at line breaks or spaces where it can, never inside an `&amp;`.

    For an officer's answer, which the member must get whole, however long.
    """
    pieces: list[str] = []
    current = ""
    for token in re.split(r"(\s+)", text.strip()):
        escaped = escape(token)
        while len(escaped) > limit:  # one "word" longer than a section: cut it by characters
            if current:
                pieces.append(current)
                current = ""
            cut = token
            while len(escape(cut)) > limit:
                # each character escapes to at most 5, so this never cuts below the limit
                cut = cut[: max(1, len(cut) - max(1, (len(escape(cut)) - limit) // 5))]
            pieces.append(escape(cut))
            token = token[len(cut) :]
            escaped = escape(token)
        if len(current) + len(escaped) > limit:
            pieces.append(current)
            current = "" if token.isspace() else escaped
        else:
            current += escaped
    if current.strip():
        pieces.append(current)
    return [p.strip() for p in pieces if p.strip()] or [""]


def quote_mrkdwn(quote: str, limit: int = SECTION_LIMIT - 100) -> str:
    """A verbatim quote as a Slack block quote, shortened only at the end if it must be.

    Cut before escaping, so a cut never leaves half an `&lt;`; `limit` bounds the result.
    """
    room = limit
    while True:
        lines = escape(shorten(quote, room)).splitlines() or [""]
        out = "\n".join(f">{line}" for line in lines)
        if len(out) <= limit or room <= 1:
            return out
        room -= len(out) - limit


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=text, emoji=True),
        action_id=action_id,
        value=value[:VALUE_LIMIT],
        style=style,
    )


def _passage_blocks(passage: QuotedPassage) -> list[Block]:
    mark = f":lock: *{EXEMPT_MARK}*\n" if is_exempt(passage) else ""
    text = mark + quote_mrkdwn(passage.quote, SECTION_LIMIT - len(mark))
    others = passage.also_in
    listed = others if len(others) <= ALSO_IN_SHOWN else others[: ALSO_IN_SHOWN - 1]
    cited = [citation_mrkdwn(passage)]
    cited += ["Also in " + citation_mrkdwn(p, CONTEXT_LIMIT - len("Also in ")) for p in listed]
    if len(listed) < len(others):
        cited.append(f"…and in {len(others) - len(listed)} more papers")
    return [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ContextBlock(elements=[MarkdownTextObject(text=line) for line in cited]),
    ]


UNSURE = (
    "These passages may answer it — I'm not certain. Please check them, or press"
    " *Ask an officer* for a sure answer."
)
UNSURE_TEXT = (
    "These passages may answer it — I'm not certain; an officer can confirm (/ask-officer)."
)


def is_unsure(answer: Answer) -> bool:
    """The scorer's middle tier: passages that may answer it, offered as such, never as
    the answer, with Ask an officer first."""
    return not answer.answered and answer.tier == "medium" and bool(answer.passages)


def answer_blocks(answer: Answer, *, ref: str, share: bool = False) -> list[dict]:
    """The answer message: quotes with citations, or "couldn't find" with possibly related.

    `ref` names the stored question behind the buttons; `share` adds "Share in channel"
    (for /ask's private answer; never offered when an exempt passage is shown).
    """
    blocks: list[Block] = []
    passages = answer.passages[:3]
    if answer.notices:  # a filter that matched nothing, a request the bot can't do
        notes = [f":information_source: {fit_escaped(n, NOTICE_LIMIT)}" for n in answer.notices[:5]]
        text = lines_within(notes, CONTEXT_LIMIT)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text)]))
    if answer.answered and passages:
        lead = "Here is what the papers say:" if len(passages) > 1 else "The papers say:"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lead)))
        for passage in passages:
            blocks.extend(_passage_blocks(passage))
    elif is_unsure(answer):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=UNSURE)))
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
    if (answer.answered or is_unsure(answer)) and passages:
        buttons += [_button("Helpful", HELPFUL, ref), _button("Not helpful", NOT_HELPFUL, ref)]
    if share and not any(is_exempt(p) for p in passages):
        buttons.append(_button("Share in channel", SHARE, ref))
    blocks.append(ActionsBlock(elements=buttons))
    return [b.to_dict() for b in blocks[:BLOCK_LIMIT]]


def fit_blocks(lead: Sequence[dict], body: Sequence[dict], tail: Sequence[dict]) -> list[dict]:
    """`lead`, as much of `body` as fits Slack's 50 blocks, then `tail` (the buttons) whole."""
    room = max(0, BLOCK_LIMIT - len(lead) - len(tail))
    return [*lead, *list(body)[:room], *tail]


def split_buttons(blocks: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """An answer's blocks as (everything else, its trailing actions block)."""
    blocks = list(blocks)
    if blocks and blocks[-1].get("type") == "actions":
        return blocks[:-1], blocks[-1:]
    return blocks, []


def text_only_answer(answer: Answer, limit: int = 3900) -> str:
    """The whole answer as plain mrkdwn text: what is posted if Slack refuses the blocks,
    so the member still gets the quotes and citations rather than nothing."""
    passages = answer.passages[:3]
    if answer.answered and passages:
        lines = ["Here is what the papers say:"]
    elif is_unsure(answer):
        lines = [UNSURE_TEXT]
        lines += [fit_escaped(n, NOTICE_LIMIT) for n in answer.notices[:5]]
    else:
        lines = ["I couldn't find that in the papers; an officer can answer it (/ask-officer)."]
        lines += [fit_escaped(n, NOTICE_LIMIT) for n in answer.notices[:5]]
        if passages:
            lines.append("Possibly related (these passages do not answer the question):")
    per = (limit - 200) // max(1, len(passages)) - 10  # each quote and its citation
    for passage in passages:
        mark = f"[{EXEMPT_MARK}] " if is_exempt(passage) else ""
        cited = fit_escaped(citation_text(passage), per // 3)
        quoted = quote_mrkdwn(passage.quote, per - len(cited) - len(mark) - 3)
        lines.append(f"{mark}{quoted}\n— {cited}")
    return "\n".join(lines)


def answer_text(answer: Answer) -> str:
    """The notification and screen-reader text of an answer message."""
    passages = answer.passages[:3]
    if is_unsure(answer):
        return UNSURE_TEXT
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
            f"• “{fit_escaped(p.quote, 600)}” — _{fit_escaped(p.citation, 250)}_"
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
                        text="Contact officer named in the paper: "
                        + fit_escaped("; ".join(contacts), CONTEXT_LIMIT - 40)
                    )
                ]
            )
        )
    if followup.exempt:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f":lock: *{EXEMPT_MARK}*: asked about an exempt matter; the "
                        "answer goes to the member by DM only."
                    )
                ]
            )
        )
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_status_line(followup, today))))
    undeliverable = [e for e in followup.history if e.action == "undeliverable"]
    if undeliverable:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=fit_escaped(
                            "Slack would not deliver the answer to the member "
                            f"({undeliverable[-1].detail}); please contact them directly.",
                            CONTEXT_LIMIT,
                        )
                    )
                ]
            )
        )
    if followup.answer and followup.exempt:
        # The officers' channel is not limited to exempt readers: the answer to an exempt
        # matter may quote the exempt paper, so it stays in the member's DM only.
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="*Answer:* sent to the member by DM only (exempt matter, not shown here)."
                )
            )
        )
    elif followup.answer:
        pieces = split_escaped(followup.answer, SECTION_LIMIT - 20)
        pieces[0] = f"*Answer:*\n{pieces[0]}"
        blocks += [SectionBlock(text=MarkdownTextObject(text=p)) for p in pieces]
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
        buttons = [_button("Close", CLOSE, str(followup.id))]
        if followup.published:
            buttons.append(_button("Withdraw answer from search", WITHDRAW, str(followup.id)))
        blocks.append(ActionsBlock(elements=buttons))
    elif followup.published:
        blocks.append(
            ActionsBlock(
                elements=[_button("Withdraw answer from search", WITHDRAW, str(followup.id))]
            )
        )
    if followup.answer and not followup.published:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text="The answer is not searchable by members.")]
            )
        )
    return [b.to_dict() for b in fit_answer_blocks(blocks)]


def fit_answer_blocks(blocks: list[Block]) -> list[Block]:
    """At most 50 blocks, keeping the last three (status buttons and notes) whole."""
    if len(blocks) <= BLOCK_LIMIT:
        return blocks
    return blocks[: BLOCK_LIMIT - 3] + blocks[-3:]


TEXT_ONLY_LIMIT = 39_000  # chat.postMessage truncates `text` at 40,000 characters


def officer_answer_text(followup: Followup) -> str:
    """The member's answer as plain mrkdwn, whole: posted if Slack refuses the blocks."""
    who = f"<@{followup.answered_by}>" if followup.answered_by else "An officer"
    return (
        f"{who} answered your question (follow-up #{followup.id}):\n"
        f"{quote_mrkdwn(followup.question, 600)}\n\n"
        f"{fit_escaped(followup.answer or '', TEXT_ONLY_LIMIT)}\n\n"
        "_An officer's answer, not a paper._"
    )


def followup_fallback_text(followup: Followup, today: date) -> str:
    """The officers' message as plain mrkdwn (no buttons): posted if Slack refuses the
    blocks, so the follow-up still reaches officers, who can work it with /followups."""
    parts = [
        f"*Follow-up #{followup.id}*: <@{followup.member_id}> asked:",
        quote_mrkdwn(followup.question, 2500),
    ]
    for p in followup.offered[:3]:
        parts.append(f"• “{fit_escaped(p.quote, 600)}” — _{fit_escaped(p.citation, 250)}_")
    contacts = followup.contact_officers()
    if contacts:
        parts.append("Contact officer named in the paper: " + fit_escaped("; ".join(contacts), 500))
    parts.append(_status_line(followup, today))
    parts.append(
        f"(Buttons unavailable: use `/followups` or `member-bot followups` for #{followup.id}.)"
    )
    return "\n".join(parts)


def followup_text(followup: Followup) -> str:
    return shorten(
        f"Follow-up #{followup.id} ({followup.status}): {followup.question}", FALLBACK_LIMIT
    )


def officer_answer_blocks(followup: Followup) -> list[dict]:
    """What the member receives when an officer answers: the answer whole, over as many
    sections as it needs (an officer's answer is never cut)."""
    who = f"<@{followup.answered_by}>" if followup.answered_by else "An officer"
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=shorten(
                    f"{who} answered your question (follow-up #{followup.id}):\n"
                    f"{quote_mrkdwn(followup.question, 600)}",
                    SECTION_LIMIT,
                )
            )
        ),
    ]
    pieces = split_escaped(followup.answer or "", SECTION_LIMIT)
    blocks += [SectionBlock(text=MarkdownTextObject(text=p)) for p in pieces[: BLOCK_LIMIT - 2]]
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="An officer's answer, not a paper.")])
    )
    return [b.to_dict() for b in blocks]


def followup_list_blocks(
    followups: Sequence[Followup], today: date, *, title: str, max_blocks: int = BLOCK_LIMIT
) -> list[dict]:
    """A compact list (for /followups and the officers' App Home) in at most `max_blocks`
    blocks (at least 3): the title, as many as fit, and "…and N more" for the rest."""
    max_blocks = max(3, max_blocks)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*{escape(title)}*"))]
    if not followups:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="None.")]))
    room = max_blocks - 1
    shown = list(followups) if len(followups) <= room else list(followups)[: room - 1]
    for f in shown:
        who = f" · <@{f.claimed_by}>" if f.claimed_by else ""
        line = (
            f"*#{f.id}* “{fit_escaped(f.question, 200)}” — <@{f.member_id}> · "
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
    """The modal an officer types the answer in, with "searchable for other members?"

    Ticked by default for ordinary follow-ups; for an exempt matter it is unticked and
    would publish the answer as exempt (exempt readers only, in DMs).
    """
    if followup.exempt:
        label = "Make this answer searchable for exempt readers only (marked EXEMPT)"
    else:
        label = "Make this answer searchable for other members"
    option = Option(value="yes", text=PlainTextObject(text=label))
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
                element=PlainTextInputElement(
                    action_id=ANSWER_INPUT, multiline=True, max_length=ANSWER_INPUT_MAX
                ),
                hint=PlainTextObject(
                    text="It is sent to the member; if searchable, it is quoted to the next "
                    "member who asks, cited as an officer's answer."
                ),
            ),
            InputBlock(
                block_id=SEARCHABLE_BLOCK,
                optional=True,
                label=PlainTextObject(text="Search"),
                element=CheckboxesElement(
                    action_id=SEARCHABLE,
                    options=[option],
                    initial_options=None if followup.exempt else [option],
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
            f"• {fit_escaped(q, 150)} — "
            f"{'answered from the papers' if ok else 'no sure answer in the papers'} "
            f"({nice_date(at)})"
            for q, ok, at in questions[:10]
        ]
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lines_within(lines))).to_dict())
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
            line = f"• *#{f.id}* {fit_escaped(f.question, 120)} — {f.status}"
            if f.status in ("open", "claimed"):
                line += f", due {nice_date(f.due_date)}"
            lines.append(line)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lines_within(lines))).to_dict())
    else:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text="No follow-ups yet.")]).to_dict()
        )
    if officer_queue is not None:
        blocks.append(DividerBlock().to_dict())
        blocks.append(HeaderBlock(text=PlainTextObject(text="Officers' queue")).to_dict())
        room = BLOCK_LIMIT - len(blocks)
        per_list = max(3, room // max(1, len(officer_queue)))
        for title, items in officer_queue.items():
            blocks.extend(
                followup_list_blocks(
                    items, today, title=f"{title} ({len(items)})", max_blocks=per_list
                )
            )
    return {"type": "home", "blocks": blocks[:BLOCK_LIMIT]}
