"""A direct message: answer it; an admin's uploaded PDF/DOCX is indexed instead."""

from __future__ import annotations

from slack_bolt import BoltContext

from member_bot.slack.answering import is_direct_message, reply_to_message
from member_bot.slack.papers import handle_upload


def direct_message(event: dict, context: BoltContext) -> None:
    if not is_direct_message(event.get("channel"), event.get("channel_type")):
        return  # the manifest only subscribes to DMs; mentions in channels come as app_mention
    bot = context["bot"]
    if event.get("files"):
        handle_upload(bot, event)
        if not (event.get("text") or "").strip():
            return
    reply_to_message(
        bot,
        user_id=event.get("user") or "",
        channel_id=event["channel"],
        text=event.get("text") or "",
        ts=event["ts"],
        thread_ts=event.get("thread_ts"),
        in_dm=True,
        via="dm",
    )
