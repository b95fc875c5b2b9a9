"""/reindex: admins re-index the papers in the background and get the summary."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.slack.papers import in_background, summary_text
from member_bot.slack.papers import reindex as run_reindex


def reindex(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    bot = context["bot"]
    if not bot.settings.is_admin(command["user_id"]):
        ack(
            response_type="ephemeral",
            text="Sorry, only admins can re-index the papers. If a paper is missing or out "
            "of date, please tell an admin.",
        )
        return

    def work() -> None:
        summary = run_reindex(bot)
        respond(response_type="ephemeral", text=summary_text(summary, what="Re-index finished"))

    if in_background(bot, work, "member-bot-reindex"):
        ack(response_type="ephemeral", text="Re-indexing the papers; I'll post the summary here.")
    else:
        ack(response_type="ephemeral", text="A re-index is already running; try again shortly.")
