"""/reindex: admins re-index the papers in the background and get the summary."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext
from slack_sdk.errors import SlackApiError, SlackClientError

from member_bot.slack.papers import in_background, summary_text
from member_bot.slack.papers import reindex as run_reindex


def tell_admin(bot, channel: str | None, user: str, text: str) -> None:
    """The summary through the bot's own client (which waits out rate limits and retries
    5xx), not the response_url, which expires and is never retried: ephemeral where
    /reindex was typed, or the admin's DM if the bot can't post there."""
    if channel:
        try:
            bot.client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
        except (SlackApiError, SlackClientError, OSError) as error:
            bot.logger.info("re-index summary not shown in %s (%s); sending a DM", channel, error)
    bot.client.chat_postMessage(channel=user, text=text)


def reindex(ack: Ack, command: dict, context: BoltContext) -> None:
    bot = context["bot"]
    if not bot.settings.is_admin(command["user_id"]):
        ack(
            response_type="ephemeral",
            text="Sorry, only admins can re-index the papers. If a paper is missing or out "
            "of date, please tell an admin.",
        )
        return

    def work() -> str:
        return summary_text(run_reindex(bot), what="Re-index finished")

    def tell(text: str) -> None:
        tell_admin(bot, command.get("channel_id"), command["user_id"], text)

    if in_background(bot, work, tell, "member-bot-reindex"):
        ack(response_type="ephemeral", text="Re-indexing the papers; I'll post the summary here.")
    else:
        ack(response_type="ephemeral", text="A re-index is already running; try again shortly.")
