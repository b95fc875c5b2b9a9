"""/ask QUESTION: a private answer, with "Share in channel"."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.slack import blocks
from member_bot.slack.answering import (
    HELP,
    answer_for_slack,
    clean_question,
    is_direct_message,
)


def ask(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    question = clean_question(command.get("text") or "")
    if not question:
        ack(text=HELP)
        return
    ack(response_type="ephemeral", text=blocks.SEARCHING)
    channel = command.get("channel_id")
    in_dm = is_direct_message(channel) or command.get("channel_name") == "directmessage"
    reply = answer_for_slack(
        context["bot"],
        question=question,
        user_id=command["user_id"],
        # A private answer has no thread: an officer's answer to it goes by DM.
        channel_id=channel if in_dm else None,
        thread_ts=None,
        message_ts=None,
        in_dm=in_dm,
        via="/ask",
        share=not in_dm,
    )
    sent = respond(
        response_type="ephemeral",
        replace_original=True,
        text=reply.text,
        blocks=reply.blocks,
    )
    if sent is not None and sent.status_code >= 400:  # Slack refused the blocks: send text
        respond(
            response_type="ephemeral",
            replace_original=True,
            text=blocks.text_only_answer(reply.answer),
        )
