"""**Share in channel** under a private /ask answer: post it for everyone, in a new thread."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk.errors import SlackApiError

from member_bot.slack import blocks, questions
from member_bot.slack.answering import answer_for_slack, post_answer
from member_bot.slack.followup_flow import error_code, slack_error

NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


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
            "text": f"<@{user}> asked: {blocks.fit_escaped(asked.question, 2500)}",
        },
    }
    try:
        posted = post_answer(
            bot,
            channel=channel,
            thread_ts=None,
            reply=reply,
            lead=[intro],
            text=blocks.shorten(f"{asked.question}: {reply.text}", blocks.FALLBACK_LIMIT),
        )
    except SlackApiError as error:
        if error_code(error) in NOT_A_MEMBER:
            text = (
                "I can't post in this channel because I'm not a member of it. Invite me "
                "(`/invite @member-bot`) and press *Share in channel* again."
            )
        else:
            text = f"Sorry, I couldn't share that answer ({slack_error(error)}); please try again."
        respond(response_type="ephemeral", replace_original=False, text=text)
        return
    questions.set_thread(bot.conn(), reply.question_id, channel, posted["ts"])
    respond(delete_original=True)
