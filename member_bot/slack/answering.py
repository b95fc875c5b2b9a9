"""Answer a member's question in Slack: search the papers, record it, build the reply.

Who may see exempt papers is decided here and only here: an authorised reader, in a
direct message. Everywhere else the engine is asked with exempt papers excluded, so
an exempt passage can't reach a channel even by way of "possibly related".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from member_bot.answer_model import Answer
from member_bot.followups import OfferedPassage
from member_bot.search import answer_question
from member_bot.settings import Settings
from member_bot.slack import blocks, questions
from member_bot.slack.followup_flow import error_code
from member_bot.slack.services import BotServices

# Slack refused the blocks themselves: a text-only answer still gets through.
BLOCK_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long"})

DM_CONTEXT_WINDOW = timedelta(minutes=15)
MAX_QUESTION = 2000

_MENTION = re.compile(r"<[@#!][^>]*>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")


def clean_question(text: str) -> str:
    """The member's words without Slack's markup: mentions dropped, links as their label."""
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text or "")
    text = _MENTION.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())[:MAX_QUESTION]


def is_direct_message(channel_id: str | None, channel_type: str | None = None) -> bool:
    return channel_type == "im" or bool(channel_id and channel_id.startswith("D"))


def may_show_exempt(settings: Settings, user_id: str | None, in_dm: bool) -> bool:
    """Exempt papers only for MEMBER_BOT_EXEMPT_READERS, and only in a direct message."""
    return in_dm and settings.may_read_exempt(user_id)


def offered_passages(answer: Answer) -> list[OfferedPassage]:
    """What the bot showed, as kept with a follow-up; exempt ones never go to officers' channel."""
    return [
        OfferedPassage(
            passage_id=p.passage_id,
            quote=p.quote,
            citation=blocks.citation_text(p),
            contact=p.document.contact,
        )
        for p in answer.passages[:3]
        if not blocks.is_exempt(p)
    ]


@dataclass
class Reply:
    """An answer ready to post: blocks, fallback text, and the stored question's id."""

    answer: Answer
    question_id: int
    blocks: list[dict]
    text: str


def answer_for_slack(
    bot: BotServices,
    *,
    question: str,
    user_id: str,
    channel_id: str | None,
    thread_ts: str | None,
    message_ts: str | None,
    in_dm: bool,
    via: str,
    share: bool = False,
) -> Reply:
    """Search, record the question, and build the reply (nothing is posted here)."""
    conn = bot.conn()
    context = None
    if channel_id and thread_ts and thread_ts != message_ts:
        context = questions.earlier_in_thread(conn, channel_id, thread_ts)
    elif channel_id and in_dm:
        context = questions.last_in_conversation(conn, channel_id, user_id, DM_CONTEXT_WINDOW)
    include_exempt = may_show_exempt(bot.settings, user_id, in_dm)
    answer = answer_question(conn, question, top=3, include_exempt=include_exempt, context=context)
    if not include_exempt:  # belt and braces: the engine was told, check anyway
        answer.passages = [p for p in answer.passages if not blocks.is_exempt(p)]
        if not answer.passages:
            answer.answered = False
            answer.tier = "low"
    question_id = questions.record(
        conn,
        member_id=user_id,
        channel_id=channel_id,
        thread_ts=thread_ts or message_ts,
        message_ts=message_ts,
        question=question,
        context=context,
        via=via,
        answered=answer.answered,
        offered=offered_passages(answer),
        shown_exempt=any(blocks.is_exempt(p) for p in answer.passages),
        tier=answer.tier,
    )
    return Reply(
        answer=answer,
        question_id=question_id,
        blocks=blocks.answer_blocks(answer, ref=str(question_id), share=share),
        text=blocks.answer_text(answer),
    )


def post_answer(
    bot: BotServices,
    *,
    channel: str,
    thread_ts: str | None,
    reply: Reply,
    lead: list[dict] | None = None,
    text: str | None = None,
) -> SlackResponse:
    """Post an answer (after any `lead` blocks), keeping its buttons whatever is cut.

    If Slack refuses the blocks, the same quotes and citations go as plain text, so
    the member never gets nothing.
    """
    body, buttons = blocks.split_buttons(reply.blocks)
    try:
        return bot.client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=text or reply.text,
            blocks=blocks.fit_blocks(lead or [], body, buttons),
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        if error_code(error) not in BLOCK_ERRORS:
            raise
        bot.logger.warning("Slack refused the answer's blocks (%s); sent as text", error)
    prefix = f"{text}\n" if text and lead else ""
    return bot.client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts,
        text=prefix + blocks.text_only_answer(reply.answer),
        unfurl_links=False,
        unfurl_media=False,
    )


HELP = (
    "Ask me about the committee papers, e.g. *How many children are in care in Kent?* "
    "I answer only with quotes from the papers, each cited; when they don't answer, "
    "I can pass your question to the officers."
)


def reply_to_message(
    bot: BotServices,
    *,
    user_id: str,
    channel_id: str,
    text: str,
    ts: str,
    thread_ts: str | None,
    in_dm: bool,
    via: str,
) -> None:
    """Answer a mention or DM where it was asked, with 👀 on the message while searching."""
    client = bot.client
    question = clean_question(text)
    # In a channel the answer goes in the message's thread; in a DM, beside it.
    reply_thread = thread_ts if in_dm else (thread_ts or ts)
    if not question:
        client.chat_postMessage(channel=channel_id, thread_ts=reply_thread, text=HELP)
        return
    # The 👀 is a courtesy sent beside the search, never in its way: against real Slack
    # each reactions call costs a round trip the member would otherwise wait for.
    reacted = bot.courtesy.submit(_react, bot, "reactions_add", channel_id, ts)
    try:
        reply = answer_for_slack(
            bot,
            question=question,
            user_id=user_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            message_ts=ts,
            in_dm=in_dm,
            via=via,
        )
        post_answer(bot, channel=channel_id, thread_ts=reply_thread, reply=reply)
    finally:

        def unreact() -> None:
            if reacted.result():
                _react(bot, "reactions_remove", channel_id, ts)

        bot.courtesy.submit(unreact)


def _react(bot: BotServices, method: str, channel_id: str, ts: str) -> bool:
    """The 👀 while we work is a courtesy: a failure to add it must not stop the answer."""
    try:
        getattr(bot.client, method)(channel=channel_id, timestamp=ts, name="eyes")
    except Exception as error:  # noqa: BLE001 - any Slack or network failure
        bot.logger.info("%s failed: %s", method, error)
        return False
    return True
