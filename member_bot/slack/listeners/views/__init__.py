from __future__ import annotations

from slack_bolt import App

from member_bot.slack import blocks
from member_bot.slack.listeners.views.answer_submitted import answer_submitted


def register(app: App) -> None:
    app.view(blocks.ANSWER_MODAL)(answer_submitted)
