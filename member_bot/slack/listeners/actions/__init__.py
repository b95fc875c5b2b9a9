from __future__ import annotations

from slack_bolt import App

from member_bot.slack import blocks
from member_bot.slack.listeners.actions.ask_officer import ask_officer_button
from member_bot.slack.listeners.actions.feedback import feedback
from member_bot.slack.listeners.actions.followup_buttons import (
    answer_button,
    claim_button,
    close_button,
    withdraw_button,
)
from member_bot.slack.listeners.actions.share import share_in_channel


def register(app: App) -> None:
    app.action(blocks.ASK_OFFICER)(ask_officer_button)
    app.action(blocks.HELPFUL)(feedback)
    app.action(blocks.NOT_HELPFUL)(feedback)
    app.action(blocks.SHARE)(share_in_channel)
    app.action(blocks.CLAIM)(claim_button)
    app.action(blocks.ANSWER)(answer_button)
    app.action(blocks.CLOSE)(close_button)
    app.action(blocks.WITHDRAW)(withdraw_button)
