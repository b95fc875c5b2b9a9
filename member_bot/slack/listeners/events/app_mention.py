"""A mention in a channel: answer in that message's thread."""

from __future__ import annotations

from slack_bolt import BoltContext

from member_bot.slack.answering import is_direct_message, reply_to_message


def app_mention(event: dict, context: BoltContext) -> None:
    channel = event.get("channel") or ""
    if is_direct_message(channel, event.get("channel_type")):  # the message listener has it
        return
    reply_to_message(
        context["bot"],
        user_id=event.get("user") or "",
        channel_id=channel,
        text=event.get("text") or "",
        ts=event["ts"],
        thread_ts=event.get("thread_ts"),
        in_dm=False,
        via="mention",
    )
