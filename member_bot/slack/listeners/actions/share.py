"""**Share in channel** under a private /ask answer: post it for everyone, in a new thread."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.slack import blocks, questions
from member_bot.slack.answering import answer_for_slack


def share_in_channel(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    bot = context["bot"]
    ref = body["actions"][0].get("value") or ""
    asked = questions.get(bot.conn(), int(ref)) if ref.isdigit() else None
    channel = (body.get("channel") or {}).get("id")
    if asked is None or not channel:
        respond(response_type="ephemeral", replace_original=False, text="Nothing to share.")
        return
    user = body["user"]["id"]
    # Asked again as for a channel: exempt papers can never be shared.
    reply = answer_for_slack(
        bot,
        question=asked.question,
        user_id=user,
        channel_id=channel,
        thread_ts=None,
        message_ts=None,
        in_dm=False,
        via="share",
    )
    intro = {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": f"<@{user}> asked: {blocks.escape(blocks.shorten(asked.question, 2500))}",
        },
    }
    posted = bot.client.chat_postMessage(
        channel=channel,
        text=f"{asked.question}: {reply.text}",
        blocks=[intro, *reply.blocks][: blocks.BLOCK_LIMIT],
        unfurl_links=False,
    )
    questions.set_thread(bot.conn(), reply.question_id, channel, posted["ts"])
    respond(delete_original=True)
